"""Tests of the box-counting tools in minirepro.fractal (boundary, box_counts, box_counting_dimension)."""

import math

import numpy as np
import pytest

from minirepro import fractal


def sierpinski_carpet(level: int) -> np.ndarray:
    """The Sierpinski carpet on a 3**level grid: (i, j) is removed iff some base-3 digit pair is (1, 1)."""
    n = 3**level
    i, j = np.indices((n, n))
    keep = np.ones((n, n), dtype=bool)
    for _ in range(level):
        keep &= ~((i % 3 == 1) & (j % 3 == 1))
        i, j = i // 3, j // 3
    return keep


def sierpinski_triangle(n: int) -> np.ndarray:
    """Pascal's triangle mod 2 on an n x n grid (n a power of two): (i, j) set iff i & j == j."""
    i, j = np.indices((n, n))
    return (i & j) == j


def test_boundary_of_half_plane_is_a_line_of_width_one():
    mask = np.zeros((16, 16), dtype=bool)
    mask[:7] = True
    edge = fractal.boundary(mask)
    expected = np.zeros_like(mask)
    expected[6] = True
    np.testing.assert_array_equal(edge, expected)


def test_boundary_symmetries():
    rng = np.random.default_rng(0)
    mask = rng.random((12, 20)) < 0.3
    np.testing.assert_array_equal(fractal.boundary(mask), fractal.boundary(~mask))
    np.testing.assert_array_equal(fractal.boundary(mask.T), fractal.boundary(mask).T)
    # the marked pixels are exactly those whose right or lower neighbour has the other class
    assert fractal.boundary(mask).sum() <= (mask[:, 1:] != mask[:, :-1]).sum() + (mask[1:] != mask[:-1]).sum()
    assert not fractal.boundary(np.ones((8, 8), dtype=bool)).any()


def test_boundary_matches_brute_force():
    rng = np.random.default_rng(1)
    mask = rng.random((9, 11)) < 0.5
    brute = np.zeros_like(mask)
    for i in range(9):
        for j in range(11):
            for di, dj in ((0, 1), (1, 0)):
                a, b = i + di, j + dj
                if 0 <= a < 9 and 0 <= b < 11 and mask[a, b] != mask[i, j]:
                    brute[i, j] = True
    np.testing.assert_array_equal(fractal.boundary(mask), brute)


def test_box_counts_match_brute_force():
    rng = np.random.default_rng(2)
    points = rng.random((12, 24)) < 0.05
    for s in (1, 2, 3, 4, 6, 12):
        brute = sum(points[a:a + s, b:b + s].any() for a in range(0, 12, s) for b in range(0, 24, s))
        assert fractal.box_counts(points, [s])[0] == brute


def test_straight_lines_have_dimension_one():
    line = np.zeros((64, 64), dtype=bool)
    line[20] = True
    assert fractal.box_counting_dimension(line) == pytest.approx(1.0, abs=1e-12)
    diagonal = np.eye(64, dtype=bool)
    assert fractal.box_counting_dimension(diagonal) == pytest.approx(1.0, abs=1e-12)


def test_half_plane_boundary_has_dimension_one():
    i, j = np.indices((64, 64))
    for mask in (i + j < 64, 2 * j < i + 10, j < 2 * i):  # tilted half-planes
        assert fractal.box_counting_dimension(fractal.boundary(mask)) == pytest.approx(1.0, abs=0.1)


def test_filled_region_has_dimension_two():
    assert fractal.box_counting_dimension(np.ones((32, 32), dtype=bool)) == pytest.approx(2.0, abs=1e-12)
    square = np.zeros((64, 64), dtype=bool)
    square[:32, :32] = True
    assert fractal.box_counting_dimension(square, sizes=[1, 2, 4, 8]) == pytest.approx(2.0, abs=1e-12)


def test_sierpinski_carpet_dimension():
    carpet = sierpinski_carpet(4)  # 81 x 81
    dim = fractal.box_counting_dimension(carpet, sizes=[1, 3, 9, 27])
    assert dim == pytest.approx(math.log(8) / math.log(3), abs=1e-9)


def test_sierpinski_triangle_dimension():
    dim = fractal.box_counting_dimension(sierpinski_triangle(64))
    assert dim == pytest.approx(math.log2(3), abs=1e-9)


def test_cantor_dust_dimension():
    i, j = np.indices((81, 81))  # keep (i, j) when neither has a base-3 digit 1
    dust = np.ones((81, 81), dtype=bool)
    for _ in range(4):
        dust &= (i % 3 != 1) & (j % 3 != 1)
        i, j = i // 3, j // 3
    dim = fractal.box_counting_dimension(dust, sizes=[1, 3, 9, 27])
    assert dim == pytest.approx(2 * math.log(2) / math.log(3), abs=1e-9)


def test_straight_edges_give_one_wherever_they_fall_on_the_box_grid():
    for row in (15, 16, 31, 32, 33):
        mask = np.zeros((64, 64), dtype=bool)
        mask[:row] = True
        assert fractal.box_counting_dimension(fractal.boundary(mask)) == pytest.approx(1.0, abs=1e-12)
        assert fractal.box_counting_dimension(fractal.boundary(mask.T)) == pytest.approx(1.0, abs=1e-12)


def test_errors():
    with pytest.raises(ValueError, match="empty"):
        fractal.box_counting_dimension(np.zeros((16, 16), dtype=bool))
    with pytest.raises(ValueError, match="divide"):
        fractal.box_counts(np.ones((10, 10), dtype=bool), [3])
    with pytest.raises(ValueError, match="2-D"):
        fractal.boundary(np.zeros((2, 3, 4), dtype=bool))
    with pytest.raises(ValueError, match="2-D"):
        fractal.box_counts(np.zeros(8, dtype=bool), [2])
