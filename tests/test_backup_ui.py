"""File > Restore a backup… lists the saved versions in Chinese and reopens the file as it was."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtWidgets import QInputDialog, QMessageBox

from cmdmap.demo import build_demo
from cmdmap.edit.commands import SetAttributes
from cmdmap.store import gpkg
from cmdmap.ui import window as window_module
from cmdmap.ui.window import MainWindow


def test_restore_a_backup_from_the_file_menu(cmdmap_app, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "果林社区.gpkg"
    gpkg.create(path, build_demo(1, "community", dt.date(2026, 11, 23)))
    doc = gpkg.open_document(path)
    fid = int(doc["buildings"].fid[0])
    original = doc["buildings"].value(fid, "households")
    SetAttributes(doc, "buildings", fid, {"households": 7}).do(doc)
    gpkg.save(doc, path)
    SetAttributes(doc, "buildings", fid, {"households": 8}).do(doc)
    gpkg.save(doc, path)

    win = MainWindow(doc, str(path), lang="zh")  # not given to qtbot: the restore closes it
    assert win.restore_backup_action.text() == "恢复备份(&R)…"
    offered = []

    def pick(parent, title, label, items, current, editable):
        offered.extend(items)
        return items[-1], True  # the oldest: the file as first written
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes))
    win.restore_backup_action.trigger()
    assert len(offered) == 2 and all("MB" in o for o in offered)
    reopened = [w for w in window_module._open_windows if w.path == str(path)]
    assert len(reopened) == 1
    assert reopened[0].doc["buildings"].value(fid, "households") == original
    assert not reopened[0].read_only
    assert np.isclose(gpkg.open_document(path)["buildings"].value(fid, "households"), original)
    reopened[0].close()


def test_a_map_never_saved_has_no_backups(cmdmap_app, qtbot, monkeypatch):
    from small_doc import small_doc
    win = MainWindow(small_doc(), None, lang="zh")
    qtbot.addWidget(win)
    told = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda p, t, text: told.append(text)))
    win.restore_backup_action.trigger()
    assert told and "备份" in told[0]
