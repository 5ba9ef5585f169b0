"""Tests for minirepro.data.mnist1d (correlated_gaussians is tested with the MI estimators)."""

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
