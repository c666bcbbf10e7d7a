"""Edit → Preferences…: the name written into the edit log, how many rolling backups this file
keeps, and the language of the interface.

The name and the language are the user's (QSettings, so every file and window share them); the
number of backups is the file's own setting (`backup_keep` in its metadata, as the store reads
it), so whoever saves that file keeps the same number. The language applies when cmdmap starts
again: half a window in one language and half in the other helps nobody.

`CMDMAP_SETTINGS=/path/file.ini` keeps the preferences in that file instead of the user's
configuration folder (tests, or a desk PC run from a USB stick).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout

from cmdmap.store import backups, editlog
from cmdmap.ui import lang as ui_lang

USER_KEY = "editLog/userName"
LANGUAGE_KEY = "ui/language"


def settings() -> QSettings:
    """Where the user's preferences are kept."""
    path = os.environ.get("CMDMAP_SETTINGS", "").strip()
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "cmdmap", "cmdmap")


def load_saved() -> None:
    """Apply the saved preferences at start-up: the edit log's name and the interface language."""
    s = settings()
    editlog.set_editor_name(str(s.value(USER_KEY, "") or ""))
    ui_lang.set_preferred(str(s.value(LANGUAGE_KEY, "") or "") or None)


class PreferencesDialog(QDialog):
    """The three preferences in one form; OK keeps them, Cancel forgets what was typed."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_, self.doc = window, window.doc
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(460)
        s = settings()
        box = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(str(s.value(USER_KEY, "") or ""), self)
        self.name.setPlaceholderText(self.tr("Blank: %1").replace("%1", editlog.default_editor()))
        form.addRow(self.tr("Your name in the edit log"), self.name)
        self.backups = QSpinBox(self)
        self.backups.setRange(0, backups.MAX_KEEP)
        self.backups.setValue(backups.keep_count(self.doc.meta))
        self.backups.setSpecialValueText(self.tr("None"))
        form.addRow(self.tr("Backups kept beside this file"), self.backups)
        self.language = QComboBox(self)
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        saved = str(s.value(LANGUAGE_KEY, "") or "") or ui_lang.ui_language()
        self.language.setCurrentIndex(max(0, self.language.findData(saved)))
        form.addRow(self.tr("Language"), self.language)
        box.addLayout(form)
        note = QLabel(self.tr("The edit log records who saved what, never the values of personal fields. "
                              "Backups are whole copies of the file, saved before each save. "
                              "A new language applies when cmdmap starts again."), self)
        note.setWordWrap(True)
        box.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def accept(self) -> None:
        s = settings()
        name = self.name.text().strip()
        s.setValue(USER_KEY, name)
        s.setValue(LANGUAGE_KEY, self.language.currentData())
        s.sync()
        editlog.set_editor_name(name)  # from the next save on
        n = self.backups.value()
        if n != backups.keep_count(self.doc.meta):
            self.doc.set_meta("backup_keep", n)  # the file's setting: saved with it
            self.window_.setWindowModified(self.doc.is_modified())
        super().accept()
