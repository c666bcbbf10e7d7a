"""A small pan/zoom view that reports clicked points: the georeferencing dialog shows the scanned
plan in one and the map in another, and the user clicks the same place in both.

World coordinates are whatever the draw callback uses: metres for the map, (column, −row) for an
image, so one ViewTransform (y up) serves both.
"""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from cmdmap.render.view import ViewTransform

CLICK_SLOP_PX = 4          # a press and release closer than this is a click, not a drag
MARK_COLOR = "#0057d9"
WORST_COLOR = "#d7191c"
PENDING_COLOR = "#ff7f00"

Draw = Callable[[QPainter, ViewTransform], None]


class PickPane(QWidget):
    """Draws through `draw`, pans by dragging, zooms with the wheel, emits `picked(x, y)` on a click."""

    picked = Signal(float, float)

    def __init__(self, draw: Draw, bounds: Sequence[float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draw = draw
        self.bounds = tuple(bounds)
        self.view = ViewTransform.fit(self.bounds, 400, 400)
        # (x, y, label, colour) markers drawn over the picture: the control points.
        self.marks: list[tuple[float, float, str, str]] = []
        self._press: QPointF | None = None
        self._press_view: ViewTransform | None = None
        self.setMinimumSize(320, 280)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:
        return QSize(520, 460)

    def zoom_full(self) -> None:
        """Show the whole picture."""
        self.view = ViewTransform.fit(self.bounds, self.width(), self.height())
        self.update()

    def device_point(self, x: float, y: float) -> QPointF:
        """Where the world point (x, y) is on the widget (for tests and markers)."""
        return QPointF(*self.view.world_to_device(x, y))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.view = ViewTransform.fit(self.bounds, self.width(), self.height())
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#e9e9e9"))
        self.draw(p, self.view)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(p.font())
        font.setBold(True)
        p.setFont(font)
        for x, y, label, colour in self.marks:
            c = self.device_point(x, y)
            p.setPen(QPen(QColor("white"), 4))
            p.drawLine(QPointF(c.x() - 8, c.y()), QPointF(c.x() + 8, c.y()))
            p.drawLine(QPointF(c.x(), c.y() - 8), QPointF(c.x(), c.y() + 8))
            p.setPen(QPen(QColor(colour), 2))
            p.drawLine(QPointF(c.x() - 8, c.y()), QPointF(c.x() + 8, c.y()))
            p.drawLine(QPointF(c.x(), c.y() - 8), QPointF(c.x(), c.y() + 8))
            p.drawText(QRectF(c.x() + 5, c.y() - 20, 40, 16), label)
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._press_view = event.position(), self.view

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and self._press_view is not None:
            d = event.position() - self._press
            if abs(d.x()) + abs(d.y()) >= CLICK_SLOP_PX:
                self.view = self._press_view.panned(d.x(), d.y())
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        d = event.position() - self._press
        self._press = self._press_view = None
        if abs(d.x()) + abs(d.y()) < CLICK_SLOP_PX:
            self.picked.emit(*self.view.device_to_world(event.position().x(), event.position().y()))

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            pos = event.position()
            self.view = self.view.zoom_about((pos.x(), pos.y()), 1.25 ** steps)
            self.update()
