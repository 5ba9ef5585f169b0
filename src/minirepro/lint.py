"""The shape of a chapter, checked: the rules of book/contributing.md as plain-word findings.

``minirepro lint NAME`` prints the findings of one chapter in a second or two, and
``tests/test_chapters.py`` asserts that every chapter has none, so the command and the tests
share this code. Each rule takes the notebook (a dict, as read from JSON) and a :class:`Context`
and returns a list of findings, each a sentence a chapter author can act on::

    for finding in lint.findings(book.chapters()["git-re-basin"]):
        print(finding)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable

from minirepro import book

CHECK_TAG = "reproduction-check"
PLACEHOLDER = "TODO(new)"  # left by `minirepro new` wherever the author has to write something
ARXIV = re.compile(r"arXiv:\s*\[?\d{4}\.\d{4,5}")
SETUP_NEEDLES = ("import minirepro as mr", "mr.config.init()", ".pick(", "mr.plot.use_style()")
SECTIONS = ("## Paper vs miniature", "## Reproduction check", "## Discussion", "## Try this", "## References")


@dataclass(frozen=True)
class Context:
    """What the rules need besides the notebook: the table of contents and the catalogue entry."""

    doc: str  # chapter path in book/ without suffix, e.g. "landscapes/git-re-basin"
    toc: str  # the text of _toc.yml
    paper: dict | None  # the chapter's entry in book/catalogue.yaml, None when it has none


def markdown(nb: dict) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _section(text: str, heading: str) -> str | None:
    found = re.search(re.escape(heading) + r"\s*\n(.*?)(\n## |\Z)", text, re.S)
    return found.group(1) if found else None


# ---------------------------------------------------------------- rules


def kernel(nb: dict, ctx: Context) -> list[str]:
    name = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return [] if name == "python3" else [f"kernel is {name!r}, not python3"]


def execution(nb: dict, ctx: Context) -> list[str]:
    counts = [c.get("execution_count") for c in code_cells(nb)]
    if None in counts:
        return ["not executed: run `make chapter NAME=...`"]
    if counts != list(range(1, len(counts) + 1)):
        return ["executed out of order or not in a fresh kernel: run `make chapter NAME=...`"]
    return []


def outputs(nb: dict, ctx: Context) -> list[str]:
    out = []
    for k, cell in enumerate(code_cells(nb), 1):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"code cell {k} has an error output ({o.get('ename')})")
            if o.get("name") == "stderr" and "Warning" in "".join(o.get("text", "")):
                out.append(f"code cell {k} prints a warning on stderr")
    return out


def header(nb: dict, ctx: Context) -> list[str]:
    from minirepro import pages

    first = "".join(nb["cells"][0]["source"]) if nb["cells"] else ""
    out = []
    if not first.startswith("# "):
        out.append("the first cell does not start with the chapter title (`# ...`)")
    elif "$" in first.split("\n", 1)[0]:
        # the title is also the sidebar entry on every page, and pages without math load no MathJax
        out.append("the chapter title has $math$: write it in plain text or Unicode (e.g. ℓ1, α)")
    if not (pages.HEADER_START in first and pages.HEADER_END in first):
        out.append("no generated header box: run `make status`")
    if not ARXIV.search(first):
        out.append("the first cell does not cite the paper's arXiv id")
    if "{cite}" not in first:
        out.append("the first cell does not cite the paper's bibliography entry ({cite}`key`)")
    if not re.search(r":::\{admonition\} Claim", first):
        out.append("no Claim admonition in the first cell")
    if "**Reproduced if:**" not in first:
        out.append("the Claim has no **Reproduced if:** line")
    return out


def paper_table(nb: dict, ctx: Context) -> list[str]:
    section = _section(markdown(nb), "## Paper vs miniature")
    if section is None:
        return ["no '## Paper vs miniature' section"]
    rows = [ln for ln in section.splitlines() if ln.startswith("|")]
    out = [] if len(rows) >= 5 else ["the paper-vs-miniature table needs a header and at least three rows"]
    if not any("time" in r.lower() for r in rows):
        out.append("the paper-vs-miniature table has no runtime row ('time on one CPU thread')")
    return out


def setup(nb: dict, ctx: Context) -> list[str]:
    cells = code_cells(nb)
    source = "".join(cells[0]["source"]) if cells else ""
    return [f"the setup cell (first code cell) lacks `{n}`" for n in SETUP_NEEDLES if n not in source]


def figure(nb: dict, ctx: Context) -> list[str]:
    cells = [c for c in code_cells(nb) if c.get("metadata", {}).get("mystnb", {}).get("figure")]
    if not cells:
        return ["no figure cell with a caption (mystnb.figure metadata)"]
    out, text = [], markdown(nb)
    for cell in cells:
        fig = cell["metadata"]["mystnb"]["figure"]
        name = fig.get("name", "")
        if not fig.get("caption"):
            out.append(f"figure {name or '(unnamed)'} without caption")
        if not name.startswith("fig-"):
            out.append(f"figure name {name!r} does not start with 'fig-'")
        if not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            out.append(f"figure cell {name} shows no image")
        if "{numref}`" + name + "`" not in text:
            out.append(f"the text never refers to {name} with {{numref}}")
    return out


def check_cell(nb: dict, ctx: Context) -> list[str]:
    checks = [c for c in code_cells(nb) if CHECK_TAG in c.get("metadata", {}).get("tags", [])]
    if len(checks) != 1:
        return [f"{len(checks)} cells tagged {CHECK_TAG}; a chapter has exactly one"]
    source = "".join(checks[0]["source"])
    printed = "".join("".join(o.get("text", "")) for o in checks[0].get("outputs", []))
    out = [] if "mr.check." in source else ["the check cell does not use mr.check"]
    if printed.count("✓") < 2:
        out.append("the check cell prints fewer than two passed checks")
    if {o["output_type"] for o in checks[0].get("outputs", [])} - {"stream"}:
        out.append("the check cell shows output other than its printed lines")
    if "control" not in (source + printed).lower():
        out.append("check cell has no control line")
    return out


def gallery_panel(nb: dict, ctx: Context) -> list[str]:
    """The gallery panel the chapter names, if any, is a box inside its figure (book/contributing.md)."""
    from minirepro import pages

    meta = nb.get("metadata", {}).get("minirepro", {})
    return pages.panel_problems(meta[pages.PANEL_KEY]) if pages.PANEL_KEY in meta else []


def sections(nb: dict, ctx: Context) -> list[str]:
    text = markdown(nb)
    return [f"no '{h}' section" for h in SECTIONS if h not in text]


def exercises(nb: dict, ctx: Context) -> list[str]:
    section = _section(markdown(nb), "## Try this")
    if section is None:
        return []  # reported by `sections`
    numbered = len(re.findall(r"^\*\*\d+\.", section, re.M))
    solutions = section.count(":::{dropdown} Solution")
    out = [] if numbered >= 3 else [f"{numbered} numbered exercises (**1.** ...); at least three"]
    if solutions != numbered:
        out.append(f"{numbered} exercises but {solutions} `:::{{dropdown}} Solution` blocks")
    return out


def placeholders(nb: dict, ctx: Context) -> list[str]:
    cells = [str(k) for k, c in enumerate(nb["cells"], 1) if PLACEHOLDER in "".join(c["source"])]
    out = [f"{PLACEHOLDER} placeholders left in cell(s) {', '.join(cells)}"] if cells else []
    # the figure caption lives in cell metadata (mystnb.figure), which the reader sees too
    meta = [str(k) for k, c in enumerate(nb["cells"], 1) if PLACEHOLDER in json.dumps(c.get("metadata", {}))]
    return out + ([f"{PLACEHOLDER} placeholders left in the metadata (e.g. a figure caption) of cell(s) "
                   f"{', '.join(meta)}"] if meta else [])


def runtime(nb: dict, ctx: Context) -> list[str]:
    seconds = nb.get("metadata", {}).get("minirepro", {}).get("runtime_seconds")
    if seconds is None:
        return ["runtime not recorded: run `make chapter NAME=...`"]
    if seconds > book.BUDGET_SECONDS:
        return [f"runtime {seconds:.0f} CPU s is over the {book.BUDGET_SECONDS:.0f} s budget"]
    return []


def listed(nb: dict, ctx: Context) -> list[str]:
    out = [] if f"book/{ctx.doc}" in ctx.toc else [f"book/{ctx.doc} is not in _toc.yml"]
    if ctx.paper is None:
        out.append(f"no paper in book/catalogue.yaml has `chapter: {ctx.doc}`")
    elif ctx.paper.get("status") not in book.WITH_CHAPTER:
        out.append(f"catalogue status is {ctx.paper.get('status')!r}: set reproduced, partial or not reproduced")
    elif not (ctx.paper.get("bibkey") and ctx.paper.get("scaled")):
        out.append("catalogue entry lacks `bibkey` or `scaled`")
    elif not ctx.paper.get("topics"):
        out.append("catalogue entry has no `topics` (ids from the `topics` vocabulary at its top)")
    claim = (ctx.paper or {}).get("claim")
    if isinstance(claim, str) and PLACEHOLDER in claim:
        out.append(f"catalogue `claim` not written yet ({PLACEHOLDER} in the chapter's entry)")
    elif ctx.paper and ctx.paper.get("status") in book.WITH_CLAIM and not claim:
        out.append("catalogue entry has no `claim` (one plain sentence for the part page and the gallery)")
    return out


RULES: dict[str, Callable[[dict, Context], list[str]]] = {
    f.__name__: f for f in (kernel, execution, outputs, header, paper_table, setup, figure, gallery_panel,
                            check_cell, sections, exercises, placeholders, runtime, listed)
}


def context(chapter: book.Chapter, cat: dict | None = None, toc: str | None = None) -> Context:
    """The :class:`Context` of ``chapter`` in the book it belongs to."""
    cat = cat if cat is not None else book.load_catalogue()
    toc = toc if toc is not None else (book.root() / "_toc.yml").read_text(encoding="utf-8")
    paper = next((p for p in cat["papers"] if p.get("chapter") == chapter.doc), None)
    return Context(doc=chapter.doc, toc=toc, paper=paper)


def findings(chapter: book.Chapter, ctx: Context | None = None, rules: list[str] | None = None) -> list[str]:
    """Every finding of the named ``rules`` (default: all) on ``chapter``; empty when it is in shape."""
    ctx = ctx or context(chapter)
    nb = chapter.notebook()
    return [f for name in (rules or RULES) for f in RULES[name](nb, ctx)]
