"""Generated book parts: chapter header boxes and the figure gallery."""

import base64
import io

import nbformat
import pytest

from minirepro import book, cli, pages

BIB = r"""
@inproceedings{doe2024tiny,
  author    = {Doe, Jane and van der Berg, Piet and Roe, Rich},
  title     = {A {Tiny} Paper \& Friends},
  booktitle = {International Conference on Tiny Things (ICTT)},
  year      = {2024},
  note      = {nested {braces {here}}}
}
@article{many2023,
  author = {A, Ann and B, Bob and C, Cid and D, Dan},
  title  = {Many authors},
  year   = {2023}
}
"""


def test_bib_entries_keep_the_raw_text_with_balanced_braces():
    entries = pages.bib_entries(BIB)
    assert set(entries) == {"doe2024tiny", "many2023"}
    assert entries["doe2024tiny"].startswith("@inproceedings{doe2024tiny,")
    assert entries["doe2024tiny"].endswith("}") and "nested {braces {here}}" in entries["doe2024tiny"]


def test_authors_and_paper_line():
    entries = pages.bib_entries(BIB)
    assert pages.authors_short(entries["doe2024tiny"]) == "Doe, van der Berg & Roe"
    assert pages.authors_short(entries["many2023"]) == "A et al."
    line = pages.paper_line(entries["doe2024tiny"], "2401.00001", "doe2024tiny")
    assert line == ("Doe, van der Berg & Roe (2024), *A Tiny Paper & Friends*, International Conference on Tiny Things "
                    "(ICTT), [arXiv:2401.00001](https://arxiv.org/abs/2401.00001) {cite}`doe2024tiny`")
    assert "arXiv preprint" in pages.paper_line(entries["many2023"], None, "many2023")


def test_with_header_inserts_under_the_title_then_replaces_in_place():
    header = f"{pages.HEADER_START}\nbox one\n{pages.HEADER_END}"
    first = pages.with_header("# Title\n\n:::{admonition} Claim\nx\n:::", header)
    assert first == f"# Title\n\n{header}\n\n:::{{admonition}} Claim\nx\n:::"
    second = pages.with_header(first, header.replace("one", "two"))
    assert second == first.replace("box one", "box two")
    assert pages.with_header(second, header.replace("one", "two")) == second


def test_thumbnail_is_deterministic_and_scaled():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (960, 300), "white").save(buf, format="PNG")
    a, b = pages.thumbnail(buf.getvalue(), width=240), pages.thumbnail(buf.getvalue(), width=240)
    assert a == b and Image.open(io.BytesIO(a)).size == (240, 75)


def test_status_write_adds_headers_and_gallery_and_check_detects_staleness(tiny_book, capsys):
    from PIL import Image

    path = tiny_book / "book" / "tiny" / "tiny-chapter.ipynb"
    nb = nbformat.read(path, as_version=4)
    buf = io.BytesIO()
    Image.new("RGB", (100, 50), "white").save(buf, format="PNG")
    nb.cells[2].outputs = [nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(buf.getvalue()).decode()})]
    nbformat.write(nb, path)
    assert cli.main(["status", "--write"]) == 0
    first = nbformat.read(path, as_version=4).cells[0].source
    assert first.startswith("# Tiny\n\n" + pages.HEADER_START)
    assert "{cite}`tiny2024`" in first and "about 5 s" not in first and "not yet executed" in first
    assert "@misc{miniature_tiny_chapter," in first
    gallery = (tiny_book / "book" / "gallery.md").read_text()
    assert ":link: tiny/tiny-chapter" in gallery and (tiny_book / "book" / "gallery" / "tiny-chapter.png").is_file()
    assert "failing-chapter" not in gallery  # it has no figure output yet, so no card
    assert cli.main(["status", "--check"]) == 0
    cat = (tiny_book / "book" / "catalogue.yaml").read_text().replace("a tiny model", "an even tinier model")
    (tiny_book / "book" / "catalogue.yaml").write_text(cat)
    capsys.readouterr()
    assert cli.main(["status", "--check"]) == 1
    assert "tiny-chapter.ipynb is out of date" in capsys.readouterr().err
    assert cli.main(["status", "--write"]) == 0
    assert "an even tinier model" in nbformat.read(path, as_version=4).cells[0].source


def test_a_chapter_without_bibkey_is_rejected(tiny_book):
    cat = (tiny_book / "book" / "catalogue.yaml").read_text().replace("bibkey: tiny2024, ", "")
    (tiny_book / "book" / "catalogue.yaml").write_text(cat)
    with pytest.raises(ValueError, match="bibkey"):
        book.load_catalogue()


def test_part_page_lists_its_chapters_between_markers(tiny_book):
    from minirepro import book, pages

    cat, found = book.load_catalogue(), book.chapters()
    bib = pages.bib_entries((tiny_book / "book" / "references.bib").read_text())
    block = pages.render_part_chapters("tiny", cat, found, bib, record={})
    assert block.startswith(pages.PART_START) and block.endswith(pages.PART_END)
    assert "| {doc}`Tiny </book/tiny/tiny-chapter>` | Tiny (2024) | reproduced | — |" in block
    assert "failing-chapter" in block  # not reproduced is a chapter too
    page = pages.with_part_chapters("# Tiny part\n\nWhat connects them.\n", block)
    assert page.startswith("# Tiny part\n\nWhat connects them.\n\n" + pages.PART_START)
    assert pages.with_part_chapters(page, block) == page
    empty = pages.render_part_chapters("nowhere", cat, found, bib, record={})
    assert "No chapter yet" in empty
