"""Tests for the binned information-plane estimator of minirepro.information and its task in minirepro.data."""

import numpy as np
import torch

from minirepro import data, information


def test_row_ids_match_unique_rows_even_past_int64_overflow():
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, size=(500, 40))          # 4**40 > 2**62: the key must be re-indexed
    codes[::7] = codes[0]                                # repeated rows
    ids = information.row_ids(codes)
    ref = np.unique(codes, axis=0, return_inverse=True)[1].ravel()
    # the same partition of the rows: id i == id j  <=>  row i == row j
    assert np.array_equal(ids[:, None] == ids[None, :], ref[:, None] == ref[None, :])


def test_entropy_bits_closed_forms():
    assert information.entropy_bits(np.arange(8)) == 3.0
    assert information.entropy_bits(np.zeros(5, dtype=int)) == 0.0
    assert abs(information.entropy_bits(np.array([0, 0, 0, 1])) - (0.75 * np.log2(4 / 3) + 0.25 * 2)) < 1e-12


def test_binned_information_plane_limits():
    n = 64
    y = np.repeat([0, 1], n // 2)
    injective = np.arange(n)[None, :, None]              # every input its own bin: I(X;T) = log2 n, I(T;Y) = H(Y)
    constant = np.zeros((1, n, 3), dtype=int)            # one bin: both zero
    label = y[None, :, None] + 5                          # T = Y (shifted codes): both H(Y) = 1 bit
    out = information.binned_information_plane(np.concatenate([injective, constant[..., :1], label]), y)
    assert np.allclose(out, [[6.0, 0.0, 1.0], [1.0, 0.0, 1.0]])


def test_quadratic_rule_task_is_balanced_and_seeded():
    x, y = data.quadratic_rule_task(6, gen=torch.Generator().manual_seed(0))
    assert x.shape == (64, 6) and set(x.unique().tolist()) == {-1.0, 1.0}
    assert len(torch.unique(x, dim=0)) == 64 and int(y.sum()) == 32
    _, y2 = data.quadratic_rule_task(6, gen=torch.Generator().manual_seed(0))
    _, y3 = data.quadratic_rule_task(6, gen=torch.Generator().manual_seed(1))
    assert torch.equal(y, y2) and not torch.equal(y, y3)
