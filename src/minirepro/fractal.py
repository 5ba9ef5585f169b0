"""Fractal geometry of 2-D sets of pixels: the boundary of a binary image and its box-counting dimension.

Used for trainability boundaries (Sohl-Dickstein, 2024, "The boundary of neural network
trainability is fractal"); the estimator follows Falconer (2014), *Fractal Geometry*, Sec. 3.1.
"""

from __future__ import annotations

import numpy as np


def boundary(mask: np.ndarray) -> np.ndarray:
    """Pixels of a 2-D boolean image that differ from their right or lower neighbour.

    Only the pixel on the upper/left side of each edge is marked, so a straight edge gives a line
    one pixel wide wherever it falls on the box grid of :func:`box_counts`.

    Args:
        mask: shape (H, W), e.g. "training converged" per grid point.

    Returns:
        Boolean array of shape (H, W), True on the boundary between the two classes.
    """
    mask = np.asarray(mask, dtype=bool)
    if mask.ndim != 2:
        raise ValueError(f"mask must be a 2-D image, got shape {mask.shape}")
    edge = np.zeros_like(mask)
    edge[:, :-1] |= mask[:, 1:] != mask[:, :-1]
    edge[:-1, :] |= mask[1:, :] != mask[:-1, :]
    return edge


def box_counts(points: np.ndarray, sizes) -> np.ndarray:
    """Number of boxes of side ``s`` (pixels) that contain at least one True pixel, per size.

    Args:
        points: boolean image of shape (H, W).
        sizes: box sides in pixels; H and W must be multiples of each.

    Returns:
        Integer array of counts, one per size.
    """
    points = np.asarray(points, dtype=bool)
    if points.ndim != 2:
        raise ValueError(f"points must be a 2-D image, got shape {points.shape}")
    h, w = points.shape
    counts = []
    for s in sizes:
        if h % s or w % s:
            raise ValueError(f"box size {s} does not divide the image shape {points.shape}")
        counts.append(points.reshape(h // s, s, w // s, s).any(axis=(1, 3)).sum())
    return np.asarray(counts)


def box_counting_dimension(points: np.ndarray, sizes=None) -> float:
    """Box-counting (Minkowski) dimension of a set of pixels: the slope of log N(s) vs log(1/s).

    Falconer (2014), *Fractal Geometry*, 3rd ed., Sec. 3.1; the estimator Sohl-Dickstein (2024)
    applies to trainability boundaries.

    Args:
        points: boolean image of shape (H, W) with H, W powers of two (or multiples of ``sizes``).
        sizes: box sides in pixels; default 2, 4, 8, ... up to a quarter of the smaller side.
            Boxes of one pixel are left out by default: a tilted edge drawn by :func:`boundary` is a
            staircase with up to two pixels per step, which inflates N(1) and biases the slope up.

    Returns:
        The least-squares slope, between 0 (a point) and 2 (a filled region).
    """
    points = np.asarray(points, dtype=bool)
    if not points.any():
        raise ValueError("the set is empty; its dimension is undefined")
    if sizes is None:
        sizes = [2**k for k in range(1, int(np.log2(min(points.shape))) - 1)]
    counts = box_counts(points, sizes)
    slope = np.polyfit(np.log(1.0 / np.asarray(sizes, dtype=float)), np.log(counts), 1)[0]
    return float(slope)
