"""Finite Markov chains: stationary distribution and entropy rate (Cover & Thomas, 2006, ch. 4).

A source of known entropy rate is the floor that a sequence model's cross-entropy can reach,
which is what the chapters on scaling laws and discrete diffusion measure against.
"""

from __future__ import annotations

import torch
from torch import Tensor


def stationary_distribution(P: Tensor) -> Tensor:
    """The stationary distribution pi = pi P of a row-stochastic transition matrix.

    Taken as the left eigenvector of P whose eigenvalue is closest to 1, normalised to sum 1
    (unique for an irreducible chain).

    Args:
        P: (..., S, S) transition matrices, P[..., a, b] = p(next = b | current = a).

    Returns:
        pi of shape (..., S).
    """
    evals, evecs = torch.linalg.eig(P.transpose(-1, -2))
    idx = (evals - 1).abs().argmin(-1)                                         # (...,)
    pi = torch.take_along_dim(evecs, idx[..., None, None], dim=-1)[..., 0].real
    return pi / pi.sum(-1, keepdim=True)


def entropy_rate(P: Tensor, pi: Tensor | None = None) -> Tensor:
    """Entropy rate H = -sum_a pi_a sum_b P_ab log P_ab of a stationary Markov chain, in nats per step.

    Args:
        P: (..., S, S) transition matrices; zero entries contribute nothing.
        pi: (..., S) stationary distributions; computed with :func:`stationary_distribution` if omitted.

    Returns:
        H of shape (...).
    """
    if pi is None:
        pi = stationary_distribution(P)
    row_entropy = -torch.where(P > 0, P * P.clamp_min(torch.finfo(P.dtype).tiny).log(), 0.0).sum(-1)
    return (pi * row_entropy).sum(-1)
