"""Saving from the window: File > Save writes the edits, the title tells the truth about unsaved
work, closing asks, a demo is saved with Save As, and a roster is applied only when confirmed."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cmdmap.edit import SetAttributes
from cmdmap.store import gpkg
from cmdmap.ui import saving
from cmdmap.ui.window import MainWindow
from small_doc import small_doc


@pytest.fixture()
def small_file(tmp_path):
    path = tmp_path / "small.gpkg"
    gpkg.create(path, small_doc())
    return path


def open_window(path, qtbot):
    win = MainWindow(gpkg.open_document(path), str(path), "zh")
    win.show()
    qtbot.waitExposed(win)
    return win


def test_save_writes_the_edit_and_clears_the_mark(cmdmap_app, qtbot, small_file):
    win = open_window(small_file, qtbot)
    fid = win.doc["buildings"].find("甲园-1栋")
    assert not win.isWindowModified()
    win.undo_stack.push(SetAttributes(win.doc, "buildings", fid, {"households": 17}))
    assert win.isWindowModified()
    win.save_action.trigger()
    assert not win.isWindowModified()
    back = gpkg.open_document(small_file)
    assert back["buildings"].value(back["buildings"].find("甲园-1栋"), "households") == 17
    # The day's snapshot of the counts was taken with the save, for the trend chart.
    assert back["snapshots"].find(dt.date.today().isoformat()) is not None
    win.close()


def test_closing_with_unsaved_changes_asks(cmdmap_app, qtbot, small_file, monkeypatch):
    win = open_window(small_file, qtbot)
    fid = win.doc["buildings"].find("甲园-2栋")
    win.undo_stack.push(SetAttributes(win.doc, "buildings", fid, {"residents": 99}))
    monkeypatch.setattr(saving, "ask_on_close", lambda w: "cancel")
    assert not win.close() and win.isVisible()
    monkeypatch.setattr(saving, "ask_on_close", lambda w: "save")
    assert win.close()
    back = gpkg.open_document(small_file)
    assert back["buildings"].value(back["buildings"].find("甲园-2栋"), "residents") == 99


def test_edit_menu_undo_restores_the_value(cmdmap_app, qtbot, small_file):
    win = open_window(small_file, qtbot)
    fid = win.doc["buildings"].find("甲园-1栋")
    win.undo_stack.push(SetAttributes(win.doc, "buildings", fid, {"households": 11}))
    win.undo_action.trigger()
    assert win.doc["buildings"].value(fid, "households") == 10
    win.close()


def test_demo_is_saved_with_save_as(cmdmap_app, qtbot, tmp_path, monkeypatch):
    win = MainWindow(small_doc(), None, "zh")
    target = tmp_path / "我的社区"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.save_action.trigger()
    assert win.path == str(target) + ".gpkg"
    assert len(gpkg.open_document(win.path)["buildings"]) == 6
    win.close()


def test_roster_applies_only_when_confirmed(cmdmap_app, qtbot, small_file, tmp_path):
    from PySide6.QtCore import QTimer
    from cmdmap.ui.roster_dialog import import_roster
    roster = tmp_path / "roster.csv"
    roster.write_text("小区,楼号,户数,人数\n甲园,1号楼,12,30\n丙园,2栋,5,5\n", encoding="utf-8")
    win = open_window(small_file, qtbot)
    seen = []

    def answer(accept: bool):
        dlg = win.roster_in_progress
        seen.append(dlg.report.toPlainText())
        (dlg.import_button.click if accept else dlg.reject)()

    QTimer.singleShot(0, lambda: answer(False))
    assert not import_roster(win, "buildings", str(roster))
    assert "匹配 1 行，未匹配 1 行" in seen[0] and not win.isWindowModified()
    QTimer.singleShot(0, lambda: answer(True))
    assert import_roster(win, "buildings", str(roster))
    fid = win.doc["buildings"].find("甲园-1栋")
    assert win.doc["buildings"].value(fid, "households") == 12
    win.undo_action.trigger()
    assert win.doc["buildings"].value(fid, "households") == 10
    win.close()


def test_another_tools_geopackage_is_offered_for_import(cmdmap_app, qtbot, monkeypatch):
    from pathlib import Path

    from cmdmap.ui import import_dialog
    from cmdmap.ui.window import open_in_window
    src = Path(__file__).parent / "data" / "beijing_cau" / "beijing_cau.gpkg"
    asked, opened = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(import_dialog.ImportDialog, "exec", lambda self: opened.append(self.path_edit.text()) or self.run_import())
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    win = open_in_window(str(src))
    assert "不是 cmdmap 作战图文件" in asked[0]
    assert win is not None and win.path is None and opened == [str(src)]
    assert len(win.doc["buildings"]) == 257 and win.doc.epsg == 4548
    win.close()
