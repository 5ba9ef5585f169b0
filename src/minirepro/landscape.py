"""Loss-landscape measurements along paths between trained networks.

The linear-interpolation barrier of Frankle et al. (2020) and Ainsworth, Hayase & Srinivasa (2023).
"""

from __future__ import annotations

import torch
from torch import Tensor


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
