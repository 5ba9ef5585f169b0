"""Chapters as hand-outs: ``minirepro export CHAPTER ... --student --out DIR [--zip]``.

A student notebook is the chapter without outputs and without the solutions of its *Try this*
exercises; the solutions go into an instructor file (Markdown), one per chapter::

    nb, solutions = student_notebook(chapter.notebook())
    text = instructor_sheet(chapter.title(), solutions)
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

SOLUTION = re.compile(r"\n*:::\{dropdown\} Solution\n(.*?)\n:::(?=\n|$)", re.S)


@dataclass(frozen=True)
class Solution:
    exercise: str  # the exercise as the student reads it (Markdown)
    answer: str  # the hidden solution (Markdown)


def _split(source: str) -> tuple[str, list[Solution]]:
    """``source`` without its solution blocks, and each solution with the exercise text before it."""
    solutions, kept, start = [], [], 0
    for m in SOLUTION.finditer(source):
        before = source[start:m.start()]
        kept.append(before)
        exercise = before.split("## Try this", 1)[-1].strip()
        solutions.append(Solution(exercise=exercise, answer=m.group(1).strip()))
        start = m.end()
    kept.append(source[start:])
    return "".join(kept), solutions


def student_notebook(nb: dict) -> tuple[dict, list[Solution]]:
    """A copy of ``nb`` without outputs, execution counts and exercise solutions, and the solutions."""
    out = copy.deepcopy(nb)
    solutions: list[Solution] = []
    for cell in out["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        elif cell["cell_type"] == "markdown":
            source, found = _split("".join(cell["source"]))
            if found:
                cell["source"] = source
                solutions += found
    return out, solutions


def instructor_sheet(title: str, solutions: list[Solution]) -> str:
    """The Markdown file of an exported chapter's exercises with their solutions."""
    lines = [f"# Solutions: {title}", ""]
    for s in solutions:
        lines += [s.exercise, "", "**Solution.** " + s.answer, "", "---", ""]
    return "\n".join(lines)
