"""Tidy grid boundaries drawn elsewhere (QGIS, CAD) so that cmdmap can edit them as a partition.

Imported grids often look right but do not share their corners: a neighbour's copy of a corner
sits 0.2 m away, one grid's corner lies in the middle of its neighbour's edge, slivers of gap or
overlap a few square metres big lie between them. Partition editing (partition.py) moves a corner
in every grid having exactly that coordinate, so on such grids it moves one side only and refuses.
`tidy_grids` builds one command that:

1. snaps vertices within `snap_m` of each other onto one of them (the one most rings already
   share), across the chosen levels, since zones, grids and micro-grids share corners; vertices of
   levels not chosen stay put and draw the others to them;
2. inserts a vertex into the edge passing within `snap_m` of it, farther than that from the
   edge's ends (a corner lying on a neighbour's edge), when the thin triangle this adds or takes
   away is a gap or an overlap, never another grid's ground;
3. gives each piece of gap or overlap smaller than `sliver_m2` (or thinner on average than
   `snap_m`: a strip along a long edge) to the grid sharing the longest stretch of its boundary
   (an overlap is cut from the other);
4. settles the corners step 3 computed by doing steps 1 and 2 again.

It refuses (EditError, nothing changed) when a grid's area would change by more than `max_change`
(a fraction), and reports what it changed and the problems left that it could not fix. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import shapely

from cmdmap.edit import rings
from cmdmap.edit.commands import EditError, SetGeometry
from cmdmap.edit.partition import GridEdit
from cmdmap.model.check import AREA_TOLERANCE_M2, Problem, partition_problems
from cmdmap.model.document import Document
from cmdmap.model.placement import GRID_LEVELS

SNAP_M = 0.5         # corners this close are meant to be one
SLIVER_M2 = 5.0      # a gap or overlap smaller than this is a drawing slip, not a place
MAX_CHANGE = 0.02    # no grid may gain or lose more than 2 % of its area
TOUCH_M = 1e-6       # how close a boundary must pass to share a sliver's edge


@dataclass
class TidyReport:
    """What a tidy changed, and what it left."""

    snapped: int = 0      # vertices (one per grid) moved onto a shared corner
    inserted: int = 0     # vertices inserted into a neighbour's edge
    slivers: int = 0      # gap and overlap pieces given to a neighbour
    changed: list[str] = field(default_factory=list)      # codes of the grids changed
    unfixable: list[str] = field(default_factory=list)    # grids whose tidied shape was unusable: left as they were
    remaining: list[Problem] = field(default_factory=list)  # gaps, overlaps… still there after the tidy


@dataclass
class Tidied:
    """The command (None when there is nothing to tidy) and the report."""

    command: GridEdit | None
    report: TidyReport


def tidy_grids(doc: Document, levels: Iterable[str] = GRID_LEVELS, snap_m: float = SNAP_M,
               sliver_m2: float = SLIVER_M2, max_change: float = MAX_CHANGE) -> Tidied:
    """Tidy the boundaries of the grids of `levels` (see the module docstring)."""
    levels = tuple(lv for lv in GRID_LEVELS if lv in set(levels))
    if not levels or not (0 <= snap_m <= 10) or sliver_m2 < 0 or not (0 < max_change < 1):
        raise EditError("tidy_bad_settings")
    g = doc["grids"]
    level = g.column("level")
    usable = ~(shapely.is_missing(g.geom) | shapely.is_empty(g.geom)) & shapely.is_valid(g.geom)
    chosen = usable & np.isin(level.astype(str), levels)
    anchors = g.geom[usable & ~chosen & np.isin(level.astype(str), GRID_LEVELS)]
    shapes: dict[int, shapely.Geometry] = {int(r): g.geom[r] for r in np.nonzero(chosen)[0]}
    report = TidyReport()
    _snap(shapes, anchors, snap_m, report)
    _insert(shapes, anchors, snap_m, report, level)
    for lv in levels:
        _overlaps(doc, shapes, lv, sliver_m2, snap_m, report)
        _gaps(doc, shapes, lv, sliver_m2, snap_m, report)
    if report.slivers:
        _snap(shapes, anchors, snap_m, report)
        _insert(shapes, anchors, snap_m, report, level)
    changed = _changed(doc, shapes, report)
    _refuse_big_changes(doc, changed, max_change)
    report.changed = [str(g.cols["code"][r]) for r in sorted(changed)]
    report.remaining = _remaining(doc, changed)
    if not changed:
        return Tidied(None, report)
    from cmdmap.messages import message
    cmd = SetGeometry(doc, "grids", {int(g.fid[r]): s for r, s in changed.items()})
    return Tidied(GridEdit([cmd], message("edit_text_tidy", n=len(changed))), report)


# -- 1. snapping near-coincident vertices ---------------------------------------------------------

def _snap(shapes: dict[int, shapely.Geometry], anchors: np.ndarray, snap_m: float, report: TidyReport) -> None:
    keys = list(shapes)
    geoms = np.array([shapes[k] for k in keys], dtype=object)
    c, owner = shapely.get_coordinates(geoms, return_index=True)
    a, a_owner = shapely.get_coordinates(anchors, return_index=True)
    uniq, inv = np.unique(np.vstack([a, c]), axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    fixed = np.zeros(len(uniq), dtype=bool)
    fixed[inv[:len(a)]] = True
    # The grids (anchors numbered after the chosen ones) having each point as a corner.
    rings_of = np.concatenate([a_owner + len(keys), owner])
    by_point = np.argsort(inv, kind="stable")
    point_starts = np.searchsorted(inv[by_point], np.arange(len(uniq) + 1))

    def grids_at(u: int) -> set[int]:
        return set(rings_of[by_point[point_starts[u]:point_starts[u + 1]]].tolist())

    inv = inv[len(a):]
    # How many grids have each point as a corner (a ring's closing point is not a second one).
    shared = np.bincount(np.unique(owner * len(uniq) + inv) % len(uniq), minlength=len(uniq))
    pts = shapely.points(uniq)
    i, j = shapely.STRtree(pts).query(pts, predicate="dwithin", distance=snap_m)
    near = i != j
    i, j = i[near], j[near]
    if not len(i):
        return
    # Leaders: fixed vertices, then those most grids already share, each not within snap_m of
    # an earlier leader. Every other vertex joins the nearest leader within snap_m, so none moves
    # farther than that, and the copies of a short edge's two corners go to their own corner.
    # Two corners of one grid never join: a short edge is drawn on purpose, while the copies of
    # one corner lie in different grids.
    order = np.unique(i)
    order = order[np.lexsort((order, -shared[order], ~fixed[order]))]
    by = np.argsort(i, kind="stable")
    starts = np.searchsorted(i[by], np.arange(len(uniq) + 1))
    leader = fixed.copy()
    covered = fixed.copy()
    covered[j[fixed[i]]] = True
    for u in order.tolist():
        if covered[u]:
            continue
        leader[u] = covered[u] = True
        covered[j[by[starts[u]:starts[u + 1]]]] = True
    pair = leader[j] & ~leader[i]
    i, j = i[pair], j[pair]
    by_distance = np.argsort(np.hypot(*(uniq[i] - uniq[j]).T), kind="stable")
    rep = np.arange(len(uniq))
    members: dict[int, set[int]] = {}
    for v, u in zip(i[by_distance].tolist(), j[by_distance].tolist()):
        if rep[v] != v:
            continue
        mine = members.setdefault(u, grids_at(u))
        theirs = grids_at(v)
        if theirs & mine:
            continue
        rep[v] = u
        mine |= theirs
    moved = rep[inv] != inv
    if not moved.any():
        return
    report.snapped += len(np.unique(owner[moved] * len(uniq) + inv[moved]))  # once per grid and vertex
    new_c = uniq[rep[inv]]
    bounds = np.searchsorted(owner, np.arange(len(keys) + 1))  # coordinates come grid by grid
    for k in np.unique(owner[moved]).tolist():
        shape = shapely.set_coordinates(geoms[k], new_c[bounds[k]:bounds[k + 1]])  # a new geometry: geoms[k] stays
        shapes[keys[k]] = _clean(shape, geoms[k])


def _clean(shape: shapely.Geometry, old: shapely.Geometry) -> shapely.Geometry:
    """`shape` without the repeated corners that snapping made; `old` if a ring collapsed or the
    boundary now crosses itself (that grid keeps its corners: the check reports what is left)."""
    out = rings.map_rings(shape, lambda ring: ring)  # map_rings drops repeats, None on a collapse
    return old if out is None or not out.is_valid else out


# -- 2. corners lying on a neighbour's edge --------------------------------------------------------

def _insert(shapes: dict[int, shapely.Geometry], anchors: np.ndarray, snap_m: float, report: TidyReport,
            level: np.ndarray) -> None:
    keys = list(shapes)
    geoms = np.array([shapes[k] for k in keys], dtype=object)
    levels = level[keys] if keys else np.zeros(0, dtype=object)
    tree = shapely.STRtree(geoms)
    c, owner = shapely.get_coordinates(geoms, return_index=True)
    a = shapely.get_coordinates(anchors)
    uniq, inv = np.unique(np.vstack([a, c]), axis=0, return_inverse=True)
    inv = inv.reshape(-1)[len(a):]
    has = np.unique(owner * len(uniq) + inv)  # (grid, vertex) pairs that exist already
    pi, gi = shapely.STRtree(shapely.boundary(geoms)).query(shapely.points(uniq), predicate="dwithin", distance=snap_m)
    new = ~np.isin(gi * len(uniq) + pi, has)
    pi, gi = pi[new], gi[new]
    for k in np.unique(gi).tolist():

        def mends(tri: shapely.Geometry, inside: bool, k: int = k) -> bool:
            """Whether the triangle between the edge and the point is a sliver the insertion
            closes: mostly overlap with the level's other grids (point inside) or mostly
            uncovered (point outside). A thin grid lying there is not to be overlapped."""
            near = [n for n in tree.query(tri) if n != k and levels[n] == levels[k]]
            others = shapely.union_all(geoms[near]) if near else shapely.Polygon()
            covered = shapely.area(_overlay(shapely.intersection, tri, others))
            return (covered if inside else tri.area - covered) >= 0.5 * tri.area

        shape, n = _insert_points(geoms[k], uniq[pi[gi == k]], snap_m, mends)
        if n:
            shapes[keys[k]] = shape
            report.inserted += n


def _insert_points(geom: shapely.Geometry, pts: np.ndarray, tol: float, mends) -> tuple[shapely.Geometry, int]:
    """`geom` with each of `pts` inserted into the one edge it lies nearest, if within `tol` of it,
    farther than `tol` from its ends and `mends(triangle, inside)` agrees; how many were inserted."""
    count = 0

    def fn(c: np.ndarray) -> np.ndarray:
        nonlocal count
        a, d = c[:-1], c[1:] - c[:-1]
        L2 = (d * d).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = ((pts[:, None, 0] - a[None, :, 0]) * d[None, :, 0] + (pts[:, None, 1] - a[None, :, 1]) * d[None, :, 1]) / L2
        qx, qy = a[None, :, 0] + d[None, :, 0] * t, a[None, :, 1] + d[None, :, 1] * t
        dist = np.hypot(qx - pts[:, None, 0], qy - pts[:, None, 1])
        # Only between the ends and away from them: a point near a corner is snapping's business,
        # and one it left apart (a short edge drawn on purpose) must not make a spike here.
        far = ((np.hypot(pts[:, None, 0] - a[None, :, 0], pts[:, None, 1] - a[None, :, 1]) > tol)
               & (np.hypot(pts[:, None, 0] - c[None, 1:, 0], pts[:, None, 1] - c[None, 1:, 1]) > tol))
        dist[~((t > 0) & (t < 1) & (L2 > 0) & far)] = np.inf
        seg = np.argmin(dist, axis=1)
        ok = dist[np.arange(len(pts)), seg] <= tol
        hit = [h for h in np.nonzero(ok)[0].tolist() if dist[h, seg[h]] > 0 and mends(
            shapely.Polygon([c[seg[h]], pts[h], c[seg[h] + 1]]), bool(geom.contains(shapely.Point(pts[h]))))]
        if not hit:
            return c
        hit = np.array(hit)
        seg, tt, p = seg[hit], t[hit, seg[hit]], pts[hit]
        order = np.lexsort((tt, seg))  # along each edge, in order from its start
        count += len(hit)
        return np.insert(c, seg[order] + 1, p[order], axis=0)

    out = rings.map_rings(geom, fn)
    if out is None or not out.is_valid:
        return geom, 0
    return out, count


# -- 3. slivers ------------------------------------------------------------------------------------

def _rows(doc: Document, shapes: dict[int, shapely.Geometry], lv: str) -> list[int]:
    level = doc["grids"].column("level")
    return [r for r in shapes if level[r] == lv]


def _pieces(geom: shapely.Geometry, sliver_m2: float, width_m: float) -> list[shapely.Geometry]:
    """The slivers in `geom`: pieces smaller than `sliver_m2`, or thinner on average than
    `width_m` (a strip along a long edge whose corners were a little off)."""
    return [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > AREA_TOLERANCE_M2
            and (p.area <= sliver_m2 or 2 * p.area / p.length <= width_m)]


def _shared(piece: shapely.Geometry, shape: shapely.Geometry) -> float:
    """How much of `piece`'s boundary runs along `shape`'s boundary."""
    return float(shapely.length(_overlay(shapely.intersection, piece.boundary, shapely.buffer(shape.boundary, TOUCH_M))))


def _overlay(op, a: shapely.Geometry, b: shapely.Geometry) -> shapely.Geometry:
    """`op(a, b)`, or nothing when GEOS cannot (a shape it finds invalid: left to the report)."""
    try:
        return op(a, b)
    except shapely.errors.GEOSException:
        return shapely.Polygon()


def _single(geom: shapely.Geometry) -> shapely.Geometry | None:
    """One valid polygon (crumbs below the area tolerance dropped), or None."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > AREA_TOLERANCE_M2]
    if len(parts) != 1 or not parts[0].is_valid:
        return None
    return parts[0]


def _overlaps(doc: Document, shapes: dict[int, shapely.Geometry], lv: str, sliver_m2: float, width_m: float,
              report: TidyReport) -> None:
    rows = _rows(doc, shapes, lv)
    if len(rows) < 2:
        return
    geoms = np.array([shapes[r] for r in rows], dtype=object)
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    inside = shapely.relate_pattern(geoms[i], geoms[j], "T********")
    for a, b in zip(i[inside].tolist(), j[inside].tolist()):
        ra, rb = rows[a], rows[b]
        for piece in _pieces(_overlay(shapely.intersection, shapes[ra], shapes[rb]), sliver_m2, width_m):
            # The grid sharing more of the piece's edge keeps it; if cutting it from the other
            # would break that one in pieces, the other way round.
            keep_a = _shared(piece, shapes[ra]) >= _shared(piece, shapes[rb])
            for lose in ((rb, ra) if keep_a else (ra, rb)):
                cut = _single(_overlay(shapely.difference, shapes[lose], piece))
                if cut is not None:
                    shapes[lose] = cut
                    report.slivers += 1
                    break


def _gaps(doc: Document, shapes: dict[int, shapely.Geometry], lv: str, sliver_m2: float, width_m: float,
          report: TidyReport) -> None:
    g = doc["grids"]
    level, code, parent = g.column("level"), g.column("code"), g.column("parent")
    rows = _rows(doc, shapes, lv)
    if not rows:
        return

    def now(r: int) -> shapely.Geometry:
        return shapes.get(r, g.geom[r])

    areas: list[tuple[shapely.Geometry, list[int]]] = []  # (what the level must cover, who may fill it)
    if lv == "micro":
        row_of = {c: r for r, c in enumerate(code.tolist()) if level[r] != "micro"}
        kids_of: dict[str, list[int]] = {}
        for r in rows:
            kids_of.setdefault(str(parent[r]), []).append(r)
        for p, kids in sorted(kids_of.items()):
            owner = row_of.get(p)
            if owner is None:
                continue
            for k in kids:  # a crumb of a micro-grid outside its grid is cut off
                for piece in _pieces(_overlay(shapely.difference, now(k), now(owner)), sliver_m2, width_m):
                    cut = _single(_overlay(shapely.difference, now(k), piece))
                    if cut is not None:
                        shapes[k] = cut
                        report.slivers += 1
            areas.append((now(owner), kids))
    else:
        cover = [r for r in range(len(g)) if level[r] in ("zone", "grid") and now(r) is not None and now(r).is_valid]
        areas.append((shapely.union_all([now(r) for r in cover]), rows))
    for outline, who in areas:
        union = shapely.union_all([now(r) for r in who])
        holes = [shapely.Polygon(ring) for p in shapely.get_parts(union) if p.geom_type == "Polygon" for ring in p.interiors]
        missing = shapely.union_all([_overlay(shapely.difference, outline, union), *holes])
        pieces = _pieces(missing, sliver_m2, width_m)
        if not pieces:
            continue
        tree = shapely.STRtree(np.array([now(r) for r in who], dtype=object))  # shapes as they were: bounds only
        for piece in pieces:
            near = [who[n] for n in tree.query(piece.buffer(TOUCH_M))]
            near = [r for r in near if shapely.dwithin(now(r), piece, TOUCH_M)]
            if not near:
                continue
            for best in sorted(near, key=lambda r: -_shared(piece, now(r))):  # longest shared edge first
                grown = _single(_overlay(shapely.union, now(best), piece))
                if grown is not None:
                    shapes[best] = grown
                    report.slivers += 1
                    break


# -- the result ------------------------------------------------------------------------------------

def _changed(doc: Document, shapes: dict[int, shapely.Geometry], report: TidyReport) -> dict[int, shapely.Geometry]:
    g = doc["grids"]
    out = {}
    for r, s in shapes.items():
        old = g.geom[r]
        if shapely.equals_exact(s, old, tolerance=0.0):
            continue
        if not s.is_valid or s.geom_type != old.geom_type:
            report.unfixable.append(str(g.cols["code"][r]))
            continue
        out[r] = s
    return out


def _refuse_big_changes(doc: Document, changed: dict[int, shapely.Geometry], max_change: float) -> None:
    if not changed:
        return
    g = doc["grids"]
    rows = np.array(sorted(changed), dtype=np.int64)
    old = shapely.area(g.geom[rows])
    new = shapely.area(np.array([changed[r] for r in rows.tolist()], dtype=object))
    rel = np.abs(new - old) / np.maximum(old, AREA_TOLERANCE_M2)
    bad = rel > max_change
    if bad.any():
        raise EditError("tidy_area_change", codes=[str(c) for c in g.cols["code"][rows[bad]]],
                        percent=round(float(rel.max()) * 100, 2), limit=round(max_change * 100, 2))


def _remaining(doc: Document, changed: dict[int, shapely.Geometry]) -> list[Problem]:
    """The partition problems of the grids as they would be after the tidy."""
    g = doc["grids"]
    after = Document(doc.epsg, doc.schema, doc.meta)
    geoms = g.geom.copy()
    for r, s in changed.items():
        geoms[r] = s
    after["grids"].load(g.fid.copy(), geoms, {n: g.cols[n].copy() for n in ("code", "level", "parent")})
    return partition_problems(after)
