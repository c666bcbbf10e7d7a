"""View > 楼栋着色: colour buildings by grid (the battle map), by isolation load or by staff
coverage. One exclusive choice; the canvas redraws with RenderOptions.colouring."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from cmdmap.ui.canvas import MapCanvas


class ColouringMenu(QObject):
    """The submenu and its actions, by mode ("grid", "isolation", "staff")."""

    changed = Signal(str)

    def __init__(self, canvas: MapCanvas, parent_menu: QMenu) -> None:
        super().__init__(parent_menu)
        self.canvas = canvas
        self.menu = parent_menu.addMenu(self.tr("Colour &buildings by"))
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        titles = {"grid": self.tr("&Grid"), "isolation": self.tr("&Isolation load"),
                  "staff": self.tr("&Staff coverage (building heads)")}
        for mode, title in titles.items():
            action = QAction(title, self)
            action.setCheckable(True)
            action.setChecked(mode == canvas.options.colouring)
            action.triggered.connect(lambda checked=False, m=mode: self.choose(m))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[mode] = action

    def choose(self, mode: str) -> None:
        """Colour the buildings by `mode`."""
        self.actions[mode].setChecked(True)
        self.canvas.set_options(replace(self.canvas.options, colouring=mode))
        self.changed.emit(mode)
