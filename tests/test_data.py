"""Tests for minirepro.data.mnist1d and digits (correlated_gaussians is tested with the MI estimators)."""

import numpy as np
import torch

from minirepro import data


def test_mnist1d_shapes_labels_and_determinism():
    d = data.mnist1d(seed=3, num_samples=200)
    assert d["x"].shape == (160, 40) and d["x_test"].shape == (40, 40)
    assert d["y"].dtype == torch.int64 and set(d["y"].tolist()) <= set(range(10))
    assert torch.equal(d["x"], data.mnist1d(seed=3, num_samples=200)["x"])
    assert not torch.equal(d["x"], data.mnist1d(seed=4, num_samples=200)["x"])
    # each class appears num_samples / 10 times in total
    counts = torch.bincount(torch.cat([d["y"], d["y_test"]]), minlength=10)
    assert counts.tolist() == [20] * 10


def test_mnist1d_leaves_numpy_global_generator_alone():
    np.random.seed(123)
    expected = np.random.rand(3)
    np.random.seed(123)
    data.mnist1d(seed=0, num_samples=100)
    assert np.array_equal(np.random.rand(3), expected)


def test_digits_is_a_seeded_permutation_of_the_bundled_set():
    from sklearn.datasets import load_digits

    x, y, x_test, y_test = data.digits(1500, gen=torch.Generator().manual_seed(0))
    assert x.shape == (1500, 64) and x_test.shape == (297, 64) and x.dtype == torch.float32
    assert y.dtype == torch.int64 and len(y_test) == 297
    assert 0 <= float(torch.cat([x, x_test]).min()) and float(torch.cat([x, x_test]).max()) == 1.0
    # train + test is the whole data set, each image with its own label, in the order of randperm
    order = torch.randperm(1797, generator=torch.Generator().manual_seed(0))
    ref = load_digits()
    assert torch.equal(torch.cat([y, y_test]), torch.as_tensor(ref.target)[order])
    assert torch.equal(torch.cat([x, x_test]) * 16, torch.as_tensor(ref.data, dtype=torch.float32)[order])
    x2, *_ = data.digits(1500, gen=torch.Generator().manual_seed(1), dtype=torch.float64)
    assert x2.dtype == torch.float64 and not torch.equal(x2.float(), x)


def test_digits_rejects_an_empty_split():
    import pytest

    for n in (0, 1797):
        with pytest.raises(ValueError):
            data.digits(n, gen=torch.Generator())
