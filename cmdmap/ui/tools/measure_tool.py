"""Measuring on the map: a distance along clicked points, or the area inside an outline, in metres
and square metres of the document's projected CRS, shown beside the cursor and in the status bar
while drawing. Measuring changes nothing in the document.
"""

from __future__ import annotations

import shapely
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from cmdmap.render import ViewTransform
from cmdmap.ui.tools.add_tools import show_status
from cmdmap.ui.tools.base import SketchTool, ToolEvent


def line_length(points: list[tuple[float, float]]) -> float:
    """Metres along the points in order."""
    return float(shapely.LineString(points).length) if len(points) > 1 else 0.0


def outline_area(points: list[tuple[float, float]]) -> float:
    """Square metres inside the outline (a self-crossing one counts each lobe once)."""
    if len(points) < 3:
        return 0.0
    return float(shapely.make_valid(shapely.Polygon(points)).area)


def format_length(m: float) -> str:
    return f"{m / 1000:.3f} km" if m >= 10000 else f"{m:,.1f} m"


def format_area(m2: float) -> str:
    # Desks think of land in 平方米 and, for whole estates, in hectares.
    return f"{m2:,.0f} m² ({m2 / 10000:.2f} ha)" if m2 >= 10000 else f"{m2:,.1f} m²"


class _MeasureTool(SketchTool):
    """Shared gesture: the sketch stays on the map when finished, until the next click."""

    snaps = True

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.result: list[tuple[float, float]] = []

    def text(self, points: list[tuple[float, float]]) -> str:
        raise NotImplementedError

    def deactivate(self) -> None:
        self.result = []
        super().deactivate()

    def release(self, ev: ToolEvent) -> bool:
        if ev.button == Qt.MouseButton.LeftButton and self.result and not self.points and not self._swallow_release:
            self.result = []  # a new measurement starts
        used = super().release(ev)
        self._report()
        return used

    def move(self, ev: ToolEvent) -> bool:
        super().move(ev)
        self._report()
        return True

    def live_points(self) -> list[tuple[float, float]]:
        """What is measured now: the finished sketch, or the one being drawn up to the cursor."""
        if self.points:
            return list(self.points) + ([self.cursor_at] if self.cursor_at is not None else [])
        return list(self.result)

    def _report(self) -> None:
        pts = self.live_points()
        if len(pts) >= 2:
            show_status(self.canvas, self.text(pts), 30000)

    def finish(self, points: list[tuple[float, float]]) -> None:
        self.result = points
        self.cursor_at = None
        show_status(self.canvas, self.text(points), 60000)
        self.canvas.update()

    def paint(self, painter: QPainter, view: ViewTransform) -> None:
        if not self.points and self.result:
            saved = self.points
            self.points = list(self.result)
            cursor, self.cursor_at = self.cursor_at, None
            super().paint(painter, view)
            self.points, self.cursor_at = saved, cursor
        else:
            super().paint(painter, view)
        pts = self.live_points()
        if len(pts) < 2:
            return
        x, y = pts[-1]
        px, py = view.world_to_device(x, y)
        text = self.text(pts)
        painter.save()
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        rect = painter.fontMetrics().boundingRect(text).adjusted(-4, -2, 4, 2)
        rect.moveTopLeft(QPointF(px + 12, py + 12).toPoint())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRect(rect)
        painter.setPen(QPen(QColor("#222")))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class MeasureDistanceTool(_MeasureTool):
    """Click along a path; the length shows as you go."""

    tool_id = "measure-distance"
    shortcut = "D"
    closed = False
    min_points = 2

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Measure distance")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click points along the way; double-click ends. Nothing on the map changes.")

    def text(self, points: list[tuple[float, float]]) -> str:
        return QCoreApplication.translate("Tools", "Distance %1").replace("%1", format_length(line_length(points)))


class MeasureAreaTool(_MeasureTool):
    """Click round an area; its size and perimeter show as you go."""

    tool_id = "measure-area"
    shortcut = "A"
    closed = True
    min_points = 3

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Measure area")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click round the area; double-click ends. Nothing on the map changes.")

    def text(self, points: list[tuple[float, float]]) -> str:
        perimeter = line_length(points + points[:1]) if len(points) > 2 else line_length(points)
        return (QCoreApplication.translate("Tools", "Area %1, perimeter %2")
                .replace("%1", format_area(outline_area(points))).replace("%2", format_length(perimeter)))
