"""Structure of every chapter notebook: the shape book/contributing.md describes.

The rules live in :mod:`minirepro.lint` (``minirepro lint NAME`` prints the same findings); here
every rule must find nothing on every chapter. Outputs themselves are verified by nbval
(`make test` runs every chapter).
"""

import functools
import statistics

import pytest

from minirepro import book, lint

CHAPTERS = book.chapters()


def test_there_are_chapters():
    assert len(CHAPTERS) >= 3


@functools.lru_cache(maxsize=None)
def _context(name: str) -> lint.Context:
    return lint.context(CHAPTERS[name])


@functools.lru_cache(maxsize=4)
def _notebook(name: str) -> dict:
    return CHAPTERS[name].notebook()


@pytest.mark.parametrize("rule", sorted(lint.RULES))
@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_chapter_is_in_shape(name, rule):
    assert lint.RULES[rule](_notebook(name), _context(name)) == []


def test_mean_runtime_of_the_book_is_within_budget():
    runtimes = [ch.runtime() for ch in CHAPTERS.values()]
    assert None not in runtimes
    assert statistics.mean(runtimes) <= book.MEAN_BUDGET_SECONDS
