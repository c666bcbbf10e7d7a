"""The Move tool: drag a building, gate, site or compound; the whole drag is one undo step.

Shift+drag on a gate turns it instead (its arrow follows the cursor). A gate stays on a compound's fence (it lands on the nearest one, and turns to face out when it
lands on a side facing another way). A compound carries its buildings and gates along, so a
compound digitised in the wrong place moves in one gesture without leaving them behind.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen

from cmdmap.edit.commands import Batch, Command, SetAttributes, SetGeometry
from cmdmap.messages import message
from cmdmap.model.pick import Picked
from cmdmap.model.placing import bearing_of, feature_name, gate_spot
from cmdmap.render import ViewTransform
from cmdmap.ui.feature_edits import layer_word
from cmdmap.ui.highlight import device_path
from cmdmap.ui.tools.add_tools import TURN_SLOP_PX, draw_arrow, gate_refusal, show_status
from cmdmap.ui.tools.base import SKETCH_COLOR, MapTool, ToolEvent

MOVABLE = ("buildings", "gates", "sites", "compounds")
DRAG_SLOP_PX = 4
TURN_LIMIT_DEG = 45.0  # a gate moved to a side facing more than this far off turns to face out


def _angle_between(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def move_command(doc, picked: Picked, dx: float, dy: float, lang: str) -> Command | None:
    """The command moving `picked` by (dx, dy) metres; None when a gate would leave every fence."""
    layer, fid = picked.layer, picked.fid
    lay = doc[layer]
    moved = shapely.transform(lay.geometry(fid), lambda c: c + np.array([dx, dy]))
    text = message("cmd_move", lang, layer=layer_word(doc, layer, lang), name=feature_name(doc, layer, fid))
    if layer == "gates":
        spot = gate_spot(doc, moved.x, moved.y)
        if spot is None:
            return None
        cmds: list[Command] = [SetGeometry(doc, layer, {fid: shapely.Point(spot.x, spot.y)})]
        bearing = lay.value(fid, "bearing")
        if bearing is None or _angle_between(bearing, spot.bearing) > TURN_LIMIT_DEG:
            cmds.append(SetAttributes(doc, layer, fid, {"bearing": spot.bearing}))
        return Batch(cmds, text)
    if layer == "compounds":
        code = lay.value(fid, "code")
        cmds = [SetGeometry(doc, layer, {fid: moved})]
        for inner in ("buildings", "gates"):
            rows = np.nonzero(doc.placement.codes_of(inner, "compound") == code)[0]
            if len(rows):
                other = doc[inner]
                geoms = shapely.transform(other.geom[rows], lambda c: c + np.array([dx, dy]))
                cmds.append(SetGeometry(doc, inner, dict(zip(other.fid[rows].tolist(), geoms))))
        return Batch(cmds, text)
    cmd = SetGeometry(doc, layer, {fid: moved})
    cmd.text = text
    return cmd


class MoveTool(MapTool):
    """Press on a building, gate, site or compound and drag it; elsewhere a drag pans."""

    tool_id = "move"
    shortcut = "M"
    click_selects = True
    cursor = Qt.CursorShape.SizeAllCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.picked: Picked | None = None
        self.start = (0.0, 0.0)
        self.offset = (0.0, 0.0)
        self.dragging = False
        self.press_pos = QPointF()
        self.turning: float | None = None  # Shift+drag on a gate: the bearing it would face

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Move")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Drag a building, gate, site or compound to move it (a compound takes its "
                     "buildings and gates along); Shift+drag turns a gate; Esc drops the drag.")

    def deactivate(self) -> None:
        self.picked = None
        self.canvas.update()

    def press(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton:
            return False
        picked = self.canvas.feature_at(ev.pos)
        if picked is None or picked.layer not in MOVABLE:
            return False  # the canvas pans
        self.picked, self.start, self.offset, self.dragging = picked, (ev.raw_x, ev.raw_y), (0.0, 0.0), False
        self.press_pos = ev.pos
        turn = picked.layer == "gates" and bool(ev.modifiers & Qt.KeyboardModifier.ShiftModifier)
        self.turning = (self.doc["gates"].value(picked.fid, "bearing") or 0.0) if turn else None
        return True

    def move(self, ev: ToolEvent) -> bool:
        if self.picked is None:
            return False
        d = ev.pos - self.press_pos
        if abs(d.x()) + abs(d.y()) >= DRAG_SLOP_PX:
            self.dragging = True
        if self.dragging and self.turning is not None:
            g = self.doc["gates"].geometry(self.picked.fid)
            gx, gy = self.canvas.view.world_to_device(g.x, g.y)
            if abs(ev.pos.x() - gx) + abs(ev.pos.y() - gy) >= TURN_SLOP_PX:
                self.turning = bearing_of(ev.raw_x - g.x, ev.raw_y - g.y)
                show_status(self.canvas, QCoreApplication.translate("Tools", "Bearing %1°")
                            .replace("%1", f"{self.turning:.0f}"), 3000)
            self.canvas.update()
        elif self.dragging:
            self.offset = (ev.raw_x - self.start[0], ev.raw_y - self.start[1])
            self.canvas.update()
        return True

    def release(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton or self.picked is None:
            return False
        picked, dragging, turning = self.picked, self.dragging, self.turning
        self.picked, self.turning = None, None
        self.canvas.update()
        if not dragging:
            if ev.modifiers & Qt.KeyboardModifier.ControlModifier:
                self.canvas.toggle_selected(picked)
            else:
                self.canvas.select(picked)  # a click still selects
            return True
        if turning is not None:
            cmd = SetAttributes(self.doc, "gates", picked.fid, {"bearing": turning})
            lang = self.canvas.lang or "zh"
            cmd.text = message("cmd_turn", lang, name=feature_name(self.doc, "gates", picked.fid))
            if self.push(cmd):
                self.canvas.select(picked)
            return True
        dx, dy = ev.raw_x - self.start[0], ev.raw_y - self.start[1]
        cmd = move_command(self.doc, picked, dx, dy, self.canvas.lang or "zh")
        if cmd is None:
            g = self.doc[picked.layer].geometry(picked.fid)
            key, params = gate_refusal(self.doc, g.x + dx, g.y + dy)
            self.refuse(key, **params)
            return True
        if self.push(cmd):
            self.canvas.select(picked)
        return True

    def key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.picked is not None:
            self.picked = None
            self.canvas.update()
            return True
        return False

    def paint(self, painter: QPainter, view: ViewTransform) -> None:
        if self.picked is None or not self.dragging:
            return
        if self.turning is not None:
            g = self.doc["gates"].geometry(self.picked.fid)
            draw_arrow(painter, view, g.x, g.y, self.turning)
            return
        path = device_path(self.doc, self.picked, view)
        if path is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(self.offset[0] / view.mpp, -self.offset[1] / view.mpp)
        painter.setPen(QPen(QColor(SKETCH_COLOR), 2.0, Qt.PenStyle.DashLine))
        fill = QColor(SKETCH_COLOR)
        fill.setAlpha(40)
        painter.setBrush(fill)
        painter.drawPath(path)
        painter.restore()
