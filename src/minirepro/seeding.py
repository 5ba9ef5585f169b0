"""Named, independent random streams derived from one base seed.

Each stream is identified by a name (``"teacher"``, ``"init"``, ``"batches"``) so that
adding a new stream to a chapter never shifts the numbers of another one. Streams are
derived with :class:`numpy.random.SeedSequence`, whose ``spawn_key`` mechanism gives
statistically independent children for different keys.
"""

from __future__ import annotations

import hashlib

import numpy as np
import torch


def _name_key(name: str) -> tuple[int, ...]:
    """A stable tuple of 32-bit words from a stream name (Python's ``hash`` is salted)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


def seed_for(base: int, name: str, index: int = 0) -> int:
    """A 63-bit seed for stream ``name`` (and replicate ``index``) under ``base``.

    Args:
        base: the run's base seed (``run.seed``), a non-negative integer.
        name: the stream's name; different names give independent streams.
        index: replicate number, e.g. the seed index of an ensemble.

    Returns:
        An integer in ``[0, 2**63)``, the same on every machine and Python version.
    """
    if base < 0 or index < 0:
        raise ValueError(f"base and index must be non-negative, got base={base}, index={index}")
    seq = np.random.SeedSequence(entropy=base, spawn_key=(*_name_key(name), index))
    return int(seq.generate_state(2, dtype=np.uint32).astype(np.uint64) @ np.array([1, 2**32], dtype=np.uint64)) >> 1


def generator(base: int, name: str, index: int = 0, *, device: str = "cpu") -> torch.Generator:
    """A :class:`torch.Generator` for stream ``name`` (see :func:`seed_for`)."""
    gen = torch.Generator(device=device)
    gen.manual_seed(seed_for(base, name, index))
    return gen


def rng(base: int, name: str, index: int = 0) -> np.random.Generator:
    """A :class:`numpy.random.Generator` for stream ``name`` (see :func:`seed_for`)."""
    return np.random.default_rng(seed_for(base, name, index))


def seeds(base: int, name: str, n: int) -> list[int]:
    """``n`` independent seeds for the replicates of stream ``name``."""
    return [seed_for(base, name, i) for i in range(n)]
