"""Synthetic data sets generated from explicit random generators."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import Tensor


def correlated_gaussians(n: int, dim: int, rho: float | Tensor, *, gen: torch.Generator,
                         dtype: torch.dtype = torch.float32) -> tuple[Tensor, Tensor]:
    """Pairs (x, y) of standard Gaussian vectors with per-coordinate correlation ``rho``.

    ``y = rho * x + sqrt(1 - rho**2) * eps`` with x, eps ~ N(0, I_dim) independent, the
    benchmark of Belghazi et al. (2018) and Poole et al. (2019); its mutual information is
    :func:`minirepro.information.gaussian_mi`.

    Args:
        n: number of pairs.
        dim: dimension d of x and of y.
        rho: correlation in (-1, 1); a tensor of shape (B,) draws B independent batches.
        gen: the random generator.

    Returns:
        x, y: each of shape (n, dim), or (B, n, dim) when ``rho`` has shape (B,).
    """
    rho = torch.as_tensor(rho, dtype=dtype)
    if torch.any(rho.abs() >= 1):
        raise ValueError("rho must lie strictly between -1 and 1")
    shape = (*rho.shape, n, dim)
    x = torch.randn(shape, generator=gen, dtype=dtype)
    eps = torch.randn(shape, generator=gen, dtype=dtype)
    r = rho.reshape(*rho.shape, 1, 1)
    return x, r * x + torch.sqrt(1 - r**2) * eps


def gaussian_log_ratio(x: Tensor, y: Tensor, rho: float) -> Tensor:
    """The optimal critic log p(y | x) / p(y) of :func:`correlated_gaussians`, in nats.

    Args:
        x: shape (..., n, dim); y: shape (..., m, dim), the same leading (batch) shape.

    Returns:
        Score matrix of shape (..., n, m), entry (i, j) = log p(y_j | x_i) - log p(y_j).
    """
    s2 = 1.0 - rho**2
    x, y = x.unsqueeze(-2), y.unsqueeze(-3)  # (..., n, 1, dim), (..., 1, m, dim)
    diff = y - rho * x
    return (-0.5 * diff.pow(2) / s2 + 0.5 * y.pow(2)).sum(-1) - 0.5 * x.shape[-1] * math.log(s2)


def mnist1d(*, seed: int, num_samples: int = 5000, train_split: float = 0.8,
            dtype: torch.dtype = torch.float32) -> dict[str, Tensor]:
    """The MNIST-1D data set (Greydanus & Kobak, 2024), generated locally by the ``mnist1d`` package.

    Ten one-dimensional digit templates are padded, scaled, sheared, translated and made noisy
    (the package's default arguments), giving length-40 sequences that a linear model classifies
    at about 32% test accuracy and an MLP at about 70%. Nothing is downloaded.

    The package seeds NumPy's global generator; this wrapper restores that generator's state
    afterwards, so calling it has no effect on other random numbers.

    Args:
        seed: seed of the generator (the package's default data set uses 42).
        num_samples: total number of sequences, split into train and test (a multiple of 10).
        train_split: fraction used for training.

    Returns:
        ``x`` (n_train, 40), ``y`` (n_train,) int64 labels 0-9, ``x_test`` and ``y_test`` likewise.
    """
    from mnist1d.data import get_dataset_args, make_dataset  # imports requests: keep it off the package import

    args = get_dataset_args()
    args.seed, args.num_samples, args.train_split = seed, num_samples, train_split
    state = np.random.get_state()
    try:
        d = make_dataset(args)
    finally:
        np.random.set_state(state)
    return {"x": torch.as_tensor(d["x"], dtype=dtype), "y": torch.as_tensor(d["y"], dtype=torch.int64),
            "x_test": torch.as_tensor(d["x_test"], dtype=dtype),
            "y_test": torch.as_tensor(d["y_test"], dtype=torch.int64)}


def digits(n_train: int, *, gen: torch.Generator,
           dtype: torch.dtype = torch.float32) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """scikit-learn's bundled 8x8 handwritten digits (1797 images), shuffled and split.

    The images are put in the order of ``torch.randperm(1797, generator=gen)``; the first
    ``n_train`` are the training set, the rest the test set. Pixel intensities (0-16 in the
    data set) are divided by 16, so they lie in [0, 1]. Nothing is downloaded: the data ship
    with scikit-learn (Alpaydin & Kaynak, 1998, UCI "Optical Recognition of Handwritten Digits").

    Args:
        n_train: number of training images, 0 < n_train < 1797.
        gen: the random generator of the shuffle.
        dtype: floating dtype of the images.

    Returns:
        x (n_train, 64), y (n_train,) int64 labels 0-9, x_test (1797 - n_train, 64), y_test.
    """
    from sklearn.datasets import load_digits

    data = load_digits()
    n = len(data.target)
    if not 0 < n_train < n:
        raise ValueError(f"n_train must lie between 1 and {n - 1}, got {n_train}")
    order = torch.randperm(n, generator=gen)
    x = torch.as_tensor(data.data, dtype=dtype)[order] / 16
    y = torch.as_tensor(data.target, dtype=torch.int64)[order]
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def quadratic_rule_task(n_bits: int, *, gen: torch.Generator) -> tuple[Tensor, Tensor]:
    """Every binary input of ``n_bits`` bits with balanced labels from a random quadratic rule.

    The stand-in for the 12-bit task of Shwartz-Ziv & Tishby (2017), whose labelling rule is
    only given as a data file: inputs x in {-1, +1}^n_bits, an Ising-like energy
    E(x) = x^T J x / sqrt(n_bits) + h^T x with symmetric Gaussian couplings J (zero diagonal,
    off-diagonal variance 1/2) and Gaussian fields h, and y = 1 where E exceeds its median.

    Args:
        n_bits: number of bits (2**n_bits inputs).
        gen: the random generator of J and h.

    Returns:
        x (2**n_bits, n_bits) float32 in {-1, +1}, row i the binary digits of i (least significant
        first); y (2**n_bits,) int64 labels 0/1, half of them 1.
    """
    x = ((torch.arange(2**n_bits)[:, None] >> torch.arange(n_bits)) & 1) * 2.0 - 1
    J = torch.randn(n_bits, n_bits, generator=gen)
    J = (J + J.T).fill_diagonal_(0) / 2
    h = torch.randn(n_bits, generator=gen)
    energy = ((x @ J) * x).sum(1) / math.sqrt(n_bits) + x @ h
    return x, (energy > energy.median()).long()


def permuted_digits(n_train: int, tasks: int, *, split_gen: torch.Generator,
                    perm_gen: torch.Generator) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Permuted digits: the continual-learning benchmark of permuted MNIST (Goodfellow et al., 2013) on 8x8 digits.

    One train/test split of :func:`digits` (drawn from ``split_gen``), seen through ``tasks``
    fixed random permutations of the 64 pixels (drawn from ``perm_gen``, one ``randperm(64)`` per
    task, in order); every task keeps the ten labels.

    Args:
        n_train: training images, as in :func:`digits`.
        tasks: number of tasks T.
        split_gen: generator of the split.
        perm_gen: generator of the permutations (callers may go on drawing from it).

    Returns:
        x (T, n_train, 64), y (n_train,), x_test (T, 1797 - n_train, 64), y_test; pixels in [0, 1].
    """
    x, y, x_test, y_test = digits(n_train, gen=split_gen)
    perms = [torch.randperm(64, generator=perm_gen) for _ in range(tasks)]
    return torch.stack([x[:, p] for p in perms]), y, torch.stack([x_test[:, p] for p in perms]), y_test
