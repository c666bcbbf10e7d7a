"""Tools that add features: outline a building or a compound, put a gate on a compound's fence
(drag to turn it), click a site. Each gesture ends in the feature's form, prefilled (the next
free building number, the compound it falls in); OK adds it as one undo step, Cancel adds nothing.
"""

from __future__ import annotations

import math

import shapely
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter, QPen

from cmdmap.model.placement import GATE_SNAP_M
from cmdmap.model.placing import (GateSpot, bearing_of, gate_name, gate_spot, locate, next_building_number,
                                  next_code, unique_code)
from cmdmap.render import ViewTransform
from cmdmap.ui.feature_edits import new_feature
from cmdmap.ui.tools.base import SKETCH_COLOR, MapTool, SketchTool, ToolEvent

ARROW_PX = 46.0       # the live bearing arrow's length on screen
TURN_SLOP_PX = 8.0    # a drag shorter than this keeps the default bearing (straight out)


def show_status(canvas, text: str, ms: int = 10000) -> None:
    """A line in the window's status bar (the canvas may stand alone in tests)."""
    window = canvas.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, ms)


def outline_or_refuse(tool: MapTool, points: list[tuple[float, float]]) -> shapely.Polygon | None:
    """The sketched outline as a polygon, or None (and a message) when it is not a valid one."""
    poly = shapely.Polygon(points)
    if not poly.is_valid or poly.area <= 0:
        tool.refuse("outline_invalid", reason=shapely.is_valid_reason(poly))
        return None
    return poly


class AddBuildingTool(SketchTool):
    """Outline a building; its form opens with the next free number of the compound it is in."""

    tool_id = "add-building"
    shortcut = "B"

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Add building")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click the corners of the building; double-click or Enter ends, Esc drops it.")

    def finish(self, points: list[tuple[float, float]]) -> None:
        poly = outline_or_refuse(self, points)
        if poly is None:
            return
        compound = locate(self.doc, poly)["compound"]
        code, number = next_building_number(self.doc, compound)
        prefix = f"{compound}-" if compound else ""
        new_feature(self.canvas.window(), "buildings", poly, {"code": code, "number": number},
                    code_from=lambda v: f"{prefix}{v.get('number') or ''}")


class AddCompoundTool(SketchTool):
    """Outline a residential compound (小区)."""

    tool_id = "add-compound"
    shortcut = "C"

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Add compound")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click the corners of the compound's fence; double-click or Enter ends, Esc drops it.")

    def finish(self, points: list[tuple[float, float]]) -> None:
        poly = outline_or_refuse(self, points)
        if poly is None:
            return
        doc = self.doc
        code = next_code(doc, "compounds", "小区")
        new_feature(self.canvas.window(), "compounds", poly, {"code": code, "name": code},
                    code_from=lambda v: unique_code(doc, "compounds", v.get("name") or code))


def gate_values(doc, spot: GateSpot, bearing: float) -> tuple[dict, object]:
    """A new gate's prefilled values (东门 by its bearing) and how its code follows its name."""
    name = gate_name(bearing)
    code = unique_code(doc, "gates", f"{spot.compound}-{name}")
    return ({"code": code, "name": name, "bearing": bearing},
            lambda v: unique_code(doc, "gates", f"{spot.compound}-{v.get('name') or ''}"))


def gate_refusal(doc, x: float, y: float) -> tuple[str, dict]:
    """Why no gate goes at (x, y), as a message key and its parameters: no compound at all, or
    how far the nearest fence is."""
    nearest = gate_spot(doc, x, y, max_distance=math.inf)
    if nearest is None:
        return "no_compounds", {}
    return "gate_too_far", {"distance": f"{nearest.distance:.0f}", "max": f"{GATE_SNAP_M:.0f}"}


def add_gate_at(window, spot: GateSpot, bearing: float | None = None) -> bool:
    """The form of a new gate on `spot` (facing `bearing`, else straight out); True when added."""
    b = spot.bearing if bearing is None else bearing
    values, code_from = gate_values(window.doc, spot, b)
    return new_feature(window, "gates", shapely.Point(spot.x, spot.y), values, code_from=code_from)


def site_values(doc, kind: str = "sampling") -> tuple[dict, object]:
    """A new site's prefilled values (采样点3) and how its code follows its kind."""
    field = doc.schema["sites"].field("kind")
    code = next_code(doc, "sites", field.choice_title(kind, "zh"))
    return ({"code": code, "name": code, "kind": kind},
            lambda v: next_code(doc, "sites", field.choice_title(v.get("kind"), "zh") or "点位"))


def add_site_at(window, x: float, y: float) -> bool:
    """The form of a new site at (x, y); True when added."""
    values, code_from = site_values(window.doc)
    return new_feature(window, "sites", shapely.Point(x, y), values, code_from=code_from)


def draw_arrow(painter: QPainter, view: ViewTransform, x: float, y: float, bearing: float) -> None:
    """A gate marker at (x, y) with an arrow the way it faces."""
    px, py = view.world_to_device(x, y)
    b = math.radians(bearing)
    tx, ty = px + ARROW_PX * math.sin(b), py - ARROW_PX * math.cos(b)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(QColor(SKETCH_COLOR), 2.5)
    painter.setPen(pen)
    painter.drawLine(QPointF(px, py), QPointF(tx, ty))
    for side in (-1, 1):
        a = b + math.pi + side * math.radians(28)
        painter.drawLine(QPointF(tx, ty), QPointF(tx + 12 * math.sin(a), ty - 12 * math.cos(a)))
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QPointF(px, py), 5.0, 5.0)
    painter.restore()


def _place_by_coordinates(tool: MapTool, target: str, event: QKeyEvent) -> bool:
    """Ctrl+V in the add-gate/add-site tools: place by pasted longitude/latitude."""
    if not event.matches(QKeySequence.StandardKey.Paste):
        return False
    from cmdmap.ui.coords_dialog import place_at_coordinates
    place_at_coordinates(tool.canvas.window(), target)
    return True


class AddGateTool(MapTool):
    """Click near a compound's fence: the gate goes on the fence; drag to turn its arrow."""

    tool_id = "add-gate"
    shortcut = "G"
    click_selects = False
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.spot: GateSpot | None = None      # pressed: where the gate goes
        self.bearing = 0.0
        self.preview: GateSpot | None = None   # hovering: where a click would put it

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Add gate")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Press near a compound's fence and drag the way the gate faces (a click faces "
                     "it straight out); Ctrl+V places it by pasted coordinates.")

    def deactivate(self) -> None:
        self.spot = self.preview = None
        self.canvas.update()

    def press(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton:
            return False
        spot = gate_spot(self.doc, ev.raw_x, ev.raw_y)
        if spot is None:
            key, params = gate_refusal(self.doc, ev.raw_x, ev.raw_y)
            self.refuse(key, **params)
            return True  # used: the click is not a pan
        self.spot, self.bearing = spot, spot.bearing
        self.canvas.update()
        return True

    def move(self, ev: ToolEvent) -> bool:
        if self.spot is None:
            self.preview = gate_spot(self.doc, ev.raw_x, ev.raw_y)
            self.canvas.update()
            return False  # hovering still highlights features
        view = self.canvas.view
        sx, sy = view.world_to_device(self.spot.x, self.spot.y)
        if math.hypot(ev.pos.x() - sx, ev.pos.y() - sy) >= TURN_SLOP_PX:
            self.bearing = bearing_of(ev.raw_x - self.spot.x, ev.raw_y - self.spot.y)
        else:
            self.bearing = self.spot.bearing
        show_status(self.canvas, QCoreApplication.translate("Tools", "Bearing %1°").replace("%1", f"{self.bearing:.0f}"), 3000)
        self.canvas.update()
        return True

    def release(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton or self.spot is None:
            return False
        spot, bearing = self.spot, self.bearing
        self.spot = None
        self.canvas.update()
        add_gate_at(self.canvas.window(), spot, bearing)
        return True

    def key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.spot is not None:
            self.spot = None
            self.canvas.update()
            return True
        return _place_by_coordinates(self, "gates", event)

    def paint(self, painter: QPainter, view: ViewTransform) -> None:
        if self.spot is not None:
            draw_arrow(painter, view, self.spot.x, self.spot.y, self.bearing)
        elif self.preview is not None:
            draw_arrow(painter, view, self.preview.x, self.preview.y, self.preview.bearing)


class AddSiteTool(MapTool):
    """Click where a sampling point, isolation hotel, hospital or checkpoint is."""

    tool_id = "add-site"
    shortcut = "T"
    click_selects = False
    cursor = Qt.CursorShape.CrossCursor

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Add site")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click where the sampling point, isolation hotel, hospital or checkpoint is; "
                     "Ctrl+V places it by pasted coordinates.")

    def press(self, ev: ToolEvent) -> bool:
        return ev.button == Qt.MouseButton.LeftButton

    def release(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton:
            return False
        add_site_at(self.canvas.window(), ev.raw_x, ev.raw_y)
        return True

    def key(self, event: QKeyEvent) -> bool:
        return _place_by_coordinates(self, "sites", event)
