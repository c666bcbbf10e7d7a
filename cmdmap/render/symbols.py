"""Marker shapes as small polygons in millimetres around (0, 0), y down (device orientation).

Polygons rather than QPainter primitives so that all markers of one kind become one path
(qpath.symbols_path) and one drawPath call, however many there are.
"""

from __future__ import annotations

from functools import cache

import numpy as np


def _circle(r: float, k: int = 20) -> np.ndarray:
    a = np.linspace(0.0, 2.0 * np.pi, k, endpoint=False)
    return np.c_[r * np.cos(a), r * np.sin(a)]


def _cross(r: float, arm: float) -> np.ndarray:
    a, b = arm, r
    return np.array([(-a, -b), (a, -b), (a, -a), (b, -a), (b, a), (a, a), (a, b), (-a, b),
                     (-a, a), (-b, a), (-b, -a), (-a, -a)], dtype=float)


@cache
def marker(shape: str, size_mm: float = 3.0) -> np.ndarray:
    """The outline of a marker `size_mm` across: circle, square, diamond, triangle or cross."""
    r = size_mm / 2.0
    if shape == "square":
        s = r * 0.85
        return np.array([(-s, -s), (s, -s), (s, s), (-s, s)], dtype=float)
    if shape == "diamond":
        return np.array([(0, -r * 1.1), (r * 1.1, 0), (0, r * 1.1), (-r * 1.1, 0)], dtype=float)
    if shape == "triangle":
        return np.array([(0, -r * 1.1), (r, r * 0.8), (-r, r * 0.8)], dtype=float)
    if shape == "cross":
        return _cross(r, r * 0.36)
    return _circle(r)


@cache
def gate_arrow(length_mm: float = 3.4) -> np.ndarray:
    """An arrow whose tail is at (0, 0) and which points north (-y), for a gate facing out."""
    L = length_mm
    head = L * 0.5      # length of the head
    hw = L * 0.36       # half-width of the head
    sw = L * 0.13       # half-width of the shaft
    return np.array([(-sw, 0.0), (-sw, -(L - head)), (-hw, -(L - head)), (0.0, -L),
                     (hw, -(L - head)), (sw, -(L - head)), (sw, 0.0)], dtype=float)
