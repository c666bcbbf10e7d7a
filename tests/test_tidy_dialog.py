"""Tools → Tidy grid boundaries… on a window holding grids as if drawn in CAD: one undo step, a
report in Chinese, and a refusal that changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from cmdmap.model.check import ERROR, check
from cmdmap.ui.tidy_dialog import TidyDialog, run_tidy
from test_tidy import PARTITION_KEYS, imported


@pytest.fixture()
def win(cmdmap_app, qtbot):
    from cmdmap.ui.window import MainWindow
    w = MainWindow(imported(), None, lang="zh")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _said(monkeypatch) -> list[str]:
    said: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *a, **k: said.append(text))
    return said


def _errors(doc) -> list:
    return [p for p in check(doc) if p.severity == ERROR and p.key in PARTITION_KEYS]


def test_the_tools_menu_tidies_imported_grids_in_one_undo_step(win, monkeypatch):
    menu = next(a.menu() for a in win.menuBar().actions() if a.menu() and win.tidy_action in a.menu().actions())
    assert win.tidy_action.text().startswith("整理网格边界")
    assert win.tool_actions["select"] in menu.actions()  # the Tools menu
    dialog = TidyDialog(win)
    assert dialog.settings() == {"levels": ("zone", "grid", "micro"), "snap_m": 0.5, "sliver_m2": 5.0, "max_change": 0.02}
    dialog.grab().save("/tmp/wt9_tidy_dialog.png")
    said = _said(monkeypatch)
    assert _errors(win.doc)
    report = run_tidy(win, **dialog.settings())
    assert report is not None and report.changed
    assert len(win.undo_stack.done) == 1 and "整理网格边界" in win.undo_stack.done[0].text
    assert not _errors(win.doc)
    assert "已整理" in said[-1] and "已没有空白或交叉重叠" in said[-1]
    win.undo_action.trigger()
    assert _errors(win.doc)


def test_a_tidy_that_would_change_a_grid_too_much_is_refused_and_changes_nothing(win, monkeypatch):
    said = _said(monkeypatch)
    before = [g.wkb for g in win.doc["grids"].geom]
    assert run_tidy(win, max_change=1e-6) is None
    assert "未修改" in said[-1] and not win.undo_stack.done
    assert [g.wkb for g in win.doc["grids"].geom] == before
