"""Paths of many polygons grouped by style and by map tile, so a frame draws a few hundred paths
whatever the number of features, and a zoomed-in frame skips the tiles it cannot see.

A district has ~200,000 buildings in five-colour maps: one path per colour would span the whole
district, and Qt transforms every vertex of a path it draws even when most fall outside the
device. Splitting each colour group into tiles of a few thousand features keeps the full-extent
frame at the same cost and makes close-ups cheap.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QPainterPath

from cmdmap.render.qpath import RingArrays, path_from_arrays

FEATURES_PER_TILE = 4000


@dataclass
class Chunk:
    """One path: the features of one style group in one tile, with their world bounds."""

    group: int
    bounds: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax (relative to the origin)
    path: QPainterPath
    features: int
    tile: int = -1


def tile_of(x: np.ndarray, y: np.ndarray, per_tile: int = FEATURES_PER_TILE) -> np.ndarray:
    """A square-ish tile number per point, about `per_tile` points to a tile."""
    return tile_at(x, y, tile_grid(x, y, per_tile))


def tile_grid(x: np.ndarray, y: np.ndarray, per_tile: int = FEATURES_PER_TILE) -> tuple[int, float, float, float, float]:
    """The tiling of points (side, x0, x1, y0, y1): kept so features that move later land in the
    same tiles as before."""
    n = len(x)
    side = int(np.ceil(np.sqrt(n / per_tile))) if n else 1
    if side <= 1:
        return (1, 0.0, 1.0, 0.0, 1.0)
    return (side, float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y)))


def tile_at(x: np.ndarray, y: np.ndarray, grid: tuple[int, float, float, float, float]) -> np.ndarray:
    """Tile numbers of points in the tiling `grid` (points outside go to the edge tiles)."""
    side, x0, x1, y0, y1 = grid
    if side <= 1:
        return np.zeros(len(x), dtype=np.int64)
    tx = np.clip(((x - x0) / max(x1 - x0, 1e-9) * side).astype(np.int64), 0, side - 1)
    ty = np.clip(((y - y0) / max(y1 - y0, 1e-9) * side).astype(np.int64), 0, side - 1)
    return ty * side + tx


def build_chunks(rings: RingArrays, group: np.ndarray, tiles: np.ndarray | None = None) -> list[Chunk]:
    """Chunks of `rings` by feature group (an int per feature, -1 = not drawn) and tile."""
    if len(rings) == 0:
        return []
    g = np.asarray(group, dtype=np.int64)[rings.feature]
    t = np.zeros_like(g) if tiles is None else np.asarray(tiles, dtype=np.int64)[rings.feature]
    keep = g >= 0
    key = np.where(keep, g * (int(t.max()) + 1) + t, -1)
    # A stable sort keeps every ring's vertices together and in order.
    order = np.argsort(key, kind="stable")
    order = order[keep[order]]
    if len(order) == 0:
        return []
    key = key[order]
    x, y, starts, feature = rings.x[order], rings.y[order], rings.starts[order], rings.feature[order]
    cut = np.nonzero(np.r_[True, key[1:] != key[:-1]])[0]
    ends = np.r_[cut[1:], len(key)]
    xmin, xmax = np.minimum.reduceat(x, cut), np.maximum.reduceat(x, cut)
    ymin, ymax = np.minimum.reduceat(y, cut), np.maximum.reduceat(y, cut)
    out = []
    for i, (a, b) in enumerate(zip(cut, ends)):
        st = starts[a:b].copy()
        st[0] = True
        nfeat = len(np.unique(feature[a:b]))
        out.append(Chunk(int(g[order[a]]), (xmin[i], ymin[i], xmax[i], ymax[i]),
                         path_from_arrays(x[a:b], y[a:b], st), nfeat, int(t[order[a]])))
    return out


def visible(chunks: list[Chunk], bounds: tuple[float, float, float, float]) -> list[Chunk]:
    """The chunks whose bounds meet `bounds` (xmin, ymin, xmax, ymax), in list order."""
    if len(chunks) < 64:
        x0, y0, x1, y1 = bounds
        return [c for c in chunks if c.bounds[0] <= x1 and c.bounds[2] >= x0 and c.bounds[1] <= y1 and c.bounds[3] >= y0]
    x0, y0, x1, y1 = bounds
    b = _bounds_of(chunks)
    hit = np.nonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))[0]
    return [chunks[i] for i in hit.tolist()]


# The bounds of the chunk lists of the layers drawn, as arrays: a district's building layer has
# thousands of chunks, and testing them one by one cost ~2 ms a layer for every tile piece drawn.
# A list is never changed in place (an edit makes a new one), so its identity keys its array; the
# list is held with it so that identity cannot be reused.
_BOUNDS: "OrderedDict[int, tuple[list[Chunk], np.ndarray]]" = OrderedDict()
_BOUNDS_KEPT = 32


def _bounds_of(chunks: list[Chunk]) -> np.ndarray:
    held = _BOUNDS.get(id(chunks))
    if held is not None and held[0] is chunks and len(held[1]) == len(chunks):
        _BOUNDS.move_to_end(id(chunks))
        return held[1]
    b = np.array([c.bounds for c in chunks], dtype=float).reshape(-1, 4)
    _BOUNDS[id(chunks)] = (chunks, b)
    while len(_BOUNDS) > _BOUNDS_KEPT:
        _BOUNDS.popitem(last=False)
    return b
