"""The ``minirepro`` command: list chapters, re-execute them, keep the status page current.

    minirepro list                                   chapters with paper, status, runtime
    minirepro run CHAPTER [--scale paper] [--seed N] [--out DIR]
                                                     execute a copy; export notebook, figures, provenance
    minirepro execute CHAPTER                        re-execute the committed notebook in place (authors)
    minirepro status [--write | --check]             print, write or verify book/status.md
    minirepro new NAME --paper N [--part PART]       start a chapter from the skeleton (authors)
    minirepro lint [CHAPTER ...]                     the chapter-structure checks, in plain words
    minirepro export CHAPTER ... --out DIR [--student] [--zip]
                                                     hand-outs: no outputs, solutions in an instructor file
    minirepro sweep CHAPTER ... | --all --seeds 100-109 [--scale S] [--workers N | --scheduler ADDRESS]
                    [--out DIR] [--timeout S] [--record]
                                                     every chapter x seed on Dask; one JSON file per run
    minirepro record DIR ...                         fold sweep runs into book/seed-robustness.yaml

Bad input (unknown chapter, bad scale or seed, unwritable output folder) prints one line and
exits with 2. A chapter whose cell fails prints that cell and its error and exits with 1.
"""

from __future__ import annotations

import argparse
import base64
import difflib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import nbformat
import yaml

from minirepro import book, check, pages, topics
from minirepro.config import SCALES, ConfigError, base_seed

CHECK_TAG = "reproduction-check"
PACKAGES = ("torch", "numpy", "scipy", "matplotlib", "scikit-learn", "minirepro", "nbclient", "ipykernel")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class UsageError(Exception):
    """Bad input from the user: reported in one line, exit code 2."""


# ---------------------------------------------------------------- helpers


def _chapter(name: str) -> book.Chapter:
    found = book.chapters()
    key = Path(name).stem
    if key in found:
        return found[key]
    close = _suggestions(key, list(found))
    hint = f"; did you mean {' or '.join(close)}?" if close else "; `minirepro list` shows every chapter"
    raise UsageError(f"unknown chapter {name!r}{hint}")


def _suggestions(key: str, names: list[str], n: int = 3) -> list[str]:
    """Names that start with or contain ``key``, else those whose start or one of whose words is
    spelled closest to it (``grokin`` -> ``grokking-progress-measures``)."""
    initials = {x: "".join(w[0] for w in x.split("-")) for x in names}  # ntk -> neural-tangent-kernel
    found = [x for x in names if x.startswith(key)] + [x for x in names if key in x and not x.startswith(key)]
    found += [x for x in names if len(key) > 1 and key in initials[x] and x not in found]
    if found:
        return found[:n]

    def score(name: str) -> float:
        parts = [name[:len(key)], *name.split("-")]
        return max(difflib.SequenceMatcher(None, key, part).ratio() for part in parts)

    ranked = sorted(names, key=score, reverse=True)
    return [x for x in ranked if score(x) >= 0.6][:n]


def _seed(text: str) -> int:
    try:
        return base_seed({"MINIREPRO_SEED": text or "?"})
    except ConfigError:
        raise UsageError(f"--seed {text!r} is not valid; use a non-negative integer such as 0, 1, 2") from None


def _writable_parent(out: Path) -> Path:
    """Create ``out``'s parent if needed and make sure we can write there, else UsageError."""
    parent = out.parent
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} exists and is not a folder")
        parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=".minirepro-probe-", dir=parent)
        Path(probe).rmdir()
    except OSError as exc:
        raise UsageError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None
    return parent


def _progress(stream):
    if not stream.isatty():
        return None

    def show(k: int, n: int, cell) -> None:
        first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")[:60]
        stream.write(f"\r\x1b[2K[{k + 1}/{n}] {first}")
        stream.flush()

    return show


def _failed_cell(nb) -> tuple[int, object, dict] | None:
    """The first code cell with an error output: (number among code cells, cell, error)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for k, cell in enumerate(code):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return k + 1, cell, out
    return None


def _execute_or_report(chapter: book.Chapter, nb, env: dict, extra_arguments: list[str] | None = None):
    """Execute ``nb`` with terminal progress; return its Timing, or print the failure and return None."""
    from minirepro.execute import execute

    error = None
    try:
        timing = execute(nb, cwd=chapter.path.parent, env=env, on_cell=_progress(sys.stderr),
                         extra_arguments=extra_arguments)
    except Exception as exc:  # a failing cell, or a kernel that died
        error = exc
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[2K")
    failed = _failed_cell(nb)
    if error is None and not failed:
        return timing
    if failed:
        k, cell, err = failed
        print(f"{chapter.name}: cell {k} failed: {err.get('ename')}: {ANSI.sub('', err.get('evalue', ''))}",
              file=sys.stderr)
        print("--- failing cell ---\n" + cell.source + "\n---", file=sys.stderr)
    else:
        print(f"{chapter.name}: execution failed: {error}", file=sys.stderr)
    return None


def _git_commit(root: Path) -> str | None:
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return sha.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def figures(nb) -> list[tuple[str, str, bytes]]:
    """Every figure in the executed notebook as (file stem, extension, bytes), png and pdf."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
        for k, out in enumerate(images):
            stem = name or f"cell{index:02d}"
            stem = stem if len(images) == 1 else f"{stem}-{k + 1}"
            for mime, ext in (("image/png", "png"), ("application/pdf", "pdf")):
                if mime in out["data"]:
                    found.append((stem, ext, base64.b64decode(out["data"][mime])))
    return found


def check_status(nb) -> str:
    """``passed`` / ``failed`` / ``absent`` for the cell tagged ``reproduction-check``."""
    cells = [c for c in nb.cells if CHECK_TAG in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return "absent"
    ran = all(c.get("execution_count") is not None for c in cells)
    errored = any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))
    return "failed" if errored or not ran else "passed"


# ---------------------------------------------------------------- commands


def cmd_list(args) -> int:
    cat = book.load_catalogue()
    by_doc = {p["chapter"]: p for p in cat["papers"] if p.get("chapter")}
    parts = [p["id"] for p in cat["parts"]]
    if args.part and args.part not in parts:
        raise UsageError(f"--part {args.part!r} is not valid; use one of: {', '.join(parts)}")
    if args.topic and args.topic not in topics.vocabulary(cat):
        raise UsageError(f"--topic {args.topic!r} is not valid; use one of: {', '.join(topics.vocabulary(cat))}")
    if args.status and args.status not in book.STATUSES:
        raise UsageError(f"--status {args.status!r} is not valid; use one of: {', '.join(book.STATUSES)}")
    rows = []
    for ch in book.chapters().values():
        p = by_doc.get(ch.doc, {})
        if (args.part and p.get("part") != args.part) or (args.status and p.get("status") != args.status):
            continue
        if args.topic and args.topic not in (p.get("topics") or []):
            continue
        runtime = ch.runtime()
        paper = f"{p.get('title', '?')} ({p.get('year') or 'n.d.'})"
        rows.append((ch.name, p.get("status", "not in catalogue"), "—" if runtime is None else f"{runtime:.0f} s", paper))
    widths = [max(len(r[i]) for r in rows + [("chapter", "status", "runtime", "")]) for i in range(3)]
    print(f"{'chapter':<{widths[0]}}  {'status':<{widths[1]}}  {'runtime':>{widths[2]}}  paper")
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}")
    return 0


def cmd_run(args) -> int:
    chapter = _chapter(args.chapter)
    if args.scale not in SCALES:
        raise UsageError(f"--scale {args.scale!r} is not valid; use one of: {', '.join(SCALES)}")
    seed = _seed(args.seed)
    root = book.root()
    out = Path(args.out) if args.out else root / "figures" / chapter.name
    out = out.resolve()
    parent = _writable_parent(out)

    nb = nbformat.read(chapter.path, as_version=4)
    env = dict(os.environ, MINIREPRO_SCALE=args.scale, MINIREPRO_SEED=str(seed))
    env.pop(check.MODE_ENV, None)  # the first failing check stops the run, as in the book
    fd, log = tempfile.mkstemp(prefix="minirepro-checks-", suffix=".jsonl")
    os.close(fd)
    env[check.LOG_ENV] = log
    print(f"running {chapter.name} (scale={args.scale}, seed={seed})", file=sys.stderr)
    started = datetime.now(timezone.utc)
    timing = _execute_or_report(chapter, nb, env, extra_arguments=[
        "--InlineBackend.figure_formats=png", "--InlineBackend.figure_formats=pdf"])
    checks = check.read_log(log)
    os.unlink(log)
    if timing is None:
        print("nothing was written", file=sys.stderr)
        return 1

    provenance = {
        "chapter": chapter.name,
        "notebook": chapter.path.relative_to(root).as_posix(),
        "git_commit": _git_commit(root),
        "scale": args.scale,
        "seed": seed,
        "started_utc": started.isoformat(timespec="seconds"),
        "wall_seconds": round(timing.wall, 1),
        "cpu_seconds": round(timing.cpu, 1),
        "reproduction_check": check_status(nb),
        "checks": checks,
        "versions": _versions(),
        "platform": platform.platform(),
    }
    exported = figures(nb)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=parent))
    try:
        nbformat.write(nb, staging / f"{chapter.name}.ipynb")
        for stem, ext, data in exported:
            (staging / f"{stem}.{ext}").write_bytes(data)
        (staging / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None
    n_fig = len({stem for stem, _, _ in exported})
    print(f"{chapter.name}: reproduction check {provenance['reproduction_check']}, {timing.wall:.1f} s; "
          f"wrote the notebook, {n_fig} figure(s) as PNG and PDF and provenance.json to {out}")
    return 0


def cmd_execute(args) -> int:
    chapter = _chapter(args.chapter)
    nb = nbformat.read(chapter.path, as_version=4)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIREPRO_")}
    env["MINIREPRO_ROOT"] = str(book.root())
    timing = _execute_or_report(chapter, nb, env)
    if timing is None:
        print(f"{chapter.name}: the committed notebook was left unchanged", file=sys.stderr)
        return 1
    seconds = timing.cpu  # the budget counts CPU time on one thread; robust to other jobs on the machine
    nb.metadata.setdefault("minirepro", {})["runtime_seconds"] = round(seconds, 1)
    nbformat.write(nb, chapter.path)
    _write_status()
    flag = "" if seconds <= book.BUDGET_SECONDS else f"  OVER THE {book.BUDGET_SECONDS:.0f} s BUDGET"
    print(f"{chapter.name}: executed in {seconds:.1f} CPU s ({timing.wall:.1f} s wall, {check_status(nb)} check){flag}; "
          "status page updated")
    return 0 if seconds <= book.BUDGET_SECONDS else 1


def cmd_new(args) -> int:
    from minirepro.scaffold import ScaffoldError, new_chapter

    try:
        path = new_chapter(args.name, args.paper, args.part)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    _write_status()
    doc = path.relative_to(book.root()).as_posix()
    print(f"created {doc}, listed in _toc.yml and book/catalogue.yaml (status stays planned);\n"
          f"fill in the TODO(new) markers, then: make chapter NAME={args.name} && minirepro lint {args.name}")
    return 0


def cmd_lint(args) -> int:
    from minirepro import lint

    found = book.chapters()
    names = args.chapters or list(found)
    chapters = [_chapter(n) for n in names]
    cat, toc = book.load_catalogue(), (book.root() / "_toc.yml").read_text(encoding="utf-8")
    bad = 0
    for ch in chapters:
        problems = lint.findings(ch, lint.context(ch, cat, toc))
        bad += bool(problems)
        print(f"{ch.doc}: " + ("in shape" if not problems else f"{len(problems)} problem(s)"))
        for p in problems:
            print(f"  - {p}")
    return 1 if bad else 0


def cmd_sweep(args) -> int:
    from minirepro import sweep

    if args.all == bool(args.chapters):
        raise UsageError("name the chapters to sweep, or give --all (not both)")
    chapters = list(book.chapters().values()) if args.all else [_chapter(n) for n in dict.fromkeys(args.chapters)]
    if args.scale not in SCALES:
        raise UsageError(f"--scale {args.scale!r} is not valid; use one of: {', '.join(SCALES)}")
    if args.scheduler and args.workers is not None:
        raise UsageError("--workers sizes the local cluster; with --scheduler the cluster's own workers run the sweep")
    workers = sweep.default_workers() if args.workers is None else args.workers
    if workers < 1 or (args.timeout is not None and args.timeout <= 0):
        raise UsageError("--workers and --timeout must be positive")
    root = book.root()
    out = (Path(args.out) if args.out else root / sweep.DEFAULT_OUT).resolve()
    try:
        seeds = sweep.parse_seeds(args.seeds)
        sweep.check_output(out)
        jobs = sweep.make_jobs(chapters, seeds, args.scale, timeout=args.timeout, commit=_git_commit(root),
                               device=os.environ.get("MINIREPRO_DEVICE"))
        report = sweep.sweep(jobs, out, scheduler=args.scheduler, workers=workers, retry_errors=args.retry_errors,
                             stream=sys.stderr)
    except sweep.BadInput as exc:
        raise UsageError(str(exc)) from None
    except KeyboardInterrupt:
        print(f"\ninterrupted: the finished runs are in {out}; run the same command again to resume", file=sys.stderr)
        return 130
    print(sweep.summary_table(report.runs))
    if report.new:
        print(sweep.throughput(report.new, report.workers, report.elapsed))
    if args.record:
        _fold_record(report.runs)
    return 1 if any(r["error"] for r in report.runs) else 0


def cmd_record(args) -> int:
    from minirepro import sweep

    runs = []
    for folder in map(Path, args.folders):
        if not folder.is_dir():
            raise UsageError(f"{folder} is not a folder of sweep runs")
        found = sweep.read_runs(folder)
        if not found:
            raise UsageError(f"{folder} holds no sweep run files")
        runs += found
    _fold_record(runs)
    return 0


def _fold_record(runs: list[dict]) -> None:
    """Fold sweep runs into the book's seed-robustness record, then regenerate the status page and headers."""
    from minirepro import robustness

    path = book.root() / "book" / robustness.RECORD_FILE
    current = {name: robustness.code_hash(ch.notebook()) for name, ch in book.chapters().items()}
    record, notes = robustness.fold(book.robustness_record(), runs, current)
    path.write_text(robustness.dump_record(record), encoding="utf-8")
    for note in notes:
        print(f"minirepro: {note}", file=sys.stderr)
    _write_status()
    print(f"folded {len(runs)} run(s) into {path.relative_to(book.root())}; status page and chapter headers updated")


def cmd_export(args) -> int:
    from minirepro import export

    chapters = [_chapter(n) for n in args.chapters]
    out = Path(args.out).resolve()
    _writable_parent(out)
    try:
        (out / "instructor").mkdir(parents=True, exist_ok=True)
        for ch in chapters:
            nb = ch.notebook()
            if args.student:
                nb, solutions = export.student_notebook(nb)
                sheet = export.instructor_sheet(ch.title(), solutions)
                (out / "instructor" / f"{ch.name}-solutions.md").write_text(sheet, encoding="utf-8")
            nbformat.write(nbformat.from_dict(nb), out / f"{ch.name}.ipynb")
        if args.zip:
            import zipfile

            with zipfile.ZipFile(out / "handout.zip", "w", zipfile.ZIP_DEFLATED) as z:
                for ch in chapters:
                    z.write(out / f"{ch.name}.ipynb", f"{out.name}/{ch.name}.ipynb")
    except OSError as exc:
        raise UsageError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None
    what = "student notebooks (no outputs, no solutions)" if args.student else "notebooks"
    print(f"wrote {len(chapters)} {what} to {out}" + (f", solutions to {out / 'instructor'}" if args.student else "")
          + (f", and {out / 'handout.zip'}" if args.zip else ""))
    return 0


def _book_config() -> dict:
    path = book.root() / "_config.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def _bib() -> dict[str, str]:
    path = book.root() / "book" / "references.bib"
    return pages.bib_entries(path.read_text(encoding="utf-8")) if path.exists() else {}


def _generated() -> dict[Path, str | bytes]:
    """The generated files (status page, README chapter table, gallery and its thumbnails) and their content."""
    cat, found, bib = book.load_catalogue(), book.chapters(), _bib()
    out: dict[Path, str | bytes] = {book.status_page_path(): book.render_status(cat, found)}
    readme = book.root() / "README.md"
    if readme.exists():
        out[readme] = book.update_readme(readme.read_text(encoding="utf-8"), book.render_readme_chapters(cat, found))
    out[book.root() / "book" / pages.GALLERY_PAGE] = pages.render_gallery(cat, found, bib)
    if cat.get("topics"):
        out[book.root() / "book" / topics.PAGE] = topics.render_page(cat)
    for part in cat["parts"]:
        index = book.root() / "book" / part["id"] / "index.md"
        if index.exists():
            block = pages.render_part_chapters(part["id"], cat, found, bib)
            out[index] = pages.with_part_chapters(index.read_text(encoding="utf-8"), block)
    for ch in found.values():
        thumb = pages.chapter_thumbnail(ch.notebook())
        if thumb:
            out[book.root() / "book" / pages.GALLERY_DIR / f"{ch.name}.png"] = thumb
    return out


def _headers() -> dict[Path, str]:
    """Each chapter whose header box is stale, with the first cell's source it should have."""
    cat, found, bib, conf = book.load_catalogue(), book.chapters(), _bib(), _book_config()
    by_doc = {p["chapter"]: p for p in cat["papers"] if p.get("chapter")}
    authors, year = conf.get("author", "The Papers in Miniature authors"), str(conf.get("copyright", ""))
    stale = {}
    for ch in found.values():
        if ch.doc not in by_doc:
            continue
        source = "".join(ch.notebook()["cells"][0]["source"])
        header = pages.render_header(ch, by_doc[ch.doc], bib, authors=authors, year=year,
                                     topics=topics.header_line(by_doc[ch.doc], cat))
        new = pages.with_header(source, header)
        if new != source:
            stale[ch.path] = new
    return stale


def _leftovers(generated: dict[Path, str | bytes]) -> list[Path]:
    """Thumbnails of chapters that no longer exist."""
    folder = book.root() / "book" / pages.GALLERY_DIR
    return sorted(p for p in folder.glob("*.png") if p not in generated) if folder.is_dir() else []


def _stale() -> list[Path]:
    generated = _generated()
    out = [p for p, content in generated.items() if not p.exists() or _read(p, content) != content]
    return out + _leftovers(generated) + list(_headers())


def _read(path: Path, like: str | bytes) -> str | bytes:
    return path.read_bytes() if isinstance(like, bytes) else path.read_text(encoding="utf-8")


def _write_status() -> bool:
    changed = False
    generated = _generated()
    for path, content in generated.items():
        if not path.exists() or _read(path, content) != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
            changed = True
    for path in _leftovers(generated):
        path.unlink()
        changed = True
    for path, source in _headers().items():
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source = source
        nbformat.write(nb, path)
        changed = True
    return changed


def cmd_status(args) -> int:
    cat = book.load_catalogue()
    found = book.chapters()
    problems = book.catalogue_problems(cat, found)
    for p in problems:
        print(f"minirepro: {p}", file=sys.stderr)
    if problems:
        return 1
    if args.write:
        print(f"status page, README table, gallery and chapter headers {'updated' if _write_status() else 'already up to date'}")
        return 0
    if args.check:
        stale = _stale()
        for path in stale:
            print(f"minirepro: {path.name} is out of date; run `minirepro status --write`", file=sys.stderr)
        if not stale:
            print("status page, README table, gallery and chapter headers are up to date")
        return 1 if stale else 0
    print(book.render_status(cat, found))
    return 0


# ---------------------------------------------------------------- entry point


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit code 2, instead of argparse's usage dump
        self.exit(2, f"minirepro: error: {message} (see minirepro --help)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="minirepro", description="Papers in Miniature: list and re-execute chapters.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ls = sub.add_parser("list", help="every chapter with its status and last measured runtime")
    ls.add_argument("--part", default=None, help="only the chapters of this part (catalogue part id)")
    ls.add_argument("--status", default=None, help="only the chapters with this status, e.g. partial")
    ls.add_argument("--topic", default=None, help="only the chapters with this topic id, e.g. ntk (see book/topics.md)")
    ls.set_defaults(func=cmd_list)
    r = sub.add_parser("run", help="execute a chapter in a fresh kernel and export notebook, figures, provenance")
    r.add_argument("chapter", help="chapter name, e.g. deep-linear-dynamics")
    r.add_argument("--scale", default="book", help="book (default) or paper")
    r.add_argument("--seed", default="0", help="base seed, a non-negative integer (default 0)")
    r.add_argument("--out", default=None, help="output folder (default figures/<chapter>/)")
    r.set_defaults(func=cmd_run)
    e = sub.add_parser("execute", help="re-execute the committed notebook in place at book scale (authors)")
    e.add_argument("chapter")
    e.set_defaults(func=cmd_execute)
    n = sub.add_parser("new", help="start a chapter: skeleton notebook, _toc.yml and catalogue entries")
    n.add_argument("name", help="chapter name, lowercase words joined by hyphens, e.g. koopman-residuals")
    n.add_argument("--paper", type=int, required=True, help="the paper's number n in book/catalogue.yaml")
    n.add_argument("--part", default=None, help="book part (default: the paper's part in the catalogue)")
    n.set_defaults(func=cmd_new)
    li = sub.add_parser("lint", help="check the shape of chapters (the structure tests), in plain words")
    li.add_argument("chapters", nargs="*", help="chapter names (default: every chapter)")
    li.set_defaults(func=cmd_lint)
    sw = sub.add_parser("sweep", help="run chapters over many base seeds on a Dask cluster (one JSON file per run)")
    sw.add_argument("chapters", nargs="*", help="chapter names (or --all)")
    sw.add_argument("--all", action="store_true", help="every chapter of the book")
    sw.add_argument("--seeds", required=True, help="base seeds: a range such as 100-109, or a list such as 1,2,5-7")
    sw.add_argument("--scale", default="book", help="book (default) or paper")
    sw.add_argument("--workers", type=int, default=None,
                    help="single-threaded worker processes of the local cluster (default: one per core)")
    sw.add_argument("--scheduler", default=None, help="address of a running Dask scheduler, e.g. tcp://host:8786")
    sw.add_argument("--out", default=None, help="folder of run files (default: sweeps/ in the book)")
    sw.add_argument("--timeout", type=float, default=None, help="seconds a run may take before it is stopped")
    sw.add_argument("--retry-errors", action="store_true", help="run again the runs that ended in an error")
    sw.add_argument("--record", action="store_true", help="fold the runs into book/seed-robustness.yaml")
    sw.set_defaults(func=cmd_sweep)
    rec = sub.add_parser("record", help="fold sweep run files into book/seed-robustness.yaml and refresh the pages")
    rec.add_argument("folders", nargs="+", help="folders of sweep run files")
    rec.set_defaults(func=cmd_record)
    x = sub.add_parser("export", help="chapters as hand-outs: --student drops outputs and exercise solutions")
    x.add_argument("chapters", nargs="+", help="chapter names")
    x.add_argument("--out", required=True, help="output folder")
    x.add_argument("--student", action="store_true",
                   help="no outputs and no solutions; the solutions go to OUT/instructor/<chapter>-solutions.md")
    x.add_argument("--zip", action="store_true", help="also bundle the notebooks as OUT/handout.zip")
    x.set_defaults(func=cmd_export)
    s = sub.add_parser("status", help="print, write or check the generated status page")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="write book/status.md")
    g.add_argument("--check", action="store_true", help="fail if book/status.md is out of date")
    s.set_defaults(func=cmd_status)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"minirepro: error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as exc:  # no book here, or a malformed catalogue
        print(f"minirepro: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
