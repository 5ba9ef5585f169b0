"""Assertions for reproduction checks that explain themselves.

Each helper prints one line when the check passes (the measured number, rounded, and the
expected range) and raises :class:`AssertionError` with the same sentence when it fails,
so a red build says what was measured and what was expected::

    mr.check.less(err, 0.05, what="max deviation from the exact solution / s")
    # ✓ max deviation from the exact solution / s = 0.0123 (expected < 0.05)

Every check is also recorded as a dict ``{what, kind, value, bound, expected, passed}``
(:func:`recorded`). Two environment variables let a run executed in another process (a kernel
started by ``minirepro run`` or ``minirepro sweep``) report its checks:

- ``MINIREPRO_CHECK_LOG=<path>``: append one JSON line per check to that file.
- ``MINIREPRO_CHECKS=all`` (sweeps): evaluate every check, print a failed one as ``✗ ...``
  and raise nothing, so that a sweep learns which checks failed and by how much.

Without them the behaviour and the printed lines are exactly those of a plain assertion:
the first failing check raises.
"""

from __future__ import annotations

import json
import math
import os

DIGITS = 3  # significant digits printed for measured values
MODE_ENV = "MINIREPRO_CHECKS"  # "all": report every check and raise none (used by sweeps)
LOG_ENV = "MINIREPRO_CHECK_LOG"  # a file path: append one JSON line per check

_RECORDED: list[dict] = []  # every check made in this process, oldest first


def recorded() -> list[dict]:
    """Every check made in this process so far, oldest first (copies)."""
    return [dict(r) for r in _RECORDED]


def clear() -> None:
    """Forget the checks recorded in this process (the log file is left alone)."""
    _RECORDED.clear()


def report_all() -> bool:
    """Whether checks are in sweep mode (``MINIREPRO_CHECKS=all``): report failures, raise none."""
    return os.environ.get(MODE_ENV, "").strip().lower() == "all"


def read_log(path: str | os.PathLike) -> list[dict]:
    """The checks appended to a ``MINIREPRO_CHECK_LOG`` file, in order (empty if there is none)."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def _fmt(x: float) -> str:
    return f"{float(x):.{DIGITS}g}"


def _number(x: float) -> float | None:
    """``x`` as a plain float for JSON, or None when it is not finite."""
    x = float(x)
    return x if math.isfinite(x) else None


def _record(result: dict) -> None:
    _RECORDED.append(result)
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(result, allow_nan=False) + "\n")


def _conclude(ok: bool, line: str, result: dict) -> None:
    """Record the check, then print ``✓ line``, or fail: raise, or print ``✗ line`` in sweep mode."""
    _record(result)
    if ok:
        print(f"✓ {line}")
    elif report_all():
        print(f"✗ {line}")
    else:
        raise AssertionError(f"reproduction check failed: {line}")


def _report(ok: bool, what: str, value: float, expected: str, kind: str, bound: tuple[float, ...]) -> None:
    # Returns None on purpose: a check on the last line of a cell must not add an (unrounded) result output.
    if not math.isfinite(value):
        line, ok = f"{what} = {value} is not a finite number", False
    else:
        line = f"{what} = {_fmt(value)} (expected {expected})"
    _conclude(ok, line, {"what": what, "kind": kind, "value": _number(value),
                         "bound": [_number(b) for b in bound], "expected": expected, "passed": bool(ok)})


def less(value: float, bound: float, *, what: str) -> None:
    """Assert ``value < bound``."""
    value = float(value)
    return _report(value < bound, what, value, f"< {_fmt(bound)}", "less", (bound,))


def greater(value: float, bound: float, *, what: str) -> None:
    """Assert ``value > bound``."""
    value = float(value)
    return _report(value > bound, what, value, f"> {_fmt(bound)}", "greater", (bound,))


def between(value: float, low: float, high: float, *, what: str) -> None:
    """Assert ``low <= value <= high``."""
    if not low <= high:
        raise ValueError(f"empty range [{low}, {high}] for {what}")
    value = float(value)
    return _report(low <= value <= high, what, value, f"in [{_fmt(low)}, {_fmt(high)}]", "between", (low, high))


def close(value: float, target: float, *, rtol: float = 0.0, atol: float = 0.0, what: str) -> None:
    """Assert ``|value - target| <= atol + rtol * |target|``."""
    if rtol < 0 or atol < 0 or rtol == atol == 0:
        raise ValueError("give a positive rtol or atol")
    value = float(value)
    tol = atol + rtol * abs(target)
    return _report(abs(value - target) <= tol, what, value, f"{_fmt(target)} ± {_fmt(tol)}", "close", (target, tol))


def true(condition: bool, *, what: str) -> None:
    """Assert a boolean statement (prefer the numeric checks, which print a measurement)."""
    ok = bool(condition)
    _conclude(ok, what, {"what": what, "kind": "true", "value": None, "bound": [], "expected": "",
                         "passed": ok})
