"""Shared fixtures: a tiny throw-away book for testing the CLI without the real chapters."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

CATALOGUE = """\
parts:
  - {id: tiny, title: Tiny part, themes: [toy]}
papers:
  - {n: 1, title: A tiny paper, year: 2024, arxiv: '2401.00001', theme: toy, part: tiny, tier: A,
     status: reproduced, chapter: tiny/tiny-chapter, bibkey: tiny2024, scaled: a tiny model,
     claim: 'Tiny models show the effect, and the control removes it.'}
  - {n: 2, title: A failing paper, year: 2024, arxiv: null, theme: toy, part: tiny, tier: A,
     status: not reproduced, chapter: tiny/failing-chapter, note: the effect is absent, bibkey: fail2024,
     scaled: nothing}
  - {n: 3, title: Another | paper, year: 2023, arxiv: null, theme: toy, part: tiny, tier: X,
     status: out of scope, note: needs a data set download}
"""

BIB = """\
@article{tiny2024,
  author = {Tiny, Tim},
  title  = {A tiny paper},
  year   = {2024}
}
@article{fail2024,
  author = {Fail, Fay and Flop, Flo},
  title  = {A failing paper},
  year   = {2024}
}
"""

SETUP = "import os\nimport minirepro as mr\nimport matplotlib.pyplot as plt\nrun = mr.config.init()\nprint(run)"
FIGURE = "fig, ax = plt.subplots()\nax.plot([0, 1], [0, run.seed])\nplt.show()"


def _notebook(check_source: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    fig = nbformat.v4.new_code_cell(FIGURE)
    fig.metadata["mystnb"] = {"figure": {"caption": "A line.", "name": "fig-tiny"}}
    check = nbformat.v4.new_code_cell(check_source)
    check.metadata["tags"] = ["reproduction-check"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny\n"), nbformat.v4.new_code_cell(SETUP), fig, check]
    return nb


@pytest.fixture
def tiny_book(tmp_path: Path, monkeypatch) -> Path:
    """A book with a passing chapter, a failing chapter and a catalogue; MINIREPRO_ROOT points at it."""
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n")
    chapter_dir = tmp_path / "book" / "tiny"
    chapter_dir.mkdir(parents=True)
    (tmp_path / "book" / "catalogue.yaml").write_text(CATALOGUE)
    (tmp_path / "book" / "references.bib").write_text(BIB)
    ok = "mr.check.less(0.01, 0.05, what='tiny deviation')\nprint('scale', os.environ.get('MINIREPRO_SCALE'))"
    nbformat.write(_notebook(ok), chapter_dir / "tiny-chapter.ipynb")
    bad = "mr.check.greater(run.seed, 100, what='seed')"
    nbformat.write(_notebook(bad), chapter_dir / "failing-chapter.ipynb")
    monkeypatch.setenv("MINIREPRO_ROOT", str(tmp_path))
    return tmp_path
