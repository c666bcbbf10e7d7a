"""What a desk reads on top of the coloured map: risk zones hatched by level (封控区 dense cross
hatch, 管控区 diagonal, 防范区 sparse), sealed buildings marked with a heavy border and a cross,
and at close zoom each building's households and small markers for its isolated residents by kind.

Hatching is drawn as lines clipped to each zone in device pixels, spaced in millimetres, so it looks
the same on the screen and on paper. The lines are laid on the scale's world-pixel grid (world
metres / mpp), not on the device's corner, so the screen's image tiles of one scale (tiles.py),
each drawn on its own, join without a seam. Only features in view are touched; per-building
isolation totals are counted once (numpy) and kept until the isolation register or buildings change.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen

from cmdmap.model.counts import active_isolation
from cmdmap.model.document import Document
from cmdmap.render.fonts import map_font
from cmdmap.render.qpath import RingArrays, path_from_arrays
from cmdmap.render.view import ViewTransform

# level: (colour, spacing mm, angles in degrees)
RISK_HATCH = {
    "sealed": ("#c0392b", 1.6, (45.0, -45.0)),
    "controlled": ("#e67e22", 2.2, (45.0,)),
    "precaution": ("#2e86c1", 3.5, (45.0,)),
}
SEALED_COLOR = "#8e1b10"
# Isolated residents by kind: the colours a desk uses on paper (red hospital, orange centralised,
# blue home isolation); health monitoring is not marked on the map.
ISOLATION_MARKS = (("hospital", "#c0392b"), ("centralised", "#e67e22"), ("home", "#2e86c1"))
DETAIL_MAX_SCALE = 2500     # households and isolation markers show from 1:2,500 in
DETAIL_MIN_PX = 36.0        # ... on buildings at least this tall and wide on the device
MARK_MM = 3.0               # isolation marker diameter
RISK_BORDER_MM = 0.6        # a risk zone's dashed border in its level's colour (at least 1.5 px)
SEALED_PEN_MM = 0.7         # a sealed building's heavy border (at least 2 px, mitred corners)


def _device_path(geoms: np.ndarray, view: ViewTransform) -> QPainterPath:
    rings = RingArrays(np.asarray(geoms, dtype=object))
    if len(rings) == 0:
        return QPainterPath()
    px, py = view.world_to_device(rings.x, rings.y)
    return path_from_arrays(np.atleast_1d(px), np.atleast_1d(py), rings.starts)


def _in_view(geoms: np.ndarray | None, view: ViewTransform, margin_px: float = 8.0,
             bounds: np.ndarray | None = None) -> np.ndarray:
    """Rows of `geoms` (or of their `bounds`, when known) whose bounding boxes meet the view."""
    if len(geoms if bounds is None else bounds) == 0:
        return np.zeros(0, dtype=np.int64)
    x0, y0, x1, y1 = view.world_bounds
    m = margin_px * view.mpp
    b = shapely.bounds(geoms) if bounds is None else bounds
    ok = (b[:, 0] <= x1 + m) & (b[:, 2] >= x0 - m) & (b[:, 1] <= y1 + m) & (b[:, 3] >= y0 - m)
    return np.nonzero(ok)[0]


class Overlays:
    """Draws the overlays of one document; `invalidate()` after the isolation register changes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._isolated: dict[str, np.ndarray] | None = None
        self._isolated_day: dt.date | None = None
        # The buildings' bounding boxes: 7 ms a frame to compute for a district's 200,000.
        self._building_bounds: np.ndarray | None = None
        # ... and their rows sorted by xmin (for the bounds they were sorted from).
        self._by_xmin: tuple[np.ndarray, np.ndarray, np.ndarray, float] | None = None

    def forget_shapes(self) -> None:
        """Forget the buildings' bounding boxes (after buildings moved, came or went)."""
        self._building_bounds = None
        self._by_xmin = None

    def shapes_moved(self, rows: np.ndarray) -> None:
        """Bring the buildings' boxes (and their order by xmin) up to date after the buildings
        at `rows` changed shape, rows staying: on a district, computing and sorting them all
        again cost ~20 ms at the frame after each move."""
        b = self.doc["buildings"]
        bounds = self._building_bounds
        if bounds is None or len(bounds) != len(b):
            self.forget_shapes()
            return
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        new = shapely.bounds(b.geom[rows]).astype(float)
        bounds[rows] = new
        if self._by_xmin is None:
            return
        _, order, xmin, widest = self._by_xmin
        keep = ~np.isin(order, rows)
        order, xmin = order[keep], xmin[keep]
        # Back in at their new xmin, in xmin order among themselves (NaN, an empty shape, sorts
        # last, as argsort has it).
        by = np.argsort(new[:, 0], kind="stable")
        at = np.searchsorted(xmin, new[by, 0], side="left")
        order = np.insert(order, at, rows[by])
        xmin = np.insert(xmin, at, new[by, 0])
        widths = new[:, 2] - new[:, 0]
        widths = widths[np.isfinite(widths)]
        if len(widths):
            widest = max(widest, float(widths.max()))
        self._by_xmin = (bounds, order, xmin, widest)

    def building_bounds(self) -> np.ndarray:
        """(xmin, ymin, xmax, ymax) per building row, kept between frames."""
        b = self.doc["buildings"]
        if self._building_bounds is None or len(self._building_bounds) != len(b):
            self._building_bounds = shapely.bounds(b.geom)
        return self._building_bounds

    def buildings_in_view(self, view: ViewTransform, margin_px: float) -> np.ndarray:
        """Rows of the buildings whose boxes meet `view` grown by `margin_px`, ascending, as
        `_in_view` finds them: through the rows sorted by xmin, since testing a district's
        200,000 boxes cost 1 ms a frame of a close-up, and its few hundred in view nothing."""
        bounds = self.building_bounds()
        if self._by_xmin is None or self._by_xmin[0] is not bounds:
            order = np.argsort(bounds[:, 0], kind="stable")  # empty shapes (NaN) last
            widths = bounds[:, 2] - bounds[:, 0]
            widest = float(np.nanmax(widths)) if np.isfinite(widths).any() else 0.0
            self._by_xmin = (bounds, order, bounds[order, 0], widest)
        _, order, xmin, widest = self._by_xmin
        x0, _, x1, _ = view.world_bounds
        m = margin_px * view.mpp
        # A box meeting the view starts left of its right edge and at most the widest box's
        # width (and a metre for rounding) left of its left edge.
        lo = int(np.searchsorted(xmin, x0 - m - widest - 1.0, side="left"))
        hi = int(np.searchsorted(xmin, x1 + m, side="right"))
        near = np.sort(order[lo:hi])
        return near[_in_view(None, view, margin_px, bounds[near])]

    def invalidate(self) -> None:
        """Forget the per-building isolation totals."""
        self._isolated = None

    def isolated_by_building(self) -> dict[str, np.ndarray]:
        """Persons in active isolation per building row, by kind (today's register)."""
        day = self.doc.today()
        if self._isolated is not None and self._isolated_day == day:
            return self._isolated
        b = self.doc["buildings"]
        out = {k: np.zeros(len(b), dtype=np.int64) for k, _ in ISOLATION_MARKS}
        iso = self.doc.layers.get("isolation")
        if iso is not None and len(iso) and len(b):
            on = active_isolation(self.doc, day)
            codes = b.column("code").astype(str)
            order = np.argsort(codes)
            where = np.searchsorted(codes[order], iso.column("building").astype(str))
            where = np.clip(where, 0, len(codes) - 1)
            row = order[where]
            found = codes[row] == iso.column("building").astype(str)
            persons = np.nan_to_num(iso.numeric("persons")).astype(np.int64)
            kinds = iso.column("kind")
            for k in out:
                m = on & found & (kinds == k)
                out[k] = np.bincount(row[m], weights=persons[m], minlength=len(b)).astype(np.int64)
        self._isolated, self._isolated_day = out, day
        return out

    # -- drawing --------------------------------------------------------------------------------

    def draw_areas(self, painter: QPainter, view: ViewTransform, hidden: frozenset[str]) -> None:
        """Risk zone hatching and sealed buildings (under labels and point symbols)."""
        if "risk_zones" not in hidden and "risk_zones" in self.doc.layers:
            self._hatch_risk_zones(painter, view)
        if "buildings" not in hidden and "buildings" in self.doc.layers:
            self._mark_sealed(painter, view)

    def _hatch_risk_zones(self, painter: QPainter, view: ViewTransform) -> None:
        zones = self.doc["risk_zones"]
        rows = _in_view(zones.geom, view)
        if len(rows) == 0:
            return
        levels = zones.column("level")[rows]
        frame = QRectF(-10, -10, view.width + 20, view.height + 20)
        # One clip and one set of lines per level, however many zones: a district has hundreds.
        for level, (color, spacing_mm, angles) in RISK_HATCH.items():
            mine = rows[levels == level]
            # Zones a few hatch lines across or smaller show as their fill and border alone: the
            # hatching would be a smudge, and clipping to hundreds of specks is what costs.
            bx = shapely.bounds(zones.geom[mine])
            big = np.minimum(bx[:, 2] - bx[:, 0], bx[:, 3] - bx[:, 1]) / view.mpp >= 3 * view.mm_to_px(spacing_mm)
            mine = mine[big]
            if len(mine) == 0:
                continue
            path = _device_path(zones.geom[mine], view)
            if path.isEmpty():
                continue
            painter.save()
            painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
            c = QColor(color)
            c.setAlpha(190)
            pen = QPen(c, max(view.mm_to_px(0.3), 1.2))
            pen.setCosmetic(True)
            painter.setPen(pen)
            box = path.boundingRect().intersected(frame)
            step = max(view.mm_to_px(spacing_mm), 4.0)
            for angle in angles:
                self._lines(painter, box, step, angle, view)
            painter.restore()
            # The zones' borders in their level's colour, over the generic outline.
            border = QPen(QColor(color), max(view.mm_to_px(RISK_BORDER_MM), 1.5))
            border.setDashPattern([6.0, 3.0])
            # Dashed by a stroker of its own, not by the painter: Qt's painter starts the dashes
            # of a path that leaves the device at a phase that depends on the device's size, so
            # two tiles of one scale would not agree where the border crosses from one to the
            # other. The stroker dashes the whole path from each ring's start, as paper had it.
            painter.fillPath(QPainterPathStroker(border).createStroke(path), QColor(color))

    @staticmethod
    def _lines(painter: QPainter, box: QRectF, step: float, angle: float, view: ViewTransform) -> None:
        """Parallel lines at `angle` degrees every `step` pixels, covering `box`, on the lines
        of the scale's world-pixel grid (so two views of one scale draw the same lines)."""
        if box.isEmpty():
            return
        t = np.radians(angle)
        dx, dy = float(np.cos(t)), float(-np.sin(t))  # along the line (device y points down)
        nx, ny = -dy, dx                               # across
        cx, cy = box.center().x(), box.center().y()
        half = float(np.hypot(box.width(), box.height())) / 2.0 + step
        # The device's top-left corner in world pixels (x right, y down): a line lies where a
        # world pixel's distance across the lines is a whole number of steps.
        corner = (view.cx / view.mpp - view.width / 2.0) * nx + (-view.cy / view.mpp - view.height / 2.0) * ny
        mid = cx * nx + cy * ny + corner
        k = np.arange(math.floor((mid - half) / step), math.ceil((mid + half) / step) + 1)
        path = QPainterPath()
        for o in (k * step - mid).tolist():
            ox, oy = cx + nx * o, cy + ny * o
            path.moveTo(ox - dx * half, oy - dy * half)
            path.lineTo(ox + dx * half, oy + dy * half)
        painter.drawPath(path)

    def _mark_sealed(self, painter: QPainter, view: ViewTransform) -> None:
        b = self.doc["buildings"]
        # The buildings in view first, then which of them are sealed: comparing a district's
        # 200,000 values cost 1-3 ms for every screen tile drawn.
        near = self.buildings_in_view(view, 8.0)
        sealed = near[np.asarray(b.column("sealed")[near] == True, dtype=bool)]  # noqa: E712 — elementwise
        if len(sealed) == 0:
            return
        geoms = b.geom[sealed]
        path = _device_path(geoms, view)
        pen = QPen(QColor(SEALED_COLOR), max(view.mm_to_px(SEALED_PEN_MM), 2.0))
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        # A cross over each sealed building's box: reads as "closed" even in black and white
        # (on buildings big enough to show one).
        bx = shapely.bounds(geoms)
        bx = bx[np.minimum(bx[:, 2] - bx[:, 0], bx[:, 3] - bx[:, 1]) / view.mpp >= 8.0]
        x0, y0 = view.world_to_device(bx[:, 0], bx[:, 3])
        x1, y1 = view.world_to_device(bx[:, 2], bx[:, 1])
        cross = QPainterPath()
        for a, b_, c, d in zip(np.atleast_1d(x0).tolist(), np.atleast_1d(y0).tolist(),
                               np.atleast_1d(x1).tolist(), np.atleast_1d(y1).tolist()):
            cross.moveTo(a, b_)
            cross.lineTo(c, d)
            cross.moveTo(a, d)
            cross.lineTo(c, b_)
        thin = QPen(QColor(SEALED_COLOR), max(view.mm_to_px(0.3), 1.0))
        painter.save()
        painter.setClipPath(path, Qt.ClipOperation.IntersectClip)  # the cross stays on the building
        painter.setPen(thin)
        painter.drawPath(cross)
        painter.restore()

    def shows_details(self, view: ViewTransform, hidden: frozenset[str]) -> bool:
        """Whether `view` is close enough for buildings' households and isolation markers."""
        return "buildings" not in hidden and "buildings" in self.doc.layers and view.scale_denominator <= DETAIL_MAX_SCALE

    def draw_details(self, painter: QPainter, view: ViewTransform, hidden: frozenset[str], taken=None) -> int:
        """Households and isolation markers on buildings big enough to hold them; how many drawn.
        What they cover goes into `taken` (an Occupancy), so labels placed afterwards avoid it."""
        if not self.shows_details(view, hidden):
            return 0
        b = self.doc["buildings"]
        rows = self.buildings_in_view(view, 0.0)
        if len(rows) == 0:
            return 0
        bx = self.building_bounds()[rows]
        w_px = (bx[:, 2] - bx[:, 0]) / view.mpp
        h_px = (bx[:, 3] - bx[:, 1]) / view.mpp
        rows = rows[(w_px >= DETAIL_MIN_PX) & (h_px >= DETAIL_MIN_PX)]
        if len(rows) == 0:
            return 0
        # The building's label anchor (centroid when inside, as labels.py does): details go below it.
        geoms = b.geom[rows]
        anchor = shapely.centroid(geoms)
        outside = ~shapely.contains(geoms, anchor)
        anchor[outside] = shapely.point_on_surface(geoms[outside])
        ax, ay = view.world_to_device(shapely.get_x(anchor), shapely.get_y(anchor))
        households = np.nan_to_num(b.numeric("households")[rows]).astype(np.int64)
        iso = self.isolated_by_building()
        font = map_font(view.pt_to_px(6.5))
        digits = map_font(view.pt_to_px(5.0), bold=True)
        line = view.pt_to_px(9.0)
        r = view.mm_to_px(MARK_MM) / 2.0
        for i, (x, y) in enumerate(zip(np.atleast_1d(ax).tolist(), np.atleast_1d(ay).tolist())):
            text = f"{int(households[i])}户"
            painter.setFont(font)
            painter.setPen(QColor("#303030"))
            painter.drawText(QRectF(x - 40, y + line * 0.8, 80, line), Qt.AlignmentFlag.AlignCenter, text)
            if taken is not None:
                taken.take((x - 20, y + line * 0.8, x + 20, y + line * 1.8 + 2 * r))
            marks = [(color, int(iso[kind][rows[i]])) for kind, color in ISOLATION_MARKS if iso[kind][rows[i]] > 0]
            if not marks:
                continue
            total_w = len(marks) * (2 * r + view.mm_to_px(0.8))
            mx = x - total_w / 2.0 + r
            my = y + line * 1.8 + r
            painter.setFont(digits)
            for color, n in marks:
                painter.setPen(QPen(QColor("#ffffff"), 1.0))
                painter.setBrush(QColor(color))
                painter.drawEllipse(QPointF(mx, my), r, r)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(QRectF(mx - r, my - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, str(n) if n < 100 else "99+")
                mx += 2 * r + view.mm_to_px(0.8)
        return len(rows)
