"""Assertions for reproduction checks that explain themselves.

Each helper prints one line when the check passes (the measured number, rounded, and the
expected range) and raises :class:`AssertionError` with the same sentence when it fails,
so a red build says what was measured and what was expected::

    mr.check.less(err, 0.05, what="max deviation from the exact solution / s")
    # ✓ max deviation from the exact solution / s = 0.0123 (expected < 0.05)
"""

from __future__ import annotations

import math

DIGITS = 3  # significant digits printed for measured values


def _fmt(x: float) -> str:
    return f"{float(x):.{DIGITS}g}"


def _report(ok: bool, what: str, value: float, expected: str) -> None:
    # Returns None on purpose: a check on the last line of a cell must not add an (unrounded) result output.
    line = f"{what} = {_fmt(value)} (expected {expected})"
    if not ok:
        raise AssertionError(f"reproduction check failed: {line}")
    print(f"✓ {line}")


def _finite(value: float, what: str) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise AssertionError(f"reproduction check failed: {what} = {value} is not a finite number")
    return value


def less(value: float, bound: float, *, what: str) -> None:
    """Assert ``value < bound``."""
    value = _finite(value, what)
    return _report(value < bound, what, value, f"< {_fmt(bound)}")


def greater(value: float, bound: float, *, what: str) -> None:
    """Assert ``value > bound``."""
    value = _finite(value, what)
    return _report(value > bound, what, value, f"> {_fmt(bound)}")


def between(value: float, low: float, high: float, *, what: str) -> None:
    """Assert ``low <= value <= high``."""
    if not low <= high:
        raise ValueError(f"empty range [{low}, {high}] for {what}")
    value = _finite(value, what)
    return _report(low <= value <= high, what, value, f"in [{_fmt(low)}, {_fmt(high)}]")


def close(value: float, target: float, *, rtol: float = 0.0, atol: float = 0.0, what: str) -> None:
    """Assert ``|value - target| <= atol + rtol * |target|``."""
    if rtol < 0 or atol < 0 or rtol == atol == 0:
        raise ValueError("give a positive rtol or atol")
    value = _finite(value, what)
    tol = atol + rtol * abs(target)
    return _report(abs(value - target) <= tol, what, value, f"{_fmt(target)} ± {_fmt(tol)}")


def true(condition: bool, *, what: str) -> None:
    """Assert a boolean statement (prefer the numeric checks, which print a measurement)."""
    if not condition:
        raise AssertionError(f"reproduction check failed: {what}")
    print(f"✓ {what}")
