"""Tests of the mutual-information estimators and the correlated-Gaussian benchmark.

Closed forms (Gaussian MI), exact bounds (InfoNCE <= log n, NWJ <= DV), identities
(SMILE without clipping is DV) and invariances, on tiny float64 inputs.
"""

import math

import pytest
import torch

import minirepro as mr
from minirepro import information

F64 = torch.float64


def _scores(n=8, batch=(), seed=0, scale=3.0):
    gen = torch.Generator().manual_seed(seed)
    return scale * torch.randn(*batch, n, n, generator=gen, dtype=F64)


def test_gaussian_mi_and_rho_are_inverse():
    for mi in (0.1, 2.0, 10.0):
        assert information.gaussian_mi(information.rho_for_mi(mi, 20), 20) == pytest.approx(mi, rel=1e-12)
    assert information.gaussian_mi(0.0, 5) == 0.0


def test_gaussian_mi_matches_monte_carlo_of_optimal_critic():
    # I(X;Y) = E_p[log p(y|x)/p(y)]: the mean of the optimal critic on joint samples.
    rho, dim, n = 0.6, 2, 20_000
    x, y = mr.data.correlated_gaussians(n, dim, rho, gen=torch.Generator().manual_seed(1), dtype=F64)
    diag = mr.data.gaussian_log_ratio(x[:, None, :], y[:, None, :], rho)  # (n, 1, 1): pairs only
    mc = diag.mean().item()
    se = diag.std().item() / math.sqrt(n)
    assert abs(mc - information.gaussian_mi(rho, dim)) < 4 * se


def test_gaussian_log_ratio_batched_equals_unbatched():
    gen = torch.Generator().manual_seed(2)
    x, y = torch.randn(3, 5, 4, generator=gen, dtype=F64), torch.randn(3, 6, 4, generator=gen, dtype=F64)
    batched = mr.data.gaussian_log_ratio(x, y, 0.3)
    assert batched.shape == (3, 5, 6)
    for b in range(3):
        torch.testing.assert_close(batched[b], mr.data.gaussian_log_ratio(x[b], y[b], 0.3))
    # entry (i, j) against the two Gaussian log densities written out
    s2 = 1 - 0.3**2
    ref = (-0.5 * (y[0, 2] - 0.3 * x[0, 1]).pow(2) / s2 - 0.5 * math.log(s2) + 0.5 * y[0, 2].pow(2)).sum()
    assert batched[0, 1, 2].item() == pytest.approx(ref.item(), rel=1e-12)


def test_optimal_critic_partition_function_is_one():
    # E_{p(x)p(y)}[p(y|x)/p(y)] = 1: the off-diagonal mean of exp(optimal critic).
    rho, dim, n = 0.3, 1, 400
    x, y = mr.data.correlated_gaussians(n, dim, rho, gen=torch.Generator().manual_seed(3), dtype=F64)
    z = torch.exp(information._logmeanexp_offdiag(mr.data.gaussian_log_ratio(x, y, rho))).item()
    assert z == pytest.approx(1.0, abs=0.05)


def test_infonce_never_exceeds_log_n():
    f = _scores(batch=(50,), scale=30.0)
    f = f + 100.0 * torch.eye(8, dtype=F64)  # a critic that separates perfectly
    assert torch.all(information.infonce(f) <= math.log(8) + 1e-12)
    assert information.infonce(f).max().item() == pytest.approx(math.log(8), abs=1e-9)


def test_infonce_invariant_to_row_constant():
    f = _scores(batch=(4,))
    shift = torch.randn(4, 8, 1, dtype=F64, generator=torch.Generator().manual_seed(5))
    torch.testing.assert_close(information.infonce(f + shift), information.infonce(f))


def test_infonce_of_constant_critic_is_zero():
    assert information.infonce(torch.full((6, 6), 2.5, dtype=F64)).item() == pytest.approx(0.0, abs=1e-12)


def test_dv_brute_force():
    f = _scores(n=4)
    off = [f[i, j] for i in range(4) for j in range(4) if i != j]
    ref = f.diagonal().mean() - torch.log(torch.stack(off).exp().mean())
    assert information.dv(f).item() == pytest.approx(ref.item(), rel=1e-12)


def test_smile_without_clip_is_dv_and_huge_clip_is_dv():
    f = _scores(batch=(3,))
    torch.testing.assert_close(information.smile(f, None), information.dv(f))
    torch.testing.assert_close(information.smile(f, 1e6), information.dv(f))


def test_smile_clip_bounds_the_partition_term():
    # with ratios clipped to [e^-tau, e^tau] the log-partition term lies in [-tau, tau]
    f = _scores(batch=(20,), scale=10.0)
    tau = 2.0
    log_z = information._diag_mean(f) - information.smile(f, tau)
    assert torch.all(log_z.abs() <= tau + 1e-12)


def test_nwj_below_dv():
    # log z <= z / e for all z > 0, so NWJ <= DV for every score matrix
    f = _scores(batch=(100,), scale=4.0)
    assert torch.all(information.nwj(f) <= information.dv(f) + 1e-12)
    # equality when the off-diagonal partition term is exactly e
    g = torch.zeros(5, 5, dtype=F64) + 1.0
    assert information.nwj(g).item() == pytest.approx(information.dv(g).item(), abs=1e-12)


def test_js_fgan_brute_force_and_optimum():
    f = _scores(n=4)
    sp = torch.nn.functional.softplus
    off = torch.stack([sp(f[i, j]) for i in range(4) for j in range(4) if i != j]).mean()
    ref = -sp(-f.diagonal()).mean() - off
    assert information.js_fgan(f).item() == pytest.approx(ref.item(), rel=1e-12)
    # at a zero critic the objective is -2 log 2
    assert information.js_fgan(torch.zeros(3, 3, dtype=F64)).item() == pytest.approx(-2 * math.log(2), rel=1e-12)


def test_estimators_reject_non_square_scores():
    for fn in (information.infonce, information.nwj, information.dv, information.js_fgan):
        with pytest.raises(ValueError):
            fn(torch.zeros(3, 4, dtype=F64))
    with pytest.raises(ValueError):
        information.smile(torch.zeros(1, 1, dtype=F64), 5.0)


def test_correlated_gaussians_deterministic_and_correlated():
    a = mr.data.correlated_gaussians(5, 3, 0.5, gen=torch.Generator().manual_seed(7), dtype=F64)
    b = mr.data.correlated_gaussians(5, 3, 0.5, gen=torch.Generator().manual_seed(7), dtype=F64)
    c = mr.data.correlated_gaussians(5, 3, 0.5, gen=torch.Generator().manual_seed(8), dtype=F64)
    torch.testing.assert_close(a, b, rtol=0, atol=0)
    assert not torch.equal(a[0], c[0])
    x, y = mr.data.correlated_gaussians(20_000, 2, 0.7, gen=torch.Generator().manual_seed(9), dtype=F64)
    corr = (x * y).mean(0) / (x.std(0) * y.std(0))
    torch.testing.assert_close(corr, torch.full((2,), 0.7, dtype=F64), atol=0.02, rtol=0)
    xb, yb = mr.data.correlated_gaussians(4, 3, torch.tensor([0.1, 0.9]), gen=torch.Generator().manual_seed(7))
    assert xb.shape == yb.shape == (2, 4, 3)
    with pytest.raises(ValueError):
        mr.data.correlated_gaussians(4, 3, 1.0, gen=torch.Generator())
