"""Coordinate surgery on polygon rings: move, insert and remove one exact vertex.

Grids of one level share their boundary vertices bit for bit, so "the same vertex in every grid"
is plain coordinate equality; these helpers never round or re-compute a coordinate they keep.
Qt-free.
"""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np
import shapely

Coord = tuple[float, float]
RingFn = Callable[[np.ndarray], "np.ndarray | None"]

ON_EDGE_M = 1e-6  # a computed intersection point lies this close to the edge it was cut from


def map_rings(geom: shapely.Geometry, fn: RingFn) -> shapely.Geometry | None:
    """`geom` with `fn` applied to each closed ring's (n, 2) coordinates; None if a ring is
    left with fewer than three distinct corners (the polygon would degenerate)."""
    polys = []
    for part in shapely.get_parts(geom):
        rings = []
        for ring in (part.exterior, *part.interiors):
            c = fn(np.asarray(shapely.get_coordinates(ring)))
            if c is None:
                return None
            c = _tidy(c)
            if len(c) < 4:
                return None
            rings.append(c)
        polys.append(shapely.Polygon(rings[0], rings[1:]))
    if shapely.get_type_id(geom) == shapely.GeometryType.MULTIPOLYGON:
        return shapely.MultiPolygon(polys)
    return polys[0]


def _tidy(c: np.ndarray) -> np.ndarray:
    """Drop repeated consecutive points and close the ring again."""
    open_ = c[:-1] if len(c) > 1 and (c[0] == c[-1]).all() else c
    if len(open_) == 0:
        return c
    keep = np.r_[True, (open_[1:] != open_[:-1]).any(axis=1)]
    open_ = open_[keep]
    while len(open_) > 1 and (open_[0] == open_[-1]).all():
        open_ = open_[:-1]
    return np.vstack([open_, open_[:1]])


def coords_of(geom: shapely.Geometry) -> set[Coord]:
    """Every vertex of `geom`."""
    return {(float(x), float(y)) for x, y in shapely.get_coordinates(geom)}


def has_vertex(geom: shapely.Geometry, p: Coord) -> bool:
    """True when `p` is exactly a vertex of `geom`."""
    c = shapely.get_coordinates(geom)
    return bool(((c[:, 0] == p[0]) & (c[:, 1] == p[1])).any())


def move_vertices(geom: shapely.Geometry, moves: Mapping[Coord, Coord]) -> shapely.Geometry | None:
    """`geom` with each vertex at a key of `moves` put at its value (all at once)."""
    def fn(c: np.ndarray) -> np.ndarray:
        out = c.copy()
        for a, b in moves.items():
            hit = (c[:, 0] == a[0]) & (c[:, 1] == a[1])
            out[hit] = b
        return out
    return map_rings(geom, fn)


def remove_vertex(geom: shapely.Geometry, p: Coord) -> shapely.Geometry | None:
    """`geom` without the vertex `p`."""
    def fn(c: np.ndarray) -> np.ndarray:
        open_ = c[:-1]
        open_ = open_[~((open_[:, 0] == p[0]) & (open_[:, 1] == p[1]))]
        return np.vstack([open_, open_[:1]]) if len(open_) else open_
    return map_rings(geom, fn)


def insert_vertex(geom: shapely.Geometry, a: Coord, b: Coord, p: Coord) -> shapely.Geometry | None:
    """`geom` with `p` inserted wherever `a` and `b` are consecutive vertices (either way round)."""
    def fn(c: np.ndarray) -> np.ndarray:
        ia = (c[:-1, 0] == a[0]) & (c[:-1, 1] == a[1])
        ib = (c[1:, 0] == b[0]) & (c[1:, 1] == b[1])
        ja = (c[:-1, 0] == b[0]) & (c[:-1, 1] == b[1])
        jb = (c[1:, 0] == a[0]) & (c[1:, 1] == a[1])
        at = np.nonzero((ia & ib) | (ja & jb))[0]
        return np.insert(c, at + 1, p, axis=0) if len(at) else c
    return map_rings(geom, fn)


def insert_on_edges(geom: shapely.Geometry, p: Coord, tolerance: float = ON_EDGE_M) -> shapely.Geometry:
    """`geom` with `p` inserted into each edge that passes within `tolerance` of it (not at its
    ends): how a point cut by an overlay becomes a vertex of the neighbours sharing that edge."""
    def fn(c: np.ndarray) -> np.ndarray:
        if ((c[:, 0] == p[0]) & (c[:, 1] == p[1])).any():
            return c  # already a corner of this ring: noded (and a second copy would cross it)
        a, b = c[:-1], c[1:]
        d = b - a
        L2 = (d * d).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = ((p[0] - a[:, 0]) * d[:, 0] + (p[1] - a[:, 1]) * d[:, 1]) / L2
        t = np.where(L2 > 0, t, -1.0)
        q = a + d * t[:, None]
        dist = np.hypot(q[:, 0] - p[0], q[:, 1] - p[1])
        end = ((a[:, 0] == p[0]) & (a[:, 1] == p[1])) | ((b[:, 0] == p[0]) & (b[:, 1] == p[1]))
        at = np.nonzero((t > 0) & (t < 1) & (dist <= tolerance) & ~end)[0]
        return np.insert(c, at + 1, p, axis=0) if len(at) else c
    out = map_rings(geom, fn)
    return geom if out is None else out


def nearest_edge(geom: shapely.Geometry, x: float, y: float) -> tuple[Coord, Coord, Coord, float]:
    """The edge of `geom` nearest (x, y): its two ends, the nearest point on it, the distance."""
    best: tuple[Coord, Coord, Coord, float] | None = None
    for part in shapely.get_parts(geom):
        for ring in (part.exterior, *part.interiors):
            c = np.asarray(shapely.get_coordinates(ring))
            a, b = c[:-1], c[1:]
            d = b - a
            L2 = np.maximum((d * d).sum(axis=1), 1e-300)
            t = np.clip(((x - a[:, 0]) * d[:, 0] + (y - a[:, 1]) * d[:, 1]) / L2, 0.0, 1.0)
            q = a + d * t[:, None]
            dist = np.hypot(q[:, 0] - x, q[:, 1] - y)
            i = int(np.argmin(dist))
            if best is None or dist[i] < best[3]:
                best = ((float(a[i, 0]), float(a[i, 1])), (float(b[i, 0]), float(b[i, 1])),
                        (float(q[i, 0]), float(q[i, 1])), float(dist[i]))
    assert best is not None
    return best


def nearest_vertex(geom: shapely.Geometry, x: float, y: float) -> tuple[Coord, float]:
    """The vertex of `geom` nearest (x, y) and its distance."""
    c = shapely.get_coordinates(geom)
    d = np.hypot(c[:, 0] - x, c[:, 1] - y)
    i = int(np.argmin(d))
    return (float(c[i, 0]), float(c[i, 1])), float(d[i])
