"""QPainterPaths built in bulk from numpy coordinate arrays.

Why a binary stream: a QPainterPath read from a QDataStream is filled by Qt in one C++ loop, so a
path of a million vertices costs one numpy copy and one call (0.08 s measured), where adding the
rings one QPolygonF at a time costs 0.56 s (and QPointF lists 1.6 s) for 200,000 rings. The format
is Qt's own `operator<<(QDataStream&, const QPainterPath&)` (qpainterpath.cpp, stable since Qt 4):
int32 element count; per element int32 type (0 moveTo, 1 lineTo), float64 x, float64 y; then int32
cStart and int32 fill rule, all big-endian. pyqtgraph's arrayToQPath uses the same format; this one
also sets the fill rule and takes ring starts directly.
"""

from __future__ import annotations

import struct

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream, Qt
from PySide6.QtGui import QPainterPath

_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])


def path_from_arrays(x: np.ndarray, y: np.ndarray, starts: np.ndarray,
                     fill_rule: Qt.FillRule = Qt.FillRule.WindingFill) -> QPainterPath:
    """One path of subpaths: vertex i begins a new subpath where `starts[i]`, else joins i-1."""
    n = len(x)
    path = QPainterPath()
    if n == 0:
        path.setFillRule(fill_rule)
        return path
    buf = QByteArray()
    buf.resize(4 + n * _ELEMENT.itemsize + 8)
    elements = np.frombuffer(buf, dtype=_ELEMENT, count=n, offset=4)
    elements["type"] = np.where(starts, 0, 1)
    elements["type"][0] = 0  # a path always begins with a moveTo
    elements["x"] = x
    elements["y"] = y
    buf.replace(0, 4, struct.pack(">i", n))
    rule = 1 if fill_rule == Qt.FillRule.WindingFill else 0
    buf.replace(4 + n * _ELEMENT.itemsize, 8, struct.pack(">ii", 0, rule))
    QDataStream(buf) >> path
    return path


class RingArrays:
    """The rings of many polygons as flat arrays: every vertex, where each ring starts, and the
    feature each vertex belongs to (so vertices can be regrouped by colour or tile in bulk)."""

    def __init__(self, geoms: np.ndarray, origin: tuple[float, float] = (0.0, 0.0)) -> None:
        geoms = np.asarray(geoms, dtype=object)
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        feature = np.nonzero(present)[0]
        parts, part_of = shapely.get_parts(geoms[feature], return_index=True)
        polygonal = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
        parts, part_of = parts[polygonal], part_of[polygonal]
        # Exterior rings one way, holes the other: with the winding rule, holes stay open and
        # features that overlap do not punch holes in each other (as the odd-even rule would).
        parts = shapely.orient_polygons(parts)
        rings, ring_of = shapely.get_rings(parts, return_index=True)
        xy, vertex_ring = shapely.get_coordinates(rings, return_index=True)
        self.x = xy[:, 0] - origin[0]
        self.y = xy[:, 1] - origin[1]
        self.starts = np.r_[True, vertex_ring[1:] != vertex_ring[:-1]] if len(xy) else np.zeros(0, bool)
        self.feature = feature[part_of[ring_of[vertex_ring]]] if len(xy) else np.zeros(0, np.int64)

    def __len__(self) -> int:
        return len(self.x)


def symbols_path(template: np.ndarray, px: np.ndarray, py: np.ndarray) -> QPainterPath:
    """One path holding a closed polygon `template` (k × 2, device pixels around 0,0) at each
    device point, e.g. every site marker of one kind in a single drawPath call."""
    k = len(template)
    n = len(px)
    x = (np.asarray(px, float)[:, None] + template[None, :, 0]).reshape(-1)
    y = (np.asarray(py, float)[:, None] + template[None, :, 1]).reshape(-1)
    starts = np.zeros(n * k, dtype=bool)
    starts[::k] = True
    return path_from_arrays(x, y, starts)


def rotated_symbols_path(template: np.ndarray, px: np.ndarray, py: np.ndarray,
                         bearing_deg: np.ndarray) -> QPainterPath:
    """Like `symbols_path` for a template pointing north (-y on the device), turned clockwise by
    each point's bearing in degrees (gate arrows)."""
    k = len(template)
    n = len(px)
    b = np.radians(np.nan_to_num(np.asarray(bearing_deg, float)))
    s, c = np.sin(b)[:, None], np.cos(b)[:, None]
    tx, ty = template[None, :, 0], template[None, :, 1]
    # Clockwise on a y-down device is the ordinary rotation matrix.
    x = (np.asarray(px, float)[:, None] + tx * c - ty * s).reshape(-1)
    y = (np.asarray(py, float)[:, None] + tx * s + ty * c).reshape(-1)
    starts = np.zeros(n * k, dtype=bool)
    starts[::k] = True
    return path_from_arrays(x, y, starts)
