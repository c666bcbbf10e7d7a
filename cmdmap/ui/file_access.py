"""Opening a file in a window: take it for editing, or open it read-only and say why (another
cmdmap or QGIS is writing it, the file or folder is read-only), and warn about network shares."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMessageBox

from cmdmap.messages import message
from cmdmap.store import lock


def claim_for_window(window) -> None:
    """Set `window.read_only` and `window.file_lock`; notices go to the user; the writer gets
    its unsaved work offered back and journaled. (The plausibility warning comes after the
    first frame: `warn_if_implausible`.)"""
    access = lock.claim(window.path)
    window.file_lock = access.lock
    window.read_only = access.read_only
    for key, params in access.notices:
        QMessageBox.information(window, QCoreApplication.translate("FileAccess", "Opening the file"),
                                message(key, window.lang, **params))
    if window.read_only:
        window.setWindowTitle(window.windowTitle() + QCoreApplication.translate("FileAccess", " (read-only)"))
        # The title bar is easy to miss (and absent on a full-screen desk): say it where the
        # scale and CRS are, with the reason on hover.
        badge = QLabel(QCoreApplication.translate("FileAccess", "Read-only: changes cannot be saved to this file"))
        badge.setObjectName("read_only_badge")
        badge.setStyleSheet("QLabel { color: #a03000; font-weight: bold; padding: 0 6px; }")
        badge.setToolTip("\n".join(message(key, window.lang, **params) for key, params in access.notices))
        window.statusBar().addPermanentWidget(badge)
        return
    from cmdmap.ui.recovery_prompt import start_recovery
    start_recovery(window)


def warn_if_implausible(window) -> None:
    """Say which features look implausible (far away, figures out of range, broken shapes).

    Run once the map is on screen (cmdmap/ui/opening.py): it reads every layer, registers too."""
    from cmdmap.model.plausible import problems
    found = problems(window.doc)
    if found:
        QMessageBox.warning(window, QCoreApplication.translate("FileAccess", "Implausible data in the file"),
                            "\n".join(message(k, window.lang, **p) for k, p in found) + "\n\n"
                            + QCoreApplication.translate("FileAccess", "Nothing was changed. Check these features on the map and correct them."))


def release(window) -> None:
    """Give the file up when the window closes."""
    if getattr(window, "file_lock", None) is not None:
        window.file_lock.release()
        window.file_lock = None
