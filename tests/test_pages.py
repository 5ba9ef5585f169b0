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


def _quadrants(width: int = 400, height: int = 200) -> bytes:
    """A PNG whose four quadrants are red, green (top), blue, black (bottom), left to right."""
    from PIL import Image

    img = Image.new("RGB", (width, height))
    for (x, y), colour in {(0, 0): "red", (1, 0): "lime", (0, 1): "blue", (1, 1): "black"}.items():
        img.paste(colour, (x * width // 2, y * height // 2, (x + 1) * width // 2, (y + 1) * height // 2))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _pixel(png: bytes, xy: tuple[int, int]) -> tuple[int, int, int]:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").getpixel(xy)


def test_crop_takes_the_box_in_fractions_from_the_top_left():
    from PIL import Image

    img = Image.open(io.BytesIO(_quadrants()))
    top_right = pages.crop(img, (0.5, 0.0, 1.0, 0.5))
    assert top_right.size == (200, 100) and top_right.getcolors() == [(200 * 100, (0, 255, 0))]
    assert pages.crop(img, None).size == (400, 200)
    assert pages.crop(img, (0.0, 0.5, 0.25, 1.0)).getpixel((10, 10)) == (0, 0, 255)


def test_thumbnail_is_uniform_sharp_deterministic_and_letterboxed_on_white():
    png = _quadrants()
    a, b = pages.thumbnail(png, (0.5, 0.5, 1.0, 1.0)), pages.thumbnail(png, (0.5, 0.5, 1.0, 1.0))
    assert a == b
    w, h = pages.THUMB_SIZE
    assert (w, h) == (640, 480) and w * 3 == h * 4  # 2x the card (320 x 240 CSS pixels), 4:3
    assert _pixel(a, (w // 2, h // 2)) == (0, 0, 0)  # the bottom-right quadrant, black, fills the middle
    assert _pixel(a, (w // 2, 5)) == (255, 255, 255)  # a 2:1 panel leaves white bands above and below
    whole = pages.thumbnail(png)
    assert _pixel(whole, (5, h // 2 - 20)) == (255, 0, 0) and _pixel(whole, (w - 5, h // 2 + 20)) == (0, 0, 0)


@pytest.mark.parametrize("value, problem", [
    ([0, 0, 0.5, 1], None),
    ([0.25, 0.1, 0.75, 0.6], None),
    ("TODO(new): [x0, y0, x1, y1]", "not chosen yet"),
    ([0, 0, 1], "must be [x0, y0, x1, y1]"),
    ("0 0 1 1", "must be [x0, y0, x1, y1]"),
    ([0, 0, True, 1], "must be [x0, y0, x1, y1]"),
    ([0, 0, 1.2, 1], "outside the figure"),
    ([-0.1, 0, 0.5, 1], "outside the figure"),
    ([0.6, 0, 0.4, 1], "inverted or too small"),
    ([0, 0.5, 1, 0.55], "inverted or too small"),
])
def test_panel_problems(value, problem):
    found = pages.panel_problems(value)
    assert (found == []) if problem is None else (len(found) == 1 and problem in found[0]), found


def test_chapter_thumbnail_uses_the_named_panel_else_the_whole_figure():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("plot()")
    cell.metadata["mystnb"] = {"figure": {"caption": "Quadrants.", "name": "fig-q"}}
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(_quadrants()).decode()})]
    nb.cells = [cell]
    whole = pages.chapter_thumbnail(nb)
    assert whole == pages.thumbnail(_quadrants())
    nb.metadata["minirepro"] = {"gallery_panel": [0, 0, 0.5, 0.5]}
    assert _pixel(pages.chapter_thumbnail(nb), (320, 240)) == (255, 0, 0)
    nb.metadata["minirepro"]["gallery_panel"] = [0.5, 0, 0.2, 1]  # invalid: lint says so; the gallery falls back
    assert pages.chapter_thumbnail(nb) == whole
    nb.cells[0].outputs = []
    assert pages.chapter_thumbnail(nb) is None


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
    assert ":class-card: gallery-card gallery-part-tiny gallery-status-reproduced" in gallery
    assert "Tiny models show the effect, and the control removes it.\n\n{bdg-success}`reproduced` Tiny (2024)" in gallery
    assert '<option value="tiny">Tiny part</option>' in gallery and '<option value="reproduced">' in gallery
    assert '<option value="not-reproduced">' not in gallery  # only the statuses that have a card
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
    assert ("| {doc}`Tiny </book/tiny/tiny-chapter>`<br><span class=\"part-claim\">Tiny models show the effect, "
            "and the control removes it.</span> | Tiny (2024) | reproduced | — |") in block
    assert "failing-chapter>` | Fail & Flop (2024) | not reproduced |" in block  # a chapter too; no claim, no line
    page = pages.with_part_chapters("# Tiny part\n\nWhat connects them.\n", block)
    assert page.startswith("# Tiny part\n\nWhat connects them.\n\n" + pages.PART_START)
    assert pages.with_part_chapters(page, block) == page
    empty = pages.render_part_chapters("nowhere", cat, found, bib, record={})
    assert "No chapter yet" in empty


@pytest.mark.parametrize("claim, shown", [
    ("A plain claim.", "A plain claim."),
    ("  spaced   out  ", "spaced out"),
    ("a | b", "a \\| b"),  # escaped for the table
    ("TODO(new): the claim in one plain sentence", None),  # not written yet: lint reports it, pages skip it
    (None, None),
])
def test_claim_text(claim, shown):
    assert pages.claim_text({"claim": claim}) == shown


def test_part_page_and_gallery_skip_a_claim_not_written_yet(tiny_book):
    text = (tiny_book / "book" / "catalogue.yaml").read_text()
    (tiny_book / "book" / "catalogue.yaml").write_text(
        text.replace("Tiny models show the effect, and the control removes it.", "TODO(new): the claim"))
    cat, found = book.load_catalogue(), book.chapters()
    bib = pages.bib_entries((tiny_book / "book" / "references.bib").read_text())
    assert "part-claim" not in pages.render_part_chapters("tiny", cat, found, bib, record={})
    assert "TODO(new)" not in pages.render_gallery(cat, found, bib)


def test_paper_line_names_a_thesis_by_its_school():
    thesis = "@phdthesis{kidger2022,\n  author = {Kidger, Patrick},\n  title = {On Neural Differential Equations},\n" \
             "  school = {University of Oxford},\n  year = {2022}\n}"
    line = pages.paper_line(thesis, "2202.02435", "kidger2022")
    assert "*On Neural Differential Equations*, PhD thesis, University of Oxford, [arXiv:2202.02435]" in line
