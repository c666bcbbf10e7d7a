"""On opening a file with unsaved work journaled beside it (cmdmap crashed or was killed), offer to
restore that work, showing what it is; then journal this window's edits as they happen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMessageBox

from cmdmap.model.backdrops import BACKDROPS
from cmdmap.store import journal


def _kind_name(kind: str) -> str:
    names = {
        "add": QCoreApplication.translate("Recovery", "added"),
        "remove": QCoreApplication.translate("Recovery", "deleted"),
        "update": QCoreApplication.translate("Recovery", "attributes changed"),
        "geometry": QCoreApplication.translate("Recovery", "shape or position changed"),
        "plans": QCoreApplication.translate("Recovery", "added, removed or faded"),
        "settings": QCoreApplication.translate("Recovery", "changed"),
    }
    return names.get(kind, kind)


def describe(work: journal.Pending, doc, lang: str) -> str:
    """One line per layer and kind of change: "楼栋：修改属性 39 处"."""
    lines = []
    for (layer, kind), n in sorted(work.summary().items()):
        if layer in doc.layers:
            title = doc[layer].spec.title.get(lang)
        elif layer == BACKDROPS:
            title = QCoreApplication.translate("Recovery", "Scanned plans")
        elif layer == journal.META:
            title = QCoreApplication.translate("Recovery", "File settings")
        else:
            title = layer
        lines.append(QCoreApplication.translate("Recovery", "%1: %2 (%3)")
                     .replace("%1", title).replace("%2", _kind_name(kind)).replace("%3", str(n)))
    return "\n".join(lines)


def start_recovery(window) -> None:
    """Offer to restore unsaved work for the window's file, then journal its edits."""
    doc, path = window.doc, window.path
    from cmdmap.store import gpkg
    origin = gpkg._ORIGIN.get(doc)
    work = journal.pending(path, origin[1] if origin else None)
    if work is not None:
        started = work.started.replace("T", " ")
        text = (QCoreApplication.translate(
            "Recovery", "This file has unsaved changes from a session that ended without saving "
            "(started %1). Restore them?").replace("%1", started) + "\n\n" + describe(work, doc, window.lang))
        answer = QMessageBox.question(window, QCoreApplication.translate("Recovery", "Restore unsaved changes"), text)
        if answer == QMessageBox.StandardButton.Yes:
            journal.replay(doc, work)
        else:
            # Set aside, not deleted: declining by mistake must not lose the work for good.
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            jp = journal.journal_path(path)
            jp.replace(Path(f"{jp}.declined-{stamp}"))
    window.recovery_journal = journal.RecoveryJournal(doc, path, origin[1] if origin else None)
    # The journal syncs after a batch of changes; a lone edit followed by a quiet hour must also
    # reach the disk, so sync on a timer too (cheap: nothing to do when nothing was written).
    timer = QTimer(window)
    timer.setInterval(int(journal.SYNC_SECONDS * 1000))
    timer.timeout.connect(window.recovery_journal.sync)
    timer.start()
