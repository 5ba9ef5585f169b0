"""The book as data: its chapters, the reading-list catalogue and the generated status page."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from minirepro import robustness

STATUSES = ("reproduced", "partial", "not reproduced", "planned", "out of scope")
WITH_CHAPTER = ("reproduced", "partial", "not reproduced")
WITH_CLAIM = ("reproduced", "partial")  # these chapters need a one-line `claim` (``minirepro lint`` checks it)
CLAIM_MAX_CHARS = 160  # a claim fits on one line of a part page and under a gallery card
BUDGET_SECONDS = 60.0  # per chapter, one CPU thread, book scale
MEAN_BUDGET_SECONDS = 20.0  # mean over the book's chapters: what keeps CI within its time (book/contributing.md)
STATUS_PAGE = "status.md"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: ten times faster on the catalogue


def root() -> Path:
    """The repository root: ``MINIREPRO_ROOT``, else the nearest parent of the working
    directory holding ``_toc.yml`` and ``book/``, else the checkout this package lives in."""
    if os.environ.get("MINIREPRO_ROOT"):
        return Path(os.environ["MINIREPRO_ROOT"]).resolve()
    for base in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[2]):
        if (base / "_toc.yml").is_file() and (base / "book").is_dir():
            return base
    raise FileNotFoundError("cannot find the book (a folder with _toc.yml and book/); set MINIREPRO_ROOT")


@dataclass(frozen=True)
class Chapter:
    """One chapter notebook: ``name`` is its file stem, ``doc`` its path in book/ without suffix."""

    name: str
    doc: str
    path: Path

    def notebook(self) -> dict:
        return json.loads(self.path.read_text(encoding="utf-8"))

    def title(self) -> str:
        """The chapter's title: the first line of its first cell, without the ``#``."""
        return "".join(self.notebook()["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()

    def runtime(self) -> float | None:
        """CPU seconds of the last in-place execution (``make chapter``) on one thread, if recorded."""
        return self.notebook().get("metadata", {}).get("minirepro", {}).get("runtime_seconds")


def chapters(book_dir: Path | None = None) -> dict[str, Chapter]:
    """Every chapter notebook under ``book/``, by name, in path order."""
    book_dir = book_dir or root() / "book"
    found: dict[str, Chapter] = {}
    for path in sorted(book_dir.rglob("*.ipynb")):
        if {"_build", ".ipynb_checkpoints"} & set(path.parts):
            continue
        if path.stem in found:
            raise ValueError(f"two chapters are named {path.stem!r}: {found[path.stem].path} and {path}")
        doc = path.relative_to(book_dir).with_suffix("").as_posix()
        found[path.stem] = Chapter(path.stem, doc, path)
    return found


def load_catalogue(path: Path | None = None) -> dict:
    """Read ``book/catalogue.yaml`` and validate it (see the comments at its top)."""
    path = path or root() / "book" / "catalogue.yaml"
    cat = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    part_ids = [p["id"] for p in cat["parts"]]
    sections = {p["id"]: [s["id"] for s in p.get("sections", [])] for p in cat["parts"]}
    numbers = [p["n"] for p in cat["papers"]]
    if len(set(numbers)) != len(numbers):
        raise ValueError("catalogue: duplicate paper numbers")
    for p in cat["papers"]:
        where = f"catalogue: paper n={p['n']}"
        if p.get("status") not in STATUSES:
            raise ValueError(f"{where}: status {p.get('status')!r} is not one of {', '.join(STATUSES)}")
        if p.get("part") not in part_ids:
            raise ValueError(f"{where}: part {p.get('part')!r} is not one of {', '.join(part_ids)}")
        if p.get("section") and p["section"] not in sections[p["part"]]:
            raise ValueError(f"{where}: section {p['section']!r} is not one of the `sections` of part {p['part']!r}")
        if p["status"] in WITH_CHAPTER and not p.get("chapter"):
            raise ValueError(f"{where}: status {p['status']!r} needs a chapter")
        if p.get("chapter") and p["status"] not in (*WITH_CHAPTER, "planned"):  # planned: being written
            raise ValueError(f"{where}: status {p['status']!r} cannot have a chapter; use one of "
                             f"{', '.join(WITH_CHAPTER)}, or planned while the chapter is being written")
        if p["status"] in ("partial", "not reproduced", "out of scope") and not p.get("note"):
            raise ValueError(f"{where}: status {p['status']!r} needs a note saying why")
        if p["status"] in WITH_CHAPTER and not (p.get("bibkey") and p.get("scaled")):
            raise ValueError(f"{where}: a chapter needs `bibkey` (its references.bib entry) and `scaled` "
                             "(one line: what the miniature scaled down) for its header box")
        if problems := claim_problems(p.get("claim")):
            raise ValueError(f"{where}: {problems[0]}")
    return cat


def claim_problems(claim) -> list[str]:
    """What is wrong with a paper's ``claim`` (one plain line for the part page), if it has one."""
    if claim is None:
        return []
    if not isinstance(claim, str) or not claim.strip():
        return [f"`claim` must be one line of text, got {claim!r}"]
    if "\n" in claim.strip():
        return ["`claim` must be one line: no line breaks"]
    if len(claim) > CLAIM_MAX_CHARS:
        return [f"`claim` has {len(claim)} characters; at most {CLAIM_MAX_CHARS}, so it fits on one line"]
    return []


def catalogue_problems(cat: dict, found: dict[str, Chapter]) -> list[str]:
    """Disagreements between the catalogue and the chapters on disk (empty when consistent)."""
    docs = {c.doc for c in found.values()}
    listed = {p["chapter"] for p in cat["papers"] if p.get("chapter")}
    problems = [f"chapter {d} is not in book/catalogue.yaml" for d in sorted(docs - listed)]
    problems += [f"book/catalogue.yaml points at a missing chapter {d}" for d in sorted(listed - docs)]
    return problems


def robustness_record() -> dict:
    """The seed-robustness record of the book (``book/seed-robustness.yaml``; empty if there is none)."""
    return robustness.load_record(root() / "book" / robustness.RECORD_FILE)


def seed_robustness(chapter: Chapter, record: dict) -> robustness.Robustness:
    """What ``record`` says about ``chapter`` at book scale, judged against its code now."""
    return robustness.summarize(record, chapter.name, robustness.code_hash(chapter.notebook()))


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _paper_cell(p: dict) -> str:
    link = f" [arXiv:{p['arxiv']}](https://arxiv.org/abs/{p['arxiv']})" if p.get("arxiv") else ""
    year = f" ({p['year']})" if p.get("year") else ""
    return f"{_cell(p['title'])}{year}{link}"


def _runtime_cell(runtime: float | None) -> str:
    return "—" if runtime is None else f"{runtime:.0f} s"


def runtime_summary(found: dict[str, Chapter]) -> str:
    """One sentence: the total and mean recorded runtime of the chapters, against the budgets."""
    runtimes = [r for r in (ch.runtime() for ch in found.values()) if r is not None]
    if not runtimes:
        return "No chapter has a recorded runtime yet."
    total = sum(runtimes)
    return (f"The {len(runtimes)} chapters with a recorded runtime take {total:.0f} s of CPU time in all "
            f"({total / 60:.1f} min), {total / len(runtimes):.1f} s per chapter on average; the budget is "
            f"{BUDGET_SECONDS:.0f} s per chapter and {MEAN_BUDGET_SECONDS:.0f} s on average.")


def render_status(cat: dict, found: dict[str, Chapter], record: dict | None = None) -> str:
    """The Markdown of ``book/status.md``: counts, then one table per part.

    ``record`` is the seed-robustness record (default: the book's, :func:`robustness_record`).
    """
    record = robustness_record() if record is None else record
    by_doc = {c.doc: c for c in found.values()}
    counts = Counter(p["status"] for p in cat["papers"])
    lines = [
        "# Reproduction status",
        "",
        "<!-- Generated from book/catalogue.yaml by `minirepro status --write`; do not edit by hand. -->",
        "",
        f"Every paper on the book's reading list ({len(cat['papers'])} papers) and where it stands. "
        "*Reproduced* means the chapter's reproduction check passes in CI for the committed book-scale run; "
        "*partial* and *not reproduced* chapters say in their text what did not hold in miniature; "
        "*planned* papers have a triaged miniature but no chapter yet; *out of scope* papers cannot be tested "
        "in miniature on one CPU thread without downloads, for the reason given. Tiers are planning estimates: "
        "A a faithful miniature of the main figure, B a simplified miniature of the central claim, C a theory "
        "paper illustrated numerically. *Checks hold* is the number of base seeds, of those swept "
        "({doc}`seed sweeps <sweeps>`), on which every check of the chapter held at book scale; *stale* means the "
        "chapter's code changed since its sweep.",
        "",
        "| status | papers |",
        "|---|---|",
        *[f"| {s} | {counts.get(s, 0)} |" for s in STATUSES],
        f"| **total** | **{len(cat['papers'])}** |",
        "",
        runtime_summary(found),
        "",
        robustness.book_summary([(c.doc, seed_robustness(c, record)) for c in found.values()]),
        "",
    ]
    for part in cat["parts"]:
        papers = sorted((p for p in cat["papers"] if p["part"] == part["id"]), key=lambda p: p["n"])
        pc = Counter(p["status"] for p in papers)
        summary = ", ".join(f"{pc[s]} {s}" for s in STATUSES if pc.get(s))
        lines += [f"## {part['title']}", "", f"{len(papers)} papers: {summary}.", ""]
        done = sorted((p for p in papers if p["status"] in WITH_CHAPTER), key=lambda p: STATUSES.index(p["status"]))
        if done:
            lines += ["| chapter | paper | status | runtime | checks hold | note |", "|---|---|---|---|---|---|"]
            for p in done:
                ch = by_doc.get(p["chapter"])
                hold = robustness.status_cell(seed_robustness(ch, record)) if ch else "—"
                lines.append(f"| {{doc}}`{p['chapter']}` | {_paper_cell(p)} | **{p['status']}** | "
                             f"{_runtime_cell(ch.runtime() if ch else None)} | {hold} | {_cell(p.get('note', ''))} |")
            lines.append("")
        planned = [p for p in papers if p["status"] == "planned"]
        if planned:
            lines += ["Planned:", "", "| n | paper | tier |", "|---|---|---|"]
            lines += [f"| {p['n']} | {_paper_cell(p)} | {p.get('tier', '')} |" for p in planned]
            lines.append("")
        skipped = [p for p in papers if p["status"] == "out of scope"]
        if skipped:
            lines += ["Out of scope:", "", "| n | paper | why |", "|---|---|---|"]
            lines += [f"| {p['n']} | {_paper_cell(p)} | {_cell(p['note'])} |" for p in skipped]
            lines.append("")
    return "\n".join(lines)


README_START, README_END = "<!-- chapters:start -->", "<!-- chapters:end -->"


def render_readme_chapters(cat: dict, found: dict[str, Chapter]) -> str:
    """The chapter table of the README (between its ``chapters`` markers)."""
    by_doc = {p["chapter"]: p for p in cat["papers"] if p.get("chapter")}
    lines = ["| chapter | paper | status | runtime |", "|---|---|---|---|"]
    for ch in found.values():
        p = by_doc.get(ch.doc, {"title": "?", "year": None, "status": "not in catalogue"})
        lines.append(f"| `{ch.doc}` | {_paper_cell(p)} | {p['status']} | {_runtime_cell(ch.runtime())} |")
    return "\n".join(lines)


def update_readme(text: str, table: str) -> str:
    """``text`` (the README) with the chapter table between the markers replaced by ``table``."""
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    return text[:start] + "\n" + table + "\n" + text[end:]


def status_page_path() -> Path:
    return root() / "book" / STATUS_PAGE
