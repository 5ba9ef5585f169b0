"""Tests for minirepro.transport.sliced_wasserstein against closed forms."""

import pytest
import torch

from minirepro.transport import sliced_wasserstein


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


def test_one_dimension_is_the_sorted_pairing():
    x = torch.rand(50, 1, generator=gen(1), dtype=torch.float64)
    y = torch.rand(50, 1, generator=gen(2), dtype=torch.float64) * 3
    exact = ((x.flatten().sort().values - y.flatten().sort().values) ** 2).mean().sqrt()
    assert sliced_wasserstein(x, y, n_proj=7, gen=gen()).item() == pytest.approx(exact.item(), rel=1e-12)


def test_a_shift_gives_its_length_over_sqrt_d():
    # every projection of y = x + s is shifted by θ·s, and E[(θ·s)^2] = |s|^2 / d for uniform θ
    x = torch.randn(200, 3, generator=gen(3), dtype=torch.float64)
    s = torch.tensor([1.0, -2.0, 2.0], dtype=torch.float64)
    sw = sliced_wasserstein(x, x + s, n_proj=20000, gen=gen())
    assert sw.item() == pytest.approx(3.0 / 3**0.5, rel=0.02)


def test_permuted_copy_is_at_distance_zero_and_batches_broadcast():
    x = torch.randn(4, 30, 2, generator=gen(4), dtype=torch.float64)
    perm = torch.randperm(30, generator=gen(5))
    assert torch.allclose(sliced_wasserstein(x, x[:, perm], n_proj=16, gen=gen()), torch.zeros(4, dtype=torch.float64))
    out = sliced_wasserstein(x, x[0], n_proj=16, gen=gen())
    assert out.shape == (4,) and out[0].item() == pytest.approx(0.0, abs=1e-12) and (out[1:] > 0).all()


def test_unequal_sizes_are_rejected():
    with pytest.raises(ValueError):
        sliced_wasserstein(torch.zeros(3, 2), torch.zeros(4, 2), n_proj=2, gen=gen())
