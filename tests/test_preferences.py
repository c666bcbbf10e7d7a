"""Edit → Preferences…: the name chosen there is the one the edit log records on the next save;
the number of backups is the file's own setting; the language is kept for the next start."""

from __future__ import annotations

import sqlite3

import pytest

from cmdmap.edit.commands import SetAttributes
from cmdmap.store import backups, editlog, gpkg
from cmdmap.ui import lang as ui_lang
from cmdmap.ui import preferences
from cmdmap.ui.preferences import PreferencesDialog
from cmdmap.ui.window import MainWindow
from small_doc import small_doc


@pytest.fixture()
def on_file(cmdmap_app, qtbot, tmp_path, monkeypatch):
    """A window on a saved file, with the preferences (and what they set) put back afterwards."""
    monkeypatch.setenv("CMDMAP_SETTINGS", str(tmp_path / "prefs.ini"))
    monkeypatch.setenv("CMDMAP_USER", "环境变量里的名字")
    monkeypatch.setattr(editlog, "_chosen_name", None)
    monkeypatch.setattr(ui_lang, "_preferred", None)
    path = tmp_path / "测试社区.gpkg"
    gpkg.create(path, small_doc())
    win = MainWindow(gpkg.open_document(path), str(path), lang="zh")
    qtbot.addWidget(win)
    return win


def edit_log_users(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT user FROM cmdmap_edit_log")]


def test_the_name_set_in_preferences_is_recorded_in_the_edit_log(on_file):
    win = on_file
    edit = next(a.menu() for a in win.menuBar().actions() if a.text() == "编辑(&E)")
    assert any(a.text() == "首选项(&P)…" for a in edit.actions())
    dialog = PreferencesDialog(win)
    assert "环境变量里的名字" in dialog.name.placeholderText()  # what a blank name means
    dialog.name.setText("值班员小周")
    dialog.accept()
    f = win.doc["buildings"].find("甲园-3栋")
    win.undo_stack.push(SetAttributes(win.doc, "buildings", f, {"households": 31}))
    win.save_action.trigger()
    users = edit_log_users(win.path)  # the building, and the day's snapshot a save takes
    assert users and set(users) == {"值班员小周"}
    # Kept for the next start too.
    editlog.set_editor_name(None)
    preferences.load_saved()
    assert editlog.editor() == "值班员小周"


def test_backups_kept_is_the_files_setting_and_the_language_waits_for_a_restart(on_file, monkeypatch):
    monkeypatch.delenv("CMDMAP_LANG", raising=False)
    win = on_file
    dialog = PreferencesDialog(win)
    assert dialog.backups.value() == backups.DEFAULT_KEEP
    dialog.backups.setValue(5)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert backups.keep_count(win.doc.meta) == 5 and win.isWindowModified()
    assert win.lang == "zh" and ui_lang.ui_language() == "zh"  # this session stays in Chinese
    win.save_action.trigger()
    assert backups.keep_count(gpkg.open_document(win.path).meta) == 5
    preferences.load_saved()  # as the next start does
    assert ui_lang.ui_language() == "en"
    monkeypatch.setenv("CMDMAP_LANG", "zh")  # the environment still has the last word
    assert ui_lang.ui_language() == "zh"
