"""Tests for minirepro.dynamics against closed forms and a direct integration."""

import numpy as np
from scipy.integrate import solve_ivp

from minirepro import dynamics


def test_lorenz63_equilibrium_stays_and_orbit_matches_a_direct_solve():
    beta, rho = 8 / 3, 28.0
    c = np.sqrt(beta * (rho - 1))
    still = dynamics.lorenz63(np.linspace(0, 5, 11), x0=np.array([c, c, rho - 1]))
    assert np.allclose(still, [c, c, rho - 1], atol=1e-6)
    times = 0.5 + 0.03 * np.arange(50)
    x0 = np.array([1.0, 1.0, 20.0])
    f = lambda t, s: [10 * (s[1] - s[0]), s[0] * (28 - s[2]) - s[1], s[0] * s[1] - 8 / 3 * s[2]]
    ref = solve_ivp(f, (0, times[-1]), x0, t_eval=times, rtol=1e-9, atol=1e-9).y.T
    assert np.array_equal(dynamics.lorenz63(times, x0=x0), ref)


def test_state_space_divergence_closed_forms():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(4000, 2))
    assert dynamics.state_space_divergence(x, x, bins=4, lim=1) == 0.0
    # 1-D data over both halves of [-1, 1], a model only in the left half: p = (p_l, 1 - p_l), q = (1, floor)
    x1 = x[:, :1]
    d = dynamics.state_space_divergence(x1, -np.abs(x1), bins=2, lim=1, floor=1e-6)
    p_left = (x1 < 0).mean()
    expect = p_left * np.log(p_left / 1.0) + (1 - p_left) * np.log((1 - p_left) / 1e-6)
    assert np.isclose(d, expect)
    assert dynamics.state_space_divergence(x, np.full_like(x, np.nan), bins=2, lim=1) == float("inf")
