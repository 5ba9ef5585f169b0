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
