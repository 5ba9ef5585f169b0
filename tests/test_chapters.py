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
def _book() -> tuple[dict, str]:
    """The catalogue and the table of contents, read once (not once per chapter)."""
    return book.load_catalogue(), (book.root() / "_toc.yml").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def _context(name: str) -> lint.Context:
    return lint.context(CHAPTERS[name], *_book())


@functools.lru_cache(maxsize=4)
def _notebook(name: str) -> dict:
    return CHAPTERS[name].notebook()


@pytest.mark.parametrize("rule", sorted(lint.RULES))
@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_chapter_is_in_shape(name, rule):
    assert lint.RULES[rule](_notebook(name), _context(name)) == []


def test_mean_runtime_of_the_book_is_within_budget():
    """CI time grows with the sum of the chapters' runtimes: the mean is held to a budget, as each
    chapter is (the ``runtime`` rule above: recorded, and at most book.BUDGET_SECONDS)."""
    runtimes = {name: ch.runtime() for name, ch in CHAPTERS.items() if ch.runtime() is not None}
    mean = statistics.mean(runtimes.values())
    slowest = sorted(runtimes, key=runtimes.get, reverse=True)[:3]
    assert mean <= book.MEAN_BUDGET_SECONDS, (
        f"the mean chapter runtime is {mean:.1f} CPU s, over the {book.MEAN_BUDGET_SECONDS:.0f} s budget "
        f"(book/contributing.md); the slowest: {', '.join(f'{n} {runtimes[n]:.0f} s' for n in slowest)}")
