"""Optimal-transport distances between point clouds.

The sliced 2-Wasserstein distance (Rabin et al. 2011; Bonneel et al. 2015), used to compare
generated samples with data.
"""

from __future__ import annotations

import torch
from torch import Tensor


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
