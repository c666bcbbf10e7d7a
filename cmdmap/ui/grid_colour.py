"""Right-click a grid on the map (where no building is) or in the legend's grid list: choose its
colour by hand (设置网格颜色…) or give it back to automatic colouring (恢复自动颜色).

Both are one SetGridColour command on the window's undo stack, so Undo puts the old colour back;
the colour is the grid's `color` field, saved in the file and read by map, legend and prints.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QMenu, QWidget

from cmdmap.edit.grid_colour import SetGridColour
from cmdmap.model.pick import Picked
from cmdmap.render.style import DEFAULT_GRID_COLOR
from cmdmap.ui.registers import undo_stack

# Everything a right-click could mean but a grid: buildings keep their own menu (registers.py).
_NOT_GRIDS = frozenset({"buildings", "gates", "sites", "compounds", "events", "risk_zones"})
_ONLY_BUILDINGS = (_NOT_GRIDS | {"grids"}) - {"buildings"}


class GridColourMenu(QObject):
    """The grid colour actions on the window's canvas and legend."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        window.canvas.installEventFilter(self)
        tree = window.legend.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._legend_menu)

    def grid_at(self, device_x: float, device_y: float) -> int | None:
        """The fid of the finest shown grid under a canvas point, when no building is there."""
        canvas = self.window_.canvas
        if canvas.view is None or "grids" in canvas.options.hidden:
            return None
        x, y = canvas.view.device_to_world(device_x, device_y)
        if "buildings" not in canvas.options.hidden and canvas.picker.pick(x, y, 0.0, _ONLY_BUILDINGS):
            return None
        hit: Picked | None = canvas.picker.pick(x, y, 0.0, _NOT_GRIDS)
        return hit.fid if hit is not None else None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu:
            fid = self.grid_at(event.pos().x(), event.pos().y())
            if fid is not None:
                self.menu_for(fid).exec(event.globalPos())
                return True
        return False

    def legend_grid_at(self, pos: QPoint) -> int | None:
        """The fid of the grid listed at `pos` in the legend's tree viewport, or None."""
        item = self.window_.legend.tree.itemAt(pos)
        code = next((c for c, it in self.window_.legend.grid_items.items() if it is item), None)
        return self.window_.doc["grids"].find(code) if code is not None else None

    def _legend_menu(self, pos: QPoint) -> None:
        fid = self.legend_grid_at(pos)
        if fid is not None:
            self.menu_for(fid).exec(self.window_.legend.tree.viewport().mapToGlobal(pos))

    def menu_for(self, fid: int, parent: QWidget | None = None) -> QMenu:
        """The menu for grid `fid`."""
        menu = QMenu(parent or self.window_)
        menu.addAction(self.tr("Set grid colour…"), lambda: self.choose_colour(fid))
        menu.addAction(self.tr("Reset to automatic colour"), lambda: self.set_colour(fid, None))
        return menu

    def choose_colour(self, fid: int) -> None:
        """Ask for a colour for grid `fid` and set it (Cancel changes nothing)."""
        grids = self.window_.doc["grids"]
        name = grids.value(fid, "name") or grids.value(fid, "code")
        current = QColor(grids.value(fid, "color") or DEFAULT_GRID_COLOR)
        colour = QColorDialog.getColor(current, self.window_, self.tr("Colour of grid %1").replace("%1", str(name)))
        if colour.isValid():
            self.set_colour(fid, colour.name())

    def set_colour(self, fid: int, colour: str | None) -> None:
        """Give grid `fid` the colour '#rrggbb' (None: the automatic colour), as one undoable step."""
        undo_stack(self.window_).push(SetGridColour(self.window_.doc, fid, colour))
