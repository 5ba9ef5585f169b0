"""The built HTML book (run after `jupyter-book build`; `make test` does both)."""

import re

import pytest

from minirepro import book

pytestmark = pytest.mark.book
HTML = book.root() / "_build" / "html"


def test_index_exists():
    assert (HTML / "index.html").is_file(), "build the book first (make build)"


@pytest.mark.parametrize("name", sorted(book.chapters()))
def test_chapter_page_has_its_numbered_figures(name):
    chapter = book.chapters()[name]
    page = HTML / "book" / f"{chapter.doc}.html"
    assert page.is_file(), f"{page} was not built"
    html = page.read_text(encoding="utf-8")
    nb = chapter.notebook()
    for cell in nb["cells"]:
        fig = cell.get("metadata", {}).get("mystnb", {}).get("figure")
        if fig:
            assert f'id="{fig["name"]}"' in html, f"figure {fig['name']} is on the page"
    assert re.search(r"<img[^>]+\.png", html), "the page shows a PNG figure"
    assert "Fig. " in html or "Figure " in html, "figures are numbered"
    assert (HTML / "_sources" / "book" / f"{chapter.doc}.ipynb").is_file(), "the .ipynb download is available"


def test_status_and_references_pages_exist():
    status = (HTML / "book" / "status.html").read_text(encoding="utf-8")
    assert "Reproduction status" in status and "296" in status
    assert (HTML / "book" / "references.html").is_file()
