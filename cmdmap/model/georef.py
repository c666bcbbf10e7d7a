"""Georeferencing a scanned site plan: fit image pixels to map metres from control points.

A desk clicks 3 or more points on the scanned plan and the same points on the map; the fit is a
least-squares affine (6 parameters: scale, rotation, shear, offset — needs 3 points) or similarity
(4 parameters: one scale, rotation, offset — needs 2, and keeps the plan's shape). Each point's
residual in metres shows which click was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KINDS = ("affine", "similarity")


class GeorefError(ValueError):
    """Too few or degenerate control points: `key` for messages.py."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Fit:
    """World = A @ [col, row, 1]; residuals per control point in metres."""

    kind: str
    matrix: np.ndarray          # 2×3
    residuals: np.ndarray       # metres, one per control point

    def apply(self, pixels: np.ndarray) -> np.ndarray:
        """Map pixel coordinates (N×2: column, row) to world metres (N×2)."""
        p = np.atleast_2d(np.asarray(pixels, dtype=float))
        return p @ self.matrix[:, :2].T + self.matrix[:, 2]

    def invert(self, world: np.ndarray) -> np.ndarray:
        """World metres (N×2) back to pixel coordinates."""
        m = np.vstack([self.matrix, [0.0, 0.0, 1.0]])
        inv = np.linalg.inv(m)
        w = np.atleast_2d(np.asarray(world, dtype=float))
        return w @ inv[:2, :2].T + inv[:2, 2]

    @property
    def rms(self) -> float:
        """Root mean square residual in metres."""
        return float(np.sqrt(np.mean(self.residuals ** 2))) if len(self.residuals) else 0.0

    @property
    def worst(self) -> int:
        """Index of the control point with the largest residual."""
        return int(np.argmax(self.residuals))


def fit(pixels: np.ndarray, world: np.ndarray, kind: str = "affine") -> Fit:
    """Least-squares fit of pixel (column, row) → world (x, y) control points."""
    src = np.asarray(pixels, dtype=float).reshape(-1, 2)
    dst = np.asarray(world, dtype=float).reshape(-1, 2)
    if kind not in KINDS:
        raise ValueError(kind)
    need = 3 if kind == "affine" else 2
    if len(src) != len(dst) or len(src) < need:
        raise GeorefError("georef_too_few", need=need)
    n = len(src)
    if kind == "affine":
        a = np.column_stack([src, np.ones(n)])
        if np.linalg.matrix_rank(a) < 3:
            raise GeorefError("georef_collinear")
        sol, *_ = np.linalg.lstsq(a, dst, rcond=None)
        matrix = sol.T
    else:
        # x = a·c − b·r + tx ; y = b·c + a·r + ty
        rows = np.zeros((2 * n, 4))
        rows[0::2] = np.column_stack([src[:, 0], -src[:, 1], np.ones(n), np.zeros(n)])
        rows[1::2] = np.column_stack([src[:, 1], src[:, 0], np.zeros(n), np.ones(n)])
        if np.linalg.matrix_rank(rows) < 4:
            raise GeorefError("georef_collinear")
        (a, b, tx, ty), *_ = np.linalg.lstsq(rows, dst.reshape(-1), rcond=None)
        matrix = np.array([[a, -b, tx], [b, a, ty]])
    f = Fit(kind, matrix, np.zeros(n))
    residuals = np.hypot(*(f.apply(src) - dst).T)
    return Fit(kind, matrix, residuals)
