"""Tests for minirepro.landscape.loss_barrier against closed forms."""

import math

import pytest
import torch

from minirepro.landscape import loss_barrier


def test_a_bump_over_a_sloped_chord_has_its_height_as_barrier():
    lam = torch.linspace(0, 1, 21, dtype=torch.float64)
    chord = 2.0 + 0.5 * lam                                   # endpoint losses 2.0 and 2.5
    for height in (0.0, 0.3, 1.7):
        path = chord + height * torch.sin(math.pi * lam)      # peak at λ = 1/2, a grid point
        assert loss_barrier(path).item() == pytest.approx(height, abs=1e-12)


def test_convex_path_has_zero_barrier():
    lam = torch.linspace(0, 1, 11, dtype=torch.float64)
    assert loss_barrier(1 + (lam - 0.3) ** 2).item() == pytest.approx(0.0, abs=1e-15)


def test_batches_and_dim_match_a_loop():
    gen = torch.Generator().manual_seed(0)
    paths = torch.rand(3, 4, 9, generator=gen, dtype=torch.float64)
    expected = torch.tensor([[loss_barrier(paths[i, j]).item() for j in range(4)] for i in range(3)],
                            dtype=torch.float64)
    assert torch.allclose(loss_barrier(paths), expected)
    assert torch.allclose(loss_barrier(paths.permute(2, 0, 1), dim=0), expected)
    assert (expected >= 0).all()


def test_a_single_point_is_rejected():
    with pytest.raises(ValueError):
        loss_barrier(torch.ones(5, 1))
