"""Tests of minirepro.lint rules on small hand-made notebooks."""

from minirepro import lint


def _first_cell(text: str) -> dict:
    return {"cells": [{"cell_type": "markdown", "source": text}]}


def test_a_title_with_math_is_reported():
    # the title is the sidebar entry of every page; pages without math load no MathJax to render it
    problems = lint.header(_first_cell("# An $\\ell_1$ cost\n\nbody with $x$ is fine\n"), None)
    assert any("title has $math$" in p for p in problems)
    problems = lint.header(_first_cell("# An ℓ1 cost\n\nbody with $x$ is fine\n"), None)
    assert not any("title has $math$" in p for p in problems)


def test_a_placeholder_left_in_a_figure_caption_is_reported():
    cell = {"cell_type": "code", "source": "plt.show()",
            "metadata": {"mystnb": {"figure": {"caption": "TODO(new): what the figure shows"}}}}
    problems = lint.placeholders({"cells": [cell]}, None)
    assert problems and "metadata" in problems[0] and "cell(s) 1" in problems[0]
    cell["metadata"]["mystnb"]["figure"]["caption"] = "Loss against width."
    assert lint.placeholders({"cells": [cell]}, None) == []
