"""The Problems dock checks on a worker thread: the window goes on while it runs, and a result
that an edit made out of date is never shown."""

from __future__ import annotations

import threading
import time

import shapely
from PySide6.QtCore import QTimer

from cmdmap.edit.commands import SetGeometry
from cmdmap.edit.stack import UndoStack
from cmdmap.model.check import check, snapshot
from cmdmap.ui import problems as problems_module
from cmdmap.ui.problems import ProblemsDock
from small_doc import small_doc


def test_a_snapshot_is_checked_like_the_document_and_later_edits_do_not_reach_it():
    doc = small_doc()
    snap = snapshot(doc)
    assert [(p.key, p.codes) for p in check(snap)] == [(p.key, p.codes) for p in check(doc)]
    g = doc["grids"]
    SetGeometry(doc, "grids", {g.find("W1"): shapely.box(0, 0, 60, 100)}).do(doc)  # W1 now overlaps W2
    assert any(p.key == "grid_overlap" for p in check(doc))
    assert not any(p.key == "grid_overlap" for p in check(snap))


def test_the_window_goes_on_while_a_check_runs_and_an_outdated_result_is_dropped(cmdmap_app, qtbot, monkeypatch):
    gate = threading.Event()
    gate.set()
    real = problems_module._checked

    def held(snap, lang):  # a check that takes as long as the test wants
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(10)
        return real(snap, lang)

    monkeypatch.setattr(problems_module, "_checked", held)
    doc = small_doc()
    stack = UndoStack(doc)
    dock = ProblemsDock(doc, None, "zh")
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitUntil(lambda: not dock.busy())
    shown: list[list[str]] = []
    show = dock._show_problems
    monkeypatch.setattr(dock, "_show_problems", lambda ps, ts: (shown.append([p.key for p in ps]), show(ps, ts)))

    gate.clear()
    g = doc["grids"]
    stack.push(SetGeometry(doc, "grids", {g.find("W1"): shapely.box(0, 0, 60, 100)}))  # an overlap
    qtbot.waitUntil(lambda: dock._job is not None)  # checking the overlapping grids, held
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    qtbot.wait(300)
    timer.stop()
    assert len(ticks) >= 10 and dock.busy()  # the event loop kept running during the check
    stack.undo()  # the overlap is gone before the check ends: its result is out of date
    gate.set()
    qtbot.waitUntil(lambda: not dock.busy(), timeout=5000)
    assert shown and all("grid_overlap" not in keys for keys in shown)
    assert [p.key for p in dock.problems] == [p.key for p in check(doc)]
    assert dock.list.count() == len(dock.problems)
    dock.detach()
