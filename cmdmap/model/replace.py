"""Bringing a Placement up to date after a few features moved, instead of recomputing it whole.

The rules are those of `placement.Placement` (same locate_* functions, same trees), applied only
to the features a change can affect: a building that moved; the buildings, points and grids whose
bounds meet the old or new bounds of a grid or compound that moved.
"""

from __future__ import annotations

import numpy as np
import shapely

from cmdmap.model.placement import (GATE_SNAP_M, GRID_LEVELS, Placement, Targets, locate_nearest,
                                    locate_points, locate_polygons)

POINT_LAYERS = ("sites", "events", "gates")


def replace_rows(p: Placement, layer: str, rows: np.ndarray) -> None:
    """Re-locate `rows` of a feature layer (buildings, sites, events, gates) at every level."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return
    geoms = p.doc[layer].geom[rows]
    for lv, t in p.levels.items():
        if layer == "buildings":
            p.where[layer][lv][rows] = locate_polygons(geoms, t)
        elif layer == "gates" and lv == "compound":
            p.where[layer][lv][rows] = locate_nearest(geoms, t, GATE_SNAP_M)
        else:
            p.where[layer][lv][rows] = locate_points(geoms, t)


def refresh_targets(p: Placement, layer: str, rows: np.ndarray) -> list[str]:
    """Rebuild the trees of the levels holding `rows` of `layer` (grids or compounds); their names."""
    lay = p.doc[layer]
    changed = []
    for lv, t in p.levels.items():
        if t.layer != layer or not np.isin(t.rows, rows).any():
            continue
        p.levels[lv] = Targets.of(layer, t.rows, lay.geom[t.rows])
        changed.append(lv)
    return changed


def replace_grid_in(p: Placement, rows: np.ndarray) -> None:
    """Re-locate grid `rows` in the coarser levels (a grid's zone, a micro-grid's grid)."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return
    geoms = p.doc["grids"].geom[rows]
    for lv in GRID_LEVELS:
        p.grid_in[lv][rows] = locate_points(geoms, p.levels[lv])


def bounds_of(geoms: np.ndarray) -> np.ndarray:
    """Bounds (n × 4: minx, miny, maxx, maxy) of geometries; NaN for missing ones."""
    return shapely.bounds(geoms).reshape(-1, 4)


def meeting(bounds: np.ndarray, box: np.ndarray, pad: float = 0.0) -> np.ndarray:
    """Rows whose bounds meet `box` (minx, miny, maxx, maxy) grown by `pad`."""
    if len(bounds) == 0:
        return np.zeros(0, dtype=np.int64)
    ok = ((bounds[:, 0] <= box[2] + pad) & (bounds[:, 2] >= box[0] - pad)
          & (bounds[:, 1] <= box[3] + pad) & (bounds[:, 3] >= box[1] - pad))
    return np.nonzero(ok)[0]


def union_box(*boxes: np.ndarray) -> np.ndarray:
    """The box holding all the given bounds rows (NaN rows ignored)."""
    b = np.vstack([np.asarray(x, dtype=float).reshape(-1, 4) for x in boxes])
    return np.array([np.nanmin(b[:, 0]), np.nanmin(b[:, 1]), np.nanmax(b[:, 2]), np.nanmax(b[:, 3])])
