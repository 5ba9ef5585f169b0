"""Seed sweeps (`minirepro sweep`, `minirepro record`) and the seed-robustness record, on a tiny book."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import nbformat
import pytest

from minirepro import book, cli, pages, robustness, sweep

SEEDED = ("import minirepro as mr\nrun = mr.config.init()",
          "mr.check.less(run.seed % 2, 0.5, what='seed parity')\nmr.check.greater(1.0, 0.0, what='always')")
TROUBLE = ("import os\nseed = int(os.environ['MINIREPRO_SEED'])",  # seed 100 raises, seed 101 kills its kernel
           "if seed % 2:\n    os._exit(1)\nraise RuntimeError('boom')")
SLEEPING = ("import time\ntime.sleep(60)",)


def _notebook(cells: tuple[str, ...]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A swept chapter\n")] + [nbformat.v4.new_code_cell(c) for c in cells]
    nb.cells[-1].metadata["tags"] = ["reproduction-check"]
    return nb


@pytest.fixture
def sweep_book(tiny_book: Path) -> Path:
    """The tiny book plus two catalogued chapters: one whose check holds on even seeds only, and one
    that raises on even seeds and whose kernel dies on odd seeds."""
    folder = tiny_book / "book" / "swept"
    folder.mkdir()
    entries = ""
    for n, (name, cells) in enumerate([("seeded", SEEDED), ("trouble", TROUBLE)], start=4):
        nbformat.write(_notebook(cells), folder / f"{name}.ipynb")
        entries += (f"  - {{n: {n}, title: Paper {n}, year: 2024, arxiv: null, theme: toy, part: tiny, tier: A,\n"
                    f"     status: reproduced, chapter: swept/{name}, bibkey: tiny2024, scaled: nothing}}\n")
    catalogue = tiny_book / "book" / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text() + entries)
    return tiny_book


def run_cli(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _header(root: Path, name: str) -> str:
    return nbformat.read(root / "book" / "swept" / f"{name}.ipynb", as_version=4).cells[0].source


# ---------------------------------------------------------------- the sweep on a local cluster


def test_sweep_records_errors_resumes_and_folds_into_the_record(sweep_book, tmp_path, capsys):
    out = tmp_path / "runs"
    argv = ("sweep", "seeded", "trouble", "--seeds", "100-101", "--workers", "2", "--out", str(out))
    code, stdout, err = run_cli(capsys, *argv)
    assert code == 1, err  # some runs ended in an error; the sweep carried on
    runs = {(r["chapter"], r["seed"]): r for r in sweep.read_runs(out)}
    assert len(runs) == 4 and len(list(out.glob("*.json"))) == 4
    assert runs["seeded", 100]["all_hold"] and not runs["seeded", 101]["all_hold"]
    parity = runs["seeded", 101]["checks"][0]
    assert parity == {"what": "seed parity", "kind": "less", "value": 1.0, "bound": [0.5], "expected": "< 0.5",
                      "passed": False}
    assert runs["seeded", 101]["checks"][1]["passed"], "sweep mode evaluates the checks after a failing one"
    assert runs["trouble", 100]["error"] == "cell 2: RuntimeError: boom"
    assert runs["trouble", 101]["error"] == "cell 2: the kernel died"
    assert runs["seeded", 100]["cpu_seconds"] > 0 and runs["seeded", 100]["code_hash"] == robustness.code_hash(
        nbformat.read(sweep_book / "book" / "swept" / "seeded.ipynb", as_version=4))
    assert "[4/4]" in err  # one plain line per finished run when stderr is not a terminal
    assert "seeded   100–101  0       1 / 2" in stdout and "seed parity (1 / 2)" in stdout
    assert "throughput: 4 runs" in stdout

    # resume: only the missing run is executed; the others are left as they were
    missing = next(out.glob("trouble.book.seed100.*.json"))
    missing.unlink()
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    code, stdout, err = run_cli(capsys, *argv)
    assert "4 run(s): 3 already in" in err and "1 to run" in err
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p != missing} == before
    assert missing.is_file() and "throughput: 1 runs" in stdout
    assert run_cli(capsys, *argv)[2].startswith("4 run(s): 4 already in")  # nothing left: no cluster at all

    # the record, the status page and the chapter header
    code, stdout, err = run_cli(capsys, "record", str(out))
    assert code == 0, err
    record = robustness.load_record(sweep_book / "book" / robustness.RECORD_FILE)
    seeded = record["seeded"]["book"]
    assert seeded["seeds"] == [100, 101] and seeded["all_hold"] == 1 and seeded["errors"] == 0
    assert seeded["checks"] == [{"what": "seed parity", "passed": 1}, {"what": "always", "passed": 2}]
    assert seeded["failures"] == {101: ["seed parity"]}
    assert record["trouble"]["book"]["errors"] == 2
    assert ("**Seed robustness:** all checks hold on 1 / 2 seeds (100–101); weakest check: `seed parity` (1 / 2)"
            in _header(sweep_book, "seeded"))
    assert "all checks hold on 0 / 2 seeds (100–101); 2 runs ended in an error" in _header(sweep_book, "trouble")
    status = (sweep_book / "book" / "status.md").read_text()
    assert "| **reproduced** | — | 1 / 2 seeds |" in status
    assert run_cli(capsys, "status", "--check")[0] == 0


def test_a_run_past_its_timeout_is_an_error(sweep_book):
    chapter = book.Chapter("sleeping", "swept/sleeping", sweep_book / "book" / "swept" / "sleeping.ipynb")
    nbformat.write(_notebook(SLEEPING), chapter.path)
    job, = sweep.make_jobs([chapter], [3], "book", timeout=2)
    run = sweep.run_job(job)
    assert run["error"] == "cell 1: timed out: the run took more than 2 s" and not run["all_hold"]
    assert 2 <= run["wall_seconds"] < 30


# ---------------------------------------------------------------- bad input: one line, exit code 2, nothing written


@pytest.mark.parametrize("argv, message", [
    (("sweep", "no-such-chapter", "--seeds", "1"), "unknown chapter 'no-such-chapter'"),
    (("sweep", "seeded", "--seeds", "9-3"), "the range 9-3 is empty"),
    (("sweep", "seeded", "--seeds", "x"), "--seeds 'x' is not valid"),
    (("sweep", "seeded", "--seeds", "-1"), "--seeds '-1' is not valid"),
    (("sweep", "--seeds", "1"), "name the chapters to sweep, or give --all"),
    (("sweep", "seeded", "--all", "--seeds", "1"), "name the chapters to sweep, or give --all"),
    (("sweep", "seeded", "--seeds", "1", "--scale", "huge"), "--scale 'huge' is not valid"),
    (("sweep", "seeded", "--seeds", "1", "--workers", "0"), "must be positive"),
    (("sweep", "seeded", "--seeds", "1", "--timeout", "-5"), "must be positive"),
    (("sweep", "seeded", "--seeds", "1", "--scheduler", "tcp://127.0.0.1:1"), "cannot reach the Dask scheduler"),
    (("record", "no-such-folder"), "is not a folder of sweep runs"),
])
def test_bad_input_is_one_line_exit_code_2_and_writes_nothing(sweep_book, tmp_path, capsys, monkeypatch, argv,
                                                             message):
    monkeypatch.setattr(sweep, "CONNECT_TIMEOUT_S", 1)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "runs"
    argv = argv + (("--out", str(out)) if argv[0] == "sweep" else ())
    code, stdout, err = run_cli(capsys, *argv)
    assert code == 2 and stdout == ""
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists() and not (sweep_book / "book" / robustness.RECORD_FILE).exists()


def test_an_output_path_that_is_a_file_is_exit_code_2(sweep_book, tmp_path, capsys):
    target = tmp_path / "a-file"
    target.write_text("x")
    for out in (target, target / "below"):
        code, _, err = run_cli(capsys, "sweep", "seeded", "--seeds", "1", "--out", str(out))
        assert code == 2 and "is not a folder" in err
    assert target.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_output_folder_is_exit_code_2(sweep_book, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    code, _, err = run_cli(capsys, "sweep", "seeded", "--seeds", "1", "--out", str(locked / "runs"))
    assert code == 2 and "cannot write to output folder" in err


def test_a_record_folder_without_runs_is_exit_code_2(sweep_book, tmp_path, capsys):
    code, _, err = run_cli(capsys, "record", str(tmp_path))
    assert code == 2 and "holds no sweep run files" in err


# ---------------------------------------------------------------- pure parts


def test_parse_seeds():
    assert sweep.parse_seeds("100-103") == [100, 101, 102, 103]
    assert sweep.parse_seeds("7") == [7]
    assert sweep.parse_seeds("5-6, 1,5") == [1, 5, 6]
    for bad in ("", "a-b", "3-1", "1-", "1.5", f"0-{10**9}"):
        with pytest.raises(sweep.BadInput):
            sweep.parse_seeds(bad)


def test_code_hash_ignores_outputs_and_prose_but_not_code():
    nb = _notebook(SEEDED)
    h = robustness.code_hash(nb)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells[1].execution_count = 3
    nb.cells[0].source += "\nMore prose."
    assert robustness.code_hash(nb) == h
    nb.cells[2].source = nb.cells[2].source.replace("0.5", "0.6")
    assert robustness.code_hash(nb) != h


def _run(chapter: str, seed: int, code: str, passed: dict[str, bool], error: str | None = None,
         when: str = "2026-01-01T00:00:00+00:00") -> dict:
    checks = [{"what": w, "passed": ok} for w, ok in passed.items()]
    return {"chapter": chapter, "seed": seed, "scale": "book", "code_hash": code, "git_commit": "abc",
            "started_utc": when, "error": error, "checks": checks,
            "all_hold": error is None and all(passed.values())}


def test_fold_merges_seeds_of_the_same_code_and_replaces_older_code():
    first = [_run("a", s, "h1", {"x": True, "y": s != 2}) for s in (1, 2)]
    record, notes = robustness.fold({}, first, {"a": "h1"})
    assert record["a"]["book"]["all_hold"] == 1 and notes == []
    later = [_run("a", 3, "h1", {"x": True, "y": True}, when="2026-02-01T00:00:00+00:00"),
             _run("a", 2, "h1", {"x": True, "y": True}, when="2026-02-01T00:00:00+00:00")]  # seed 2 again
    record, _ = robustness.fold(record, later, {"a": "h1"})
    entry = record["a"]["book"]
    assert entry["seeds"] == [1, 2, 3] and entry["all_hold"] == 3 and entry["date"] == "2026-02-01"
    assert entry["checks"] == [{"what": "x", "passed": 3}, {"what": "y", "passed": 3}] and entry["failures"] == {}
    record, _ = robustness.fold(record, [_run("a", 9, "h2", {"x": False})], {"a": "h2"})
    assert record["a"]["book"]["seeds"] == [9] and record["a"]["book"]["code_hash"] == "h2"


def test_fold_leaves_out_runs_of_other_code_and_chapters_no_longer_in_the_book():
    record = {"gone": {"book": {"code_hash": "g", "seeds": [1], "all_hold": 1, "errors": 0, "checks": []}}}
    runs = [_run("a", 1, "old", {"x": True}), _run("b", 1, "hb", {"x": True})]
    record, notes = robustness.fold(record, runs, {"a": "new"})
    assert record == {}
    assert notes == ["dropped the record of gone, which is not in the book",
                     "left out 1 run(s): a ran on other code than its code now",
                     "left out 1 run(s): b is not in the book"]


def test_a_record_of_other_code_is_stale():
    record, _ = robustness.fold({}, [_run("a", s, "h1", {"x": True}) for s in (100, 101)], {"a": "h1"})
    current = robustness.summarize(record, "a", "h1")
    assert robustness.status_cell(current) == "2 / 2 seeds"
    assert robustness.header_words(current) == "all checks hold on 2 / 2 seeds (100–101)"
    stale = robustness.summarize(record, "a", "h2")
    assert robustness.status_cell(stale) == "stale"
    assert robustness.header_words(stale) == "record stale (the code changed since the sweep)"
    none = robustness.summarize(record, "b", "h")
    assert (robustness.status_cell(none), robustness.header_words(none)) == ("—", "not yet swept")


def test_the_record_survives_a_round_trip_through_yaml(tmp_path):
    runs = [_run("a", 1, "h", {"x": True, "y": False}),
            _run("a", 2, "h", {"x": True}, error="cell 3: the kernel died")]  # an error counts against every check
    record, _ = robustness.fold({}, runs, {"a": "h"})
    assert record["a"]["book"]["checks"] == [{"what": "x", "passed": 1}, {"what": "y", "passed": 0}]
    path = tmp_path / robustness.RECORD_FILE
    path.write_text(robustness.dump_record(record))
    assert robustness.load_record(path) == record
    assert robustness.entry_from(robustness.outcomes_of(record["a"]["book"]), "h") == record["a"]["book"]
    assert robustness.outcomes_of(record["a"]["book"])[2].error == "cell 3: the kernel died"
    r = robustness.summarize(record, "a", "h")
    assert robustness.header_words(r) == ("all checks hold on 0 / 2 seeds (1–2); weakest check: `y` (0 / 2); "
                                          "1 run ended in an error")


def test_a_stale_record_shows_on_the_status_page_and_header(sweep_book):
    seeded = book.chapters()["seeded"]
    code = robustness.code_hash(seeded.notebook())
    record, _ = robustness.fold({}, [_run("seeded", 100, code, {"x": True})], {"seeded": code})
    cat = book.load_catalogue()
    paper = next(p for p in cat["papers"] if p.get("chapter") == "swept/seeded")
    header = pages.render_header(seeded, paper, cli._bib(), authors="A", year="2026", record=record)
    assert "**Seed robustness:** all checks hold on 1 / 1 seeds (100)\\" in header
    nb = nbformat.read(seeded.path, as_version=4)
    nb.cells[1].source += "\nx = 2"
    nbformat.write(nb, seeded.path)
    header = pages.render_header(seeded, paper, cli._bib(), authors="A", year="2026", record=record)
    assert "**Seed robustness:** record stale (the code changed since the sweep)" in header
    assert "| stale |" in book.render_status(cat, book.chapters(), record)


def test_seed_ranges():
    assert robustness.seed_ranges([100, 101, 102]) == "100–102"
    assert robustness.seed_ranges([7, 1, 2, 3, 9]) == "1–3, 7, 9"
    assert robustness.seed_ranges([]) == ""


def test_progress_is_a_live_line_on_a_terminal_and_plain_lines_otherwise():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    run = {"chapter": "a", "seed": 3, "error": None, "all_hold": False, "wall_seconds": 4.0,
           "checks": [{"what": "x", "passed": True}, {"what": "y", "passed": False}]}
    plain = io.StringIO()
    sweep.Progress(plain, total=4, workers=2).finished(run)
    assert plain.getvalue() == "[1/4] a seed 3: 1/2 checks hold, 4.0 s\n"
    screen = Terminal()
    progress = sweep.Progress(screen, total=4, workers=2)
    progress.finished(run)
    assert screen.getvalue().endswith("1/4 done · 0 errors · 1 with failing checks · 2 running · about 6 s left")


def test_summary_table_and_throughput():
    runs = [dict(_run("a", s, "h", {"x": True, "y": s < 101}), cpu_seconds=10.0) for s in (100, 101)]
    table = sweep.summary_table(runs).splitlines()
    assert table[0].split("  ")[0] == "chapter" and "y (1 / 2)" in table[1] and "1 / 2" in table[1]
    assert sweep.throughput(runs, 2, 12.5) == ("throughput: 2 runs, 20.0 CPU s on 2 worker(s): ideal 10.0 s, "
                                               "took 12.5 s (80 %)")


def test_run_files_are_named_by_chapter_scale_seed_and_code(tmp_path):
    job = sweep.Job("a", "p/a", 5, "book", "h", "{}", str(tmp_path))
    assert job.name() == "a.book.seed5.h.json"
    assert not sweep.is_done(job, tmp_path)
    sweep.write_run(tmp_path, job, dict(_run("a", 5, "h", {}, error="boom")))
    assert sweep.is_done(job, tmp_path) and not sweep.is_done(job, tmp_path, retry_errors=True)
    (tmp_path / "a.book.seed6.h.json").write_text("{half a fi")
    assert [r["seed"] for r in sweep.read_runs(tmp_path)] == [5]
    assert json.loads((tmp_path / job.name()).read_text())["error"] == "boom"
