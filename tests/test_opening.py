"""The map first, then the counts: a window on a file opened with its registers left for later
draws the map with its counts pending ("正在统计…", never zeros), then reads the registers and
fills every dock; anything that needs the counts earlier gets them at once."""

from __future__ import annotations

from pathlib import Path

from cmdmap.model.counts import count
from cmdmap.store import gpkg

REGISTERS = ("staff", "assignments", "isolation", "snapshots")


def _window(path: Path):
    from cmdmap.ui.window import MainWindow
    return MainWindow(gpkg.open_document(path, defer_registers=True), str(path), lang="zh")


def test_the_map_comes_first_then_the_counts(cmdmap_app, qtbot, own_file):
    win = _window(own_file)
    qtbot.addWidget(win)
    at_first_frame: list[dict] = []
    win.canvas.rendered.connect(lambda _s: at_first_frame.append({
        "ready": win.live_counts.ready, "unread": set(win.doc.layers.unread),
        "totals": win.totals.values(), "as_of": win.totals._as_of.text(),
        "headline": win.counts.headline.text(), "rows": win.counts.model.rowCount(),
        "legend": win.legend.grids_root.text(1), "chart": win.charts.diff_label.text(),
        "legend_grids": len(win.legend.grid_rows())}))
    messages: list[str] = []
    win.statusBar().messageChanged.connect(messages.append)
    win.resize(1400, 900)
    win.show()
    qtbot.waitUntil(lambda: win.live_counts.ready)
    first = at_first_frame[0]
    assert not first["ready"] and first["unread"] == set(REGISTERS)  # drawn without the registers
    assert set(first["totals"].values()) == {"…"} and first["as_of"] == "正在统计…"  # not zeros
    assert first["headline"] == "正在统计…" and first["rows"] == 0
    assert first["legend"] == "正在统计…" and first["legend_grids"] == 0  # listed with their households
    assert first["chart"] == "正在统计…"
    assert "正在读取登记表并统计…" in messages and messages[-1] == ""

    doc = win.doc
    total = count(doc).total
    shown = win.totals.values()
    assert shown["households"] == str(total["households"])
    assert all(shown[f"isolated.{k}"] == str(v) for k, v in total["isolated"].items())
    assert all(shown[f"staff.{k}"] == str(v) for k, v in total["staff"].items())
    grid = count(doc, "grid")
    assert win.counts.model.rowCount() == len(grid.rows)
    row = grid.rows[0]
    assert win.counts.figures(row["code"])["grid_worker"] == row["staff"]["grid_worker"]
    assert "正在统计" not in win.counts.headline.text() and win.counts.warning_texts()
    assert win.legend.grids_root.text(1) == ""
    assert win.legend.grid_rows()[row["code"]][2] == str(row["households"])
    assert win.charts.bar_heights()[row["code"]][0] == row["households"]
    assert "正在统计" not in win.charts.diff_label.text()
    qtbot.waitUntil(lambda: not win.problems.busy() and bool(win.problems.problems))  # checked after


def test_what_needs_the_counts_earlier_gets_them_at_once(cmdmap_app, qtbot, own_file):
    win = _window(own_file)  # never shown: no first frame
    qtbot.addWidget(win)
    assert not win.live_counts.ready and win.doc.layers.unread
    win.counts.level_box.setCurrentIndex(2)  # the counts dock being used
    assert win.live_counts.ready and not win.doc.layers.unread
    assert win.counts.model.rowCount() == len(count(win.doc, win.counts.level_box.currentData()).rows)
    win.finish_opening()  # again: nothing more
    assert win.live_counts.ready


def test_saving_before_the_counts_keeps_every_register(cmdmap_app, qtbot, own_file, demo_file):
    from cmdmap.edit.commands import SetAttributes
    win = _window(own_file)
    qtbot.addWidget(win)
    b = win.doc["buildings"]
    win.undo_stack.push(SetAttributes(win.doc, "buildings", int(b.fid[0]), {"households": 77}))
    assert not win.live_counts.ready
    win.save_action.trigger()  # File > Save before the first frame
    assert win.live_counts.ready and not win.doc.is_modified()
    saved, original = gpkg.open_document(own_file), gpkg.open_document(demo_file)
    assert saved["buildings"].numeric("households")[0] == 77
    for name in REGISTERS:  # today's snapshot joins the snapshots; nothing else changed
        kept = saved[name].code_rows()
        assert all(code in kept for code in original[name].cols["code"])
    assert len(saved["staff"]) == len(original["staff"]) and len(saved["isolation"]) == len(original["isolation"])


def test_a_window_closed_before_its_counts_lets_the_file_go(cmdmap_app, qtbot, own_file):
    import gc
    import sqlite3

    win = _window(own_file)
    doc = win.doc
    win.show()
    win.close()  # at once, before the map was drawn
    qtbot.wait(50)
    assert doc.layers.unread  # nothing read the registers for a window that is gone
    del win, doc
    gc.collect()
    conn = sqlite3.connect(own_file, timeout=0, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE gpkg_contents SET description = description")
    conn.execute("COMMIT")  # would say "database is locked" were the read transaction still open
    conn.close()


def test_registers_that_cannot_be_read_are_said_so_and_nothing_is_saved(cmdmap_app, qtbot, own_file, monkeypatch):
    import hashlib
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from cmdmap.edit.commands import SetAttributes

    win = _window(own_file)
    qtbot.addWidget(win)

    def broken(conn, spec, layer):
        raise sqlite3.DatabaseError("database disk image is malformed")
    monkeypatch.setattr(gpkg, "_read_layer", broken)  # the registers' pages turn out damaged
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: said.append(text)))
    win.show()
    qtbot.waitUntil(lambda: len(said) == 1)
    assert not win.live_counts.ready and win.totals.values()["households"] == "…"  # never zeros
    b = win.doc["buildings"]
    win.undo_stack.push(SetAttributes(win.doc, "buildings", int(b.fid[0]), {"households": 77}))
    before = hashlib.sha256(own_file.read_bytes()).hexdigest()
    win.save_action.trigger()
    assert len(said) == 2 and hashlib.sha256(own_file.read_bytes()).hexdigest() == before
