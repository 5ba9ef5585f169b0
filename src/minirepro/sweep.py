"""Seed sweeps on Dask distributed: every chapter × seed run is one task.

    minirepro sweep CHAPTER ... | --all --seeds 100-109 [--scale book|paper]
                    [--workers N | --scheduler tcp://HOST:PORT] [--out sweeps] [--timeout S] [--record]

A task executes a copy of the chapter in a fresh kernel (:func:`minirepro.execute.execute`) with
``MINIREPRO_SEED`` and ``MINIREPRO_SCALE`` set and the checks in sweep mode (``MINIREPRO_CHECKS=all``:
every check is evaluated and reported, none raises; ``MINIREPRO_CHECK_LOG``: each is appended to a
file the task reads back). It returns one *run*: a dict with the chapter, seed, scale, the code hash
of the notebook (:func:`minirepro.robustness.code_hash`), the git commit, every check's result, the
wall and CPU time and, if the run raised, timed out or its kernel or worker died, the error.

The submitting process writes each run as soon as it arrives, as its own JSON file in the output
folder, named by chapter, scale, seed and code hash. A run whose file exists is not repeated, so an
interrupted sweep resumes where it stopped, and a chapter whose code changed is run again.

The cluster is a :class:`distributed.LocalCluster` of single-threaded worker processes, or any
running Dask scheduler (``--scheduler``): Slurm or PBS through dask-jobqueue, or ``dask scheduler``
and ``dask worker --nthreads 1`` on a set of machines (see ``book/sweeps.md``). Dask is imported
only when a sweep starts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, TextIO

from minirepro import robustness
from minirepro.check import LOG_ENV, MODE_ENV, read_log

DEFAULT_OUT = "sweeps"  # relative to the book's root; in .gitignore
CONNECT_TIMEOUT_S = 5  # how long to try reaching a --scheduler before giving up
MAX_RUNS = 100_000  # more chapter × seed runs than this is a typo in --seeds
MAX_SEED = 2**63 - 1
ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")  # book scale: one CPU thread
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Dask settings of the local cluster. Its runs are minutes of CPU, not milliseconds: no retry of a run whose
# worker died (it is recorded as an error), no profiler, slower monitors. This cuts the idle CPU of scheduler
# and workers from about 8 % of a core to about 1 %, which the kernels get instead.
LOCAL_CLUSTER_CONFIG = {
    "distributed.scheduler.allowed-failures": 0,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


class BadInput(ValueError):
    """Bad input to a sweep: reported in one line, exit code 2, nothing written."""


# ---------------------------------------------------------------- input


def parse_seeds(text: str) -> list[int]:
    """The seeds of ``--seeds``: ``100-109``, ``7`` or a list such as ``1,2,5-7``; sorted, unique."""
    usage = f"--seeds {text!r} is not valid; use a range such as 100-109 or a list such as 1,2,5-7"
    seeds: set[int] = set()
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m:
            raise BadInput(usage)
        low, high = int(m[1]), int(m[2] if m[2] is not None else m[1])
        if high < low:
            raise BadInput(f"--seeds {text!r}: the range {part.strip()} is empty; write it low-high")
        if high > MAX_SEED or len(seeds) + high - low >= MAX_RUNS:
            raise BadInput(f"--seeds {text!r} asks for too many or too large seeds")
        seeds.update(range(low, high + 1))
    return sorted(seeds)


def check_output(out: Path) -> None:
    """Raise :class:`BadInput` unless ``out`` is, or can be created as, a writable folder (creates nothing)."""
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {out} exists and is not a folder")
    base = out
    while not base.exists():
        base = base.parent
    if not base.is_dir():
        raise BadInput(f"--out {out}: {base} is not a folder")
    if not os.access(base, os.W_OK | os.X_OK):
        raise BadInput(f"cannot write to output folder {out}: permission denied")


# ---------------------------------------------------------------- jobs and run files


@dataclass(frozen=True)
class Job:
    """One chapter × seed run to do, with everything a worker needs (it need not see the book)."""

    chapter: str  # file stem, e.g. "deep-linear-dynamics"
    doc: str  # path in book/ without suffix
    seed: int
    scale: str  # "book" or "paper"
    code_hash: str  # of the notebook's code cells
    notebook: str  # the notebook as JSON, outputs removed
    folder: str  # the chapter's folder here: the kernel's working directory if it exists on the worker
    timeout: float | None = None  # seconds for the whole run
    commit: str | None = None  # git commit of the book being swept
    device: str | None = None  # MINIREPRO_DEVICE to pass on, if set here
    expected_seconds: float = 0.0  # last recorded runtime; longer runs are started first

    def name(self) -> str:
        """The run file's name: chapter, scale, seed and code hash."""
        return f"{self.chapter}.{self.scale}.seed{self.seed}.{self.code_hash}.json"


def without_outputs(nb: dict) -> dict:
    """A copy of the notebook with every code cell's outputs and execution count removed."""
    cells = []
    for cell in nb["cells"]:
        cell = dict(cell)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    return dict(nb, cells=cells)


def make_jobs(chapters: list, seeds: list[int], scale: str, *, timeout: float | None = None,
              commit: str | None = None, device: str | None = None) -> list[Job]:
    """One :class:`Job` per chapter (a :class:`minirepro.book.Chapter`) and seed, chapters in the given order."""
    jobs = []
    for ch in chapters:
        nb = ch.notebook()
        text, code = json.dumps(without_outputs(nb)), robustness.code_hash(nb)
        runtime = float(nb.get("metadata", {}).get("minirepro", {}).get("runtime_seconds") or 0.0)
        jobs += [Job(ch.name, ch.doc, seed, scale, code, text, str(ch.path.parent), timeout, commit, device, runtime)
                 for seed in seeds]
    return jobs


def read_run(path: Path) -> dict | None:
    """The run stored in ``path``, or None if it is missing or not a complete run file."""
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys = ("chapter", "seed", "scale", "code_hash", "checks")
    return run if isinstance(run, dict) and all(k in run for k in keys) else None


def is_done(job: Job, out: Path, retry_errors: bool = False) -> bool:
    """Whether ``out`` already holds this run (an errored one counts unless ``retry_errors``)."""
    run = read_run(out / job.name())
    return run is not None and not (retry_errors and run.get("error"))


def write_run(out: Path, job: Job, run: dict) -> Path:
    """Write ``run`` as ``out/<job name>`` atomically (a sweep killed mid-write leaves no half file)."""
    path = out / job.name()
    fd, tmp = tempfile.mkstemp(prefix=".run-", suffix=".json", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(run, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)
    return path


def read_runs(folder: Path) -> list[dict]:
    """Every run file in ``folder``."""
    runs = (read_run(p) for p in sorted(folder.glob("*.json")))
    return [r for r in runs if r is not None]


# ---------------------------------------------------------------- one run (on a worker)


def new_run(job: Job, *, started: datetime, wall: float, cpu: float, checks: list[dict], error: str | None,
            worker: str) -> dict:
    """The run record written to the run file."""
    return {
        "chapter": job.chapter,
        "doc": job.doc,
        "seed": job.seed,
        "scale": job.scale,
        "code_hash": job.code_hash,
        "git_commit": job.commit,
        "started_utc": started.isoformat(timespec="seconds"),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "worker": worker,
        "error": error,
        "all_hold": error is None and bool(checks) and all(c["passed"] for c in checks),
        "checks": checks,
    }


def kernel_env(job: Job, log: Path) -> dict[str, str]:
    """The kernel's environment: this process's without other MINIREPRO_ settings, plus the run's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIREPRO_")}
    env.update({"MINIREPRO_SCALE": job.scale, "MINIREPRO_SEED": str(job.seed), MODE_ENV: "all", LOG_ENV: str(log)})
    if job.device:
        env["MINIREPRO_DEVICE"] = job.device
    if job.scale == "book":
        env.update({k: "1" for k in ONE_THREAD})
    return env


def describe_failure(exc: BaseException, number: int | None, cell: dict | None, timeout: float | None) -> str:
    """One line saying why a run stopped: the failing cell (``number`` among code cells) and its error,
    a timeout, or a dead kernel."""
    where = f"cell {number}: " if number else ""
    kind = type(exc).__name__
    if kind == "CellTimeoutError":
        return f"{where}timed out: the run took more than {timeout:g} s" if timeout else f"{where}timed out"
    if kind == "DeadKernelError":
        return f"{where}the kernel died"
    for out in (cell or {}).get("outputs", []):
        if out.get("output_type") == "error":
            return where + f"{out.get('ename')}: {ANSI.sub('', out.get('evalue', ''))}"[:500]
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{where}{kind}: {ANSI.sub('', first)[:500]}"


def run_job(job: Job) -> dict:
    """Execute one chapter × seed in a fresh kernel and return its run record (never raises for the run's sake).

    The CPU time is the kernel's (read from this process's finished children), so a worker must run
    one job at a time: single-threaded workers.
    """
    import nbformat

    from minirepro.execute import _children_cpu, execute

    nb = nbformat.reads(job.notebook, as_version=4)
    started = datetime.now(timezone.utc)
    running: dict = {}  # the code cell running now and its number among code cells (from 1)

    def remember(k: int, n: int, cell) -> None:
        running.update(number=k + 1, cell=cell)

    with tempfile.TemporaryDirectory(prefix="minirepro-sweep-") as tmp:
        log = Path(tmp) / "checks.jsonl"
        cwd = Path(job.folder) if Path(job.folder).is_dir() else Path(tmp)
        wall0, cpu0, error = time.perf_counter(), _children_cpu(), None
        try:
            execute(nb, cwd=cwd, env=kernel_env(job, log), deadline=job.timeout, on_cell=remember)
        except Exception as exc:  # a cell raised, a timeout, a dead kernel, a kernel that did not start
            error = describe_failure(exc, running.get("number"), running.get("cell"), job.timeout)
        wall, cpu = time.perf_counter() - wall0, _children_cpu() - cpu0
        checks = read_log(log)
    return new_run(job, started=started, wall=wall, cpu=cpu, checks=checks, error=error,
                   worker=f"{socket.gethostname()}:{os.getpid()}")


def lost_run(job: Job, exc: BaseException) -> dict:
    """The run record of a task that never returned (its worker died, or the cluster lost it)."""
    if type(exc).__name__ == "KilledWorker":
        error = "the worker died while running it"
    else:
        error = f"the task failed: {type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0][:300]}"
    return new_run(job, started=datetime.now(timezone.utc), wall=0.0, cpu=0.0, checks=[], error=error, worker="")


# ---------------------------------------------------------------- progress and summary


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass
class Progress:
    """A sweep's progress on ``stream``: one live line on a terminal, one plain line per finished run otherwise."""

    stream: TextIO
    total: int  # runs to do in this sweep
    workers: int
    done: int = 0
    errors: int = 0
    failing: int = 0  # runs that finished but some check failed
    walls: list[float] = field(default_factory=list)

    def eta(self) -> str:
        """Estimated time left: mean wall time of the finished runs × runs left / workers."""
        if not self.walls:
            return "?"
        left = (self.total - self.done) * (sum(self.walls) / len(self.walls)) / max(1, self.workers)
        return _duration(left)

    def line(self) -> str:
        """``12/40 done · 1 error · 3 with failing checks · 2 running · about 3 min left``."""
        running = min(self.workers, self.total - self.done)
        return (f"{self.done}/{self.total} done · {self.errors} error{'s' if self.errors != 1 else ''} · "
                f"{self.failing} with failing checks · {running} running · about {self.eta()} left")

    def start(self) -> None:
        if self.stream.isatty():
            self.stream.write("\r\x1b[2K" + self.line())
            self.stream.flush()

    def finished(self, run: dict) -> None:
        """Count one finished run and show it."""
        self.done += 1
        self.errors += bool(run["error"])
        self.failing += not run["error"] and not run["all_hold"]
        self.walls.append(run["wall_seconds"])
        if self.stream.isatty():
            self.stream.write("\r\x1b[2K" + self.line())
        else:
            self.stream.write(f"[{self.done}/{self.total}] {run_line(run)}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream.isatty():
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def run_line(run: dict) -> str:
    """One line about a finished run: ``chapter seed 103: 11/12 checks hold, 7.2 s`` or its error."""
    head = f"{run['chapter']} seed {run['seed']}"
    if run["error"]:
        return f"{head}: ERROR {run['error']}"
    ok = sum(c["passed"] for c in run["checks"])
    return f"{head}: {ok}/{len(run['checks'])} checks hold, {run['wall_seconds']:.1f} s"


def summary_rows(runs: list[dict]) -> list[tuple[str, ...]]:
    """Per chapter and scale: seeds, errors, seeds on which all checks hold, checks holding on every seed, weakest."""
    groups: dict[tuple[str, str, str], dict[int, robustness.Outcome]] = {}
    for run in runs:
        key = (run["chapter"], run["scale"], run["code_hash"])
        groups.setdefault(key, {})[run["seed"]] = robustness.outcome_of(run)
    rows = []
    for (chapter, scale, code), outcomes in sorted(groups.items()):
        entry = robustness.entry_from(outcomes, code)
        r = robustness.summarize({chapter: {scale: entry}}, chapter, code, scale)
        n = len(entry["seeds"])
        solid = sum(c["passed"] == n for c in entry["checks"])
        weakest = f"{r.weakest[0]} ({r.weakest[1]} / {n})" if r.weakest else "—"
        rows.append((chapter if scale == "book" else f"{chapter} ({scale})", robustness.seed_ranges(entry["seeds"]),
                     str(entry["errors"]), f"{entry['all_hold']} / {n}", f"{solid} / {len(entry['checks'])}", weakest))
    return rows


def summary_table(runs: list[dict]) -> str:
    """The plain-text table printed at the end of a sweep."""
    head = ("chapter", "seeds", "errors", "all checks hold", "checks holding on every seed", "weakest check")
    rows = [head] + summary_rows(runs)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows)


def throughput(runs: list[dict], workers: int, elapsed: float) -> str:
    """How close the sweep came to the ideal: the sum of the runs' CPU times / workers, against the wall time."""
    cpu = sum(r["cpu_seconds"] for r in runs)
    ideal = cpu / max(1, workers)
    share = f" ({100 * ideal / elapsed:.0f} %)" if elapsed > 0 else ""
    return (f"throughput: {len(runs)} runs, {cpu:.1f} CPU s on {workers} worker(s): ideal {ideal:.1f} s, "
            f"took {elapsed:.1f} s{share}")


# ---------------------------------------------------------------- the cluster


@contextlib.contextmanager
def cluster(scheduler: str | None, workers: int) -> Iterator[tuple[object, int]]:
    """A Dask client and its number of worker threads: a new local cluster, or the one at ``scheduler``.

    The local cluster has ``workers`` single-threaded worker processes and the settings
    :data:`LOCAL_CLUSTER_CONFIG`. Raises :class:`BadInput` when ``scheduler`` cannot be reached.
    """
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise BadInput(f"cannot reach the Dask scheduler at {scheduler}: {first}") from None
        with client:
            yield client, sum(client.nthreads().values())
        return
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.CRITICAL) as local, Client(local, set_as_default=False) as client:
            yield client, workers


def default_workers() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# ---------------------------------------------------------------- the sweep


@dataclass
class Report:
    """What a sweep did: every run of the requested jobs (new and resumed), and how the new ones went."""

    runs: list[dict]
    new: list[dict]
    workers: int
    elapsed: float  # wall seconds from starting the cluster to the last run


def run_all(client, jobs: list[Job], out: Path, progress: Progress) -> list[dict]:
    """Submit every job, write each run as it arrives, and return the runs in order of arrival."""
    from distributed import as_completed

    token = uuid.uuid4().hex[:8]
    futures = {client.submit(run_job, job, key=f"minirepro-run-{job.chapter}-{job.seed}-{token}",
                             priority=round(job.expected_seconds), retries=0): job for job in jobs}
    runs = []
    progress.start()
    for future in as_completed(futures, loop=client.loop):
        job = futures[future]
        try:
            run = future.result()
        except Exception as exc:  # the worker died, or the cluster lost the task
            run = lost_run(job, exc)
        future.release()
        write_run(out, job, run)
        runs.append(run)
        progress.finished(run)
    progress.close()
    return runs


def sweep(jobs: list[Job], out: Path, *, scheduler: str | None, workers: int, retry_errors: bool = False,
          stream: TextIO) -> Report:
    """Run the jobs whose run file is not in ``out`` yet on a Dask cluster; report all of them.

    Raises :class:`BadInput` (before anything is written) when ``scheduler`` cannot be reached.
    """
    todo = [j for j in jobs if not is_done(j, out, retry_errors)]
    plan = f"{len(jobs)} run(s): {len(jobs) - len(todo)} already in {out}, {len(todo)} to run"
    new: list[dict] = []
    elapsed, threads = 0.0, workers
    if not todo:
        stream.write(plan + "\n")
    else:
        start = time.perf_counter()
        with cluster(scheduler, min(workers, len(todo))) as (client, threads):
            out.mkdir(parents=True, exist_ok=True)
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local cluster"
            stream.write(f"{plan}, on {where} with {threads} worker thread(s)\n")
            if scheduler and any(n > 1 for n in client.nthreads().values()):
                stream.write("note: some workers run several threads; runs then share a worker and their CPU times "
                             "mix (start workers with --nthreads 1)\n")
            new = run_all(client, sorted(todo, key=lambda j: -j.expected_seconds), out,
                          Progress(stream, len(todo), max(1, threads)))
        elapsed = time.perf_counter() - start
    runs = [read_run(out / j.name()) for j in jobs]
    return Report([r for r in runs if r is not None], new, threads, elapsed)
