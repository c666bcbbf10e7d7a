"""Refuse a grid edit that would break "不留空白，不交叉重叠" before anything is stored.

A grid edit is described as a `Proposal` (new geometries, removed grids, added grids, new
parents). `verify` compares the grids before and after, but only near the edit (the grids whose
old or new shape meets the edit's box), so it costs the same on a district as on a community:

- every new shape is a valid, single polygon;
- within each level no two grids overlap, and no hole (gap) opens between them;
- zones and grids keep one common outline (an outer boundary moves in every level or in none);
- micro-grids stay inside their parent, and a split grid stays covered by its micro-grids.

Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from cmdmap.edit.commands import EditError
from cmdmap.model.check import AREA_TOLERANCE_M2
from cmdmap.model.document import Document
from cmdmap.model.placement import GRID_LEVELS

MIN_GRID_AREA_M2 = 1.0  # a grid smaller than a desk is a slip of the mouse, not a grid
OUTLINE_LEVELS = ("zone", "grid")  # levels that each cover the whole community


@dataclass
class Proposal:
    """The grids layer after an edit, as differences from now."""

    changed: dict[int, shapely.Geometry] = field(default_factory=dict)   # fid -> new shape
    removed: set[int] = field(default_factory=set)
    added: list[tuple[dict[str, Any], shapely.Geometry]] = field(default_factory=list)
    parents: dict[int, str | None] = field(default_factory=dict)          # fid -> new parent


@dataclass
class _State:
    """One side (before or after) of the grids near an edit: parallel arrays."""

    ids: np.ndarray      # fid, or -1, -2, … for added grids
    level: np.ndarray
    code: np.ndarray
    parent: np.ndarray
    geom: np.ndarray

    def pick(self, mask: np.ndarray) -> "_State":
        return _State(self.ids[mask], self.level[mask], self.code[mask], self.parent[mask], self.geom[mask])


def _before(doc: Document) -> _State:
    g = doc["grids"]
    return _State(g.fid.copy(), g.column("level"), g.column("code"), g.column("parent"), g.geom)


def _after(doc: Document, prop: Proposal) -> _State:
    b = _before(doc)
    keep = ~np.isin(b.ids, list(prop.removed)) if prop.removed else np.ones(len(b.ids), bool)
    geom = b.geom.copy()
    parent = b.parent.copy()
    for i, f in enumerate(b.ids):
        if int(f) in prop.changed:
            geom[i] = prop.changed[int(f)]
        if int(f) in prop.parents:
            parent[i] = prop.parents[int(f)]
    s = _State(b.ids, b.level, b.code, parent, geom).pick(keep)
    if prop.added:
        n = len(prop.added)
        add_geom = np.empty(n, dtype=object)
        add_geom[:] = [g for _, g in prop.added]
        s = _State(np.concatenate([s.ids, -np.arange(1, n + 1)]),
                   np.concatenate([s.level, np.array([r.get("level", "grid") for r, _ in prop.added], dtype=object)]),
                   np.concatenate([s.code, np.array([r["code"] for r, _ in prop.added], dtype=object)]),
                   np.concatenate([s.parent, np.array([r.get("parent") for r, _ in prop.added], dtype=object)]),
                   np.concatenate([s.geom, add_geom]))
    return s


def _hole_area(union: shapely.Geometry) -> float:
    return float(sum(shapely.Polygon(r).area for p in shapely.get_parts(union)
                     if p.geom_type == "Polygon" for r in p.interiors))


def _union(geoms: np.ndarray) -> shapely.Geometry:
    return shapely.union_all(geoms) if len(geoms) else shapely.Polygon()


def verify(doc: Document, prop: Proposal) -> None:
    """EditError (with the grids' codes) if applying `prop` would break the partition."""
    before, after = _before(doc), _after(doc, prop)
    touched_ids = set(prop.changed) | prop.removed | set(prop.parents) | {-k for k in range(1, len(prop.added) + 1)}
    code_of = dict(zip(after.ids.tolist(), after.code.tolist())) | dict(zip(before.ids.tolist(), before.code.tolist()))
    new_shapes = [*prop.changed.items(), *((-k - 1, g) for k, (_, g) in enumerate(prop.added))]
    for f, g in new_shapes:
        _valid_shape(code_of[f], g)
    shapes = [g for _, g in new_shapes] + [before.geom[before.ids == f][0] for f in set(prop.changed) | prop.removed]
    if not shapes:
        return
    box = shapely.box(*shapely.total_bounds(np.array(shapes, dtype=object))).buffer(1.0, join_style="mitre")
    near_b = before.pick(shapely.intersects(before.geom, box))
    near_a = after.pick(shapely.intersects(after.geom, box))
    grow: dict[str, shapely.Geometry] = {}
    shrink: dict[str, shapely.Geometry] = {}
    present = set(after.level.tolist())
    for lv in GRID_LEVELS:
        ids = set(near_b.ids[near_b.level == lv].tolist()) | set(near_a.ids[near_a.level == lv].tolist())
        if not ids & touched_ids and not (lv in OUTLINE_LEVELS and touched_ids):
            continue
        ids_arr = np.array(sorted(ids), dtype=np.int64)
        old = before.pick(np.isin(before.ids, ids_arr))
        new = after.pick(np.isin(after.ids, ids_arr))
        _no_overlap(new, touched_ids, lv)
        u_old, u_new = _union(old.geom), _union(new.geom)
        gap = _hole_area(u_new) - _hole_area(u_old)
        if gap > AREA_TOLERANCE_M2 and lv != "micro":
            raise EditError("grid_edit_gap", level=lv, area=round(gap, 2))
        if lv in OUTLINE_LEVELS and lv in present:
            grow[lv] = shapely.difference(u_new, u_old)
            shrink[lv] = shapely.difference(u_old, u_new)
    if len(grow) == 2:
        a, b = OUTLINE_LEVELS
        differ = (shapely.area(shapely.symmetric_difference(grow[a], grow[b]))
                  + shapely.area(shapely.symmetric_difference(shrink[a], shrink[b])))
        if differ > AREA_TOLERANCE_M2:
            raise EditError("grid_edit_outline", area=round(float(differ), 2))
    _micro_inside(before, after, touched_ids)


def _valid_shape(code: str, g: shapely.Geometry) -> None:
    if g is None or g.is_empty:
        raise EditError("grid_edit_invalid", codes=[code], reason="empty")
    if g.geom_type != "Polygon":
        raise EditError("grid_edit_pieces", codes=[code])
    if not g.is_valid:
        reason = shapely.is_valid_reason(g)
        if "Self-intersection" in reason:  # what a desk understands: the boundary crosses itself
            raise EditError("grid_edit_crossing", codes=[code])
        raise EditError("grid_edit_invalid", codes=[code], reason=reason)
    if g.area < MIN_GRID_AREA_M2:
        raise EditError("grid_edit_invalid", codes=[code], reason=f"{g.area:.2f} m²")


def _no_overlap(s: _State, touched: set[int], level: str) -> None:
    if len(s.ids) < 2:
        return
    tree = shapely.STRtree(s.geom)
    i, j = tree.query(s.geom, predicate="intersects")
    t = np.isin(s.ids, list(touched))
    keep = (i < j) & (t[i] | t[j])
    i, j = i[keep], j[keep]
    if not len(i):
        return
    area = shapely.area(shapely.intersection(s.geom[i], s.geom[j]))
    k = int(np.argmax(area))
    if area[k] > AREA_TOLERANCE_M2:
        raise EditError("grid_edit_overlap", level=level, codes=[s.code[i[k]], s.code[j[k]]],
                        area=round(float(area[k]), 2))


def _micro_inside(before: _State, after: _State, touched: set[int]) -> None:
    """Micro-grids near the edit stay inside their parents, which stay covered by them."""
    row_of = {c: r for r, c in enumerate(after.code.tolist())}
    touched_codes = {c for f, c in zip(after.ids.tolist(), after.code.tolist()) if f in touched}
    touched_codes |= {c for f, c in zip(before.ids.tolist(), before.code.tolist()) if f in touched}
    micro = np.nonzero((after.level == "micro") & (np.isin(after.ids, list(touched))
                                                   | np.isin(after.parent, list(touched_codes))))[0]
    parents: set[str] = set()
    for r in micro:
        p = after.parent[r]
        pr = row_of.get(p)
        if pr is None:
            continue  # no parent at all: `check` reports it; an edit here did not cause it
        parents.add(p)
        out = shapely.area(shapely.difference(after.geom[r], after.geom[pr]))
        if out > AREA_TOLERANCE_M2:
            raise EditError("micro_outside_edit", codes=[after.code[r]], parent=p, area=round(float(out), 2))
    for p in parents | (touched_codes & set(after.parent[after.level == "micro"].tolist())):
        uncovered_new = _uncovered(after, p)
        uncovered_old = _uncovered(before, p)
        if uncovered_new > uncovered_old + AREA_TOLERANCE_M2:
            raise EditError("micro_cover_edit", codes=[p], area=round(uncovered_new - uncovered_old, 2))


def _uncovered(s: _State, parent_code: str) -> float:
    rows = np.nonzero(s.code == parent_code)[0]
    if not len(rows):
        return 0.0
    kids = s.geom[(s.level == "micro") & (s.parent == parent_code)]
    if not len(kids):
        return 0.0
    return float(shapely.area(shapely.difference(s.geom[rows[0]], _union(kids))))
