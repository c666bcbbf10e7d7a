"""File > Restore a backup…: pick one of the saved versions kept beside the file and put it back."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from cmdmap.store import backups
from cmdmap.store.errors import StoreError


def backup_label(b: backups.Backup) -> str:
    """How one backup is listed: when it was the file, and its size."""
    return f"{b.saved_at:%Y-%m-%d %H:%M:%S}  ({b.size / 1e6:.1f} MB)"


def restore_dialog(window) -> bool:
    """Ask which backup to restore into the window's file, restore it, reopen; True when done."""
    parent: QWidget = window
    if not window.path:
        QMessageBox.information(parent, QCoreApplication.translate("BackupRestore", "Restore a backup"),
                                QCoreApplication.translate("BackupRestore", "This map has not been saved to a file yet, so it has no backups."))
        return False
    found = backups.list_backups(window.path)
    if not found:
        QMessageBox.information(parent, QCoreApplication.translate("BackupRestore", "Restore a backup"),
                                QCoreApplication.translate("BackupRestore", "No backups of this file yet: one is kept each time it is saved."))
        return False
    # Numbered: two saves within one second would otherwise read the same.
    labels = [f"{i}. {backup_label(b)}" for i, b in enumerate(found, 1)]
    choice, ok = QInputDialog.getItem(parent, QCoreApplication.translate("BackupRestore", "Restore a backup"),
                                      QCoreApplication.translate("BackupRestore", "Saved versions of this file, newest first:"), labels, 0, False)
    if not ok:
        return False
    if window.doc.is_modified():
        answer = QMessageBox.question(parent, QCoreApplication.translate("BackupRestore", "Restore a backup"),
                                      QCoreApplication.translate("BackupRestore", "The changes not yet saved will be lost. Restore anyway?"))
        if answer != QMessageBox.StandardButton.Yes:
            return False
    try:
        backups.restore(window.path, found[labels.index(choice)], backups.keep_count(window.doc.meta))
    except StoreError as err:
        QMessageBox.critical(parent, QCoreApplication.translate("BackupRestore", "Restore a backup"), err.message(window.lang))
        return False
    from cmdmap.ui.file_access import release
    from cmdmap.ui.window import open_in_window
    window.doc.mark_saved()  # what it held was replaced on purpose: no "unsaved" question
    release(window)  # the new window takes the file for editing
    if open_in_window(window.path, None) is not None:
        window.close()
    return True
