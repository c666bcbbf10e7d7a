"""Problems a desk must fix: gaps and overlaps between grids of one level ("不留空白，不交叉重叠"),
micro-grids outside their grid, invalid geometries, buildings outside every grid, buildings
without a building head, grids without a grid worker.

All checks are bulk shapely calls over whole layers (shapely lets go of the GIL in them, so the
Problems dock runs `check` on another thread, on a `snapshot` of the document).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.layer import Layer
from cmdmap.model.placement import GRID_LEVELS, Placement

AREA_TOLERANCE_M2 = 0.01  # below this an overlap or gap is floating-point noise, not a problem

ERROR, WARNING = "error", "warning"


@dataclass
class Problem:
    """One problem: a message key (messages.py), the codes involved, where, and how bad."""

    key: str
    severity: str
    layer: str
    codes: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict)
    where: shapely.Geometry | None = None


def describe(doc: Document, problem: Problem, lang: str | None = None) -> str:
    """The sentence for `problem` that `cmdmap check` prints and the Problems dock lists."""
    from cmdmap.messages import message
    layer = doc.schema[problem.layer].title.get(lang or "zh")
    return message(problem.key, lang, layer=layer, codes=list(problem.codes), **problem.params)


def check(doc: Document) -> list[Problem]:
    """Every problem in the document, errors first."""
    problems: list[Problem] = []
    problems += _invalid_geometries(doc)
    problems += _partition(doc)
    problems += _outside_grids(doc)
    problems += _staffing(doc)
    return sorted(problems, key=lambda p: p.severity != ERROR)


def partition_problems(doc: Document) -> list[Problem]:
    """What "不留空白，不交叉重叠" forbids: invalid grid shapes, overlaps and gaps within a level,
    micro-grids outside their grid (only the grids layer is read)."""
    return _invalid_geometries(doc, ("grids",)) + _partition(doc)


def _partition(doc: Document) -> list[Problem]:
    grids = doc["grids"]
    level = grids.column("level")
    codes = grids.column("code")
    problems: list[Problem] = []
    for lv in GRID_LEVELS:
        rows = np.nonzero(level == lv)[0]
        problems += _overlaps(grids.geom[rows], codes[rows], lv)
    problems += _gaps(doc)
    problems += _micro_outside_parent(doc)
    return problems


# What `check` reads besides every spatial layer's fid, geometry and code.
_READS = {"grids": ("level", "parent"), "buildings": ("households",), "assignments": ("role", "target_layer", "target")}


def snapshot(doc: Document) -> Document:
    """A copy of what `check` reads, which later edits do not touch (they change arrays in
    place), so it can be checked on another thread. Copies arrays of references: milliseconds
    on a district."""
    snap = Document(doc.epsg, doc.schema, doc.meta)
    for spec in doc.schema:
        names = (("code",) if spec.is_spatial else ()) + _READS.get(spec.name, ())
        if not names:
            continue
        src, dst = doc[spec.name], Layer(spec)
        dst.fid = src.fid.copy()
        dst.geom = src.geom.copy() if src.geom is not None else None
        dst.cols = {n: src.cols[n].copy() for n in names}
        snap.layers[spec.name] = dst
    p = doc.placement
    frozen = Placement.__new__(Placement)
    frozen.doc, frozen.levels, frozen.grid_in = snap, dict(p.levels), {}  # Targets are replaced, never changed
    frozen.where = {"buildings": {"grid": p.where["buildings"]["grid"].copy()}}
    snap.adopt_placement(frozen)
    return snap


def _invalid_geometries(doc: Document, layers: tuple[str, ...] | None = None) -> list[Problem]:
    out = []
    for spec in doc.schema.spatial:
        if layers is not None and spec.name not in layers:
            continue
        layer = doc[spec.name]
        g = layer.geom
        missing = shapely.is_missing(g) | shapely.is_empty(g)
        bad = ~missing & ~shapely.is_valid(g)
        for r in np.nonzero(missing)[0]:
            out.append(Problem("geometry_missing", ERROR, spec.name, (str(layer.cols["code"][r]),)))
        for r in np.nonzero(bad)[0]:
            reason = shapely.is_valid_reason(g[r])
            out.append(Problem("geometry_invalid", ERROR, spec.name, (str(layer.cols["code"][r]),),
                               {"reason": reason}, shapely.point_on_surface(g[r])))
    return out


def _usable(geoms: np.ndarray) -> np.ndarray:
    return ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) & shapely.is_valid(geoms)


def _overlaps(geoms: np.ndarray, codes: np.ndarray, level: str) -> list[Problem]:
    ok = np.nonzero(_usable(geoms))[0]
    geoms, codes = geoms[ok], codes[ok]
    if len(geoms) < 2:
        return []
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    # Neighbours share edges; only pairs whose interiors meet can overlap, and asking that is
    # three times cheaper than intersecting every pair of neighbours (a district: 26,000 pairs).
    inside = shapely.relate_pattern(geoms[i], geoms[j], "T********")
    i, j = i[inside], j[inside]
    if not len(i):
        return []
    inter = shapely.intersection(geoms[i], geoms[j])
    area = shapely.area(inter)
    out = []
    for k in np.nonzero(area > AREA_TOLERANCE_M2)[0]:
        out.append(Problem("grid_overlap", ERROR, "grids", (str(codes[i[k]]), str(codes[j[k]])),
                           {"level": level, "area": round(float(area[k]), 2)},
                           shapely.point_on_surface(inter[k])))
    return out


def _holes(union: shapely.Geometry) -> list[shapely.Geometry]:
    polys = shapely.get_parts(union)
    out = []
    for poly in polys:
        if poly.geom_type != "Polygon":
            continue
        for ring in poly.interiors:
            out.append(shapely.Polygon(ring))
    return out


def _gaps(doc: Document) -> list[Problem]:
    """Places inside the community that a level leaves uncovered.

    The community is what zones and grids cover together; a level's gaps are the parts of it that
    level misses, plus holes enclosed by the level's own grids.
    """
    grids = doc["grids"]
    level = grids.column("level")
    out: list[Problem] = []
    unions: dict[str, shapely.Geometry] = {}
    for lv in ("zone", "grid"):
        rows = np.nonzero((level == lv) & _usable(grids.geom))[0]
        if len(rows):
            unions[lv] = shapely.union_all(grids.geom[rows])
    if not unions:
        return out
    footprint = shapely.union_all(list(unions.values()))
    for lv, union in unions.items():
        missing = shapely.union_all([shapely.difference(footprint, union), *_holes(union)])
        for part in shapely.get_parts(missing):
            if part.area > AREA_TOLERANCE_M2:
                out.append(Problem("grid_gap", ERROR, "grids", (), {"level": lv, "area": round(part.area, 2)},
                                   part.point_on_surface()))
    return out


def _micro_outside_parent(doc: Document) -> list[Problem]:
    grids = doc["grids"]
    level = grids.column("level")
    codes = grids.column("code")
    parents = grids.column("parent")
    out: list[Problem] = []
    micro = np.nonzero((level == "micro") & _usable(grids.geom))[0]
    if not len(micro):
        return out
    by_code = {c: r for r, c in enumerate(codes)}
    parent_rows = np.array([by_code.get(p, -1) for p in parents[micro]], dtype=np.int64)
    orphan = parent_rows < 0
    for r in micro[orphan]:
        out.append(Problem("micro_without_parent", ERROR, "grids", (str(codes[r]),), {"parent": parents[r]}))
    micro, parent_rows = micro[~orphan], parent_rows[~orphan]
    # An invalid parent is reported as such; GEOS cannot compare a micro-grid with it.
    whole = _usable(grids.geom[parent_rows]) if len(parent_rows) else np.zeros(0, dtype=bool)
    micro, parent_rows = micro[whole], parent_rows[whole]
    outside = shapely.area(shapely.difference(grids.geom[micro], grids.geom[parent_rows]))
    for k in np.nonzero(outside > AREA_TOLERANCE_M2)[0]:
        out.append(Problem("micro_outside_parent", ERROR, "grids", (str(codes[micro[k]]), str(codes[parent_rows[k]])),
                           {"area": round(float(outside[k]), 2)}))
    # A split grid must be covered by its micro-grids.
    for pr in np.unique(parent_rows):
        union = shapely.union_all(grids.geom[micro[parent_rows == pr]])
        gap = shapely.area(shapely.difference(grids.geom[pr], union))
        if gap > AREA_TOLERANCE_M2:
            out.append(Problem("grid_gap", ERROR, "grids", (str(codes[pr]),), {"level": "micro", "area": round(float(gap), 2)}))
    return out


def _outside_grids(doc: Document) -> list[Problem]:
    b = doc["buildings"]
    if not len(b) or not len(doc.placement.levels["grid"]):
        return []
    idx = doc.placement.where["buildings"]["grid"]
    codes = b.column("code")
    return [Problem("building_outside_grids", ERROR, "buildings", (str(codes[r]),)) for r in np.nonzero(idx < 0)[0]]


def _staffing(doc: Document) -> list[Problem]:
    a = doc["assignments"]
    role, tl, target = a.column("role"), a.column("target_layer"), a.column("target")
    headed = target[(role == "building_head") & (tl == "buildings")]
    staffed = target[(role == "grid_worker") & (tl == "grids")]
    b = doc["buildings"]
    out: list[Problem] = []
    # A building with households needs a building head (楼栋长); shops and offices do not.
    b_codes = b.column("code")
    lacking = (b.numeric("households") > 0) & ~_among(b_codes, headed)
    out += [Problem("building_without_head", WARNING, "buildings", (str(c),)) for c in b_codes[lacking]]
    grids = doc["grids"]
    g_codes = grids.column("code")
    lacking = (grids.column("level") == "grid") & ~_among(g_codes, staffed)
    out += [Problem("grid_without_worker", WARNING, "grids", (str(c),)) for c in g_codes[lacking]]
    return out


def _among(codes: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Mask of `codes` whose text is one of `known`'s. A set, not np.isin on text arrays: ten
    times faster on a district, and a Python loop lets another thread run in between."""
    texts = {str(c) for c in known.tolist()}
    return np.fromiter((str(c) in texts for c in codes.tolist()), dtype=bool, count=len(codes))
