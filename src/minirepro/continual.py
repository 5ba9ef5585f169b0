"""Continual learning: bookkeeping of the subspaces that gradient-projection methods protect.

Gradient projection memory (Saha et al., 2021) and its Hebbian (Xiao et al., 2024) and federated
(Bakman et al., 2024) variants keep an orthonormal basis of the input subspace of old tasks and
project updates orthogonally to it; the control is a basis of the same size chosen blindly.
"""

from __future__ import annotations

import torch
from torch import Tensor


def random_extend(B: Tensor, k: int, *, gen: torch.Generator) -> Tensor:
    """An orthonormal basis B extended by k random orthonormal directions orthogonal to span(B).

    The directions are the QR factor of Gaussian vectors with their span(B) component removed,
    so the result is orthonormal and blind to any data: the control for a data-driven extension.

    Args:
        B: (..., d, r) orthonormal columns (r may be 0), float; leading dimensions are batches.
        k: number of new directions, r + k <= d.
        gen: the random generator.

    Returns:
        (..., d, r + k) with B as its first r columns.
    """
    Z = torch.randn(*B.shape[:-1], k, generator=gen, dtype=B.dtype)
    return torch.cat([B, torch.linalg.qr(Z - B @ (B.mT @ Z)).Q], -1)
