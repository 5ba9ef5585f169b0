"""Dynamical systems: reference trajectories and a measure of attractor geometry.

The Lorenz-63 system (Lorenz, 1963) is the standard benchmark of dynamical-systems
reconstruction; the state-space divergence is the attractor-geometry measure of that
literature (Koppe et al., 2019; Hess et al., 2023; Brenner et al., 2024).
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp


def lorenz63(times: np.ndarray, *, x0: np.ndarray, sigma: float = 10.0, rho: float = 28.0,
             beta: float = 8 / 3, method: str = "RK45", rtol: float = 1e-9, atol: float = 1e-9) -> np.ndarray:
    """States of the Lorenz-63 system dx/dt = sigma (y - x), dy/dt = x (rho - z) - y, dz/dt = x y - beta z.

    Integrated from time 0 with scipy's ``solve_ivp`` and read out at ``times`` (dense output is not
    used: the solver steps to each requested time). Samples before the orbit has reached the
    attractor are the caller's to drop (start ``times`` later, or slice the result).

    Args:
        times: increasing sample times t >= 0, shape (n,), in the system's time units.
        x0: initial state (x, y, z) at time 0, shape (3,).
        sigma, rho, beta: the parameters; the defaults are Lorenz's chaotic ones.
        method, rtol, atol: passed to ``solve_ivp``.

    Returns:
        The states at ``times``, shape (n, 3).
    """
    def field(t, s):
        x, y, z = s
        return [sigma * (y - x), x * (rho - z) - y, x * y - beta * z]

    times = np.asarray(times, dtype=float)
    return solve_ivp(field, (0, times[-1]), x0, t_eval=times, method=method, rtol=rtol, atol=atol).y.T


def state_space_divergence(x_data: np.ndarray, x_model: np.ndarray, *, bins: int, lim: float,
                           floor: float = 1e-6) -> float:
    """KL(p_data || p_model), in nats, between the occupation histograms of two orbits.

    Both orbits are binned on the same grid of ``bins`` equal bins per coordinate over
    [-lim, lim] (points outside are clipped into the border bins) and normalised; model
    probabilities below ``floor`` count as ``floor``, so a model that never visits a bin the data
    occupy pays log(p / floor) there. An orbit with non-finite values gives infinity.

    Args:
        x_data, x_model: orbits of shape (n, d) and (m, d), in the same (e.g. standardised) units.
        bins: bins per coordinate (bins**d cells in all).
        lim: half-width of the grid.
        floor: smallest model probability of a cell.
    """
    if not np.isfinite(x_model).all():
        return float("inf")
    edges = [np.linspace(-lim, lim, bins + 1)] * x_data.shape[1]
    p, q = (np.histogramdd(np.clip(x, -lim, lim), edges)[0].ravel() for x in (x_data, x_model))
    p, q = p / p.sum(), q / q.sum()
    seen = p > 0
    return float(np.sum(p[seen] * np.log(p[seen] / np.maximum(q[seen], floor))))
