"""File → 保存 / 另存为…, and the question on closing with unsaved changes.

A save also takes the day's counts snapshot (once a day) so the trend chart fills itself, and
tells the user in their language when the file cannot be written; the store guarantees that a
failed save leaves the file as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cmdmap.model import snapshots
from cmdmap.store import gpkg
from cmdmap.store.errors import StoreError


def save(window: Any) -> bool:
    """Save the window's document where it came from (ask where when it has no file yet)."""
    if getattr(window, "read_only", False):
        QMessageBox.information(window, QCoreApplication.translate("Saving", "Save"), QCoreApplication.translate("Saving", "This map is open read-only. Use Save As… to keep a copy."))
        return False
    if not window.path:
        return save_as(window)
    return _write(window, window.path, whole=False)


def save_as(window: Any) -> bool:
    """Ask for a file name and write the whole document there."""
    start = str(Path(window.path).with_suffix("")) + "-副本.gpkg" if window.path else f"{window.doc.name or 'cmdmap'}.gpkg"
    path, _ = QFileDialog.getSaveFileName(window, QCoreApplication.translate("Saving", "Save the battle map as"), start, QCoreApplication.translate("Saving", "GeoPackage files (*.gpkg)"))
    if not path:
        return False
    if not path.lower().endswith(".gpkg"):
        path += ".gpkg"
    if not _write(window, path, whole=True):
        return False
    window.path = path
    window.read_only = False
    return True


def _write(window: Any, path: str, whole: bool) -> bool:
    doc = window.doc
    if hasattr(window, "finish_opening"):
        window.finish_opening()  # today's snapshot needs the counts (the store reads the registers anyway)
    today = dt.date.today()
    live = getattr(window, "live_counts", None)
    total = live.row("community", 0) if live is not None and live.ready and live.as_of == today else None
    try:  # registers that cannot be read (StoreError) stop the snapshot and the save alike
        snapshots.take_once_a_day(doc, today, total)
        (gpkg.save_as if whole else gpkg.save)(doc, path)
    except StoreError as err:
        QMessageBox.critical(window, QCoreApplication.translate("Saving", "Cannot save"), err.message(window.lang))
        return False
    window.statusBar().showMessage(QCoreApplication.translate("Saving", "Saved to %1").replace("%1", path), 5000)
    window.setWindowTitle(window._title())
    window.setWindowModified(doc.is_modified())
    return True


def ask_on_close(window: Any) -> str:
    """Ask what to do with unsaved changes: 'save', 'discard' or 'cancel'."""
    answer = QMessageBox.question(
        window, QCoreApplication.translate("Saving", "Unsaved changes"),
        QCoreApplication.translate("Saving", "The map has changes that are not saved. Save them before closing?"),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save)
    return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(answer, "cancel")


def may_close(window: Any) -> bool:
    """True when the window may close: nothing unsaved, or the user saved or chose to discard."""
    if not window.doc.is_modified():
        return True
    answer = ask_on_close(window)
    if answer == "save":
        return save(window)
    return answer == "discard"
