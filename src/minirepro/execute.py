"""Execute a chapter notebook in a fresh kernel (used by ``make chapter`` and ``minirepro run``)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"
# The kernel application's own log (not cell output): silences its plain-text-TCP notice on loopback.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]
TIMEOUT_S = 1200  # per cell; paper scale can be slow


def execute(nb: nbformat.NotebookNode, *, cwd: Path, env: dict | None = None,
            extra_arguments: list[str] | None = None,
            on_cell: Callable[[int, int, nbformat.NotebookNode], None] | None = None) -> float:
    """Execute ``nb`` top to bottom in a fresh ``python3`` kernel, in place; return wall seconds.

    Args:
        nb: the notebook; its outputs and execution counts are replaced.
        cwd: working directory of the kernel (the chapter's folder).
        env: environment variables for the kernel (default: this process's).
        extra_arguments: extra kernel command-line arguments (e.g. IPython config).
        on_cell: called as ``on_cell(index, n_cells, cell)`` before each code cell runs.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised; ``nb`` holds the outputs so far.
    """
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=TIMEOUT_S, resources={"metadata": {"path": str(cwd)}},
                            extra_arguments=KERNEL_ARGS + (extra_arguments or []))
    kernel_env = dict(os.environ if env is None else env)
    kernel_env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    start = time.perf_counter()
    with client.setup_kernel(env=kernel_env):
        code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        for k, index in enumerate(code_cells):
            if on_cell is not None:
                on_cell(k, len(code_cells), nb.cells[index])
            client.execute_cell(nb.cells[index], index)
    return time.perf_counter() - start
