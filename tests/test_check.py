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


# ---------------------------------------------------------------- structured results and sweep mode


@pytest.fixture
def fresh(monkeypatch):
    """No sweep variables set and an empty recorder."""
    monkeypatch.delenv(check.MODE_ENV, raising=False)
    monkeypatch.delenv(check.LOG_ENV, raising=False)
    check.clear()
    yield
    check.clear()


def test_every_check_is_recorded_with_value_bound_and_verdict(fresh, capsys):
    check.less(0.01234, 0.05, what="deviation")
    check.between(1.5, 1.0, 2.0, what="dimension")
    check.close(1.9, 2.0, rtol=0.1, what="slope")
    check.true(True, what="ordering holds")
    assert check.recorded() == [
        {"what": "deviation", "kind": "less", "value": 0.01234, "bound": [0.05], "expected": "< 0.05", "passed": True},
        {"what": "dimension", "kind": "between", "value": 1.5, "bound": [1.0, 2.0], "expected": "in [1, 2]",
         "passed": True},
        {"what": "slope", "kind": "close", "value": 1.9, "bound": [2.0, 0.2], "expected": "2 ± 0.2", "passed": True},
        {"what": "ordering holds", "kind": "true", "value": None, "bound": [], "expected": "", "passed": True},
    ]


def test_a_failing_check_is_recorded_before_it_raises(fresh):
    with pytest.raises(AssertionError):
        check.greater(1.0, 2.0, what="ratio")
    assert check.recorded()[-1]["passed"] is False and check.recorded()[-1]["value"] == 1.0


def test_printed_lines_do_not_depend_on_the_log(fresh, capsys, tmp_path, monkeypatch):
    check.less(0.01234, 0.05, what="deviation")
    plain = capsys.readouterr().out
    monkeypatch.setenv(check.LOG_ENV, str(tmp_path / "checks.jsonl"))
    check.less(0.01234, 0.05, what="deviation")
    assert capsys.readouterr().out == plain == "✓ deviation = 0.0123 (expected < 0.05)\n"


def test_log_file_gets_one_json_line_per_check(fresh, tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(check.LOG_ENV, str(log))
    check.less(0.01, 0.05, what="a")
    with pytest.raises(AssertionError):
        check.less(math.nan, 1.0, what="b")
    rows = check.read_log(log)
    assert [r["what"] for r in rows] == ["a", "b"] and [r["passed"] for r in rows] == [True, False]
    assert rows[1]["value"] is None  # NaN is stored as null: the log is strict JSON
    assert check.read_log(tmp_path / "missing.jsonl") == []


def test_sweep_mode_reports_every_failure_and_raises_none(fresh, capsys, monkeypatch):
    monkeypatch.setenv(check.MODE_ENV, "all")
    check.greater(1.0, 2.0, what="ratio")
    check.less(0.01, 0.05, what="deviation")
    check.true(False, what="ordering holds")
    check.less(math.inf, 1.0, what="x")
    assert capsys.readouterr().out == ("✗ ratio = 1 (expected > 2)\n✓ deviation = 0.01 (expected < 0.05)\n"
                                       "✗ ordering holds\n✗ x = inf is not a finite number\n")
    assert [r["passed"] for r in check.recorded()] == [False, True, False, False]


def test_sweep_mode_still_rejects_programming_errors(fresh, monkeypatch):
    monkeypatch.setenv(check.MODE_ENV, "all")
    with pytest.raises(ValueError):
        check.close(1.0, 1.0, what="x")


def test_numpy_values_are_recorded_as_plain_numbers(fresh, tmp_path, monkeypatch):
    np = pytest.importorskip("numpy")
    monkeypatch.setenv(check.LOG_ENV, str(tmp_path / "log.jsonl"))
    check.less(np.float32(0.5), np.float32(1.0), what="x")
    check.true(np.bool_(True), what="y")
    rows = check.read_log(tmp_path / "log.jsonl")
    assert rows[0]["value"] == 0.5 and rows[0]["bound"] == [1.0] and rows[1]["passed"] is True
