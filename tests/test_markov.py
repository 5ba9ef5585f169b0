"""Tests for minirepro.markov against the two-state chain's closed forms and a long simulation."""

import math

import torch

from minirepro import markov


def two_state(a: float, b: float) -> torch.Tensor:
    return torch.tensor([[1 - a, a], [b, 1 - b]], dtype=torch.float64)


def test_two_state_chain_closed_forms():
    a, b = 0.2, 0.05
    P = two_state(a, b)
    pi = markov.stationary_distribution(P)
    assert torch.allclose(pi, torch.tensor([b, a], dtype=torch.float64) / (a + b))
    h = lambda p: -p * math.log(p) - (1 - p) * math.log(1 - p)
    expect = (b * h(a) + a * h(b)) / (a + b)
    assert math.isclose(float(markov.entropy_rate(P)), expect, rel_tol=1e-12)


def test_batched_and_sparse_chains():
    # a deterministic cycle has entropy rate 0 and a uniform stationary distribution; zeros are fine
    cycle = torch.roll(torch.eye(4, dtype=torch.float64), 1, dims=1)
    uniform = torch.full((4, 4), 0.25, dtype=torch.float64)
    P = torch.stack([cycle, uniform])
    assert torch.allclose(markov.stationary_distribution(P), torch.full((2, 4), 0.25, dtype=torch.float64))
    assert torch.allclose(markov.entropy_rate(P), torch.tensor([0.0, math.log(4)], dtype=torch.float64))
    # pi is stationary for a random chain
    g = torch.Generator().manual_seed(0)
    R = torch.rand(3, 5, 5, generator=g, dtype=torch.float64)
    R = R / R.sum(-1, keepdim=True)
    pi = markov.stationary_distribution(R)
    assert torch.allclose(torch.einsum("ka,kab->kb", pi, R), pi) and torch.allclose(pi.sum(-1), torch.ones(3, dtype=torch.float64))
