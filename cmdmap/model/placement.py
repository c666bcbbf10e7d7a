"""Where every feature lies: its grid at each level (片区/网格/微网格) and its compound.

All of it is computed in bulk with shapely's STRtree, never feature by feature in Python, so a
district (≈200,000 buildings, ≈10,000 grids) is placed in about half a second. The tree gives
candidates by their boxes; the exact tests run with the targets (grids, compounds) prepared, and
they stay prepared on their geometries for the next placement.

Rules (issue "Foundation"): a polygon goes to the target holding its point on the surface, and a
polygon straddling a boundary goes to the target holding most of its area; a point goes to the
target that contains it (on a shared boundary, the first the tree gives, which is not always the
first by row); a gate, which sits on its compound's boundary, goes to the nearest compound within
GATE_SNAP_M.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    from cmdmap.model.document import Document

GRID_LEVELS = ("zone", "grid", "micro")  # 片区, 网格, 微网格 — coarse to fine
COUNT_LEVELS = ("community", "zone", "grid", "micro", "compound", "building")
GATE_SNAP_M = 30.0


@dataclass
class Targets:
    """The features of one level: rows into their layer, their geometries and an index."""

    layer: str
    rows: np.ndarray
    geoms: np.ndarray
    tree: shapely.STRtree

    @classmethod
    def of(cls, layer: str, rows: np.ndarray, geoms: np.ndarray) -> "Targets":
        return cls(layer, rows, geoms, shapely.STRtree(geoms))

    def __len__(self) -> int:
        return len(self.rows)


def locate_polygons(geoms: np.ndarray, targets: Targets, points: np.ndarray | None = None) -> np.ndarray:
    """Index into `targets` for each polygon, or -1 when it touches none.

    The rule: the target holding the polygon's point on the surface (the first the tree gives when
    several hold it); but a polygon that intersects two targets or more goes to the one its
    intersection with is largest (the first the tree gives on a tie), unless every such
    intersection has no area. `points` are the polygons' points on the surface when the caller
    already has them (Placement computes them once for every level).

    Asking the tree for `intersects` tests every candidate with the small polygon prepared against
    the large target, which is what costs; here the tree gives candidates by their boxes only, the
    targets are prepared instead, and the exact test is made only where two boxes or more meet a
    polygon: a polygon whose box meets one target's box intersects at most that one, so its point
    decides. The pairs kept are the tree's own, in its order, so ties fall exactly as they did.
    """
    n = len(geoms)
    out = np.full(n, -1, dtype=np.int64)
    if n == 0 or len(targets) == 0:
        return out
    if points is None:
        src = np.nonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))[0]
        pts = shapely.point_on_surface(geoms[src])
    else:  # None where the polygon is missing or empty
        src = np.nonzero(~shapely.is_missing(points))[0]
        pts = points[src]
    if len(src) == 0:
        return out
    polys = geoms[src]
    ci, cj = targets.tree.query(polys)  # by box only; grouped by polygon, in the tree's order
    if len(ci) == 0:
        return out
    tg = targets.geoms
    _prepare(tg, cj)
    out[src] = _first_holding(pts, targets, ci, cj, len(src))
    # Polygons whose box meets two targets' boxes or more: which of these they really intersect.
    per = np.bincount(ci, minlength=len(src))
    multi = per[ci] > 1
    if not multi.any():
        return out
    mi, mj = ci[multi], cj[multi]
    hit = shapely.intersects(tg[mj], polys[mi])
    mi, mj = mi[hit], mj[hit]
    per = np.bincount(mi, minlength=len(src))
    multi = per[mi] > 1
    if multi.any():
        mi, mj = mi[multi], mj[multi]
        areas = shapely.area(shapely.intersection(polys[mi], tg[mj]))
        order = np.lexsort((-areas, mi))  # by polygon, largest area first, else the tree's order
        mi, mj, areas = mi[order], mj[order], areas[order]
        starts = np.r_[True, mi[1:] != mi[:-1]]
        best_i, best_j, best_a = mi[starts], mj[starts], areas[starts]
        ok = best_a > 0
        out[src[best_i[ok]]] = best_j[ok]
    return out


def _prepare(geoms: np.ndarray, idx: np.ndarray) -> None:
    """Prepare the targets `idx` for repeated predicates (kept on the geometries for next time)."""
    if len(idx) > len(geoms):  # most are asked about: all at once (each prepared on first use)
        shapely.prepare(geoms)
        return
    need = np.unique(idx)
    need = need[~shapely.is_prepared(geoms[need])]
    if len(need):
        shapely.prepare(geoms[need])


def _first_holding(pts: np.ndarray, targets: Targets, ci: np.ndarray, cj: np.ndarray, n: int) -> np.ndarray:
    """For each point, among its candidate targets (ci, cj), the one holding it, as locate_points.

    A point held by two targets or more (on a shared boundary, or in overlapping targets) is asked
    of the tree again, so that the same one wins as in locate_points.
    """
    held = shapely.intersects(targets.geoms[cj], pts[ci])
    hi, hj = ci[held], cj[held]
    first = np.full(n, -1, dtype=np.int64)
    first[hi[::-1]] = hj[::-1]
    many = np.nonzero(np.bincount(hi, minlength=n) > 1)[0]
    if len(many):
        pi, pj = targets.tree.query(pts[many], predicate="intersects")
        again = np.full(len(many), -1, dtype=np.int64)
        again[pi[::-1]] = pj[::-1]
        first[many] = again
    return first


def _points_on_surface(geoms: np.ndarray) -> np.ndarray:
    """Each geometry's point on the surface (None for a missing or empty one)."""
    out = np.full(len(geoms), None, dtype=object)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    out[ok] = shapely.point_on_surface(geoms[ok])
    return out


def locate_points(geoms: np.ndarray, targets: Targets) -> np.ndarray:
    """Index into `targets` for each point (or polygon, by its point on the surface), or -1."""
    n = len(geoms)
    out = np.full(n, -1, dtype=np.int64)
    if n == 0 or len(targets) == 0:
        return out
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    src = np.nonzero(valid)[0]
    pts = shapely.point_on_surface(geoms[src])
    # What query(pts, predicate="intersects") gives, in its order, but tested with the (large)
    # targets prepared rather than each point: the tree's candidates by box, then the exact test.
    pi, pj = targets.tree.query(pts)
    _prepare(targets.geoms, pj)
    held = shapely.intersects(targets.geoms[pj], pts[pi])
    pi, pj = pi[held], pj[held]
    first = np.full(len(src), -1, dtype=np.int64)
    # The last write wins; reverse so the first the tree gives wins on a shared boundary.
    first[pi[::-1]] = pj[::-1]
    out[src] = first
    return out


def locate_nearest(geoms: np.ndarray, targets: Targets, max_distance: float) -> np.ndarray:
    """Index of the nearest target within `max_distance` (by boundary distance), or -1."""
    n = len(geoms)
    out = np.full(n, -1, dtype=np.int64)
    if n == 0 or len(targets) == 0:
        return out
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    src = np.nonzero(valid)[0]
    qi, qj = targets.tree.query_nearest(geoms[src], max_distance=max_distance, all_matches=False)
    out[src[qi]] = qj
    return out


class Placement:
    """For every feature layer: the index, at every level, of the feature holding it."""

    def __init__(self, doc: "Document") -> None:
        self.doc = doc
        grids = doc["grids"]
        level = grids.column("level")
        self.levels: dict[str, Targets] = {}
        for lv in GRID_LEVELS:
            rows = np.nonzero(level == lv)[0]
            self.levels[lv] = Targets.of("grids", rows, grids.geom[rows])
        comp = doc["compounds"]
        self.levels["compound"] = Targets.of("compounds", np.arange(len(comp)), comp.geom)
        # where[layer][level] -> index into self.levels[level] (or -1)
        self.where: dict[str, dict[str, np.ndarray]] = {}
        b = doc["buildings"]
        pts = _points_on_surface(b.geom)  # once for every level
        self.where["buildings"] = {
            lv: locate_polygons(b.geom, t, pts) for lv, t in self.levels.items()
        }
        for name in ("sites", "events"):
            g = doc[name].geom
            self.where[name] = {lv: locate_points(g, t) for lv, t in self.levels.items()}
        gates = doc["gates"].geom
        self.where["gates"] = {lv: locate_points(gates, t) for lv, t in self.levels.items() if lv != "compound"}
        self.where["gates"]["compound"] = locate_nearest(gates, self.levels["compound"], GATE_SNAP_M)
        # A grid's place in the coarser levels, through its point on the surface.
        # A point is its own point on the surface: the grids' points are found once, not per level.
        gpts = _points_on_surface(grids.geom)
        self.grid_in: dict[str, np.ndarray] = {
            lv: locate_points(gpts, t) for lv, t in self.levels.items() if lv in GRID_LEVELS
        }

    def target_codes(self, level: str) -> np.ndarray:
        """The codes of the features of `level`, in index order."""
        t = self.levels[level]
        return self.doc[t.layer].column("code")[t.rows]

    def codes_of(self, layer: str, level: str) -> np.ndarray:
        """For each feature of `layer`, the code of its `level` feature (None when outside)."""
        idx = self.where[layer][level]
        codes = self.target_codes(level)
        out = np.full(len(idx), None, dtype=object)
        ok = idx >= 0
        out[ok] = codes[idx[ok]]
        return out

    def derived_values(self) -> dict[str, dict[str, np.ndarray]]:
        """Values for the `derived` fields declared in layers/ (grid = the level-网格 grid)."""
        out: dict[str, dict[str, np.ndarray]] = {}
        for name in ("buildings", "gates", "sites", "events"):
            spec = self.doc.schema[name]
            vals: dict[str, np.ndarray] = {}
            for f in spec.fields:
                if not f.derived:
                    continue
                if f.name == "grid":
                    vals["grid"] = self.codes_of(name, "grid")
                elif f.name == "compound":
                    vals["compound"] = self.codes_of(name, "compound")
            if vals:
                out[name] = vals
        return out
