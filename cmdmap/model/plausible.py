"""Data that cannot be right, found when a file is opened: features far away from the rest of the
community (a coordinate typed wrong, or in another CRS), features outside the area their
coordinate system is made for, and values outside the ranges layers/ declares (negative
households, 10,000 residents in one building). Qt-free; the window shows what this finds, and
nothing is written or changed."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from cmdmap.model.document import Document

FAR_KM = 50.0  # a district is ~20 km across; further than this from the middle cannot be ours
SHOW = 5  # codes named in a message; the rest are counted


def _codes(layer, rows: np.ndarray) -> str:
    codes = [str(c) for c in layer.cols["code"][rows[:SHOW]]] if "code" in layer.cols else []
    more = len(rows) - len(codes)
    return "、".join(codes) + (f" …(+{more})" if more > 0 else "")


def far_features(doc: Document, far_km: float = FAR_KM) -> list[tuple[str, dict[str, Any]]]:
    """Features whose centre lies more than `far_km` from the middle of all features (metres CRS)."""
    from cmdmap.store import crs
    if not crs.is_projected(doc.epsg):
        return []
    layers = [doc[s.name] for s in doc.schema.spatial if len(doc[s.name])]
    if not layers:
        return []
    centres = {l.name: _centres(l.geom) for l in layers}
    allc = np.concatenate([c for c in centres.values() if len(c)])
    allc = allc[np.all(np.isfinite(allc), axis=1)]
    if not len(allc):
        return []
    middle = np.median(allc, axis=0)
    out = []
    for l in layers:
        c = centres[l.name]
        dist = np.hypot(c[:, 0] - middle[0], c[:, 1] - middle[1])
        bad = np.nonzero(~(dist <= far_km * 1000.0))[0]  # NaN (no geometry) is not "far"
        bad = bad[np.isfinite(dist[bad])]
        if len(bad):
            out.append(("far_features", {"layer": l.spec.title.zh, "n": len(bad), "km": int(far_km),
                                         "codes": _codes(l, bad)}))
    return out


def _centres(geoms: np.ndarray) -> np.ndarray:
    """(n, 2) centres of the geometries' bounding boxes, NaN for missing ones."""
    b = shapely.bounds(geoms)
    return np.column_stack([(b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2])


def out_of_range(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    """Numeric values outside the min/max that layers/ declares for their field."""
    out = []
    for spec in doc.schema:
        layer = doc[spec.name]
        if not len(layer):
            continue
        for f in spec.fields:
            if f.type not in ("int", "real") or (f.min is None and f.max is None):
                continue
            v = np.asarray(layer.cols[f.name], dtype=np.float64)
            bad = np.zeros(len(v), dtype=bool)
            if f.min is not None:
                bad |= v < f.min
            if f.max is not None:
                bad |= v > f.max
            rows = np.nonzero(bad)[0]
            if len(rows):
                examples = "、".join(f"{c}={v[r]:g}" for c, r in zip(_codes(layer, rows[:SHOW]).split("、"), rows[:SHOW]))
                out.append(("value_out_of_range", {
                    "layer": spec.title.zh, "field": f.title.zh, "n": len(rows),
                    "min": "" if f.min is None else f"{f.min:g}", "max": "" if f.max is None else f"{f.max:g}",
                    "examples": examples}))
    return out


def bad_geometries(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    """Features with no geometry, or a geometry GEOS finds invalid (self-crossing rings, …)."""
    out = []
    for spec in doc.schema.spatial:
        layer = doc[spec.name]
        if not len(layer):
            continue
        g = layer.geom
        missing = np.nonzero(shapely.is_missing(g) | shapely.is_empty(g))[0]
        invalid = np.nonzero(~shapely.is_valid(g) & ~shapely.is_missing(g))[0]
        if len(missing):
            out.append(("null_geometry", {"layer": spec.title.zh, "n": len(missing), "codes": _codes(layer, missing)}))
        if len(invalid):
            out.append(("invalid_geometry", {"layer": spec.title.zh, "n": len(invalid), "codes": _codes(layer, invalid)}))
    return out


def problems(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    """Everything implausible in a document just opened: (message key, params) pairs."""
    return bad_geometries(doc) + far_features(doc) + out_of_range(doc)
