"""The legend's "Scanned plans" section: a tick to show or hide all plans, an opacity slider and a
Remove entry (right-click) per plan. Opacity and removal are undoable commands; while a slider is
dragged the map previews the opacity and one command is pushed when it is let go."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer
from PySide6.QtWidgets import QMenu, QSlider, QTreeWidgetItem

from cmdmap.edit.backdrops import RemoveBackdrop, SetBackdropOpacity
from cmdmap.model.backdrops import BACKDROPS
from cmdmap.model.events import Change
from cmdmap.ui.registers import undo_stack

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class BackdropSection:
    """Keeps the legend's plan rows in step with `doc.backdrops`."""

    def __init__(self, legend, layer_role) -> None:
        self.legend = legend
        self.canvas = legend.canvas
        self.doc = legend.doc
        self.root = QTreeWidgetItem(legend.tree, [QCoreApplication.translate("LegendDock", "Scanned plans"), ""])
        self.root.setData(0, layer_role, BACKDROPS)  # the legend's tick hides it like a layer
        self.root.setFlags(self.root.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        self.root.setCheckState(0, Qt.CheckState.Unchecked if BACKDROPS in self.canvas.options.hidden
                                else Qt.CheckState.Checked)
        self.root.setExpanded(True)
        self.sliders: dict[str, QSlider] = {}
        self._shown: list[tuple[str, str]] = []
        self._later = QTimer(legend)  # not from inside a slider's own signal: it may be replaced
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        legend.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        legend.tree.customContextMenuRequested.connect(self._menu)
        self.doc.subscribe(self._on_change)
        self.refresh()

    def detach(self) -> None:
        """Stop listening to the document."""
        self.doc.unsubscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.layer == BACKDROPS:
            self._later.start()

    def refresh(self) -> None:
        """One row per plan, top of the stack first; sliders show the stored opacity."""
        plans = list(reversed(self.doc.backdrops))
        shown = [(b.code, b.name) for b in plans]
        if shown != self._shown:
            self.root.takeChildren()
            self.sliders = {}
            for b in plans:
                item = QTreeWidgetItem(self.root, [b.name, ""])
                item.setData(0, CODE_ROLE, b.code)
                item.setToolTip(0, QCoreApplication.translate("LegendDock", "Right-click to remove this scanned plan"))
                slider = QSlider(Qt.Orientation.Horizontal)
                slider.setRange(0, 100)
                slider.setToolTip(QCoreApplication.translate("LegendDock", "Opacity of the scanned plan"))
                slider.setMaximumWidth(110)
                slider.valueChanged.connect(lambda v, code=b.code, s=slider: self._slid(code, s, v))
                slider.sliderReleased.connect(lambda code=b.code, s=slider: self.set_opacity(code, s.value() / 100.0))
                self.legend.tree.setItemWidget(item, 1, slider)
                self.sliders[b.code] = slider
            self._shown = shown
        for b in plans:
            s = self.sliders[b.code]
            s.blockSignals(True)
            s.setValue(round(b.opacity * 100))
            s.blockSignals(False)
        self.root.setHidden(not plans)

    def _slid(self, code: str, slider: QSlider, value: int) -> None:
        if slider.isSliderDown():  # dragging: preview only
            self.canvas.renderer.preview_opacity[code] = value / 100.0
            self.canvas.redraw()
        else:  # a click on the groove, the keyboard: one step each
            self.set_opacity(code, value / 100.0)

    def set_opacity(self, code: str, opacity: float) -> None:
        """Set a plan's opacity as one undoable step."""
        self.canvas.renderer.preview_opacity.pop(code, None)
        plan = next((b for b in self.doc.backdrops if b.code == code), None)
        if plan is not None and abs(plan.opacity - opacity) > 1e-9:
            undo_stack(self.legend.window()).push(SetBackdropOpacity(self.doc, code, opacity))
        self.canvas.redraw()

    def remove(self, code: str) -> None:
        """Take a plan off the map as one undoable step."""
        undo_stack(self.legend.window()).push(RemoveBackdrop(self.doc, code))

    def _menu(self, pos: QPoint) -> None:
        item = self.legend.tree.itemAt(pos)
        code = item.data(0, CODE_ROLE) if item is not None else None
        if not code:
            return
        menu = QMenu(self.legend.tree)
        menu.addAction(QCoreApplication.translate("LegendDock", "Remove scanned plan"), lambda: self.remove(code))
        menu.exec(self.legend.tree.viewport().mapToGlobal(pos))
