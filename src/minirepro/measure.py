"""Measurements: mutual-information bounds, binned information-plane estimates, box-counting
dimension, mode strengths, loss barriers, sliced Wasserstein distances.

Mutual-information estimators take a critic score matrix ``scores`` of shape (n, n) with
``scores[i, j] = f(x_i, y_j)``: the diagonal holds samples of the joint p(x, y), the
off-diagonal entries samples of the product of marginals p(x) p(y). All are in nats.
Formulas follow Poole et al. (2019), "On variational bounds of mutual information", and
Song & Ermon (2020), "Understanding the limitations of variational mutual information
estimators" (SMILE).
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


def boundary(mask: np.ndarray) -> np.ndarray:
    """Pixels of a 2-D boolean image that differ from their right or lower neighbour.

    Only the pixel on the upper/left side of each edge is marked, so a straight edge gives a line
    one pixel wide wherever it falls on the box grid of :func:`box_counts`.

    Args:
        mask: shape (H, W), e.g. "training converged" per grid point.

    Returns:
        Boolean array of shape (H, W), True on the boundary between the two classes.
    """
    mask = np.asarray(mask, dtype=bool)
    if mask.ndim != 2:
        raise ValueError(f"mask must be a 2-D image, got shape {mask.shape}")
    edge = np.zeros_like(mask)
    edge[:, :-1] |= mask[:, 1:] != mask[:, :-1]
    edge[:-1, :] |= mask[1:, :] != mask[:-1, :]
    return edge


def box_counts(points: np.ndarray, sizes) -> np.ndarray:
    """Number of boxes of side ``s`` (pixels) that contain at least one True pixel, per size.

    Args:
        points: boolean image of shape (H, W).
        sizes: box sides in pixels; H and W must be multiples of each.

    Returns:
        Integer array of counts, one per size.
    """
    points = np.asarray(points, dtype=bool)
    if points.ndim != 2:
        raise ValueError(f"points must be a 2-D image, got shape {points.shape}")
    h, w = points.shape
    counts = []
    for s in sizes:
        if h % s or w % s:
            raise ValueError(f"box size {s} does not divide the image shape {points.shape}")
        counts.append(points.reshape(h // s, s, w // s, s).any(axis=(1, 3)).sum())
    return np.asarray(counts)


def box_counting_dimension(points: np.ndarray, sizes=None) -> float:
    """Box-counting (Minkowski) dimension of a set of pixels: the slope of log N(s) vs log(1/s).

    Falconer (2014), *Fractal Geometry*, 3rd ed., Sec. 3.1; the estimator Sohl-Dickstein (2024)
    applies to trainability boundaries.

    Args:
        points: boolean image of shape (H, W) with H, W powers of two (or multiples of ``sizes``).
        sizes: box sides in pixels; default 2, 4, 8, ... up to a quarter of the smaller side.
            Boxes of one pixel are left out by default: a tilted edge drawn by :func:`boundary` is a
            staircase with up to two pixels per step, which inflates N(1) and biases the slope up.

    Returns:
        The least-squares slope, between 0 (a point) and 2 (a filled region).
    """
    points = np.asarray(points, dtype=bool)
    if not points.any():
        raise ValueError("the set is empty; its dimension is undefined")
    if sizes is None:
        sizes = [2**k for k in range(1, int(np.log2(min(points.shape))) - 1)]
    counts = box_counts(points, sizes)
    slope = np.polyfit(np.log(1.0 / np.asarray(sizes, dtype=float)), np.log(counts), 1)[0]
    return float(slope)


def mode_strengths(weights: Tensor, u: Tensor, v: Tensor) -> Tensor:
    """Strength of each input-output mode in a linear map: diag(U^T W V).

    Saxe, McClelland & Ganguli (2014), Eq. (6): for the network map W = W^{32} W^{21},
    mode alpha has strength u_alpha^T W v_alpha.

    Args:
        weights: the end-to-end map, shape (..., n_out, n_in).
        u: output singular vectors, shape (n_out, k).
        v: input singular vectors, shape (n_in, k).

    Returns:
        Shape (..., k); entry alpha is u[:, alpha] @ weights @ v[:, alpha]. A mode that has been
        fully learned has strength s_alpha, the singular value of the target map.
    """
    if weights.ndim < 2 or u.ndim != 2 or v.ndim != 2:
        raise ValueError("weights must be (..., n_out, n_in) and u, v must be 2-D")
    if u.shape[0] != weights.shape[-2] or v.shape[0] != weights.shape[-1] or u.shape[1] != v.shape[1]:
        raise ValueError(f"shapes do not match: weights {tuple(weights.shape)}, u {tuple(u.shape)}, v {tuple(v.shape)}")
    return torch.einsum("ok,...oi,ik->...k", u, weights, v)


def loss_barrier(losses: Tensor, dim: int = -1) -> Tensor:
    """Loss barrier of linear interpolation paths: max over λ of L(λ) - [(1 - λ) L(0) + λ L(1)].

    The barrier of Frankle et al. (2020), "Linear mode connectivity and the lottery ticket
    hypothesis", and Ainsworth, Hayase & Srinivasa (2023), "Git Re-Basin": how far the loss on the
    straight line θ(λ) = (1 - λ) θ_A + λ θ_B rises above the chord between its endpoint losses.

    Args:
        losses: the loss at T >= 2 equally spaced λ from 0 to 1, both endpoints included, along
            dimension ``dim``; any other dimensions index a batch of paths.
        dim: the dimension of λ.

    Returns:
        The barrier of every path, in the units of the loss; ``dim`` is removed. It is never
        negative (the chord meets the path at the endpoints) and is 0 for a path that never rises
        above its chord.
    """
    losses = torch.movedim(torch.as_tensor(losses), dim, -1)
    if losses.shape[-1] < 2:
        raise ValueError("a path needs the losses at both endpoints, lambda = 0 and 1")
    lam = torch.linspace(0.0, 1.0, losses.shape[-1], dtype=losses.dtype)
    chord = (1 - lam) * losses[..., :1] + lam * losses[..., -1:]
    return (losses - chord).amax(-1)


def sliced_wasserstein(x: Tensor, y: Tensor, *, n_proj: int, gen: torch.Generator) -> Tensor:
    """Sliced 2-Wasserstein distance between two equal-size point clouds.

    SW_2(x, y)^2 = E_θ[W_2(θᵀx, θᵀy)^2] over unit directions θ (Rabin et al. 2011; Bonneel et al.
    2015, "Sliced and Radon Wasserstein barycenters of measures"), estimated with ``n_proj``
    random directions; in one dimension W_2 between equal-size samples pairs the sorted values.

    Args:
        x: points, shape (..., n, d); leading dimensions index a batch of clouds.
        y: points, shape (..., n, d) or (n, d), broadcast against ``x``.
        n_proj: number of random directions, drawn once and shared by the whole batch.
        gen: the random generator of the directions.

    Returns:
        Shape (...), in the units of the points.
    """
    if x.shape[-2:] != y.shape[-2:]:
        raise ValueError(f"the clouds must have the same size and dimension, got {tuple(x.shape)} and {tuple(y.shape)}")
    dirs = torch.randn(x.shape[-1], n_proj, generator=gen, dtype=x.dtype)
    dirs = dirs / dirs.norm(dim=0)
    px, py = (x @ dirs).sort(-2).values, (y @ dirs).sort(-2).values   # sorted projections, (..., n, n_proj)
    return ((px - py) ** 2).mean((-2, -1)).sqrt()
