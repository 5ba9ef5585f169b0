"""Plot helpers. Each takes the ``ax`` to draw on first, draws, and returns it.

They never create or show figures; computation modules never import this one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

STYLE = Path(__file__).with_name("minirepro.mplstyle")
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def use_style() -> None:
    """Apply the book's matplotlib style (white background, Okabe-Ito colours)."""
    import matplotlib.pyplot as plt

    plt.style.use(STYLE)


def seed_band(ax, x, ys, *, quantiles=(0.1, 0.9), label=None, color=None, alpha=0.25, **line_kw):
    """Median over seeds as a line and a quantile band around it.

    Args:
        ax: the matplotlib axes to draw on.
        x: shape (T,), the abscissa.
        ys: shape (n_seeds, T), one row per seed.
        quantiles: lower and upper quantile of the band (default 10% and 90%).
        label, color: of the median line; extra keywords go to ``ax.plot``.

    Returns:
        ax
    """
    ys = np.asarray(ys, dtype=float)
    if ys.ndim != 2 or ys.shape[1] != len(x):
        raise ValueError(f"ys must have shape (n_seeds, {len(x)}), got {ys.shape}")
    lo, hi = np.nanquantile(ys, quantiles, axis=0)
    (line,) = ax.plot(x, np.nanmedian(ys, axis=0), label=label, color=color, **line_kw)
    ax.fill_between(x, lo, hi, color=line.get_color(), alpha=alpha, linewidth=0)
    return ax


def panel_label(ax, letter: str, *, x: float = -0.12, y: float = 1.04):
    """Write a bold panel label such as ``(a)`` in the top-left corner of ``ax``."""
    ax.text(x, y, f"({letter})", transform=ax.transAxes, fontweight="bold", va="bottom", ha="left")
    return ax


def reference_line(ax, value: float, *, label=None, orientation: str = "h", **kw):
    """A dashed horizontal (``"h"``) or vertical (``"v"``) line marking a theoretical value."""
    kw = {"color": "0.35", "linestyle": "--", "linewidth": 1.0} | kw
    (ax.axhline if orientation == "h" else ax.axvline)(value, label=label, **kw)
    return ax
