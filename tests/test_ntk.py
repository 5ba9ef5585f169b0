"""Tests of minirepro.ntk: empirical NTK vs explicit Jacobians, analytic ReLU NTK vs closed forms and Monte Carlo."""

import math

import pytest
import torch

from minirepro import ntk

# torch's forward-mode AD loads TorchScript decompositions on first use and warns about it (not our code)
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning")


def _mlp(params, x, beta=0.1):
    """Scalar ReLU MLP in NTK parameterisation; params w0..wL, b0..bL may carry a leading batch axis."""
    depth = len(params) // 2
    a = x
    for l in range(depth):
        w, b = params[f"w{l}"], params[f"b{l}"]
        h = a @ w.transpose(-1, -2) / math.sqrt(w.shape[-1]) + beta * b.unsqueeze(-2)
        a = torch.relu(h) if l < depth - 1 else h
    return a[..., 0]


def _params(widths, gen, batch=()):
    p = {}
    for l, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        p[f"w{l}"] = torch.randn(*batch, n_out, n_in, generator=gen, dtype=torch.float64)
        p[f"b{l}"] = torch.randn(*batch, n_out, generator=gen, dtype=torch.float64)
    return p


def _circle(angles):
    a = torch.as_tensor(angles, dtype=torch.float64)
    return torch.stack([torch.cos(a), torch.sin(a)], -1)


def _explicit_ntk(params, x1, x2):
    names = list(params)
    def flat_jac(x):
        jac = torch.autograd.functional.jacobian(lambda *ps: _mlp(dict(zip(names, ps)), x), tuple(params.values()))
        return torch.cat([j.reshape(x.shape[0], -1) for j in jac], 1)   # (n, P)
    return flat_jac(x1) @ flat_jac(x2).T


def test_empirical_ntk_equals_explicit_jacobian_product():
    gen = torch.Generator().manual_seed(0)
    params = _params((3, 5, 4, 1), gen)
    x1, x2 = torch.randn(2, 3, generator=gen, dtype=torch.float64), torch.randn(4, 3, generator=gen, dtype=torch.float64)
    got = ntk.empirical_ntk(_mlp, params, x1, x2)
    assert got.shape == (2, 4)
    torch.testing.assert_close(got, _explicit_ntk(params, x1, x2), rtol=1e-12, atol=1e-12)


def test_batched_empirical_ntk_matches_one_network_at_a_time():
    gen = torch.Generator().manual_seed(1)
    params = _params((2, 6, 6, 1), gen, batch=(3,))
    x1, x2 = _circle([0.0]), _circle(torch.linspace(-3, 3, 5))
    got = ntk.empirical_ntk_batch(_mlp, params, x1, x2)
    assert got.shape == (3, 1, 5)
    for s in range(3):
        one = {k: v[s] for k, v in params.items()}
        torch.testing.assert_close(got[s], _explicit_ntk(one, x1, x2), rtol=1e-12, atol=1e-12)


def test_empirical_ntk_is_symmetric_and_positive_semidefinite():
    gen = torch.Generator().manual_seed(2)
    params = _params((2, 8, 8, 1), gen)
    x = torch.randn(6, 2, generator=gen, dtype=torch.float64)
    k = ntk.empirical_ntk(_mlp, params, x, x)
    torch.testing.assert_close(k, k.T, rtol=1e-12, atol=1e-12)
    assert torch.linalg.eigvalsh(k).min() > -1e-10


def test_depth_one_is_the_linear_kernel_and_exact_at_any_width():
    gen = torch.Generator().manual_seed(3)
    x1, x2 = torch.randn(3, 4, generator=gen, dtype=torch.float64), torch.randn(5, 4, generator=gen, dtype=torch.float64)
    sigma, theta = ntk.relu_ntk(x1, x2, depth=1, beta=0.3)
    torch.testing.assert_close(theta, x1 @ x2.T / 4 + 0.09)
    torch.testing.assert_close(sigma, theta)
    params = _params((4, 1), gen)     # the linear model's NTK does not depend on its weights
    torch.testing.assert_close(ntk.empirical_ntk(lambda p, x: _mlp(p, x, beta=0.3), params, x1, x2), theta)


def test_depth_two_closed_form_on_the_unit_circle():
    # one hidden layer, beta = 0: Σ1 = cos γ / 2, Θ2 = Σ1 (π - γ)/(2π) + (sin γ + (π - γ) cos γ)/(4π)
    gamma = torch.linspace(0.0, math.pi, 7, dtype=torch.float64)
    sigma, theta = ntk.relu_ntk(_circle([0.0]), _circle(gamma), depth=2, beta=0.0)
    s1 = torch.cos(gamma) / 2
    expect_sigma = (torch.sin(gamma) + (math.pi - gamma) * torch.cos(gamma)) / (4 * math.pi)
    torch.testing.assert_close(sigma[0], expect_sigma)
    torch.testing.assert_close(theta[0], s1 * (math.pi - gamma) / (2 * math.pi) + expect_sigma)


def test_relu_expectations_match_monte_carlo():
    gen = torch.Generator().manual_seed(4)
    var1, var2, cov = 2.0, 0.5, -0.4
    chol = torch.linalg.cholesky(torch.tensor([[var1, cov], [cov, var2]], dtype=torch.float64))
    uv = torch.randn(400_000, 2, generator=gen, dtype=torch.float64) @ chol.T
    e_act, e_der = ntk.relu_expectations(torch.tensor(cov, dtype=torch.float64), torch.tensor(var1), torch.tensor(var2))
    mc_act = (torch.relu(uv[:, 0]) * torch.relu(uv[:, 1])).mean()
    mc_der = ((uv[:, 0] > 0) & (uv[:, 1] > 0)).double().mean()
    torch.testing.assert_close(e_act, mc_act, rtol=0.03, atol=0.0)
    torch.testing.assert_close(e_der, mc_der, rtol=0.01, atol=0.0)


def test_analytic_ntk_matches_wide_networks():
    gen = torch.Generator().manual_seed(5)
    # Monte Carlo over 12 networks of width 1000: the seed-mean is within ~3 standard errors (7% of the peak)
    params = _params((2, 1000, 1000, 1), gen, batch=(12,))
    x0, x = _circle([0.0]), _circle(torch.linspace(-math.pi, math.pi, 9))
    sigma, theta = ntk.relu_ntk(x0, x, depth=3, beta=0.1)
    mean = ntk.empirical_ntk_batch(_mlp, params, x0, x).mean(0)
    torch.testing.assert_close(mean, theta, rtol=0.0, atol=0.07 * theta.max().item())


def test_analytic_kernels_are_symmetric_psd_and_deterministic():
    x = _circle(torch.linspace(0, 6, 12))
    sigma, theta = ntk.relu_ntk(x, x, depth=4, beta=0.1)
    for k in (sigma, theta):
        torch.testing.assert_close(k, k.T)
        assert torch.linalg.eigvalsh(k).min() > -1e-10
    torch.testing.assert_close(ntk.relu_ntk(x, x, depth=4, beta=0.1)[1], theta, rtol=0, atol=0)
