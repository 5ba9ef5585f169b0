"""Tests of minirepro.finite_width against closed forms (ReLU, polynomials) and brute-force networks."""

import numpy as np
import pytest
import torch

from minirepro import finite_width as fw


def test_gauss_mean_matches_gaussian_moments():
    assert fw.gauss_mean(lambda x: x**2, 2.5) == pytest.approx(2.5, rel=1e-12)
    assert fw.gauss_mean(lambda x: x**4, 2.5) == pytest.approx(3 * 2.5**2, rel=1e-12)
    # E relu(z)^2 = k / 2 (quadrature of a kink converges slowly; 201 nodes give ~1e-3)
    assert fw.gauss_mean(lambda x: np.maximum(x, 0) ** 2, 2.0) == pytest.approx(1.0, rel=5e-3)


def test_relu_at_criticality_has_a_constant_kernel_and_a_linear_vertex():
    ks, vhat = fw.kernel_and_vertex(lambda x: np.maximum(x, 0), 2.0, 10)
    np.testing.assert_allclose(ks, 1.0, rtol=1e-2)
    np.testing.assert_allclose(vhat, 5.0 * np.arange(10), rtol=2e-2, atol=1e-12)


def test_deep_linear_network_vertex_grows_by_two_per_layer():
    # σ(z) = z: χ_∥ = 1 and ⟨z⁴⟩ - ⟨z²⟩² = 2K², so V/K² = 2(ℓ - 1) (quadrature exact for polynomials)
    ks, vhat = fw.kernel_and_vertex(lambda x: x, 1.0, 6, k1=0.7)
    np.testing.assert_allclose(ks, 0.7, rtol=1e-12)
    np.testing.assert_allclose(vhat, 2.0 * np.arange(6), rtol=1e-6)


def _brute_force(n, depth, n_nets, orthogonal, gen):
    # full n × n matrices: Gaussian of variance C_W / n, or Haar-orthogonal (QR with the sign fix)
    def matrix():
        w = torch.randn(n_nets, n, n, generator=gen, dtype=torch.float64)
        if not orthogonal:
            return w / n**0.5
        q, r = torch.linalg.qr(w)
        return q * torch.diagonal(r, dim1=-2, dim2=-1).sign().unsqueeze(-2)
    h, out = torch.ones(n_nets, n, 1, dtype=torch.float64), []
    for _ in range(depth):
        z = torch.bmm(matrix(), h)
        out.append(z.squeeze(-1).square().mean(1))
        h = torch.tanh(z)
    return torch.stack(out)


@pytest.mark.parametrize("orthogonal", [False, True])
def test_sampler_matches_full_networks_in_distribution(orthogonal):
    n, depth, nets = 8, 4, 4000
    fast = fw.single_input_layers(n, depth, nets, torch.tanh, 1.0, orthogonal=orthogonal,
                                  generator=torch.Generator().manual_seed(0))
    full = _brute_force(n, depth, nets, orthogonal, torch.Generator().manual_seed(1))
    assert fast.first.shape == fast.kernel.shape == (depth, nets)
    np.testing.assert_allclose(fast.kernel.mean(1), full.mean(1), rtol=0.03)
    np.testing.assert_allclose(fast.kernel.var(1), full.var(1), rtol=0.15, atol=1e-6)
    if orthogonal:  # an orthogonal first layer preserves the input's length exactly
        np.testing.assert_allclose(fast.kernel[0], 1.0, rtol=1e-5)


def test_relu_sampler_kurtosis_follows_the_exact_finite_width_moment():
    # ReLU at C_W = 2: E[z^4]/E[z^2]^2 = 3 (1 + 5/n)^(l-1) at every width (all orders in 1/n)
    n, depth = 16, 6
    z = fw.single_input_layers(n, depth, 200_000, torch.relu, 2.0, generator=torch.Generator().manual_seed(0)).first
    ratio = z.pow(4).mean(1) / z.square().mean(1) ** 2
    np.testing.assert_allclose(ratio, 3 * (1 + 5 / n) ** np.arange(depth), rtol=0.06)
