"""File → 导入楼栋花名册…: match an Excel/CSV building list onto the map, show the report, and
change the households and residents only when the user confirms (one undoable step)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cmdmap.messages import message
from cmdmap.store import rosters
from cmdmap.store.errors import StoreError
from cmdmap.store.tables import read_table

SHOWN_PROBLEMS = 15


def report(window: Any, path: str, plan: rosters.RosterPlan) -> str:
    """The matching report in the user's language."""
    lang = window.lang
    lines = [message("roster_report", lang, path=path, matched=len(plan.matched), unmatched=len(plan.unmatched),
                     conflicts=len(plan.conflicts), **rosters.changed_totals(window.doc, plan))]
    lines += [message("roster_unmatched", lang, line=ln, text=t) for ln, t in plan.unmatched[:SHOWN_PROBLEMS]]
    lines += [message(key, lang, line=ln, code=c) for ln, c, key in plan.conflicts[:SHOWN_PROBLEMS]]
    return "\n".join(lines)


def import_roster(window: Any, path: str | None = None) -> bool:
    """Ask for a roster, report how it matches, and apply it when confirmed; True when applied."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, QCoreApplication.translate("Roster", "Import a building roster"), "",
                                              QCoreApplication.translate("Roster", "Rosters (*.xlsx *.csv);;All files (*)"))
        if not path:
            return False
    try:
        plan = rosters.plan_building_roster(window.doc, read_table(path))
    except StoreError as err:
        QMessageBox.warning(window, QCoreApplication.translate("Roster", "Import a building roster"), err.message(window.lang))
        return False
    text = report(window, path, plan)
    if not plan.updates:
        QMessageBox.information(window, QCoreApplication.translate("Roster", "Import a building roster"), text)
        return False
    answer = QMessageBox.question(window, QCoreApplication.translate("Roster", "Import a building roster"),
                                  text + "\n\n" + QCoreApplication.translate("Roster", "Write these figures into the map?"))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    window.undo_stack.push(rosters.roster_command(window.doc, plan))
    return True
