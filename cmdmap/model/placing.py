"""Where a new or moved feature goes and what it is called: the compound and grid a shape falls
in, the next free building number of a compound, a gate's spot on a compound fence and the way it
faces. Qt-free, so tools, dialogs and tests share one rule.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.placement import GATE_SNAP_M, locate_nearest, locate_points, locate_polygons

# Gate names by the way the gate faces (degrees clockwise from north), as the desk calls them.
_GATE_NAMES = ((45.0, "北门"), (135.0, "东门"), (225.0, "南门"), (315.0, "西门"), (360.0, "北门"))
_NUMBER = re.compile(r"(\d+)")


def locate(doc: Document, geom: shapely.Geometry, layer: str = "") -> dict[str, str | None]:
    """The codes of the compound and of the grid (every level) holding `geom`, by the same rules
    as the placement of existing features (a gate: the nearest compound within GATE_SNAP_M, as
    a point on a fence may lie a rounding error outside it)."""
    p = doc.placement
    arr = np.array([geom], dtype=object)
    polygon = shapely.get_dimensions(geom) == 2
    out: dict[str, str | None] = {}
    for level, targets in p.levels.items():
        if layer == "gates" and level == "compound":
            idx = locate_nearest(arr, targets, GATE_SNAP_M)[0]
        else:
            idx = (locate_polygons(arr, targets) if polygon else locate_points(arr, targets))[0]
        out[level] = None if idx < 0 else p.target_codes(level)[idx]
    return out


def feature_name(doc: Document, layer: str, fid: int) -> str:
    """What the desk calls a feature: its number (3栋) or name (东门), else its code."""
    lay = doc[layer]
    for f in ("number", "name", "title", "code"):
        if f in lay.cols:
            v = lay.value(fid, f)
            if v:
                return str(v)
    return str(fid)


def next_building_number(doc: Document, compound: str | None) -> tuple[str, str]:
    """(code, number) for a new building: one more than the highest number in its compound
    (3栋 after 1栋, 2栋), with a code no feature has (果林溪谷-3栋)."""
    b = doc["buildings"]
    comp = doc.placement.codes_of("buildings", "compound") if len(b) else np.zeros(0, object)
    numbers = b.column("number")[comp == compound] if len(b) else []
    highest = 0
    for n in numbers:
        m = _NUMBER.search(str(n)) if n else None
        if m:
            highest = max(highest, int(m.group(1)))
    n = highest + 1
    prefix = f"{compound}-" if compound else ""
    while b.find(f"{prefix}{n}栋") is not None:
        n += 1
    return f"{prefix}{n}栋", f"{n}栋"


def next_code(doc: Document, layer: str, stem: str) -> str:
    """`stem` followed by the smallest number that makes a code no feature of `layer` has."""
    lay = doc[layer]
    n = 1
    while lay.find(f"{stem}{n}") is not None:
        n += 1
    return f"{stem}{n}"


def unique_code(doc: Document, layer: str, code: str) -> str:
    """`code`, or `code`2, `code`3… when it is taken."""
    lay = doc[layer]
    k = 1
    candidate = code
    while lay.find(candidate) is not None:
        k += 1
        candidate = f"{code}{k}"
    return candidate


def gate_name(bearing: float) -> str:
    """东门/南门/西门/北门 from the direction a gate faces."""
    b = bearing % 360.0
    return next(name for limit, name in _GATE_NAMES if b < limit)


def bearing_of(dx: float, dy: float) -> float:
    """Degrees clockwise from north of the direction (dx, dy), rounded to 0.1°."""
    return round(math.degrees(math.atan2(dx, dy)) % 360.0, 1)


@dataclass(frozen=True)
class GateSpot:
    """Where a gate clicked at some point goes: on a compound's fence, facing out."""

    x: float
    y: float
    compound_fid: int
    compound: str
    bearing: float      # the outward normal of the fence there
    distance: float     # how far the click was from the fence, metres


def gate_spot(doc: Document, x: float, y: float, max_distance: float = GATE_SNAP_M) -> GateSpot | None:
    """The point of the nearest compound boundary to (x, y), if within `max_distance` metres."""
    comp = doc["compounds"]
    if len(comp) == 0:
        return None
    p = shapely.Point(x, y)
    geoms = comp.geom
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not ok.any():
        return None
    rows = np.nonzero(ok)[0]
    bounds = shapely.boundary(geoms[rows])
    d = shapely.distance(bounds, p)
    i = int(np.argmin(d))
    if d[i] > max_distance:
        return None
    row = int(rows[i])
    ring = bounds[i]
    s = shapely.line_locate_point(ring, p)
    q = shapely.line_interpolate_point(ring, s)
    qx, qy = float(shapely.get_x(q)), float(shapely.get_y(q))
    fid = int(comp.fid[row])
    return GateSpot(qx, qy, fid, str(comp.value(fid, "code")), outward_bearing(geoms[row], qx, qy),
                    float(d[i]))


def outward_bearing(polygon: shapely.Geometry, x: float, y: float) -> float:
    """Bearing of the normal of `polygon`'s boundary at (x, y) that points out of the polygon."""
    ring = shapely.boundary(polygon)
    p = shapely.Point(x, y)
    s = float(shapely.line_locate_point(ring, p))
    length = float(shapely.length(ring))
    a = shapely.line_interpolate_point(ring, max(s - 1.0, 0.0))
    b = shapely.line_interpolate_point(ring, min(s + 1.0, length))
    dx = float(shapely.get_x(b) - shapely.get_x(a))
    dy = float(shapely.get_y(b) - shapely.get_y(a))
    norm = math.hypot(dx, dy) or 1.0
    nx, ny = dy / norm, -dx / norm
    # Step a little out along the normal: if that lands inside, the other side is out.
    if shapely.contains_xy(polygon, x + 2.0 * nx, y + 2.0 * ny):
        nx, ny = -nx, -ny
    return bearing_of(nx, ny)
