"""Tests for minirepro.execute: the runtime recorded for the budget is the kernel's CPU time."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from minirepro.execute import execute


def _run(tmp_path, code):
    nb = new_notebook(cells=[new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb, execute(nb, cwd=tmp_path)


def test_cpu_time_counts_work_done_in_the_kernel(tmp_path):
    nb, timing = _run(tmp_path, "import time\nt = time.process_time()\nwhile time.process_time() - t < 1.0: pass\nprint('done')")
    assert nb.cells[0].outputs[0].text == "done\n"
    assert timing.cpu >= 1.0 and timing.wall >= 1.0


def test_cpu_time_does_not_count_waiting(tmp_path):
    _, timing = _run(tmp_path, "import time\ntime.sleep(1.5)")
    assert timing.wall >= 1.5 and timing.cpu < timing.wall - 1.0
