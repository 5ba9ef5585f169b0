"""Tests of minirepro.modes.mode_strengths (Saxe, McClelland & Ganguli 2014, Eq. 6)."""

import pytest
import torch

from minirepro import modes


def _orthonormal(n, k, gen):
    return torch.linalg.qr(torch.randn(n, n, generator=gen, dtype=torch.float64))[0][:, :k]


def test_matches_an_explicit_loop_over_batch_and_modes():
    gen = torch.Generator().manual_seed(0)
    w = torch.randn(2, 3, 5, 4, generator=gen, dtype=torch.float64)
    u, v = _orthonormal(5, 3, gen), _orthonormal(4, 3, gen)
    got = modes.mode_strengths(w, u, v)
    assert got.shape == (2, 3, 3)
    for i in range(2):
        for j in range(3):
            for a in range(3):
                assert torch.isclose(got[i, j, a], u[:, a] @ w[i, j] @ v[:, a], rtol=1e-12, atol=1e-12)


def test_recovers_the_singular_values_of_the_target_map():
    gen = torch.Generator().manual_seed(1)
    u, v = _orthonormal(6, 4, gen), _orthonormal(5, 4, gen)
    s = torch.tensor([3.0, 2.0, 1.0, 0.5], dtype=torch.float64)
    w = u @ torch.diag(s) @ v.T
    torch.testing.assert_close(modes.mode_strengths(w, u, v), s, rtol=1e-12, atol=1e-12)


def test_product_of_two_layers_is_linear_in_each_and_sign_flip_invariant():
    gen = torch.Generator().manual_seed(2)
    w21 = torch.randn(7, 4, generator=gen, dtype=torch.float64)   # hidden x input
    w32 = torch.randn(3, 7, generator=gen, dtype=torch.float64)   # output x hidden
    u, v = _orthonormal(3, 2, gen), _orthonormal(4, 2, gen)
    base = modes.mode_strengths(w32 @ w21, u, v)
    torch.testing.assert_close(modes.mode_strengths(w32 @ (2.5 * w21), u, v), 2.5 * base)
    # flipping the sign of a pair (u_a, v_a) leaves the SVD and the strength unchanged
    flip = torch.tensor([-1.0, 1.0], dtype=torch.float64)
    torch.testing.assert_close(modes.mode_strengths(w32 @ w21, u * flip, v * flip), base)


def test_rejects_mismatched_shapes():
    with pytest.raises(ValueError):
        modes.mode_strengths(torch.zeros(3, 4), torch.zeros(4, 2), torch.zeros(4, 2))
    with pytest.raises(ValueError):
        modes.mode_strengths(torch.zeros(3, 4), torch.zeros(3, 2), torch.zeros(4, 1))
