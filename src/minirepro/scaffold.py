"""``minirepro new``: the skeleton of a chapter, listed in the table of contents and the catalogue.

A part that grows past :data:`SECTION_LIMIT` chapters is grouped into sections in the table of
contents (:func:`grouped_toc`), by the ``section`` its papers name in the catalogue or else by topic.

The skeleton has every part a chapter needs (book/contributing.md), with a ``TODO(new)`` marker
wherever the author has to write; ``minirepro lint`` lists the markers that are left.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import yaml

from minirepro import book
from minirepro.lint import CHECK_TAG, PLACEHOLDER as TODO

NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CAPTION = "  - caption: "
SECTION_LIMIT = 12  # a part with more chapters than this is grouped into sections in the sidebar
SECTIONS_DIR = "sections"  # book/<part>/sections/<id>.md: the page of one group of a part's chapters
OTHER = "more"  # the group of the chapters that share no section or topic with another chapter
CLAIM = f"{TODO}: the claim in one plain sentence of our own, for the part page and the gallery"


class ScaffoldError(ValueError):
    """The chapter cannot be created (bad name, unknown paper or part, already there)."""


def _md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def _code(text: str, **metadata) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    cell.metadata.update(metadata)
    return cell


SETUP = f'''
from dataclasses import dataclass

import numpy as np
import torch
import matplotlib.pyplot as plt
import minirepro as mr


@dataclass(frozen=True)
class Setup:
    seeds: int = 5  # {TODO}: one field per knob, each with a comment and the paper's symbol


run = mr.config.init()
cfg = run.pick(book=Setup(), paper=Setup(seeds=20))
mr.plot.use_style()
print(run)
'''

CHECK = f'''
# {TODO}: assert the claim with statistics over seeds, each threshold with a clear margin, and a control:
# mr.check.less(error.mean(), 0.05, what="mean deviation from the theory, over seeds")
# mr.check.greater(control.min(), 0.3, what="control: the same measure where the effect should vanish")
'''


def skeleton(name: str, paper: dict) -> nbformat.NotebookNode:
    """A chapter notebook for catalogue entry ``paper``, with ``TODO(new)`` where the author writes."""
    arxiv = f"arXiv:{paper['arxiv']}" if paper.get("arxiv") else "no arXiv id"
    exercise = f"**{{k}}.** {TODO}: a knob to turn and what to watch.\n\n:::{{{{dropdown}}}} Solution\n" \
               f"{TODO}: what we measured when we did it.\n:::"
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.language_info = {"name": "python"}
    nb.metadata.minirepro = {"gallery_panel": f"{TODO}: [x0, y0, x1, y1], the panel of fig-{name} that best shows "
                                              "the claim, in fractions of the figure image from its top-left corner"}
    nb.cells = [
        _md(f"""
# {TODO}: the chapter's title, a short statement of what it shows

:::{{admonition}} Claim
{TODO}: the claim of *{paper['title']}* ({paper.get('year')}, {arxiv}) in our own words, citing it with
{{cite}}`<bibkey>` once its entry is in book/references.bib.

**Reproduced if:** {TODO}: the measurable criteria of the check, with their tolerances.
:::
"""),
        _md(f"""
## Paper vs miniature

| | paper | here |
|---|---|---|
| data | {TODO} | {TODO} |
| model | {TODO} | {TODO} |
| training or measurement | {TODO} | {TODO} |
| seeds | {TODO} | {TODO} |
| time on one CPU thread | — | {TODO} |
"""),
        _code(SETUP),
        _md(f"## Experiment\n\n{TODO}: one sentence saying what the next cell does and why."),
        _code(f"# {TODO}: the experiment, in short cells (at most ~25 lines), each after one sentence."),
        _md(f"{{numref}}`fig-{name}` shows {TODO}: the paper's main comparison, as the paper draws it."),
        _code(f"fig, ax = plt.subplots(figsize=(5, 3.5))\n# {TODO}: draw the figure with the mr.plot helpers\n"
              "plt.show()", mystnb={"figure": {"caption": f"{TODO}: the caption.", "name": f"fig-{name}"}}),
        _md(f"## Reproduction check\n\n{TODO}: what the check measures, and the control in which the effect "
            "should disappear."),
        _code(CHECK, tags=[CHECK_TAG]),
        _md(f"## Discussion\n\n**What matched.** {TODO}\n\n**What differed.** {TODO}"),
        _md("## Try this\n\n" + "\n\n".join(exercise.format(k=k) for k in (1, 2, 3))),
        _md(f"## References\n\n- {TODO}: the paper (`{{cite:t}}` with its bibkey), then the work it builds on."),
    ]
    return nb


def toc_with_chapter(toc: str, doc: str, part: dict, parts: list[dict]) -> str:
    """``toc`` (the text of _toc.yml) with ``book/<doc>`` as the last section of ``part``.

    A part that is not in the table of contents yet gets its caption and index page, placed
    before the caption of the next part in catalogue order (or of the first non-part page group).
    """
    lines = toc.rstrip("\n").split("\n")
    captions = {i: ln[len(CAPTION):].strip() for i, ln in enumerate(lines) if ln.startswith(CAPTION)}
    entry = f"          - file: book/{doc}"
    start = next((i for i, title in captions.items() if title == part["title"]), None)
    if start is None:
        titles = [p["title"] for p in parts]
        later = set(titles[titles.index(part["title"]) + 1:])
        at = next((i for i, t in captions.items() if t in later or t not in titles), len(lines))
        block = [f"{CAPTION}{part['title']}", "    chapters:", f"      - file: book/{part['id']}/index",
                 "        sections:", entry]
        return "\n".join(lines[:at] + block + lines[at:]) + "\n"
    end = next((i for i in captions if i > start), len(lines))
    last = max(i for i in range(start, end) if lines[i].strip())
    if not any(lines[i].strip() == "sections:" for i in range(start, end)):
        entry = "        sections:\n" + entry
    return "\n".join(lines[:last + 1] + [entry] + lines[last + 1:]) + "\n"


def _part_span(lines: list[str], title: str) -> tuple[int, int] | None:
    """The lines of the part captioned ``title`` in _toc.yml: from its caption to the next one."""
    captions = [i for i, ln in enumerate(lines) if ln.startswith(CAPTION)]
    start = next((i for i in captions if lines[i][len(CAPTION):].strip() == title), None)
    if start is None:
        return None
    return start, next((i for i in captions if i > start), len(lines))


def chapter_groups(part: dict, docs: list[str], cat: dict) -> list[tuple[str, str, list[str]]]:
    """The chapters ``docs`` of ``part`` (in table-of-contents order) as groups (id, title, docs).

    A chapter goes into the section its paper names (``section:``, one of the part's ``sections``
    in the catalogue), else into the group of the one of its topics that most chapters of the part
    share. Groups follow the part's ``sections``, then first appearance; chapters left alone in a
    topic group go together into a last group, "More chapters".
    """
    papers = {p["chapter"]: p for p in cat["papers"] if p.get("chapter")}
    tags = {d: list(papers.get(d, {}).get("topics") or []) for d in docs}
    common = Counter(t for d in docs for t in tags[d])
    titles = {t["id"]: t["title"] for t in cat.get("topics", [])} | {OTHER: "More chapters"}
    titles |= {s["id"]: s["title"] for s in part.get("sections", [])}
    groups: dict[str, list[str]] = {s["id"]: [] for s in part.get("sections", [])}
    for d in docs:
        key = papers.get(d, {}).get("section") or max(tags[d], key=lambda t: common[t], default=OTHER)
        groups.setdefault(key, []).append(d)
    explicit = {s["id"] for s in part.get("sections", [])}
    for key in [k for k, v in groups.items() if len(v) == 1 and k not in explicit | {OTHER}]:
        groups.setdefault(OTHER, []).extend(groups.pop(key))
    if OTHER in groups:
        groups[OTHER] = groups.pop(OTHER)  # last
    return [(k, titles.get(k, k), v) for k, v in groups.items() if v]


def section_page(part: dict, title: str) -> str:
    """The page of one group of a part's chapters: its title and the list of its chapters."""
    return f"# {title}\n\nChapters of *{part['title']}*:\n\n```{{tableofcontents}}\n```\n"


def grouped_toc(toc: str, cat: dict) -> tuple[str, dict[str, str]]:
    """``toc`` with every part of more than :data:`SECTION_LIMIT` chapters grouped into sections.

    Such a part lists its index page, then one page per group (``book/<part>/sections/<id>``),
    each with its chapters as sections, so the sidebar shows a few collapsible groups instead of a
    long list. Returns the new text of _toc.yml and the group pages it needs, by path under the
    root, with a default text (write the ones that do not exist). Smaller parts are left as they are.
    """
    lines, pages = toc.rstrip("\n").split("\n"), {}
    for part in cat["parts"]:
        span = _part_span(lines, part["title"])
        if span is None:
            continue
        chapter = re.compile(rf"^\s*- file: book/({re.escape(part['id'])}/[^/\s]+)\s*$")
        docs = [m[1] for ln in lines[span[0]:span[1]] if (m := chapter.match(ln)) and m[1] != f"{part['id']}/index"]
        if len(docs) <= SECTION_LIMIT:
            continue
        block = [lines[span[0]], "    chapters:", f"      - file: book/{part['id']}/index"]
        for key, title, members in chapter_groups(part, docs, cat):
            page = f"book/{part['id']}/{SECTIONS_DIR}/{key}"
            block += [f"      - file: {page}", "        sections:", *(f"          - file: book/{d}" for d in members)]
            pages[f"{page}.md"] = section_page(part, title)
        lines = lines[:span[0]] + block + lines[span[1]:]
    return "\n".join(lines) + "\n", pages


def catalogue_with_chapter(text: str, n: int, doc: str) -> str:
    """``text`` (book/catalogue.yaml) with paper ``n`` pointing at chapter ``doc`` (``<part>/<name>``).

    Adds ``chapter: <doc>`` after the paper's status line, then a placeholder ``claim`` (``minirepro
    lint`` reports it until written), and sets its ``part`` to the chapter's folder.
    """
    lines = text.split("\n")
    start = lines.index(f"- n: {n}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ") or not lines[i].startswith(" ")),
               len(lines))
    for i in range(start, end):
        if lines[i].startswith("  part:"):
            lines[i] = f"  part: {doc.split('/')[0]}"
    status = next(i for i in range(start, end) if lines[i].startswith("  status:"))
    return "\n".join(lines[:status + 1] + [f"  chapter: {doc}", f"  claim: '{CLAIM}'"] + lines[status + 1:])


def new_chapter(name: str, n: int, part_id: str | None = None) -> Path:
    """Create ``book/<part>/<name>.ipynb`` for catalogue paper ``n`` and list it; return its path.

    Raises:
        ScaffoldError: a bad name, an existing chapter of that name, an unknown paper or part, or a
            paper that already has a chapter. Nothing is written then.
    """
    root = book.root()
    cat_path, toc_path = root / "book" / "catalogue.yaml", root / "_toc.yml"
    cat = book.load_catalogue(cat_path)
    if not NAME.match(name):
        raise ScaffoldError(f"chapter name {name!r} is not valid; use lowercase words joined by hyphens")
    if name in book.chapters(root / "book"):
        raise ScaffoldError(f"a chapter named {name!r} exists already")
    paper = next((p for p in cat["papers"] if p["n"] == n), None)
    if paper is None:
        raise ScaffoldError(f"no paper n={n} in book/catalogue.yaml")
    if paper.get("chapter"):
        raise ScaffoldError(f"paper n={n} already has the chapter {paper['chapter']}")
    parts = {p["id"]: p for p in cat["parts"]}
    part_id = part_id or paper["part"]
    if part_id not in parts:
        raise ScaffoldError(f"unknown part {part_id!r}; use one of: {', '.join(parts)}")
    doc = f"{part_id}/{name}"
    path = root / "book" / f"{doc}.ipynb"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} exists already")
    toc = toc_with_chapter(toc_path.read_text(encoding="utf-8"), doc, parts[part_id], cat["parts"])
    catalogue = catalogue_with_chapter(cat_path.read_text(encoding="utf-8"), n, doc)
    toc, section_pages = grouped_toc(toc, yaml.load(catalogue, Loader=book.SAFE_LOADER))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(skeleton(name, paper), path)
    toc_path.write_text(toc, encoding="utf-8")
    cat_path.write_text(catalogue, encoding="utf-8")
    for page, text in section_pages.items():
        if not (root / page).exists():
            (root / page).parent.mkdir(parents=True, exist_ok=True)
            (root / page).write_text(text, encoding="utf-8")
    index = path.parent / "index.md"
    if not index.exists():
        index.write_text(f"# {parts[part_id]['title']}\n\n{TODO}: what connects the chapters of this part.\n",
                         encoding="utf-8")
    return path
