"""Re-dividing grids: split a grid by a line, merge neighbours, draw a new grid over old ones.

Each gesture becomes one cmdmap.edit.partition command; a refusal (a line that does not cross
the grid, an outline that crosses itself, grids that are not neighbours) is shown in the status
bar and changes nothing.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMessageBox, QWidget

from cmdmap.edit import partition
from cmdmap.edit.grid_names import next_code, next_name
from cmdmap.edit.commands import EditError
from cmdmap.model.pick import Picked
from cmdmap.model.placement import GRID_LEVELS
from cmdmap.render import ViewTransform
from cmdmap.ui.highlight import SELECT_COLOR, draw_highlight
from cmdmap.ui.tools.base import MapTool, SketchTool, ToolEvent
from cmdmap.ui.tools.vertex_tool import grid_at


def _say(tool: MapTool, text: str) -> None:
    window = tool.canvas.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 10000)


def _build_and_push(tool: MapTool, build) -> bool:
    try:
        cmd = build()
    except EditError as err:
        tool.refuse(err.key, **err.params)
        return False
    return tool.push(cmd)


class SplitGridTool(SketchTool):
    """Draw a line across a grid: it becomes two grids."""

    tool_id = "split-grid"
    shortcut = "K"
    closed = False
    min_points = 2

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Split grid")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click points of a line across the grid, starting and ending outside it or on its "
                     "boundary; double-click or Enter splits it, Esc cancels. To split a micro-grid or a "
                     "zone, select it first.")

    def finish(self, points: list[tuple[float, float]]) -> None:
        line = shapely.LineString(points)
        fid = self._grid_crossed(line)
        if fid is None:
            self.refuse("split_no_grid")
            return
        g = self.doc["grids"]
        before = set(g.fid.tolist())
        if _build_and_push(self, lambda: partition.split_grid(self.doc, fid, points)):
            self.canvas.select(Picked("grids", fid))
            new = [f for f in g.fid.tolist() if f not in before]
            if new:
                _say(self, QCoreApplication.translate("Tools", "Split into %1 and %2.")
                     .replace("%1", str(g.value(fid, "name"))).replace("%2", str(g.value(new[0], "name"))))

    def _grid_crossed(self, line: shapely.LineString) -> int | None:
        """The selected grid, else the grid (level 网格) holding most of the line."""
        g = self.doc["grids"]
        sel = self.canvas.selected
        if sel is not None and sel.layer == "grids" and g.has(sel.fid) and line.intersects(g.geometry(sel.fid)):
            return sel.fid
        rows = np.nonzero((g.column("level") == "grid") & shapely.intersects(g.geom, line))[0]
        if not len(rows):
            return None
        lengths = shapely.length(shapely.intersection(g.geom[rows], line))
        return int(g.fid[rows[int(np.argmax(lengths))]])


def confirm_merge(parent: QWidget, names: list[str]) -> bool:
    """Ask before merging (tests replace this)."""
    text = QCoreApplication.translate("Tools", "Merge %1 into %2?").replace(
        "%1", "、".join(names[1:])).replace("%2", names[0])
    return QMessageBox.question(parent, QCoreApplication.translate("Tools", "Merge grids"), text) \
        == QMessageBox.StandardButton.Yes


class MergeGridsTool(MapTool):
    """Click two neighbouring grids, confirm: they become one (the first keeps its code)."""

    tool_id = "merge-grids"
    shortcut = "J"
    click_selects = False
    cursor = Qt.CursorShape.PointingHandCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.chosen: list[int] = []

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Merge grids")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click a grid, then a neighbouring grid to merge into it (Shift: micro-grids); Esc starts again.")

    def deactivate(self) -> None:
        self.chosen = []
        self.canvas.update()

    def press(self, ev: ToolEvent) -> bool:
        if ev.button != Qt.MouseButton.LeftButton:
            return False
        level = "micro" if ev.modifiers & Qt.KeyboardModifier.ShiftModifier else "grid"
        fid = grid_at(self.doc, ev.raw_x, ev.raw_y, level)
        if fid is None:
            return False
        if fid not in self.chosen:
            self.chosen.append(fid)
        self.canvas.update()
        if len(self.chosen) >= 2:
            chosen, self.chosen = self.chosen, []
            g = self.doc["grids"]
            names = [str(g.value(f, "name")) for f in chosen]
            if confirm_merge(self.canvas, names):
                if _build_and_push(self, lambda: partition.merge_grids(self.doc, chosen)):
                    self.canvas.select(Picked("grids", chosen[0]))
                    _say(self, QCoreApplication.translate("Tools", "Merged into %1.").replace("%1", names[0]))
            self.canvas.update()
        else:
            _say(self, QCoreApplication.translate("Tools", "Now click a neighbouring grid to merge into it."))
        return True

    def key(self, event) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.chosen:
            self.deactivate()
            return True
        return False

    def paint(self, painter: QPainter, view: ViewTransform) -> None:
        for f in self.chosen:
            draw_highlight(painter, self.doc, Picked("grids", f), view, SELECT_COLOR, 0.8)


class GridDialog(QDialog):
    """The new grid's code, name and level, prefilled."""

    def __init__(self, parent: QWidget, code: str, name: str, level: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("Tools", "New grid"))
        form = QFormLayout(self)
        self.code = QLineEdit(code, self)
        self.name = QLineEdit(name, self)
        self.level = QComboBox(self)
        titles = {"zone": QCoreApplication.translate("Tools", "Zone"),
                  "grid": QCoreApplication.translate("Tools", "Grid"),
                  "micro": QCoreApplication.translate("Tools", "Micro-grid")}
        for lv in GRID_LEVELS:
            self.level.addItem(titles[lv], lv)
        self.level.setCurrentIndex(GRID_LEVELS.index(level))
        form.addRow(QCoreApplication.translate("Tools", "Code"), self.code)
        form.addRow(QCoreApplication.translate("Tools", "Name"), self.name)
        form.addRow(QCoreApplication.translate("Tools", "Level"), self.level)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.code.text().strip(), self.name.text().strip(), str(self.level.currentData())


def ask_new_grid(parent: QWidget, code: str, name: str, level: str) -> tuple[str, str, str] | None:
    """The new grid's (code, name, level), or None when cancelled (tests replace this)."""
    dialog = GridDialog(parent, code, name, level)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def default_grid(doc, level: str = "grid") -> tuple[str, str]:
    """The code and name a new grid of `level` gets unless the user types others."""
    g = doc["grids"]
    codes = sorted(str(c) for c in g.column("code")[g.column("level") == level])
    if not codes:
        return ("W01", "第1网格")
    last = codes[-1]
    code = next_code(doc, last)
    return code, next_name(str(g.value(g.find(last), "name")), last, code)


class DrawGridTool(SketchTool):
    """Outline a new grid over existing ones: it takes that area from them."""

    tool_id = "draw-grid"
    shortcut = "N"
    closed = True
    min_points = 3

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("Tools", "Draw grid")

    @staticmethod
    def hint() -> str:
        return QCoreApplication.translate(
            "Tools", "Click the corners of the new grid; double-click or Enter finishes; the new grid "
                     "takes that area from the grids it covers. Esc cancels.")

    def finish(self, points: list[tuple[float, float]]) -> None:
        if not shapely.Polygon(points).is_valid:
            self.refuse("outline_self_crossing")
            return
        code, name = default_grid(self.doc)
        answer = ask_new_grid(self.canvas, code, name, "grid")
        if answer is None:
            return
        code, name, level = answer
        if _build_and_push(self, lambda: partition.draw_grid(self.doc, points, level, code, name)):
            fid = self.doc["grids"].find(code)
            if fid is not None:
                self.canvas.select(Picked("grids", fid))
                _say(self, QCoreApplication.translate("Tools", "Drew %1.").replace("%1", name))
