import math

import pytest

from minirepro import check


def test_passing_check_prints_the_measurement(capsys):
    assert check.less(0.01234, 0.05, what="deviation") is None  # no stray cell output
    assert capsys.readouterr().out == "✓ deviation = 0.0123 (expected < 0.05)\n"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: check.less(0.2, 0.05, what="deviation"), "deviation = 0.2 (expected < 0.05)"),
        (lambda: check.greater(1.0, 2.0, what="ratio"), "ratio = 1 (expected > 2)"),
        (lambda: check.between(2.5, 1.1, 1.95, what="dimension"), "dimension = 2.5 (expected in [1.1, 1.95])"),
        (lambda: check.close(3.0, 2.0, rtol=0.1, what="slope"), "slope = 3 (expected 2 ± 0.2)"),
        (lambda: check.true(False, what="ordering holds"), "ordering holds"),
    ],
)
def test_failing_check_names_quantity_value_and_range(call, message):
    with pytest.raises(AssertionError, match="reproduction check failed") as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_non_finite_values_fail(value):
    with pytest.raises(AssertionError, match="not a finite number"):
        check.less(value, 1.0, what="x")


def test_bounds_are_inclusive_for_between_and_close(capsys):
    check.between(1.0, 1.0, 2.0, what="x")
    check.close(1.1, 1.0, atol=0.1 + 1e-12, what="y")


def test_bad_tolerances_are_programming_errors():
    with pytest.raises(ValueError):
        check.close(1.0, 1.0, what="x")
    with pytest.raises(ValueError):
        check.between(1.0, 2.0, 1.0, what="x")
