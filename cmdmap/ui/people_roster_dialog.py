"""File → Import an isolation roster… / Import a staff roster…: pick the columns (guessed from the
headers), see the first rows and how every row matches, and import only on confirmation — the
whole roster as one undoable step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QMessageBox, QPlainTextEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from cmdmap.messages import message
from cmdmap.store import people_rosters as pr
from cmdmap.store.errors import StoreError
from cmdmap.store.tables import Table, read_table

PREVIEW_ROWS = 12
SHOWN_PROBLEMS = 30


class PeopleRosterDialog(QDialog):
    """Column mapping, a preview and the live matching report of one isolation or staff roster."""

    def __init__(self, window: Any, kind: str, path: str, table: Table) -> None:
        super().__init__(window)
        self.window_, self.kind, self.path, self.table = window, kind, path, table
        self.setWindowTitle(self.tr("Import an isolation roster") if kind == "isolation" else self.tr("Import a staff roster"))
        titles = self._titles()
        guess = pr.guess_mapping(kind, table.headers)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for role in pr.COLUMNS[kind]:
            combo = QComboBox(self)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.addItem(self.tr("(not in the file)"), -1)
            for i, h in enumerate(table.headers):
                combo.addItem(h, i)
            combo.setCurrentIndex(guess.get(role, -1) + 1)
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
        self.plan: pr.PeoplePlan | None = None
        self.replan()

    def _titles(self) -> dict[str, str]:
        return {"compound": self.tr("Compound"), "address": self.tr("Address"), "building": self.tr("Building"),
                "unit": self.tr("Unit"), "room": self.tr("Room"), "kind": self.tr("Kind of isolation"),
                "start": self.tr("Start date"), "days": self.tr("Days"), "end": self.tr("End date"),
                "persons": self.tr("Persons"), "name": self.tr("Name"), "phone": self.tr("Phone"),
                "note": self.tr("Note"), "role": self.tr("Role"), "grid": self.tr("Assigned grid"),
                "org": self.tr("Organisation")}

    def mapping(self) -> dict[str, int]:
        """Role → column index as chosen."""
        return {role: c.currentData() for role, c in self.combos.items() if c.currentData() >= 0}

    def replan(self) -> None:
        """Match the roster again with the chosen columns and show the report."""
        mapping = self.mapping()
        missing = pr.missing_roles(self.kind, mapping)
        if missing:
            titles = self._titles()
            self.plan = None
            self.report.setPlainText(self.tr("Choose the column for: %1").replace("%1", "、".join(titles[m] for m in missing)))
            self.import_button.setEnabled(False)
            return
        self.plan = pr.plan_roster(self.window_.doc, self.kind, self.table, mapping)
        self.report.setPlainText(report(self.window_, self.path, self.plan))
        self.import_button.setEnabled(self.plan.changes > 0)


def report(window: Any, path: str, plan: pr.PeoplePlan) -> str:
    """The matching report in the user's language."""
    lang = window.lang
    kind = window.doc.schema[plan.kind].title.get(lang)
    lines = [message("people_roster_report", lang, kind=kind, path=path, matched=len(plan.matched),
                     unmatched=len(plan.unmatched), conflicts=len(plan.conflicts), added=plan.changes)]
    lines += [message("roster_no_target", lang, line=ln, text=t) for ln, t in plan.unmatched[:SHOWN_PROBLEMS]]
    lines += [message(key, lang, line=ln, code=t) for ln, t, key in plan.conflicts[:SHOWN_PROBLEMS]]
    return "\n".join(lines)


def import_people_roster(window: Any, kind: str, path: str | None = None) -> bool:
    """Ask for a roster, show the mapping and report, and import on confirmation; True when imported."""
    title = (QCoreApplication.translate("PeopleRosterDialog", "Import an isolation roster") if kind == "isolation"
             else QCoreApplication.translate("PeopleRosterDialog", "Import a staff roster"))
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, title, "", QCoreApplication.translate(
            "PeopleRosterDialog", "Rosters (*.xlsx *.csv);;All files (*)"))
        if not path:
            return False
    try:
        table = read_table(path)
    except StoreError as err:
        QMessageBox.warning(window, title, err.message(window.lang))
        return False
    dialog = PeopleRosterDialog(window, kind, path, table)
    window.people_roster_dialog = dialog  # for tests: the dialog in progress
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.plan is None or not dialog.plan.changes:
        return False
    window.undo_stack.push(pr.people_command(window.doc, dialog.plan))
    return True
