"""Tools → Tidy grid boundaries…: for grids imported from QGIS or CAD whose neighbours do not
share their corners exactly (so dragging a corner is refused). The dialog asks for the levels and
tolerances, the tidy (cmdmap/edit/tidy.py) runs as one undo step, and a message says what it
changed and which problems are left for a person to look at."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QMessageBox, QVBoxLayout)

from cmdmap.edit.commands import EditError
from cmdmap.edit.tidy import MAX_CHANGE, SLIVER_M2, SNAP_M, TidyReport, tidy_grids
from cmdmap.messages import message
from cmdmap.model.check import describe
from cmdmap.model.placement import GRID_LEVELS

MAX_LISTED = 8  # problems left over named in the message; the Problems dock has them all


class TidyDialog(QDialog):
    """Which levels to tidy and how far a corner may move."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tidy grid boundaries"))
        self.setMinimumWidth(480)
        box = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "For grids drawn in QGIS or CAD whose neighbours do not share their corners exactly. "
            "Corners closer than the snap distance become one shared corner, a corner lying on a "
            "neighbour's edge is added to that edge, and gaps or overlaps smaller than the sliver "
            "area go to the neighbour sharing the longest edge with them. One step: Undo puts the "
            "grids back."), self)
        intro.setWordWrap(True)
        box.addWidget(intro)
        form = QFormLayout()
        self.level = QComboBox(self)
        self.level.addItem(self.tr("All levels"), GRID_LEVELS)
        self.level.addItem(self.tr("Zones"), ("zone",))
        self.level.addItem(self.tr("Grids"), ("grid",))
        self.level.addItem(self.tr("Micro-grids"), ("micro",))
        form.addRow(self.tr("Levels"), self.level)
        self.snap = self._spin(SNAP_M, 0.0, 10.0, 2, self.tr(" m"))
        form.addRow(self.tr("Snap distance"), self.snap)
        self.sliver = self._spin(SLIVER_M2, 0.0, 1000.0, 1, self.tr(" m²"))
        form.addRow(self.tr("Sliver area up to"), self.sliver)
        self.max_change = self._spin(MAX_CHANGE * 100, 0.1, 50.0, 1, " %")
        form.addRow(self.tr("Refuse if a grid's area changes by more than"), self.max_change)
        box.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Tidy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def _spin(self, value: float, lo: float, hi: float, decimals: int, suffix: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(lo, hi)
        spin.setDecimals(decimals)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def settings(self) -> dict[str, Any]:
        """The keyword arguments of `tidy_grids`."""
        return {"levels": tuple(self.level.currentData()), "snap_m": self.snap.value(),
                "sliver_m2": self.sliver.value(), "max_change": self.max_change.value() / 100.0}


def report_text(doc, report: TidyReport, lang: str) -> str:
    """What the tidy did and what it left, in the words of the desk."""
    if not report.changed:
        text = QCoreApplication.translate("Tidy", "Nothing to tidy: the grids already share their corners exactly.")
        if not report.remaining:
            return text
    else:
        text = (QCoreApplication.translate(
            "Tidy", "Tidied %1 grids: %2 corners snapped together, %3 corners added to a neighbour's edge, "
            "%4 slivers of gap or overlap given to a neighbour. Edit → Undo puts them back.")
            .replace("%1", str(len(report.changed))).replace("%2", str(report.snapped))
            .replace("%3", str(report.inserted)).replace("%4", str(report.slivers)))
    if report.unfixable:
        text += "\n\n" + QCoreApplication.translate(
            "Tidy", "Left as they were (tidying would spoil their shape): %1").replace("%1", "、".join(report.unfixable))
    if report.remaining:
        lines = [describe(doc, p, lang) for p in report.remaining[:MAX_LISTED]]
        if len(report.remaining) > MAX_LISTED:
            lines.append("…")
        text += "\n\n" + QCoreApplication.translate(
            "Tidy", "%1 problems are left for you to fix by hand (too big to be slivers):").replace(
            "%1", str(len(report.remaining))) + "\n" + "\n".join(lines)
    else:
        text += "\n\n" + QCoreApplication.translate("Tidy", "No gaps or overlaps are left.")
    return text


def run_tidy(window: Any, **settings: Any) -> TidyReport | None:
    """Tidy with `settings` (see tidy_grids), push the command, say what happened."""
    title = QCoreApplication.translate("Tidy", "Tidy grid boundaries")
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        tidied = tidy_grids(window.doc, **settings)
    except EditError as err:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(window, title, message(err.key, window.lang, **err.params))
        return None
    QGuiApplication.restoreOverrideCursor()
    if tidied.command is not None:
        window.undo_stack.push(tidied.command)
    QMessageBox.information(window, title, report_text(window.doc, tidied.report, window.lang))
    return tidied.report


def tidy_grid_boundaries(window: Any) -> TidyReport | None:
    """Ask for the settings, then tidy (None when cancelled or refused)."""
    dialog = TidyDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return run_tidy(window, **dialog.settings())


def install_tidy_action(window: Any) -> QAction:
    """Add "Tidy grid boundaries…" at the end of the Tools menu."""
    menu = next(a.menu() for a in window.menuBar().actions()
                if a.menu() is not None and window.tool_actions["snapping"] in a.menu().actions())
    action = QAction(QCoreApplication.translate("Tidy", "Tidy grid &boundaries…"), window)
    action.setStatusTip(QCoreApplication.translate(
        "Tidy", "Make imported grids share their corners exactly, so their boundaries can be edited."))
    action.triggered.connect(lambda _checked=False: tidy_grid_boundaries(window))
    menu.addSeparator()
    menu.addAction(action)
    return action
