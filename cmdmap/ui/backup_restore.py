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


def offer_backup_for_damaged(path: str, err, parent: QWidget | None, lang: str) -> bool:
    """A file that cannot be read because it is damaged: when it has backups, offer to put the
    newest back (the damaged file is kept among the backups); True when the file was restored."""
    found = backups.list_backups(path)
    if not found:
        return False
    newest = found[0]
    text = (err.message(lang) + "\n\n" + QCoreApplication.translate(
        "BackupRestore", "This file has %1 backups; the newest was saved on %2. Put the newest backup "
        "back in place of the damaged file? The damaged file is kept with the backups.")
        .replace("%1", str(len(found))).replace("%2", f"{newest.saved_at:%Y-%m-%d %H:%M:%S}"))
    title = QCoreApplication.translate("BackupRestore", "The file is damaged")
    if QMessageBox.question(parent, title, text) != QMessageBox.StandardButton.Yes:
        return False
    try:
        backups.restore(path, newest, max(len(found), backups.DEFAULT_KEEP))
    except StoreError as e:
        QMessageBox.critical(parent, title, e.message(lang))
        return False
    return True
