"""The Edit vertices tool: drag a grid's corners and edges, insert and delete corners.

On a grid every change goes through cmdmap.edit.partition, so a corner shared by two or three
grids (and the zone and micro-grid that have it) moves for all of them. While a boundary is
dragged, the buildings that would change grid are filled in orange and a tooltip names them;
the one command is pushed on release. On a compound or building the same gestures reshape that
one feature (a plain SetGeometry).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from cmdmap.edit import partition, rings
from cmdmap.edit.commands import Command, EditError, SetGeometry
from cmdmap.edit.rings import Coord
from cmdmap.messages import message
from cmdmap.model.pick import Picked
from cmdmap.model.reassign import Move, describe, reassignment
from cmdmap.render import ViewTransform
from cmdmap.render.qpath import RingArrays, path_from_arrays
from cmdmap.ui.tools.base import MapTool, ToolEvent, draw_snap

HANDLE_PX = 8           # how near a corner a press grabs it
EDGE_PX = 6             # how near an edge a press grabs the edge
DRAG_SLOP_PX = 3        # a press and release closer than this moves nothing
HANDLE_COLOR = "#e6194b"
PREVIEW_COLOR = "#1f78ff"
REFUSED_COLOR = "#d62728"  # the preview of a drop that would be refused
LIVE_CHECK_S = 0.03        # check each mouse move while that costs less than this
MOVING_COLOR = "#ff7f0e"
EDITABLE = ("grids", "compounds", "buildings")


@dataclass
class _Drag:
    """A drag under way: the corners it moves and where it started."""

    corners: tuple[Coord, ...]
    start: tuple[float, float]
    start_px: tuple[float, float]
    vertex: bool


def grid_at(doc, x: float, y: float, level: str = "grid") -> int | None:
    """The grid of `level` holding (x, y), or None."""
    g = doc["grids"]
    rows = np.nonzero((g.column("level") == level) & shapely.intersects(g.geom, shapely.Point(x, y)))[0]
    return int(g.fid[rows[0]]) if len(rows) else None


class _MenuGuard(QObject):
    """Keeps the canvas's events for the tool: swallows the context menu that follows a
    right-click which deleted a corner (else a building's menu would open right after its corner
    went), and claims Delete while a corner is under the cursor (else a window shortcut on
    Delete, such as deleting the selected feature, would take it)."""

    def __init__(self, tool: "EditVerticesTool") -> None:
        super().__init__()
        self.tool = tool
        self.armed = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu and self.armed:
            self.armed = False
            return True
        if (event.type() == QEvent.Type.ShortcutOverride and self.tool.hot is not None
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)):
            event.accept()
            return True
        return False


class EditVerticesTool(MapTool):
    """Corners as handles: drag one or an edge, double-click an edge to add, Delete to remove."""

    tool_id = "edit-vertices"
    shortcut = "V"
    snaps = True
    click_selects = False
    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.target: Picked | None = None
        self.drag: _Drag | None = None
        self.hot: Coord | None = None          # the corner under the cursor (Delete removes it)
        self.preview: dict[int, shapely.Geometry] = {}
        self.moves: list[Move] = []
        self.moving_fids: list[int] = []
        self.snap = None
        self.refusal: str | None = None       # why the drop would be refused, while dragging
        self._live_check = True
        self._guard = _MenuGuard(self)

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Edit vertices")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click a grid (Shift+click: a micro-grid; Ctrl+click: a compound or building), then drag "
                     "a corner or an edge; double-click an edge to add a corner; Delete or right-click removes one.")

    # -- state ----------------------------------------------------------------------------------

    def activate(self) -> None:
        sel = self.canvas.selected
        if sel is not None and sel.layer in EDITABLE:
            self.target = sel
        self.canvas.installEventFilter(self._guard)  # filters installed last run first

    def deactivate(self) -> None:
        self.canvas.removeEventFilter(self._guard)
        self._end_drag()
        self.target = None
        self.hot = None

    def _geom(self) -> shapely.Geometry | None:
        t = self.target
        if t is None or not self.doc[t.layer].has(t.fid):
            self.target = None
            return None
        return self.doc[t.layer].geometry(t.fid)

    def _tol(self, px: float) -> float:
        return px * self.canvas.view.mpp

    def _corner_near(self, x: float, y: float) -> Coord | None:
        geom = self._geom()
        if geom is None:
            return None
        p, d = rings.nearest_vertex(geom, x, y)
        return p if d <= self._tol(HANDLE_PX) else None

    def _edge_near(self, x: float, y: float):
        geom = self._geom()
        if geom is None:
            return None
        a, b, q, d = rings.nearest_edge(geom, x, y)
        return (a, b, q) if d <= self._tol(EDGE_PX) else None

    # -- gestures -------------------------------------------------------------------------------

    def press(self, ev: ToolEvent) -> bool:
        if ev.button == Qt.MouseButton.RightButton:
            corner = self._corner_near(ev.raw_x, ev.raw_y)
            if corner is not None:
                self._guard.armed = True
                self._delete(corner)
            return True
        if ev.button != Qt.MouseButton.LeftButton:
            return False
        corner = self._corner_near(ev.raw_x, ev.raw_y)
        start_px = (ev.pos.x(), ev.pos.y())
        self._live_check = True
        if corner is not None:
            self.drag = _Drag((corner,), (ev.raw_x, ev.raw_y), start_px, True)
            return True
        edge = self._edge_near(ev.raw_x, ev.raw_y)
        if edge is not None:
            self.drag = _Drag((edge[0], edge[1]), (ev.raw_x, ev.raw_y), start_px, False)
            return True
        picked = self._pick(ev)
        if picked is None:
            return False  # nothing to edit here: the canvas pans
        self.target = picked
        self.canvas.select(picked)
        self.canvas.update()
        name = self.doc[picked.layer].value(picked.fid, "name" if picked.layer != "buildings" else "code")
        self._say(QCoreApplication.translate(
            "Tools", "%1: drag a corner or an edge; double-click an edge to add a corner; Delete removes the corner under the cursor.")
            .replace("%1", str(name)))
        return True

    def _say(self, text: str) -> None:
        window = self.canvas.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)

    def _pick(self, ev: ToolEvent) -> Picked | None:
        if ev.modifiers & Qt.KeyboardModifier.ControlModifier:
            picked = self.canvas.feature_at(ev.pos)
            return picked if picked is not None and picked.layer in EDITABLE else None
        level = "micro" if ev.modifiers & Qt.KeyboardModifier.ShiftModifier else "grid"
        fid = grid_at(self.doc, ev.raw_x, ev.raw_y, level)
        return Picked("grids", fid) if fid is not None else None

    def _moves(self, ev: ToolEvent) -> dict[Coord, Coord]:
        d = self.drag
        assert d is not None
        if d.vertex:
            return {d.corners[0]: (ev.x, ev.y)}
        dx, dy = ev.raw_x - d.start[0], ev.raw_y - d.start[1]
        return {c: (c[0] + dx, c[1] + dy) for c in d.corners}

    def move(self, ev: ToolEvent) -> bool:
        self.snap = ev.snap if self.drag is not None else None
        if self.drag is None:
            hot = self._corner_near(ev.raw_x, ev.raw_y)
            if hot != self.hot:
                self.hot = hot
                self.canvas.update()
            return False
        moves = self._moves(ev)
        if self.target is not None and self.target.layer == "grids":
            self.preview = partition.proposed_vertex_moves(self.doc, moves)
            # A building leaving every micro-grid is not news (most of the map has none).
            self.moves = [m for m in reassignment(self.doc, self.preview)
                          if m.level == "grid" or (m.source is not None and m.target is not None)]
            self.moving_fids = [f for m in self.moves if m.level == "grid" for f in m.fids]
            self.refusal = self._would_refuse(moves)
            text = self.refusal or (describe(self.doc, self.moves, self.canvas.lang) if self.moves else "")
            if text:
                QToolTip.showText(self.canvas.mapToGlobal(QPoint(int(ev.pos.x()) + 16, int(ev.pos.y()) + 16)),
                                  text, self.canvas)
            else:
                QToolTip.hideText()
        else:
            g = self._geom()
            new = rings.move_vertices(g, moves) if g is not None else None
            self.preview = {self.target.fid: new} if new is not None else {}
        self.canvas.update()
        return True

    def _would_refuse(self, moves: dict[Coord, Coord]) -> str | None:
        """Why dropping here would be refused (shown before the drop), or None. Skipped once
        the checks prove too slow for every mouse move (a district): the drop still checks."""
        if not self._live_check:
            return None
        t0 = time.perf_counter()
        try:
            partition.move_vertices(self.doc, moves)
            out = None
        except EditError as err:
            out = message(err.key, self.canvas.lang, **err.params)
        self._live_check = time.perf_counter() - t0 < LIVE_CHECK_S
        return out

    def release(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton or self.drag is None:
            return self.drag is not None
        d = self.drag
        moved = abs(ev.pos.x() - d.start_px[0]) + abs(ev.pos.y() - d.start_px[1]) >= DRAG_SLOP_PX
        moves = self._moves(ev)
        self._end_drag()
        if moved:
            self._apply(lambda: self._move_command(moves))
        return True

    def _end_drag(self) -> None:
        self.drag = None
        self.preview = {}
        self.moves = []
        self.moving_fids = []
        self.refusal = None
        self.snap = None
        QToolTip.hideText()
        self.canvas.update()

    def double_click(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton or self._corner_near(ev.raw_x, ev.raw_y) is not None:
            return self.target is not None
        edge = self._edge_near(ev.raw_x, ev.raw_y)
        if edge is None:
            return False
        a, b, q = edge
        p = (ev.x, ev.y) if ev.snap is not None and ev.snap.kind == "edge" else q
        self._apply(lambda: self._insert_command(a, b, p))
        return True

    def key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.hot is not None:
            self._delete(self.hot)
            return True
        if event.key() == Qt.Key.Key_Escape:
            if self.drag is not None:
                self._end_drag()
            else:
                self.target = None
                self.canvas.update()
            return True
        return False

    def snap_skip(self) -> list[tuple[float, float]]:
        return list(self.drag.corners) if self.drag is not None else []

    # -- commands -------------------------------------------------------------------------------

    def _apply(self, build) -> None:
        """Build a command (refusals are shown, nothing changes) and push it as one step."""
        try:
            cmd: Command = build()
        except EditError as err:
            self.refuse(err.key, **err.params)
            return
        self.push(cmd)
        self.hot = None
        self.canvas.update()

    def _one_feature(self, new: shapely.Geometry | None) -> Command:
        t = self.target
        assert t is not None
        if new is None:
            raise EditError("vertex_degenerate", codes=[self.doc[t.layer].value(t.fid, "code")])
        return SetGeometry(self.doc, t.layer, {t.fid: new})

    def _move_command(self, moves: dict[Coord, Coord]) -> Command:
        if self.target is not None and self.target.layer == "grids":
            return partition.move_vertices(self.doc, moves)
        return self._one_feature(rings.move_vertices(self._geom(), moves))

    def _insert_command(self, a: Coord, b: Coord, p: Coord) -> Command:
        if self.target is not None and self.target.layer == "grids":
            return partition.insert_vertex(self.doc, a, b, p)
        return self._one_feature(rings.insert_vertex(self._geom(), a, b, p))

    def _delete(self, corner: Coord) -> None:
        if self.target is not None and self.target.layer == "grids":
            self._apply(lambda: partition.delete_vertex(self.doc, corner))
        else:
            self._apply(lambda: self._one_feature(rings.remove_vertex(self._geom(), corner)))

    # -- drawing --------------------------------------------------------------------------------

    def paint(self, painter: QPainter, view: ViewTransform) -> None:
        geom = self._geom()
        if geom is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.moving_fids:
            b = self.doc["buildings"]
            shapes = np.array([b.geometry(f) for f in self.moving_fids if b.has(f)], dtype=object)
            fill = QColor(MOVING_COLOR)
            fill.setAlpha(170)
            painter.setPen(QPen(QColor(MOVING_COLOR), 2.0))
            painter.setBrush(fill)
            painter.drawPath(_device_path(shapes, view))
        if self.preview:
            colour = REFUSED_COLOR if self.refusal else PREVIEW_COLOR
            painter.setPen(QPen(QColor(colour), 2.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(_device_path(np.array(list(self.preview.values()), dtype=object), view))
        painter.setPen(QPen(QColor(HANDLE_COLOR), 1.5))
        for x, y in shapely.get_coordinates(geom):
            px, py = view.world_to_device(x, y)
            hot = self.hot is not None and (x, y) == self.hot
            painter.setBrush(QColor(HANDLE_COLOR) if hot else QColor("white"))
            r = 5 if hot else 4
            painter.drawRect(int(px - r), int(py - r), 2 * r, 2 * r)
        painter.restore()
        draw_snap(painter, view, self.snap)


def _device_path(geoms: np.ndarray, view: ViewTransform):
    rings_ = RingArrays(geoms)
    px, py = view.world_to_device(rings_.x, rings_.y)
    return path_from_arrays(np.asarray(px), np.asarray(py), rings_.starts)
