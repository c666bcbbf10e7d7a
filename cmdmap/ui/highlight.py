"""Selection and hover highlights drawn over the cached map image, so selecting never redraws
the map: a feature's outline (or a ring round a point feature) in device pixels."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from cmdmap.model.document import Document
from cmdmap.model.pick import Picked
from cmdmap.render import ViewTransform
from cmdmap.render.qpath import RingArrays, path_from_arrays

SELECT_COLOR = "#e6194b"   # strong red-magenta: no grid colour is this saturated
HOVER_COLOR = "#1f78ff"


def device_path(doc: Document, picked: Picked, view: ViewTransform) -> QPainterPath | None:
    """The feature's outline in device pixels (a small circle for a point), or None if it is gone."""
    layer = doc.layers.get(picked.layer)
    if layer is None or layer.geom is None or not layer.has(picked.fid):
        return None
    geom = layer.geometry(picked.fid)
    if geom is None or shapely.is_empty(geom):
        return None
    path = QPainterPath()
    if shapely.get_type_id(geom) in (shapely.GeometryType.POINT, shapely.GeometryType.MULTIPOINT):
        r = view.mm_to_px(3.0)
        for x, y in shapely.get_coordinates(geom):
            px, py = view.world_to_device(x, y)
            path.addEllipse(QPointF(px, py), r, r)
        return path
    rings = RingArrays(np.array([geom], dtype=object))
    if len(rings) == 0:
        return None
    px, py = view.world_to_device(rings.x, rings.y)
    return path_from_arrays(np.asarray(px), np.asarray(py), rings.starts)


def draw_highlight(painter: QPainter, doc: Document, picked: Picked | None, view: ViewTransform,
                   color: str, width_mm: float) -> None:
    """Outline `picked` in `color` on top of the map."""
    if picked is None:
        return
    path = device_path(doc, picked, view)
    if path is None:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(QColor(color), max(view.mm_to_px(width_mm), 2.0))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    fill = QColor(color)
    fill.setAlpha(40)
    painter.setBrush(fill)
    painter.drawPath(path)
    painter.restore()
