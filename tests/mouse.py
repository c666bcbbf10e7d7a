"""Real mouse and key events sent to a widget (the canvas), for tests that drive gestures."""

from __future__ import annotations

from dataclasses import replace

import shapely
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton


def send(widget, kind, pos: QPointF, button=LEFT, buttons=None, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """One mouse event of `kind` at device point `pos`."""
    if buttons is None:
        buttons = button if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                                     QEvent.Type.MouseMove) else Qt.MouseButton.NoButton
    ev = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, modifiers)
    QApplication.sendEvent(widget, ev)


def click(widget, pos: QPointF, button=LEFT) -> None:
    send(widget, QEvent.Type.MouseButtonPress, pos, button)
    send(widget, QEvent.Type.MouseButtonRelease, pos, button)


def double_click(widget, pos: QPointF) -> None:
    """What Qt delivers for a double-click: press, release, double-click, release."""
    click(widget, pos)
    send(widget, QEvent.Type.MouseButtonDblClick, pos)
    send(widget, QEvent.Type.MouseButtonRelease, pos)


def hover(widget, pos: QPointF) -> None:
    send(widget, QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)


def drag(widget, start: QPointF, end: QPointF, steps: int = 5, button=LEFT) -> None:
    """Press at `start`, move in `steps` to `end`, release there."""
    send(widget, QEvent.Type.MouseButtonPress, start, button)
    for i in range(1, steps + 1):
        t = i / steps
        send(widget, QEvent.Type.MouseMove, start + (end - start) * t, Qt.MouseButton.NoButton, button)
    send(widget, QEvent.Type.MouseButtonRelease, end, button)


def at_world(canvas, x: float, y: float) -> QPointF:
    """The device point where the canvas shows map point (x, y)."""
    px, py = canvas.view.world_to_device(x, y)
    return QPointF(float(px), float(py))


def centre_on(canvas, x: float, y: float, mpp: float = 0.3) -> None:
    """Show map point (x, y) in the middle of the canvas at `mpp` metres a pixel."""
    canvas.set_view(replace(canvas.view, cx=x, cy=y, mpp=mpp))


def inside(geom) -> tuple[float, float]:
    p = shapely.point_on_surface(geom)
    return p.x, p.y
