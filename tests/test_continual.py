"""Tests for minirepro.continual and minirepro.data.permuted_digits."""

import torch

from minirepro import continual, data


def test_random_extend_is_orthonormal_and_keeps_the_old_basis():
    g = torch.Generator().manual_seed(0)
    B = torch.linalg.qr(torch.randn(3, 10, 4, generator=g)).Q            # a batch of 3 bases, r = 4
    E = continual.random_extend(B, 3, gen=g)
    assert E.shape == (3, 10, 7) and torch.equal(E[..., :4], B)
    assert torch.allclose(E.mT @ E, torch.eye(7).expand(3, 7, 7), atol=1e-5)
    empty = continual.random_extend(torch.zeros(6, 0), 2, gen=g)          # unbatched, from nothing
    assert empty.shape == (6, 2) and torch.allclose(empty.T @ empty, torch.eye(2), atol=1e-6)


def test_permuted_digits_permutes_the_pixels_of_one_split():
    split = lambda: torch.Generator().manual_seed(1)
    x, y, x_test, y_test = data.permuted_digits(1400, 3, split_gen=split(), perm_gen=torch.Generator().manual_seed(2))
    ref_x, ref_y, ref_xt, ref_yt = data.digits(1400, gen=split())
    assert x.shape == (3, 1400, 64) and x_test.shape == (3, 397, 64)
    assert torch.equal(y, ref_y) and torch.equal(y_test, ref_yt)
    g = torch.Generator().manual_seed(2)
    for t in range(3):
        p = torch.randperm(64, generator=g)
        assert torch.equal(x[t], ref_x[:, p]) and torch.equal(x_test[t], ref_xt[:, p])
