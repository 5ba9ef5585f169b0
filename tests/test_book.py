"""The catalogue of the reading list and the generated status page."""

import nbformat
import pytest
import yaml

from minirepro import book

EXPECTED_PAPERS = 296  # the reading list (../shared/papers.yaml when the book was started)


@pytest.fixture(scope="module")
def catalogue():
    return book.load_catalogue(book.root() / "book" / "catalogue.yaml")


def test_catalogue_lists_every_paper_of_the_reading_list(catalogue):
    numbers = sorted(p["n"] for p in catalogue["papers"])
    assert numbers == list(range(1, EXPECTED_PAPERS + 1))
    for p in catalogue["papers"]:
        assert p["title"] and p["theme"] and p["tier"] in "ABCX", p


def test_every_chapter_is_in_the_catalogue_and_every_catalogued_chapter_exists(catalogue):
    real_root = book.root()
    assert book.catalogue_problems(catalogue, book.chapters(real_root / "book")) == []


def test_out_of_scope_and_failed_papers_say_why(catalogue):
    for p in catalogue["papers"]:
        if p["status"] in ("out of scope", "partial", "not reproduced"):
            assert len(p.get("note", "")) > 10, p["n"]


def test_status_page_is_up_to_date(catalogue):
    path = book.root() / "book" / book.STATUS_PAGE
    expected = book.render_status(catalogue, book.chapters(book.root() / "book"))
    assert path.read_text(encoding="utf-8") == expected, "run `make status` (minirepro status --write)"


def test_readme_chapter_table_is_up_to_date(catalogue):
    text = (book.root() / "README.md").read_text(encoding="utf-8")
    table = book.render_readme_chapters(catalogue, book.chapters(book.root() / "book"))
    assert book.update_readme(text, table) == text, "run `make status` (minirepro status --write)"


def test_catalogue_validation_rejects_inconsistent_entries(tmp_path):
    bad = {"parts": [{"id": "p", "title": "P", "themes": []}],
           "papers": [{"n": 1, "title": "t", "year": 2020, "theme": "x", "part": "p", "status": "reproduced"}]}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(bad))
    with pytest.raises(ValueError, match="needs a chapter"):
        book.load_catalogue(path)
    bad["papers"][0].update(status="finished")
    path.write_text(yaml.safe_dump(bad))
    with pytest.raises(ValueError, match="not one of"):
        book.load_catalogue(path)


@pytest.mark.parametrize("claim, message", [
    ("first line\nsecond line", "one line"),
    ("x" * (book.CLAIM_MAX_CHARS + 1), "at most 160"),
    (["a", "list"], "one line of text"),
    ("   ", "one line of text"),
])
def test_catalogue_validation_rejects_a_claim_that_is_not_one_short_line(tmp_path, claim, message):
    cat = {"parts": [{"id": "p", "title": "P", "themes": []}],
           "papers": [{"n": 1, "title": "t", "year": 2020, "theme": "x", "part": "p", "status": "planned",
                       "claim": "A claim that fits on one line."}]}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(cat))
    assert book.load_catalogue(path)["papers"][0]["claim"] == "A claim that fits on one line."
    cat["papers"][0]["claim"] = claim
    path.write_text(yaml.safe_dump(cat))
    with pytest.raises(ValueError, match=message):
        book.load_catalogue(path)


def test_every_reproduced_or_partial_chapter_states_its_claim(catalogue):
    """The part pages show each chapter's one-line claim (book/contributing.md, *Workflow*)."""
    from minirepro.lint import PLACEHOLDER

    missing = [p["chapter"] for p in catalogue["papers"] if p["status"] in book.WITH_CLAIM
               and (not p.get("claim") or PLACEHOLDER in p["claim"])]
    assert missing == [], "add a one-line `claim` to these chapters' entries in book/catalogue.yaml"


def test_problems_name_missing_and_uncatalogued_chapters(tiny_book):
    cat = book.load_catalogue()
    found = book.chapters()
    assert book.catalogue_problems(cat, found) == []
    (tiny_book / "book" / "tiny" / "tiny-chapter.ipynb").rename(tiny_book / "book" / "tiny" / "renamed.ipynb")
    problems = book.catalogue_problems(cat, book.chapters())
    assert "chapter tiny/renamed is not in book/catalogue.yaml" in problems
    assert "book/catalogue.yaml points at a missing chapter tiny/tiny-chapter" in problems


def test_status_page_counts_and_groups(tiny_book):
    text = book.render_status(book.load_catalogue(), book.chapters())
    assert "| reproduced | 1 |" in text and "| out of scope | 1 |" in text and "| **total** | **3** |" in text
    assert "## Tiny part" in text
    assert "Another \\| paper" in text  # table cells are escaped
    assert "{doc}`tiny/tiny-chapter`" in text
    assert "Out of scope:" in text and "needs a data set download" in text


def test_status_page_gives_the_total_and_mean_runtime(tiny_book):
    assert "No chapter has a recorded runtime yet." in book.render_status(book.load_catalogue(), book.chapters())
    for name, seconds in (("tiny-chapter", 10.0), ("failing-chapter", 50.0)):
        path = tiny_book / "book" / "tiny" / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.metadata["minirepro"] = {"runtime_seconds": seconds}
        nbformat.write(nb, path)
    text = book.render_status(book.load_catalogue(), book.chapters())
    assert "The 2 chapters with a recorded runtime take 60 s of CPU time in all (1.0 min), 30.0 s per chapter" in text


def test_gallery_and_chapter_headers_are_up_to_date():
    from minirepro import cli

    stale = [p.relative_to(book.root()).as_posix() for p in cli._stale()]
    assert not stale, f"stale generated files {stale}: run `make status` (minirepro status --write)"


def test_no_part_introduction_is_left_a_placeholder():
    from minirepro.lint import PLACEHOLDER

    pages = sorted((book.root() / "book").glob("*/index.md"))  # `minirepro new` writes one for a new part
    assert [p.parent.name for p in pages if PLACEHOLDER in p.read_text(encoding="utf-8")] == []


def test_contributing_guide_lists_every_helper_module():
    """Every module of the package is either a helper chapters import (listed with its subject in
    the guide's table) or named as tooling there, so a reader finds a helper by its subject."""
    import re

    import minirepro

    root = book.root()
    guide = (root / "book" / "contributing.md").read_text()
    section = guide.split("## Where the shared helpers live", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(\w+)`", section))
    modules = {p.stem for p in (root / "src" / "minirepro").glob("*.py") if p.stem != "__init__"}
    assert set(minirepro.__all__) <= modules
    assert modules <= listed, f"not in the guide's table of helper modules: {sorted(modules - listed)}"


def test_status_page_summarises_the_books_seed_robustness():
    from minirepro.robustness import Robustness, book_summary

    assert book_summary([]) == "No chapter has been swept yet."
    text = book_summary([
        ("a/steady", Robustness("current", tuple(range(100, 110)), 10)),
        ("a/shaky", Robustness("current", tuple(range(100, 110)), 7, weakest=("gap", 7))),
        ("b/wobbly", Robustness("current", tuple(range(100, 105)), 4, weakest=("gap", 4))),
        ("b/edited", Robustness("stale")),
        ("b/new", Robustness("unswept")),
    ])
    assert "cover 3 of the 5 chapters with 25 runs at book scale, at least 5 base seeds" in text
    assert "Every check held on every seed in 1 chapters." in text
    assert "In 2 some check failed on some seed" in text
    assert text.index("{doc}`a/shaky` (7 / 10)") < text.index("{doc}`b/wobbly` (4 / 5)")  # weakest first
    assert "1 chapter changed since its sweep (*stale*)." in text and "1 chapter has not been swept yet." in text
