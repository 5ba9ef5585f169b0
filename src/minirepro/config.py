"""Run configuration: scale, base seed, threads and device, read from the environment.

A chapter starts with::

    run = mr.config.init()
    cfg = run.pick(book=Setup(), paper=Setup(width=256, steps=20_000))

Environment variables (see the README):

- ``MINIREPRO_SCALE``: ``book`` (default; what CI executes and the committed outputs show)
  or ``paper`` (settings closer to the paper's, for users with more compute).
- ``MINIREPRO_SEED``: the base seed, a non-negative integer (default 0). Every random
  stream of a chapter is derived from it (:mod:`minirepro.seeding`).
- ``MINIREPRO_DEVICE``: ``cpu`` (default) or ``cuda``; only honoured at ``paper`` scale,
  so that book-scale outputs are bitwise reproducible on one CPU thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TypeVar

SCALES = ("book", "paper")
DEVICES = ("cpu", "cuda")
DEFAULT_SEED = 0

T = TypeVar("T")


class ConfigError(ValueError):
    """An environment variable holds a value that is not one of the valid ones."""


def scale(environ: dict | None = None) -> str:
    """The run's scale from ``MINIREPRO_SCALE``: ``"book"`` (default) or ``"paper"``."""
    env = os.environ if environ is None else environ
    value = env.get("MINIREPRO_SCALE", "book").strip().lower() or "book"
    if value not in SCALES:
        raise ConfigError(f"MINIREPRO_SCALE={value!r} is not valid; use one of: {', '.join(SCALES)}")
    return value


def base_seed(environ: dict | None = None) -> int:
    """The base seed from ``MINIREPRO_SEED``: a non-negative integer, default 0."""
    env = os.environ if environ is None else environ
    raw = env.get("MINIREPRO_SEED", "").strip()
    if raw == "":
        return DEFAULT_SEED
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0 or value >= 2**63:
        raise ConfigError(f"MINIREPRO_SEED={raw!r} is not valid; use a non-negative integer such as 0, 1, 2")
    return value


def device(run_scale: str, environ: dict | None = None) -> str:
    """The torch device: ``"cpu"`` unless ``MINIREPRO_DEVICE=cuda`` at paper scale and CUDA exists."""
    env = os.environ if environ is None else environ
    value = env.get("MINIREPRO_DEVICE", "cpu").strip().lower() or "cpu"
    if value not in DEVICES:
        raise ConfigError(f"MINIREPRO_DEVICE={value!r} is not valid; use one of: {', '.join(DEVICES)}")
    if value == "cuda" and run_scale == "paper":
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    return "cpu"


@dataclass(frozen=True)
class Run:
    """What this execution of a chapter is: its scale, base seed and torch device."""

    scale: str = "book"  # "book" or "paper"
    seed: int = DEFAULT_SEED  # base seed; streams derive from it (minirepro.seeding)
    device: str = "cpu"  # torch device for paper-scale runs

    def pick(self, *, book: T, paper: T) -> T:
        """Return the chapter settings for this run's scale."""
        return book if self.scale == "book" else paper

    def __str__(self) -> str:
        return f"scale={self.scale} seed={self.seed} device={self.device}"


def current(environ: dict | None = None) -> Run:
    """Read the run configuration from the environment without side effects."""
    run_scale = scale(environ)
    return Run(scale=run_scale, seed=base_seed(environ), device=device(run_scale, environ))


def init(environ: dict | None = None) -> Run:
    """Read the run configuration and prepare torch for it.

    At book scale torch and the BLAS libraries behind NumPy and SciPy (through threadpoolctl) use
    one thread, so that outputs are bitwise reproducible and a chapter's runtime means the same on
    every machine. Torch's global generator (which
    ``torch.nn`` layers draw their initial weights from) is seeded from the base seed, so
    ``MINIREPRO_SEED`` changes it too; all other randomness should come from explicit
    generators (:func:`minirepro.seeding.generator`).
    """
    import torch

    from minirepro import seeding

    run = current(environ)
    if run.scale == "book":
        from threadpoolctl import threadpool_limits

        torch.set_num_threads(1)
        threadpool_limits(1)  # NumPy's and SciPy's BLAS; kept for the rest of the process
    torch.manual_seed(seeding.seed_for(run.seed, "torch-global"))
    return run
