"""Random fully connected networks at initialisation, one input: finite-width samples and the theory.

Roberts, Yaida & Hanin (2022), "The Principles of Deep Learning Theory" (arXiv:2106.10165), ch. 4-5.
A network of width n with weights of variance C_W / n and no biases maps one input to preactivations
z^(ℓ) ∈ R^n, ℓ = 1..L. At infinite width each z^(ℓ)_i is Gaussian with variance K^(ℓ), given by the
kernel recursion (their eq. 4.90 without biases)

    K^(ℓ+1) = C_W ⟨σ(z)²⟩_{K^(ℓ)},

where ⟨·⟩_K is the average over z ~ N(0, K). At finite width the connected four-point function is
V^(ℓ) / n at leading order, with the vertex recursion (their eq. 5.109 for one input, no biases)

    V^(ℓ+1) = χ_∥² V^(ℓ) + C_W² (⟨σ⁴⟩ - ⟨σ²⟩²)_{K^(ℓ)},  V^(1) = 0,  χ_∥ = C_W ∂⟨σ²⟩_K / ∂K,

so that the excess kurtosis of one output is 3 V^(ℓ) / (n K^(ℓ)²) and n Var[K̂^(ℓ)] / K^(ℓ)² → 2 + V/K²
for the empirical kernel K̂^(ℓ) = |z^(ℓ)|² / n. For ReLU at criticality (C_W = 2) the kernel is
constant and V^(ℓ) / K² = 5 (ℓ - 1) exactly.

Day, Kahn & Roberts (2023), "Feature Learning and Generalization in Deep Networks with Orthogonal
Weights" (arXiv:2310.07765), replace the Gaussian matrices by Haar-orthogonal ones;
:func:`single_input_layers` samples both cases exactly.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, NamedTuple

import numpy as np
import torch
from torch import Tensor


@lru_cache(maxsize=8)
def _hermite_rule(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss–Hermite (probabilists') nodes and weights normalised to sum to 1; cached, since the
    recursions below ask for the same rule a few hundred times (about 6 ms each at 201 nodes)."""
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    return x, w / w.sum()


def gauss_mean(f: Callable[[np.ndarray], np.ndarray], k: float, *, nodes: int = 201) -> float:
    """The Gaussian average ⟨f⟩_k = E f(z), z ~ N(0, k), by Gauss–Hermite quadrature on ``nodes`` nodes.

    Exact for polynomials f of degree < 2 ``nodes``; ``f`` must accept a numpy array.
    """
    x, w = _hermite_rule(nodes)
    return float(w @ f(np.sqrt(k) * x))


def kernel_and_vertex(sigma: Callable[[np.ndarray], np.ndarray], c_w: float, depth: int, *, k1: float = 1.0,
                      eps: float = 1e-4) -> tuple[np.ndarray, np.ndarray]:
    """Infinite-width kernel K^(ℓ) and normalised four-point vertex V^(ℓ) / K^(ℓ)², for ℓ = 1..``depth``.

    The recursions of the module docstring (Roberts, Yaida & Hanin 2022, eqs. 4.90 and 5.109, one
    input, no biases), from K^(1) = ``k1`` and V^(1) = 0; χ_∥ by a central difference of relative step
    ``eps`` in K. Returns two arrays of shape (depth,).
    """
    k, v, ks, vs = k1, 0.0, [k1], [0.0]
    for _ in range(depth - 1):
        s2, s4 = gauss_mean(lambda x: sigma(x) ** 2, k), gauss_mean(lambda x: sigma(x) ** 4, k)
        dk = eps * k
        chi = c_w * (gauss_mean(lambda x: sigma(x) ** 2, k + dk) - gauss_mean(lambda x: sigma(x) ** 2, k - dk)) / (2 * dk)
        k, v = c_w * s2, chi**2 * v + c_w**2 * (s4 - s2**2)
        ks.append(k)
        vs.append(v)
    ks, vs = np.array(ks), np.array(vs)
    return ks, vs / ks**2


class Layers(NamedTuple):
    """Single-input samples of an ensemble: ``first`` z^(ℓ)_1 and ``kernel`` K̂^(ℓ) = |z^(ℓ)|² / n,
    each of shape (depth, n_nets), float64."""

    first: Tensor
    kernel: Tensor


def single_input_layers(n: int, depth: int, n_nets: int, act: Callable[[Tensor], Tensor], c_w: float, *,
                        generator: torch.Generator, orthogonal: bool = False) -> Layers:
    """Preactivations of ``n_nets`` random width-``n`` networks of ``depth`` layers on one input, exactly.

    For one input a fresh weight matrix W acts on the previous layer only through the vector
    σ(z^(ℓ)), so z^(ℓ+1) = W σ(z^(ℓ)) can be drawn directly from n Gaussians instead of n² weights:
    with Gaussian weights of variance C_W / n it is √(C_W |σ|² / n) g with g ~ N(0, I_n); with
    √C_W times a Haar-orthogonal W it is a uniformly random direction of length exactly √C_W |σ|,
    i.e. √(C_W |σ|² / |g|²) g. The input is normalised so that K^(1) = 1 (|x|² = n, first layer
    Gaussian or orthogonal likewise). Cost O(depth · n_nets · n); draws n_nets × n normals per layer
    from ``generator`` (float32).
    """
    g = torch.randn(n_nets, n, generator=generator)
    z = g * (n / g.square().sum(1, keepdim=True)).sqrt() if orthogonal else g
    first, kernel = [z[:, 0]], [z.square().mean(1)]
    for _ in range(depth - 1):
        norm2 = c_w * act(z).square().sum(1, keepdim=True)                       # C_W |σ(z)|², (n_nets, 1)
        g = torch.randn(n_nets, n, generator=generator)
        z = (norm2 / (g.square().sum(1, keepdim=True) if orthogonal else n)).sqrt() * g
        first.append(z[:, 0])
        kernel.append(z.square().mean(1))
    return Layers(torch.stack(first).double(), torch.stack(kernel).double())
