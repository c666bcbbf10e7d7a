"""File → Import a building / isolation / staff roster…: pick the columns (guessed from the
headers), see the first rows and how every row matches the map, and import only on
confirmation — the whole roster as one undoable step. Nothing changes before Import."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QMessageBox, QPlainTextEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from cmdmap.store import roster_kinds as rk
from cmdmap.store.errors import StoreError
from cmdmap.store.tables import Table, read_table

PREVIEW_ROWS = 12


def title(kind: str) -> str:
    if kind == "isolation":
        return QCoreApplication.translate("RosterDialog", "Import an isolation roster")
    if kind == "staff":
        return QCoreApplication.translate("RosterDialog", "Import a staff roster")
    return QCoreApplication.translate("RosterDialog", "Import a building roster")


class RosterDialog(QDialog):
    """Column mapping, a preview and the live matching report of one roster."""

    def __init__(self, window: Any, kind: str, path: str, table: Table) -> None:
        super().__init__(window)
        self.window_, self.kind, self.path, self.table = window, kind, path, table
        self.setWindowTitle(title(kind))
        titles = self._titles()
        guessed = rk.guess(kind, table.headers)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for role in rk.roles(kind):
            combo = QComboBox(self)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(14)  # "（文件中没有）" and Chinese headers such as 现住小区/建筑 whole
            combo.addItem(self.tr("(not in the file)"), -1)
            for i, h in enumerate(table.headers):
                combo.addItem(h, i)
            combo.setCurrentIndex(guessed.get(role, -1) + 1)
            combo.currentIndexChanged.connect(self.replan)
            self.combos[role] = combo
            form.addRow(titles[role], combo)
        about = self.tr("%1 rows").replace("%1", str(len(table.rows)))
        if table.encoding:
            about += " · " + table.encoding.upper()
        if table.skipped_notes_row:
            about += " · " + self.tr("the notes row under the header was skipped")
        self.preview = QTableWidget(min(PREVIEW_ROWS, len(table.rows)), len(table.headers), self)
        self.preview.setHorizontalHeaderLabels(table.headers)
        for r, row in enumerate(table.rows[:PREVIEW_ROWS]):
            for c, v in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(v or ""))
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        left = QWidget(self)
        left.setLayout(form)
        top.addWidget(left)
        right = QVBoxLayout()
        right.addWidget(QLabel(about, self))
        right.addWidget(self.preview, 1)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(QLabel(self.tr("How the rows match the map (nothing is changed until you import):"), self))
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        self.resize(1100, 700)
        self.plan: rk.Plan | None = None
        self.replan()

    def _titles(self) -> dict[str, str]:
        return {"compound": self.tr("Compound"), "address": self.tr("Address"), "building": self.tr("Building"),
                "unit": self.tr("Unit"), "room": self.tr("Room"), "kind": self.tr("Kind of isolation"),
                "start": self.tr("Start date"), "days": self.tr("Days"), "end": self.tr("End date"),
                "persons": self.tr("Persons"), "name": self.tr("Name"), "phone": self.tr("Phone"),
                "note": self.tr("Note"), "role": self.tr("Role"), "grid": self.tr("Assigned grid"),
                "org": self.tr("Organisation"), "households": self.tr("Households"),
                "residents": self.tr("Residents"), "floors": self.tr("Floors"), "units": self.tr("Units")}

    def mapping(self) -> dict[str, int]:
        """Role → column index as chosen."""
        return {role: c.currentData() for role, c in self.combos.items() if c.currentData() >= 0}

    def replan(self) -> None:
        """Match the roster again with the chosen columns and show the report."""
        mapping = self.mapping()
        lacking = rk.missing(self.kind, mapping)
        if lacking:
            titles = self._titles()
            self.plan = None
            self.report.setPlainText(self.tr("Choose the column for: %1").replace("%1", "、".join(titles[m] for m in lacking)))
            self.import_button.setEnabled(False)
            return
        self.plan = rk.plan(self.window_.doc, self.kind, self.table, mapping)
        head, rows = rk.report(self.window_.doc, self.path, self.kind, self.plan, self.window_.lang)
        self.report.setPlainText("\n".join([head, *rows]))
        self.import_button.setEnabled(rk.changes(self.kind, self.plan) > 0)


def import_roster(window: Any, kind: str = "buildings", path: str | None = None) -> bool:
    """Ask for a roster, show the mapping and report, and import on confirmation; True when imported."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, title(kind), "", QCoreApplication.translate(
            "RosterDialog", "Rosters (*.xlsx *.csv);;All files (*)"))
        if not path:
            return False
    try:
        table = read_table(path)
    except StoreError as err:
        QMessageBox.warning(window, title(kind), err.message(window.lang))
        return False
    dialog = RosterDialog(window, kind, path, table)
    window.roster_in_progress = dialog  # tests drive the dialog while it is open
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        window.roster_in_progress = None
    if not accepted or dialog.plan is None or not rk.changes(kind, dialog.plan):
        return False
    window.undo_stack.push(rk.command(window.doc, kind, dialog.plan))
    return True
