"""The built book as a reader sees it: every page opened in headless Chromium, with no network.

The site is served from ``_build/html`` on loopback; every request to any other host is blocked
and recorded, so a page that fetches from outside (a CDN font, script or style) fails the test.
Needs Debian's ``chromium`` (``apt-get install chromium``) and the ``playwright`` Python package
(pinned in requirements.txt; it drives ``/usr/bin/chromium``, no browser download). Run it after
``make build`` with ``make browser`` (``make test`` runs it too). Screenshots of one chapter in light
and dark mode are written to ``_build/screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from minirepro import book

pytestmark = pytest.mark.book
HTML = book.root() / "_build" / "html"
SHOTS = book.root() / "_build" / "screenshots"
CHROMIUM = os.environ.get("MINIREPRO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs `pip install playwright`")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(f"the browser test needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)", allow_module_level=True)


def pages() -> list[str]:
    """Every HTML page of the built book, as paths relative to _build/html."""
    skip = {"_static", "_sources", "_images", "_sphinx_design_static"}
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html") if not skip & set(p.relative_to(HTML).parts))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").is_file():
        pytest.fail("build the book first (make build)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=ARGS)
        yield b
        b.close()


class Reader:
    """A browser page that blocks and records every request leaving loopback, and every console error."""

    def __init__(self, browser, color_scheme: str = "light"):
        self.context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, url: str):
        response = self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return response

    def close(self):
        self.context.close()


MATH_STATE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const math = [...document.querySelectorAll('.math')];
  return {total: math.length,
          unrendered: math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 60)),
          errors: document.querySelectorAll('mjx-merror').length};
}"""

BROKEN_IMAGES = """async () => {
  const bad = [];
  for (const img of document.images) {
    img.loading = 'eager';
    try { await img.decode(); } catch (e) { bad.push(img.getAttribute('src')); continue; }
    if (!img.naturalWidth) bad.push(img.getAttribute('src'));
  }
  return bad;
}"""


@pytest.mark.parametrize("path", pages())
def test_page_renders_offline(site, browser, path):
    reader = Reader(browser)
    try:
        response = reader.open(site + path)
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        assert not reader.page.evaluate(BROKEN_IMAGES), f"{path}: images that do not decode"
        math = reader.page.evaluate(MATH_STATE)
        assert not math["unrendered"], f"{path}: formulas MathJax did not render: {math['unrendered'][:3]}"
        assert math["errors"] == 0, f"{path}: MathJax reported {math['errors']} formula errors"
        assert not reader.outside, f"{path}: requests leaving the machine: {reader.outside[:3]}"
        assert not reader.errors, f"{path}: console errors: {reader.errors[:3]}"
    finally:
        reader.close()


def test_every_chapter_page_was_visited():
    built = set(pages())
    missing = [ch.doc for ch in book.chapters().values() if f"book/{ch.doc}.html" not in built]
    assert not missing, f"chapter pages missing from the build: {missing}"


def test_math_is_rendered_on_a_chapter(site, browser):
    chapter = book.chapters()["deep-linear-dynamics"]
    reader = Reader(browser)
    try:
        reader.open(site + f"book/{chapter.doc}.html")
        math = reader.page.evaluate(MATH_STATE)
        assert math["total"] > 5 and not math["unrendered"]
    finally:
        reader.close()


@pytest.mark.parametrize("name", sorted(book.chapters()))
def test_search_finds_the_chapter_by_a_word_of_its_title(site, browser, name):
    chapter = book.chapters()[name]
    word = max((w.strip(",:;()") for w in chapter.title().split()), key=len).lower()
    reader = Reader(browser)
    try:
        reader.open(site + f"search.html?q={word}")
        reader.page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
        hrefs = reader.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
        assert any(f"{chapter.doc}.html" in h for h in hrefs), f"searching {word!r} does not list {chapter.doc}"
    finally:
        reader.close()


@pytest.mark.parametrize("name", sorted(book.chapters()))
def test_ipynb_download_is_a_valid_notebook(site, browser, name):
    chapter = book.chapters()[name]
    reader = Reader(browser)
    try:
        reader.open(site + f"book/{chapter.doc}.html")
        hrefs = reader.page.eval_on_selector_all("a[href$='.ipynb']", "els => els.map(e => e.href)")
        assert hrefs, "the page offers the .ipynb download"
        response = reader.page.request.get(hrefs[0])
        assert response.status == 200
        nb = nbformat.reads(response.text(), as_version=4)
        nbformat.validate(nb)
        assert json.loads(response.text())["cells"], "the downloaded notebook has cells"
    finally:
        reader.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chapter_screenshot_with_readable_figures(site, browser, scheme):
    """Figures keep a white background in both themes; the screenshots are kept for a human to look at."""
    chapter = book.chapters()["deep-linear-dynamics"]
    reader = Reader(browser, color_scheme=scheme)
    try:
        reader.open(site + f"book/{chapter.doc}.html")
        reader.page.evaluate(f"document.documentElement.dataset.theme = '{scheme}'")
        assert reader.page.evaluate("document.documentElement.dataset.theme") == scheme
        reader.page.evaluate(MATH_STATE)
        figure = reader.page.locator("figure img").first
        figure.scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        reader.page.screenshot(path=str(SHOTS / f"{chapter.name}-{scheme}.png"))
        background = figure.evaluate("img => getComputedStyle(img).backgroundColor")
        allowed = {"rgb(255, 255, 255)"} | ({"rgba(0, 0, 0, 0)"} if scheme == "light" else set())
        assert background in allowed, f"figure background in {scheme} mode: {background}"
        pixel = reader.page.evaluate("""img => { const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight; const g = c.getContext('2d');
            g.drawImage(img, 0, 0); return Array.from(g.getImageData(2, 2, 1, 1).data); }""", figure.element_handle())
        assert pixel[3] == 255 and min(pixel[:3]) > 240, f"the figure's corner is not opaque white: {pixel}"
    finally:
        reader.close()
