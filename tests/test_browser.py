"""The built book as a reader sees it: every page opened in headless Chromium, with no network.

The site is served from ``_build/html`` on loopback; every request to any other host is blocked
(Chromium resolves no host name but 127.0.0.1) and recorded, so a page that fetches from outside
(a CDN font, script or style) fails the test.
Needs Debian's ``chromium`` (``apt-get install chromium``) and the ``playwright`` Python package
(pinned in requirements.txt; it drives ``/usr/bin/chromium``, no browser download). Run it after
``make build`` with ``make browser`` (``make test`` runs it too). Screenshots of one chapter in light
and dark mode are written to ``_build/screenshots/``, and of the figure gallery and of one part page.

Each page is opened once and every check runs on that visit; each xdist worker keeps one browser
page for all its visits (run with ``--dist load`` so that the pages are shared out between workers).
The cost is about one page load per page, so the test grows linearly with the book.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest

from minirepro import book, pages as generated

pytestmark = pytest.mark.book
HTML = book.root() / "_build" / "html"
SHOTS = book.root() / "_build" / "screenshots"
CHROMIUM = os.environ.get("MINIREPRO_CHROMIUM", "/usr/bin/chromium")
LOCAL = "127.0.0.1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        # Blocks every other host inside the browser: cheaper than intercepting each request in Playwright.
        f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOCAL}"]
SCREENSHOT_CHAPTER = "deep-linear-dynamics"
SCREENSHOT_PART = "learning-dynamics"
REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+; ?url=([^"]+)"', re.IGNORECASE)

playwright_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs `pip install playwright`")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(f"the browser test needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)", allow_module_level=True)


def pages() -> list[str]:
    """Every HTML page of the built book, as paths relative to _build/html."""
    skip = {"_static", "_sources", "_images", "_sphinx_design_static"}
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html") if not skip & set(p.relative_to(HTML).parts))


CHAPTER_PAGES = {f"book/{ch.doc}.html": ch for ch in book.chapters().values()}


def title_word(chapter: book.Chapter) -> str:
    """The longest word of the chapter's title: what a reader might type into the search box."""
    return max((w.strip(",:;()") for w in chapter.title().split()), key=len).lower()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection serves a page and its assets

    def do_GET(self):
        if self.path == "/favicon.ico":  # Chromium asks every site for one; the book has none
            self.send_response(204)
            self.end_headers()
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    if not (HTML / "index.html").is_file():
        pytest.fail("build the book first (make build)")
    server = http.server.ThreadingHTTPServer((LOCAL, 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{LOCAL}:{server.server_address[1]}/"
    server.shutdown()


class Reader:
    """One browser page for every visit of a worker; it records every request that left loopback
    (and so failed) and every console error, afresh for each page it opens."""

    def __init__(self, browser):
        self.context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("requestfailed", self._failed)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _failed(self, request):
        if urlparse(request.url).hostname not in (None, LOCAL):  # None: data: and blob: URLs
            self.outside.append(request.url)

    def open(self, url: str):
        self.outside.clear()
        self.errors.clear()
        return self.page.goto(url, wait_until="load")


@pytest.fixture(scope="session")
def reader():
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                     args=ARGS)
        yield Reader(browser)
        browser.close()


# Waits for what the checks need, not for network idle: every image decoded, MathJax's first
# typesetting done, the fonts loaded. Returns the images that do not decode and the state of the math.
PAGE_STATE = """async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  const broken = await Promise.all(images.map(img => img.decode().then(
      () => img.naturalWidth ? null : img.getAttribute('src'), () => img.getAttribute('src'))));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
  const math = [...document.querySelectorAll('.math')];
  return {broken: broken.filter(Boolean), math: math.length,
          unrendered: math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 60)),
          mathErrors: document.querySelectorAll('mjx-merror').length};
}"""

# The documents Sphinx's own search engine (searchtools.js) finds for each word, without drawing the results.
SEARCH = """words => Object.fromEntries(words.map(
  w => [w, Search._performSearch(...Search._parseQuery(w)).map(result => result[0])]))"""


@pytest.mark.parametrize("path", pages())
def test_page(site, reader, path):
    """One visit per page: HTTP 200, images decode, math renders, a chapter's notebook downloads, the
    search page finds every chapter; nothing was requested from outside, nothing logged as an error."""
    first = next(iter(CHAPTER_PAGES.values()), None)
    query = f"?q={title_word(first)}" if path == "search.html" and first else ""
    response = reader.open(site + path + query)
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    redirect = REFRESH.search((HTML / path).read_text(encoding="utf-8")[:1000])
    if redirect:  # index.html sends the reader on to the first page: check the page they land on
        reader.page.wait_for_url(urljoin(site + path, redirect[1]))
    state = reader.page.evaluate(PAGE_STATE)
    assert not state["broken"], f"{path}: images that do not decode: {state['broken'][:3]}"
    assert not state["unrendered"], f"{path}: formulas MathJax did not render: {state['unrendered'][:3]}"
    assert state["mathErrors"] == 0, f"{path}: MathJax reported {state['mathErrors']} formula errors"
    if path in CHAPTER_PAGES:
        _notebook_downloads(reader.page, path)
    if query:
        _search_finds_every_chapter(reader.page, first)
    assert not reader.outside, f"{path}: requests leaving the machine: {reader.outside[:3]}"
    assert not reader.errors, f"{path}: console errors: {reader.errors[:3]}"


def _notebook_downloads(page, path: str) -> None:
    """The chapter page links its .ipynb, which downloads as a valid notebook."""
    hrefs = page.eval_on_selector_all("a[href$='.ipynb']", "els => els.map(e => e.href)")
    assert hrefs, f"{path}: the page offers no .ipynb download"
    download = page.request.get(hrefs[0])
    assert download.status == 200, f"{path}: the .ipynb download gives HTTP {download.status}"
    nb = nbformat.reads(download.text(), as_version=4)
    nbformat.validate(nb)
    assert nb.cells, f"{path}: the downloaded notebook has no cells"


def _search_finds_every_chapter(page, first: book.Chapter) -> None:
    """The page searched for a word of the first chapter's title as a reader would, results drawn on
    the page; Sphinx's search engine, called directly, finds every chapter by a word of its title."""
    page.wait_for_selector(f"#search-results ul.search li a[href*='{first.doc}.html']", timeout=15_000)
    words = {ch.doc: title_word(ch) for ch in CHAPTER_PAGES.values()}
    page.wait_for_function("Search.hasIndex()")
    found = page.evaluate(SEARCH, sorted(set(words.values())))
    missed = [f"{word!r} does not find {doc}" for doc, word in words.items() if f"book/{doc}" not in found[word]]
    assert not missed, f"search: {missed}"


def test_requests_leaving_the_machine_are_blocked_and_recorded(site, reader):
    reader.open(site + "genindex.html")
    with reader.page.expect_event("requestfailed"):
        result = reader.page.evaluate("fetch('https://example.com/x.js', {mode: 'no-cors'})"
                                      ".then(() => 'loaded', () => 'blocked')")
    assert result == "blocked" and reader.outside == ["https://example.com/x.js"]


def test_every_chapter_page_was_built():
    built = set(pages())
    missing = [ch.doc for ch in book.chapters().values() if f"book/{ch.doc}.html" not in built]
    assert not missing, f"chapter pages missing from the build: {missing}"


def test_chapter_screenshot_with_readable_figures(site, reader):
    """Math renders and figures keep a white background in both themes; the screenshots are kept for a
    human to look at."""
    chapter = book.chapters()[SCREENSHOT_CHAPTER]
    page = reader.page
    reader.open(site + f"book/{chapter.doc}.html")
    state = page.evaluate(PAGE_STATE)
    assert state["math"] > 5 and not state["unrendered"], f"math on {chapter.doc}: {state}"
    figure = page.locator("figure img").first
    figure.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.evaluate(f"document.documentElement.dataset.theme = '{scheme}'")
            assert page.evaluate("document.documentElement.dataset.theme") == scheme
            page.screenshot(path=str(SHOTS / f"{chapter.name}-{scheme}.png"))
            background = figure.evaluate("img => getComputedStyle(img).backgroundColor")
            allowed = {"rgb(255, 255, 255)"} | ({"rgba(0, 0, 0, 0)"} if scheme == "light" else set())
            assert background in allowed, f"figure background in {scheme} mode: {background}"
            pixel = figure.evaluate("""img => { const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight; const g = c.getContext('2d');
                g.drawImage(img, 0, 0); return Array.from(g.getImageData(2, 2, 1, 1).data); }""")
            assert pixel[3] == 255 and min(pixel[:3]) > 240, f"the figure's corner in {scheme} mode: {pixel}"
    finally:
        page.emulate_media(color_scheme="light")
    assert not reader.outside and not reader.errors, (reader.outside[:3], reader.errors[:3])


# Every gallery card: its image decoded at its natural size, its classes and where it links.
GALLERY_CARDS = """async () => Promise.all([...document.querySelectorAll('.gallery-card')].map(async card => {
  const img = card.querySelector('img');
  img.loading = 'eager';
  await img.decode().catch(() => null);
  const link = card.querySelector('a');
  return {classes: [...card.classList], width: img.naturalWidth, height: img.naturalHeight,
          href: link && link.href, visible: card.getClientRects().length > 0};
}))"""


def _gallery_cards(page) -> list[dict]:
    return page.evaluate(GALLERY_CARDS)


def _screenshots(page, name: str) -> None:
    """``name``-light.png and ``name``-dark.png of the page as a reader first sees it, for a human to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.evaluate(f"document.documentElement.dataset.theme = '{scheme}'")
            page.screenshot(path=str(SHOTS / f"{name}-{scheme}.png"))
    finally:
        page.emulate_media(color_scheme="light")
        page.evaluate("document.documentElement.dataset.theme = 'light'")


def test_gallery_cards_show_a_panel_link_their_chapter_and_filter(site, reader):
    """One card per chapter with a figure: its image decodes at the thumbnails' size and links to the
    chapter's page, which exists; the part and status filters show exactly the matching cards."""
    by_doc = {p["chapter"]: p for p in book.load_catalogue()["papers"] if p.get("chapter")}
    expected = {f"book/{ch.doc}.html": by_doc[ch.doc] for ch in CHAPTER_PAGES.values()
                if ch.doc in by_doc and generated.main_figure(ch.notebook())}
    page = reader.page
    reader.open(site + "book/gallery.html")
    cards = _gallery_cards(page)
    linked = [urlparse(c["href"] or "").path.lstrip("/") for c in cards]
    assert sorted(linked) == sorted(expected), f"gallery cards {sorted(linked)} != chapters with a figure"
    for card, path in zip(cards, linked):
        assert (card["width"], card["height"]) == generated.THUMB_SIZE, f"{path}: gallery image {card}"
        assert f"gallery-part-{expected[path]['part']}" in card["classes"], (path, card["classes"])
        assert page.request.get(site + path).status == 200, f"the card of {path} links to a missing page"
    assert all(c["visible"] for c in cards)
    _screenshots(page, "gallery")

    def choose(part: str = "", status: str = "") -> set[str]:
        page.select_option("select[data-gallery-filter='part']", part)
        page.select_option("select[data-gallery-filter='status']", status)
        return {urlparse(c["href"]).path.lstrip("/") for c in _gallery_cards(page) if c["visible"]}

    statuses = sorted({p["status"] for p in expected.values()})
    for status in statuses:
        want = {path for path, p in expected.items() if p["status"] == status}
        assert choose(status=status) == want, f"status filter {status!r}"
        assert f"status={status.replace(' ', '-')}" in page.evaluate("location.search")
    part = next(iter(expected.values()))["part"]
    assert choose(part=part) == {path for path, p in expected.items() if p["part"] == part}
    assert page.locator(".gallery-count").inner_text().endswith(f"of {len(expected)} chapters")
    hidden_sections = page.evaluate("[...document.querySelectorAll('.gallery-grid')].filter(g => !g.closest('section').getClientRects().length).length")
    assert hidden_sections == len({p["part"] for p in expected.values()}) - 1, "the other parts' sections are hidden"
    assert choose() == set(expected)
    reader.open(site + f"book/gallery.html?part={part}")  # a filtered gallery can be linked
    assert {urlparse(c["href"]).path.lstrip("/") for c in _gallery_cards(page) if c["visible"]} == \
        {path for path, p in expected.items() if p["part"] == part}
    assert not reader.outside and not reader.errors, (reader.outside[:3], reader.errors[:3])


def test_part_page_screenshots(site, reader):
    """A part page lists its chapters; the light and dark screenshots are kept for a human to look at."""
    reader.open(site + f"book/{SCREENSHOT_PART}/index.html")
    reader.page.locator("#the-chapters").scroll_into_view_if_needed()
    _screenshots(reader.page, f"part-{SCREENSHOT_PART}")
    assert not reader.outside and not reader.errors, (reader.outside[:3], reader.errors[:3])
