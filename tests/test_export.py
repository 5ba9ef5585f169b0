"""`minirepro export --student`: hand-outs without outputs or solutions, and the instructor file."""

from __future__ import annotations

import zipfile

import nbformat

from minirepro import book, cli, export
from minirepro.execute import execute

TRY_THIS = """## Try this

**1.** Double the width. What happens to the plateau?

:::{dropdown} Solution
It halves: we measured 0.51 of the original.
:::

**2.** Remove the control.

:::{dropdown} Solution
The check cannot fail any more, which is why it is there.
:::"""


def _with_exercises(chapter: book.Chapter) -> None:
    nb = nbformat.read(chapter.path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(TRY_THIS))
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="scale=book seed=0\n")]
    nb.cells[1].execution_count = 1
    nbformat.write(nb, chapter.path)


def test_student_notebook_drops_outputs_and_solutions():
    nb = {"cells": [{"cell_type": "code", "source": "print(1)", "outputs": [{"output_type": "stream"}],
                     "execution_count": 3, "metadata": {"execution": {"t": 1}}},
                    {"cell_type": "markdown", "source": TRY_THIS, "metadata": {}}]}
    student, solutions = export.student_notebook(nb)
    assert student["cells"][0]["outputs"] == [] and student["cells"][0]["execution_count"] is None
    assert "execution" not in student["cells"][0]["metadata"]
    text = student["cells"][1]["source"]
    assert "Solution" not in text and "0.51" not in text and "cannot fail" not in text
    assert "**1.** Double the width" in text and "**2.** Remove the control." in text
    assert [s.exercise for s in solutions] == ["**1.** Double the width. What happens to the plateau?",
                                              "**2.** Remove the control."]
    assert nb["cells"][0]["outputs"], "the chapter itself is left as it was"


def test_export_student_writes_runnable_handouts_and_the_instructor_file(tiny_book, tmp_path, capsys):
    chapter = book.chapters()["tiny-chapter"]
    _with_exercises(chapter)
    out = tmp_path / "course"
    assert cli.main(["export", "tiny-chapter", "--student", "--zip", "--out", str(out)]) == 0
    nb = nbformat.read(out / "tiny-chapter.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert "0.51" not in nbformat.writes(nb) and "Solution" not in nbformat.writes(nb)
    sheet = (out / "instructor" / "tiny-chapter-solutions.md").read_text()
    assert "0.51 of the original" in sheet and "cannot fail any more" in sheet and "**2.** Remove" in sheet
    assert zipfile.ZipFile(out / "handout.zip").namelist() == ["course/tiny-chapter.ipynb"]
    execute(nb, cwd=out)  # runs top to bottom in a fresh kernel
    assert all(o.get("output_type") != "error" for c in nb.cells for o in c.get("outputs", []))


def test_export_without_student_keeps_the_chapter(tiny_book, tmp_path):
    assert cli.main(["export", "tiny-chapter", "--out", str(tmp_path / "plain")]) == 0
    assert nbformat.read(tmp_path / "plain" / "tiny-chapter.ipynb", as_version=4) == \
        nbformat.read(book.chapters()["tiny-chapter"].path, as_version=4)


def test_export_unknown_chapter_is_exit_code_2(tiny_book, tmp_path, capsys):
    assert cli.main(["export", "nope", "--student", "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()
