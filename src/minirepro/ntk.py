"""Neural tangent kernels: the empirical kernel of finite networks and the ReLU infinite-width limit.

The neural tangent kernel of a scalar network f(x; θ) is

    Θ(x, x') = Σ_p ∂f(x)/∂θ_p · ∂f(x')/∂θ_p,

the kernel that gradient descent on θ follows in function space. Jacot, Gabriel & Hongler (2018),
"Neural Tangent Kernel: Convergence and Generalization in Neural Networks", Thm. 1, give its
infinite-width limit for a fully connected network in NTK parameterisation,

    α̃^(l+1) = W^(l) α^(l) / √n_l + β b^(l),  α^(l) = σ(α̃^(l)),  W, b ~ N(0, 1),

by the recursion (their Prop. 1 and Thm. 1)

    Σ^(1)(x, x') = xᵀx' / n_0 + β²,                 Θ^(1) = Σ^(1),
    Σ^(l+1) = E[σ(u) σ(v)] + β²,  Σ̇^(l+1) = E[σ'(u) σ'(v)],  (u, v) ~ N(0, Σ^(l) on {x, x'}),
    Θ^(l+1) = Θ^(l) Σ̇^(l+1) + Σ^(l+1).

For σ = ReLU both expectations are arc-cosine kernels (Cho & Saul, 2009, "Kernel Methods for
Deep Learning"), implemented in :func:`relu_expectations`.
"""

from __future__ import annotations

import math
from typing import Callable

import torch
from torch import Tensor
from torch.func import jvp, vjp, vmap


def empirical_ntk(fn: Callable[[dict, Tensor], Tensor], params: dict, x1: Tensor, x2: Tensor) -> Tensor:
    """Empirical NTK Θ(x1_i, x2_j) of one scalar-output network.

    Row i is one VJP (the gradient g_i = ∂f(x1_i)/∂θ, one vector of the size of θ) followed by
    one JVP of f on all of ``x2`` along g_i, so the (n, P) Jacobian is never stored; the cost is
    about three forward passes of ``x2`` per row of ``x1``.

    Args:
        fn: ``fn(params, x)`` returns the outputs f(x), shape (n,), for inputs x of shape (n, d).
        params: dict of parameter tensors θ (the ones the kernel differentiates with respect to).
        x1: shape (n1, d); keep n1 small (one VJP per row).
        x2: shape (n2, d).

    Returns:
        Θ, shape (n1, n2).
    """
    rows = []
    for x in x1:
        _, pullback = vjp(lambda p: fn(p, x[None])[0], params)
        (grad,) = pullback(torch.ones((), dtype=x1.dtype, device=x1.device))
        rows.append(jvp(lambda p: fn(p, x2), (params,), (grad,))[1])
    return torch.stack(rows)


def empirical_ntk_batch(fn: Callable[[dict, Tensor], Tensor], params: dict, x1: Tensor, x2: Tensor) -> Tensor:
    """:func:`empirical_ntk` for a stack of networks (e.g. one per seed), vectorised with ``vmap``.

    Args:
        fn: as in :func:`empirical_ntk`, for ONE network.
        params: dict of tensors, each with a leading axis of length S (one slice per network).
        x1, x2: shapes (n1, d) and (n2, d), shared by all networks.

    Returns:
        Θ, shape (S, n1, n2).
    """
    return vmap(lambda p: empirical_ntk(fn, p, x1, x2))(params)


def relu_expectations(cov: Tensor, var1: Tensor, var2: Tensor) -> tuple[Tensor, Tensor]:
    """E[relu(u) relu(v)] and E[step(u) step(v)] for centred Gaussians (u, v).

    With cos θ = cov / √(var1 var2) (Cho & Saul 2009, arc-cosine kernels of degree 1 and 0):
    E[relu(u) relu(v)] = √(var1 var2) (sin θ + (π - θ) cos θ) / (2π),  E[step(u) step(v)] = (π - θ) / (2π).

    Args:
        cov: Cov(u, v), any shape.
        var1, var2: Var(u) and Var(v), broadcastable to ``cov``; positive.

    Returns:
        The two expectations, each of the broadcast shape.
    """
    norm = torch.sqrt(var1 * var2)
    theta = torch.arccos((cov / norm).clamp(-1.0, 1.0))
    return norm * (torch.sin(theta) + (math.pi - theta) * torch.cos(theta)) / (2 * math.pi), (math.pi - theta) / (2 * math.pi)


def relu_ntk(x1: Tensor, x2: Tensor, *, depth: int, beta: float) -> tuple[Tensor, Tensor]:
    """Infinite-width NNGP kernel Σ^(L) and NTK Θ^(L) of a ReLU network in NTK parameterisation.

    The recursion of the module docstring (Jacot et al. 2018, Thm. 1), for a network with
    ``depth`` = L weight matrices (L - 1 hidden layers) and bias scale β.

    Args:
        x1, x2: inputs, shapes (n1, n_0) and (n2, n_0).
        depth: number of layers L >= 1 (L = 1 is the linear model xᵀW/√n_0 + βb).
        beta: bias scale β.

    Returns:
        (Σ^(L), Θ^(L)), each of shape (n1, n2): the covariance of the output at initialisation
        and the limiting neural tangent kernel.
    """
    if depth < 1:
        raise ValueError(f"depth must be >= 1, got {depth}")
    n0 = x1.shape[-1]
    sigma = x1 @ x2.T / n0 + beta**2                                   # Σ^(1), (n1, n2)
    var1 = (x1 * x1).sum(-1) / n0 + beta**2                            # Σ^(1)(x, x), (n1,)
    var2 = (x2 * x2).sum(-1) / n0 + beta**2                            # (n2,)
    theta = sigma
    for _ in range(depth - 1):
        e_act, e_der = relu_expectations(sigma, var1[:, None], var2[None, :])
        sigma = e_act + beta**2
        theta = theta * e_der + sigma
        var1, var2 = var1 / 2 + beta**2, var2 / 2 + beta**2           # E[relu(u)^2] = Var(u)/2
    return sigma, theta
