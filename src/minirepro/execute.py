"""Execute a chapter notebook in a fresh kernel (used by ``make chapter`` and ``minirepro run``)."""

from __future__ import annotations

import math
import os
import resource
import time
from pathlib import Path
from typing import Callable, NamedTuple

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"
# The kernel application's own log (not cell output): silences its plain-text-TCP notice on loopback.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]
TIMEOUT_S = 1200  # per cell; paper scale can be slow


class Timing(NamedTuple):
    """How long an execution took, in seconds.

    ``cpu`` is the CPU time (user + system) of the kernel process, which is what the book's budget
    counts ("on one CPU thread"): unlike ``wall`` it barely changes when other jobs share the cores.
    """
    wall: float
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def execute(nb: nbformat.NotebookNode, *, cwd: Path, env: dict | None = None,
            extra_arguments: list[str] | None = None,
            on_cell: Callable[[int, int, nbformat.NotebookNode], None] | None = None,
            deadline: float | None = None) -> Timing:
    """Execute ``nb`` top to bottom in a fresh ``python3`` kernel, in place; return its :class:`Timing`.

    The kernel's CPU time is read from this process's finished children once the kernel has shut down,
    so run one execution per process at a time when the CPU time matters.

    Args:
        nb: the notebook; its outputs and execution counts are replaced.
        cwd: working directory of the kernel (the chapter's folder).
        env: environment variables for the kernel (default: this process's).
        extra_arguments: extra kernel command-line arguments (e.g. IPython config).
        on_cell: called as ``on_cell(index, n_cells, cell)`` before each code cell runs.
        deadline: seconds the whole notebook may take, counted from the start of the kernel; a cell still
            running then is stopped with ``nbclient.exceptions.CellTimeoutError`` (default: only the
            per-cell limit ``TIMEOUT_S``).

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised; ``nb`` holds the outputs so far.
        nbclient.exceptions.CellTimeoutError: a cell ran past the per-cell limit or the deadline.
        nbclient.exceptions.DeadKernelError: the kernel died.
    """
    start, cpu_start = time.perf_counter(), _children_cpu()
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=TIMEOUT_S, resources={"metadata": {"path": str(cwd)}},
                            extra_arguments=KERNEL_ARGS + (extra_arguments or []))
    if deadline is not None:
        client.timeout_func = lambda cell: min(TIMEOUT_S, max(1, math.ceil(start + deadline - time.perf_counter())))
    kernel_env = dict(os.environ if env is None else env)
    kernel_env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    with client.setup_kernel(env=kernel_env):
        code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        for k, index in enumerate(code_cells):
            if on_cell is not None:
                on_cell(k, len(code_cells), nb.cells[index])
            client.execute_cell(nb.cells[index], index)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu_start
    return Timing(wall=wall, cpu=cpu if cpu > 0 else wall)
