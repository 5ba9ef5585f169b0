"""Information estimators: variational mutual-information bounds and binned information planes.

Mutual-information estimators take a critic score matrix ``scores`` of shape (n, n) with
``scores[i, j] = f(x_i, y_j)``: the diagonal holds samples of the joint p(x, y), the
off-diagonal entries samples of the product of marginals p(x) p(y). All are in nats.
Formulas follow Poole et al. (2019), "On variational bounds of mutual information", and
Song & Ermon (2020), "Understanding the limitations of variational mutual information
estimators" (SMILE).

The information plane of a binned layer (Shwartz-Ziv & Tishby, 2017; Saxe et al., 2018) is a
pair of plug-in entropies over a finite input set, in bits.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import Tensor
from torch.nn import functional as F


def gaussian_mi(rho: float, dim: int) -> float:
    """Mutual information of :func:`minirepro.data.correlated_gaussians`, in nats.

    I(X; Y) = -dim/2 * log(1 - rho**2).
    """
    return -0.5 * dim * math.log1p(-rho**2)


def rho_for_mi(mi: float, dim: int) -> float:
    """The correlation that gives mutual information ``mi`` nats in ``dim`` dimensions."""
    return math.sqrt(-math.expm1(-2.0 * mi / dim))


def _check_square(scores: Tensor) -> int:
    if scores.ndim < 2 or scores.shape[-1] != scores.shape[-2] or scores.shape[-1] < 2:
        raise ValueError(f"scores must be a square (..., n, n) matrix with n >= 2, got {tuple(scores.shape)}")
    return scores.shape[-1]


def _diag_mean(scores: Tensor) -> Tensor:
    return torch.diagonal(scores, dim1=-2, dim2=-1).mean(-1)


def _logmeanexp_offdiag(scores: Tensor) -> Tensor:
    n = scores.shape[-1]
    eye = torch.eye(n, dtype=torch.bool, device=scores.device)
    masked = scores.masked_fill(eye, float("-inf"))
    return torch.logsumexp(masked.flatten(-2), dim=-1) - math.log(n * (n - 1))


def infonce(scores: Tensor) -> Tensor:
    """InfoNCE / CPC lower bound (van den Oord et al., 2018); it never exceeds log n.

    I >= mean_i [ f_ii - log (1/n) sum_j exp f_ij ].
    """
    n = _check_square(scores)
    return _diag_mean(scores) - torch.logsumexp(scores, dim=-1).mean(-1) + math.log(n)


def nwj(scores: Tensor) -> Tensor:
    """NWJ / f-GAN KL lower bound (Nguyen, Wainwright & Jordan, 2010).

    I >= E_p[f] - e^{-1} E_{p(x)p(y)}[e^f].
    """
    _check_square(scores)
    return _diag_mean(scores) - torch.exp(_logmeanexp_offdiag(scores) - 1.0)


def dv(scores: Tensor) -> Tensor:
    """Donsker-Varadhan estimate, the value MINE reports (Belghazi et al., 2018).

    I ~ E_p[f] - log E_{p(x)p(y)}[e^f].
    """
    _check_square(scores)
    return _diag_mean(scores) - _logmeanexp_offdiag(scores)


def smile(scores: Tensor, clip: float | None) -> Tensor:
    """SMILE estimate (Song & Ermon, 2020): DV with the density ratio clipped to [e^-clip, e^clip].

    ``clip=None`` is the unclipped DV estimate.
    """
    _check_square(scores)
    clipped = scores if clip is None else scores.clamp(-clip, clip)
    return _diag_mean(scores) - _logmeanexp_offdiag(clipped)


def js_fgan(scores: Tensor) -> Tensor:
    """Jensen-Shannon f-GAN objective, the training signal SMILE uses for its critic.

    E_p[-softplus(-f)] - E_{p(x)p(y)}[softplus(f)]; maximised by f = log p(x,y)/(p(x)p(y)).
    """
    n = _check_square(scores)
    diag = torch.diagonal(scores, dim1=-2, dim2=-1)
    off = (F.softplus(scores).sum((-2, -1)) - F.softplus(diag).sum(-1)) / (n * (n - 1))
    return -F.softplus(-diag).mean(-1) - off


def row_ids(codes: np.ndarray) -> np.ndarray:
    """Integer ids of the rows of a code matrix: equal ids iff the rows are equal.

    Args:
        codes: (n, d) non-negative integers (e.g. the bin index of each of d units on n inputs).

    Returns:
        (n,) int64 ids. The rows are read as mixed-radix numbers; before the key would overflow,
        it is re-indexed to 0..(distinct - 1), so any d works.
    """
    key, size = np.zeros(len(codes), dtype=np.int64), 1
    for c in np.asarray(codes).T:
        radix = int(c.max()) + 1
        if size * radix >= 2**62:
            key = np.unique(key, return_inverse=True)[1].astype(np.int64)
            size = int(key.max()) + 1
        key, size = key * radix + c, size * radix
    return key


def entropy_bits(ids: np.ndarray) -> float:
    """Plug-in entropy -sum p log2 p, in bits, of the empirical distribution of the labels ``ids`` (n,)."""
    p = np.unique(ids, return_counts=True)[1] / len(ids)
    return float(-(p * np.log2(p)).sum())


def binned_information_plane(codes: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Information-plane coordinates of binned layers (Shwartz-Ziv & Tishby, 2017; Saxe et al., 2018).

    For a deterministic network evaluated on every input of a uniformly distributed finite X,
    the binned layer T is a function of X, so I(X;T) = H(T); and I(T;Y) = H(T) + H(Y) - H(T, Y).
    Both are plug-in estimates over the n inputs, in bits.

    Args:
        codes: (M, n, d) integer bin indices of a layer of d units, for M models on the same n inputs.
        y: (n,) binary labels 0/1 of the inputs.

    Returns:
        (2, M): row 0 is I(X;T), row 1 is I(T;Y), per model.
    """
    y = np.asarray(y)
    ids = [row_ids(c - c.min()) for c in np.asarray(codes)]
    h_t = np.array([entropy_bits(i) for i in ids])
    h_ty = np.array([entropy_bits(2 * i + y) for i in ids])
    return np.stack([h_t, h_t + entropy_bits(y) - h_ty])
