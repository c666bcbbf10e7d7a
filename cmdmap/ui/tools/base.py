"""Map tools: what a press, drag, click or key on the canvas means right now.

The canvas owns panning, zooming and drawing; the active tool gets the mouse first and says
whether it used the event. A tool changes the document only by pushing one command when its
gesture ends (a whole drag, a whole outline), so every gesture is one undo step. Tools paint
their rubber bands over the cached map image, so a gesture never redraws the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPainterPath, QPen

from cmdmap.model.snap import Snap
from cmdmap.render import ViewTransform

if TYPE_CHECKING:
    from cmdmap.edit.commands import Command
    from cmdmap.ui.canvas import MapCanvas

SKETCH_COLOR = "#d62728"
SNAP_COLOR = "#e6007e"


@dataclass
class ToolEvent:
    """A mouse event in map terms: where (snapped when the tool snaps), which button, which keys."""

    pos: QPointF                 # device pixels
    x: float                     # map metres, snapped if `snap` is set
    y: float
    raw_x: float                 # map metres under the cursor
    raw_y: float
    snap: Snap | None
    button: Qt.MouseButton
    modifiers: Qt.KeyboardModifier


class MapTool:
    """Base tool: ignores everything, so the canvas pans on drag and selects on click."""

    tool_id = "base"
    shortcut = ""
    snaps = False            # snap the event's position to grids, compounds and buildings
    click_selects = True     # a plain click (not a drag) selects the feature under it
    cursor = Qt.CursorShape.OpenHandCursor

    def __init__(self, canvas: "MapCanvas") -> None:
        self.canvas = canvas

    @staticmethod
    def title() -> str:
        """The tool's name in the toolbar and the Tools menu."""
        raise NotImplementedError

    @staticmethod
    def hint() -> str:
        """A sentence shown in the status bar while the tool is active."""
        return ""

    def activate(self) -> None:
        """The tool was chosen."""

    def deactivate(self) -> None:
        """Another tool was chosen: drop any gesture under way, changing nothing."""

    def press(self, ev: ToolEvent) -> bool:
        return False

    def move(self, ev: ToolEvent) -> bool:
        return False

    def release(self, ev: ToolEvent) -> bool:
        return False

    def double_click(self, ev: ToolEvent) -> bool:
        return False

    def key(self, event: QKeyEvent) -> bool:
        return False

    def paint(self, painter: QPainter, view: ViewTransform) -> None:
        """Draw the gesture under way over the map (device pixels via `view`)."""

    def snap_skip(self) -> list[tuple[float, float]]:
        """Vertices not to snap to (the one being dragged snaps to its neighbours, not itself)."""
        return []

    # -- helpers for subclasses ---------------------------------------------------------------

    @property
    def doc(self):
        return self.canvas.doc

    def push(self, cmd: "Command") -> bool:
        """Do `cmd` as one undo step; False (and a message) if the document refused it."""
        return self.canvas.push(cmd)

    def refuse(self, key: str, **params) -> None:
        """Tell the user why a gesture changed nothing (a key of cmdmap.messages)."""
        self.canvas.refuse(key, **params)


class SelectTool(MapTool):
    """Click selects, drag pans: the tool the desk uses most of the day."""

    tool_id = "select"
    shortcut = "S"

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Select")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate("Tools", "Click a feature to see it; drag to move the map.")


class PanTool(MapTool):
    """Drag pans and a click does nothing: safe for pointing at the map during a briefing."""

    tool_id = "pan"
    shortcut = "H"
    click_selects = False

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Pan")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate("Tools", "Drag to move the map; the wheel zooms.")


def draw_snap(painter: QPainter, view: ViewTransform, snap: Snap | None) -> None:
    """A square on a snapped vertex, a circle on a snapped edge point."""
    if snap is None:
        return
    px, py = view.world_to_device(snap.x, snap.y)
    r = 6.0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor(SNAP_COLOR), 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if snap.kind == "vertex":
        painter.drawRect(int(px - r), int(py - r), int(2 * r), int(2 * r))
    else:
        painter.drawEllipse(QPointF(px, py), r, r)
    painter.restore()


class SketchTool(MapTool):
    """Click points to draw a line or an outline: double-click or Enter finishes, Backspace
    takes back the last point, Esc drops the sketch. Subclasses say what the sketch becomes."""

    snaps = True
    click_selects = False
    cursor = Qt.CursorShape.CrossCursor
    closed = True            # an outline (polygon) rather than a line
    min_points = 3

    def __init__(self, canvas: "MapCanvas") -> None:
        super().__init__(canvas)
        self.points: list[tuple[float, float]] = []
        self.cursor_at: tuple[float, float] | None = None
        self.snap: Snap | None = None
        self._swallow_release = False  # the release that ends a finishing double-click

    def finish(self, points: list[tuple[float, float]]) -> None:
        """The sketch is complete: make it into a command and push it."""
        raise NotImplementedError

    def deactivate(self) -> None:
        self.cancel()

    def cancel(self) -> None:
        self.points.clear()
        self.cursor_at = None
        self.canvas.update()

    def press(self, ev: ToolEvent) -> bool:
        if ev.button == Qt.MouseButton.RightButton and self.points:
            self._complete()
            return True
        return ev.button == Qt.MouseButton.LeftButton

    def release(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton:
            return False
        if self._swallow_release:
            self._swallow_release = False
            return True
        p = (ev.x, ev.y)
        if not self.points or self.points[-1] != p:
            self.points.append(p)
        self.canvas.update()
        return True

    def move(self, ev: ToolEvent) -> bool:
        self.cursor_at = (ev.x, ev.y)
        self.snap = ev.snap
        self.canvas.update()
        return True

    def double_click(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton:
            return False
        # The double-click's first click already added the point; the second finishes.
        self._swallow_release = True
        self._complete()
        return True

    def key(self, event: QKeyEvent) -> bool:
        k = event.key()
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._complete()
        elif k == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            self.canvas.update()
        elif k == Qt.Key.Key_Escape:
            self.cancel()
        else:
            return False
        return True

    def _complete(self) -> None:
        points = list(self.points)
        if len(points) < self.min_points:
            return  # keep sketching; Esc drops it
        self.points.clear()
        self.canvas.update()
        self.finish(points)

    def paint(self, painter: QPainter, view: ViewTransform) -> None:
        pts = list(self.points) + ([self.cursor_at] if self.cursor_at is not None else [])
        if pts:
            path = QPainterPath()
            for i, (x, y) in enumerate(pts):
                px, py = view.world_to_device(x, y)
                if i == 0:
                    path.moveTo(px, py)
                else:
                    path.lineTo(px, py)
            if self.closed and len(pts) > 2:
                path.closeSubpath()
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(SKETCH_COLOR), 2.0, Qt.PenStyle.DashLine))
            fill = QColor(SKETCH_COLOR)
            fill.setAlpha(35 if self.closed else 0)
            painter.setBrush(fill)
            painter.drawPath(path)
            painter.setPen(QPen(QColor(SKETCH_COLOR), 1.5))
            painter.setBrush(QColor("white"))
            for x, y in self.points:
                px, py = view.world_to_device(x, y)
                painter.drawRect(int(px - 3), int(py - 3), 6, 6)
            painter.restore()
        draw_snap(painter, view, self.snap)
