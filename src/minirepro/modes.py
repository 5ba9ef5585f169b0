"""Input-output modes of linear networks.

Saxe, McClelland & Ganguli (2014), "Exact solutions to the nonlinear dynamics of learning in deep
linear neural networks": a network map is read in the singular basis of the target map, one
strength per mode.
"""

from __future__ import annotations

import torch
from torch import Tensor


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
