"""A small training loop that records a history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
from torch import Tensor


@dataclass
class History:
    """What :func:`fit` recorded: the steps and, per name, one value per recorded step."""

    step: np.ndarray
    values: dict[str, np.ndarray] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]


def fit(loss_fn: Callable[[int], Tensor], optimizer: torch.optim.Optimizer, *, steps: int, every: int = 1,
        record: Callable[[int], dict] | None = None) -> History:
    """Minimise ``loss_fn(step)`` for ``steps`` steps and record values every ``every`` steps.

    Args:
        loss_fn: returns the scalar loss (or a batch of losses, which are summed) for a step;
            it draws its own minibatch, if any, from a generator it closes over.
        optimizer: a torch optimizer over the parameters ``loss_fn`` depends on.
        steps: number of optimisation steps.
        every: record at steps 0, every, 2*every, ... and after the last step.
        record: called as ``record(step)`` before the update at recorded steps; returns a
            dict of floats or arrays. The loss is always recorded as ``"loss"``.

    Returns:
        A :class:`History`; arrays have the recorded steps as their first axis.
    """
    rows: dict[str, list] = {"loss": []}
    recorded = []
    for step in range(steps + 1):
        at_record = step % every == 0 or step == steps
        if step == steps and not at_record:
            break
        if step == steps:
            with torch.no_grad():
                loss = loss_fn(step).sum()
        else:
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(step).sum()
        if at_record:
            recorded.append(step)
            rows["loss"].append(float(loss.detach()))
            if record is not None:
                with torch.no_grad():
                    for name, value in record(step).items():
                        rows.setdefault(name, []).append(np.asarray(torch.as_tensor(value).detach().cpu()))
        if step < steps:
            loss.backward()
            optimizer.step()
    return History(step=np.asarray(recorded), values={k: np.stack(v) for k, v in rows.items()})
