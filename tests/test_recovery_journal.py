"""Unsaved work survives a crash: edits are journaled as they happen, and after a crash the file
reopens with them restored exactly — values, geometries, counts — and a save clears the journal."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
import shapely.affinity

from cmdmap.demo import build_demo
from cmdmap.edit.commands import AddFeatures, DeleteFeatures, SetAttributes, SetGeometry
from cmdmap.edit.stack import UndoStack
from cmdmap.model.counts import count
from cmdmap.store import gpkg, journal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def path(tmp_path) -> Path:
    p = tmp_path / "果林社区.gpkg"
    gpkg.create(p, build_demo(1, "community", dt.date(2026, 11, 23)))
    return p


def edits(doc, stack: UndoStack) -> None:
    """Fifty-odd edits of every kind, with undos and redos among them."""
    b = doc["buildings"]
    fids = b.fid.tolist()
    for i, fid in enumerate(fids[:40]):
        stack.push(SetAttributes(doc, "buildings", fid, {"households": 5 + i, "note": f"第{i}次"}))
    stack.undo()
    stack.push(SetGeometry(doc, "buildings", {fids[41]: shapely.affinity.translate(b.geometry(fids[41]), 3, 4)}))
    g = doc["gates"]
    stack.push(DeleteFeatures(doc, "gates", g.fid[:3].tolist()))
    stack.undo()
    stack.redo()
    staff = doc["staff"]
    rec = staff.record(int(staff.fid[0]))
    stack.push(AddFeatures(doc, "staff", [dict(rec, code="NEW1"), dict(rec, code="NEW2")]))
    iso = doc["isolation"]
    stack.push(DeleteFeatures(doc, "isolation", iso.fid[:10].tolist()))
    stack.push(SetAttributes(doc, "isolation", int(iso.fid[0]), {"kind": iso.value(int(iso.fid[0]), "kind")}))


def assert_same(a, b) -> None:
    for spec in a.schema:
        la, lb = a[spec.name], b[spec.name]
        oa, ob = np.argsort(la.fid), np.argsort(lb.fid)
        np.testing.assert_array_equal(la.fid[oa], lb.fid[ob], err_msg=spec.name)
        for f in spec.fields:
            ca, cb = la.cols[f.name][oa], lb.cols[f.name][ob]
            if f.type in ("int", "real"):
                np.testing.assert_array_equal(ca, cb, err_msg=f"{spec.name}.{f.name}")
            else:
                assert ca.tolist() == cb.tolist(), f"{spec.name}.{f.name}"
        if spec.is_spatial:
            assert [g is None for g in la.geom[oa]] == [g is None for g in lb.geom[ob]]
            ok = np.array([g is not None for g in la.geom[oa]], dtype=bool)
            assert shapely.equals_exact(la.geom[oa][ok], lb.geom[ob][ok], tolerance=0).all(), spec.name


def test_edits_restored_exactly_after_a_crash(path):
    doc = gpkg.open_document(path)
    rj = journal.RecoveryJournal(doc, path)
    edits(doc, UndoStack(doc))
    rj.sync()
    # The crash: nothing saved, nothing closed. The file was never touched.
    work = journal.pending(path, gpkg._ORIGIN[doc][1])
    assert work is not None
    summary = work.summary()
    # 40 edited, the last undone: still listed (its values are not compared)
    assert summary[("buildings", "update")] == 40 and summary[("staff", "add")] == 2
    assert summary[("gates", "remove")] == 3 and ("gates", "add") not in summary
    assert summary[("isolation", "remove")] == 10
    again = gpkg.open_document(path)
    assert journal.replay(again, work) == len(work.entries)
    assert again.is_modified()
    assert_same(doc, again)
    for by in ("community", "grid", "building"):
        assert count(again, by).to_json() == count(doc, by).to_json()
    # Saving the restored map writes it and clears the journal.
    gpkg.save(again, path)
    assert not journal.journal_path(path).exists()
    assert_same(doc, gpkg.open_document(path))


def test_replaying_onto_a_file_already_saved_changes_nothing(path):
    """A crash right after a save but before the journal was cleared: replay is harmless."""
    doc = gpkg.open_document(path)
    rj = journal.RecoveryJournal(doc, path)
    edits(doc, UndoStack(doc))
    rj.close()
    text = journal.journal_path(path).read_text(encoding="utf-8")
    gpkg.save(doc, path)
    journal.journal_path(path).write_text(text, encoding="utf-8")
    again = gpkg.open_document(path)
    journal.replay(again, journal.pending(path))
    assert_same(doc, again)


def test_a_killed_process_loses_no_edit_and_a_torn_last_line_is_ignored(path):
    script = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "from cmdmap.store import gpkg, journal\n"
        "from cmdmap.edit.stack import UndoStack\n"
        "from test_recovery_journal import edits\n"
        f"doc = gpkg.open_document({str(path)!r})\n"
        f"journal.RecoveryJournal(doc, {str(path)!r})\n"
        "edits(doc, UndoStack(doc))\n"
        "os._exit(9)\n")  # no sync, no close: as if killed
    r = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert r.returncode == 9
    jp = journal.journal_path(path)
    with open(jp, "a", encoding="utf-8") as fh:
        fh.write('{"layer": "buildings", "kind": "upd')  # the line a power cut tore
    expected = gpkg.open_document(path)
    edits(expected, UndoStack(expected))
    again = gpkg.open_document(path)
    journal.replay(again, journal.pending(path))
    assert_same(expected, again)


def test_journal_of_another_file_or_garbage_is_not_offered(path, tmp_path):
    jp = journal.journal_path(path)
    jp.write_text('{"cmdmap_journal": 1, "file_id": "someone-else"}\n{"layer": "gates", "kind": "remove", "fids": [1]}\n')
    assert journal.pending(path, "mine") is None
    jp.write_bytes(os.urandom(200))
    assert journal.pending(path) is None
    assert journal.pending(tmp_path / "none.gpkg") is None


def test_reopening_after_a_crash_offers_the_work_in_chinese_and_restores_it(path, cmdmap_app, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cmdmap.ui.window import MainWindow

    doc = gpkg.open_document(path)
    win = MainWindow(doc, str(path), lang="zh")
    qtbot.addWidget(win)
    edits(doc, UndoStack(doc))  # journaled by the window; then cmdmap dies without saving
    win.recovery_journal.sync()
    # A dead process's lock is stale and taken over (tests/test_lock.py); here: let it go.
    win.file_lock.release()
    asked = []

    def answer(parent, title, text, *a):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    again = gpkg.open_document(path)
    win2 = MainWindow(again, str(path), lang="zh")
    qtbot.addWidget(win2)
    assert asked and asked[0][0] == "恢复未保存的修改"
    assert "楼栋：修改属性" in asked[0][1] and "工作人员：新增 2 处" in asked[0][1]
    assert_same(doc, again) and win2.doc.is_modified()
    win2.grab().save(str(path.parent / "restored.png"))


def test_declining_sets_the_work_aside(path, cmdmap_app, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cmdmap.ui.window import MainWindow

    doc = gpkg.open_document(path)
    rj = journal.RecoveryJournal(doc, path)
    edits(doc, UndoStack(doc))
    rj.close()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.No))
    win = MainWindow(gpkg.open_document(path), str(path), lang="zh")
    qtbot.addWidget(win)
    assert not win.doc.is_modified()
    assert journal.pending(path) is None
    assert len(list(path.parent.glob("*.cmdmap-journal.declined-*"))) == 1


def plan_edits(doc, stack: UndoStack) -> None:
    """A scanned plan added and faded after the last save, and a setting (the OSM credit)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_backdrops import backdrop

    from cmdmap.edit.backdrops import AddBackdrop, SetBackdropOpacity
    stack.push(AddBackdrop(doc, backdrop(0.8)))
    stack.push(SetBackdropOpacity(doc, "plan1", 0.4))
    doc.set_meta("credits", "© OpenStreetMap contributors (ODbL)")


def test_a_scanned_plan_and_settings_added_after_the_save_survive_a_kill(path, cmdmap_app):
    script = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication([])\n"  # the test's plan image is drawn with Qt
        "from cmdmap.store import gpkg, journal\n"
        "from cmdmap.edit.stack import UndoStack\n"
        "from test_recovery_journal import plan_edits\n"
        f"doc = gpkg.open_document({str(path)!r})\n"
        f"journal.RecoveryJournal(doc, {str(path)!r})\n"
        "plan_edits(doc, UndoStack(doc))\n"
        "os._exit(9)\n")  # no save, no sync, no close: as if killed
    r = subprocess.run([sys.executable, "-c", script], timeout=60,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert r.returncode == 9
    text = journal.journal_path(path).read_text(encoding="utf-8")
    assert text.count('"kind": "image"') == 1  # fading the plan did not copy the image again
    work = journal.pending(path)
    assert work.summary() == {("backdrops", "plans"): 2, ("meta", "settings"): 1}
    again = gpkg.open_document(path)
    assert again.backdrops == []
    journal.replay(again, work)
    expected = gpkg.open_document(path)
    plan_edits(expected, UndoStack(expected))
    assert again.backdrops == expected.backdrops and again.backdrops[0].opacity == 0.4
    assert again.meta["credits"] == expected.meta["credits"]
    assert again.is_modified()
    # Saved, the plan is in the file and reopens in place.
    gpkg.save(again, path)
    assert gpkg.open_document(path).backdrops == expected.backdrops
    assert "OpenStreetMap" in gpkg.open_document(path).meta["credits"]


def test_the_offer_names_scanned_plans_and_settings(path, cmdmap_app):
    from cmdmap.ui.recovery_prompt import describe

    doc = gpkg.open_document(path)
    rj = journal.RecoveryJournal(doc, path)
    plan_edits(doc, UndoStack(doc))
    rj.close()
    text = describe(journal.pending(path), doc, "zh")
    assert text.splitlines() == ["扫描平面图（底图）：新增、删除或调整透明度 2 处", "文件设置：修改 1 处"]


def test_a_setting_removed_by_an_undo_is_removed_on_replay(path):
    from cmdmap.edit.meta import SetMeta

    doc = gpkg.open_document(path)
    rj = journal.RecoveryJournal(doc, path)
    stack = UndoStack(doc)
    stack.push(SetMeta(doc, "credits_test", "© OpenStreetMap contributors (ODbL)"))
    stack.undo()  # the key did not exist before: undo removes it
    rj.close()
    again = gpkg.open_document(path)
    journal.replay(again, journal.pending(path))
    assert "credits_test" not in again.meta


def test_a_plan_faded_after_a_save_is_restored_from_the_fresh_journal(path, cmdmap_app):
    """The save removes the journal; the next change starts a new one, which must hold the image
    again (the list refers to it by digest)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_backdrops import backdrop

    from cmdmap.edit.backdrops import AddBackdrop, SetBackdropOpacity
    doc = gpkg.open_document(path)
    rj = journal.RecoveryJournal(doc, path)
    stack = UndoStack(doc)
    stack.push(AddBackdrop(doc, backdrop(0.8)))
    gpkg.save(doc, path)
    assert not journal.journal_path(path).exists()
    stack.push(SetBackdropOpacity(doc, "plan1", 0.25))
    rj.sync()
    again = gpkg.open_document(path)
    assert again.backdrops[0].opacity == 0.8
    journal.replay(again, journal.pending(path))
    assert again.backdrops == doc.backdrops and again.backdrops[0].opacity == 0.25
    rj.close()
