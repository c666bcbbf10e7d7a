"""The fixed ladder of scales the screen zooms along.

A wheel notch or a +/− key moves the view to a rung of one ladder (metres per pixel = 2^(k/3) for
an integer k, a notch ≈ ×1.26 like the old ×1.25), so zooming in and back out returns to scales
drawn before and the tile cache (tiles.py) can serve them, and the rungs next to the current one
are known in advance, for tiles drawn while the hand rests. Zoom to the whole map or to a feature
stays off the ladder (it fits the box exactly); the next notch from there lands on a rung.
"""

from __future__ import annotations

import math
from dataclasses import replace

from cmdmap.render.view import ViewTransform

RUNGS_PER_DOUBLING = 3
MIN_MPP = 0.01     # 1 cm a pixel: closer is never useful
MAX_MPP = 2000.0   # a whole province on a screen
_EPS = 1e-6  # a scale this close to a rung (in rungs) is on it


def mpp_of(k: int) -> float:
    """Metres per pixel of rung `k` (the same float every time: tile keys compare it exactly)."""
    return 2.0 ** (k / RUNGS_PER_DOUBLING)


def stepped(mpp: float, notches: int) -> float:
    """The rung `notches` steps in (positive) or out (negative) from `mpp`; from a scale between
    rungs the first step goes to the nearest rung in that direction."""
    k = math.log2(mpp) * RUNGS_PER_DOUBLING
    if notches > 0:
        return mpp_of(math.floor(k - _EPS) - (notches - 1))
    if notches < 0:
        return mpp_of(math.ceil(k + _EPS) + (-notches - 1))
    return mpp


def on_pixels(view: ViewTransform) -> ViewTransform:
    """`view` moved by less than half a pixel so that its top-left corner is a whole number of
    pixels from the world's origin at its scale. Tiles of a rung start on whole pixels too, so
    they line up exactly with the symbols and labels drawn over them (tiles.py)."""
    x0 = view.cx / view.mpp - view.width / 2.0
    y0 = -view.cy / view.mpp - view.height / 2.0
    return replace(view, cx=(round(x0) + view.width / 2.0) * view.mpp,
                   cy=-(round(y0) + view.height / 2.0) * view.mpp)


def notched(view: ViewTransform, device_point: tuple[float, float], world_point: tuple[float, float],
            notches: int) -> ViewTransform:
    """`view` `notches` rungs in (positive) or out, with `world_point` under `device_point` (to
    within half a pixel, see on_pixels). A burst keeps the world point of its first notch, so the
    half pixels do not add up."""
    (px, py), (wx, wy) = device_point, world_point
    mpp = stepped(view.mpp, notches)
    return on_pixels(replace(view, mpp=mpp, cx=wx - (px - view.width / 2.0) * mpp,
                             cy=wy + (py - view.height / 2.0) * mpp))
