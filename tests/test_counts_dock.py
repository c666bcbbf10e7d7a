"""The counts dock as a user meets it: figures by level follow an edit at once, the changed row
flashes, clicking a row zooms the map to it, warnings follow thresholds kept in the file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cmdmap.edit.commands import SetAttributes
from cmdmap.ui.counts_dock import THRESHOLDS_KEY
from small_doc import small_doc


@pytest.fixture()
def demo():
    """The small hand-made community (conftest's `window` opens it), fresh for every test."""
    return small_doc()


def _show(win, level):
    box = win.counts.level_box
    box.setCurrentIndex(box.findData(level))


def test_a_household_edit_changes_every_level_in_the_dock(window, qtbot):
    doc, dock = window.doc, window.counts
    before = {}
    for lv, code in (("grid", "W2"), ("zone", "P1"), ("compound", "甲园")):
        _show(window, lv)
        before[lv] = dock.figures(code)["households"]
    _show(window, "grid")
    f = doc["buildings"].find("甲园-3栋")
    SetAttributes(doc, "buildings", f, {"households": 45}).do(doc)
    assert dock.figures("W2")["households"] == before["grid"] + 15
    row = next(r for r in range(dock.model.rowCount()) if dock.model.value(r, 0) == "W2")
    assert dock.model.data(dock.model.index(row, 3), Qt.ItemDataRole.BackgroundRole) is not None  # flashes
    for lv, code in (("zone", "P1"), ("compound", "甲园")):
        _show(window, lv)
        assert dock.figures(code)["households"] == before[lv] + 15
    qtbot.waitUntil(lambda: "<b>165</b>" in dock.headline.text())  # 10+20+45+40+50 households


def test_clicking_a_row_zooms_the_map_to_it(window):
    dock = window.counts
    _show(window, "building")
    model = dock.proxy
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "乙园-1栋")
    dock.table.clicked.emit(model.index(row, 0))
    x0, y0, x1, y1 = window.canvas.view.world_bounds
    # The building fills the view (its shorter side), not the community.
    assert x0 <= 110 and x1 >= 140 and min(x1 - x0, y1 - y0) < 150
    picked = window.canvas.selected  # and it is selected (highlighted, its properties shown)
    assert picked.layer == "buildings" and window.doc["buildings"].value(picked.fid, "code") == "乙园-1栋"


def test_sorting_by_households(window):
    dock = window.counts
    dock.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    first = dock.proxy.index(0, 0).data()
    assert first == "W4"  # 50 households (乙园-2栋 and the shop)


def test_warnings_follow_thresholds_saved_in_the_file(window, qtbot):
    dock = window.counts
    texts = dock.warning_texts()
    assert any("乙园-1栋" in t for t in texts)          # households but no building head
    assert any("W3" in t for t in texts)               # no grid worker
    assert not any("S1" in t for t in texts)           # 30 + 30 households: within 200
    dock.spins["households_per_worker"].setValue(50)
    assert window.doc.meta[THRESHOLDS_KEY]["households_per_worker"] == 50
    assert any("S1" in t and "60" in t for t in dock.warning_texts())


def test_as_of_a_later_day_counts_who_is_still_isolated(window):
    from PySide6.QtCore import QDate

    dock = window.counts
    dock.as_of.setDate(QDate(2026, 11, 12))
    assert dock.figures("W3")["monitoring"] == 3      # G4: 11-12 to 11-19
    dock.as_of.setDate(QDate(2026, 11, 19))
    assert dock.figures("W3")["monitoring"] == 0      # released on its end date
    assert window.live_counts.as_of.isoformat() == "2026-11-19"


def test_thresholds_are_kept_in_the_saved_file(cmdmap_app, qtbot, tmp_path):
    from cmdmap.store import gpkg
    from cmdmap.ui.window import MainWindow

    path = tmp_path / "t.gpkg"
    gpkg.create(path, small_doc())
    win = MainWindow(gpkg.open_document(path), str(path), "zh")
    win.counts.spins["households_per_worker"].setValue(50)
    win.save_action.trigger()
    win.close()  # lets go of the file's lock
    again = MainWindow(gpkg.open_document(path), str(path), "zh")  # another desk opens the file
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.live_counts.ready)  # counted right after the first frame
    assert again.counts.spins["households_per_worker"].value() == 50
    assert any("S1" in t and "60" in t for t in again.counts.warning_texts())


def test_the_cli_gives_the_figures_the_dock_shows_on_any_day(cmdmap_app, qtbot, tmp_path, capsys):
    import json

    from PySide6.QtCore import QDate

    from cmdmap.cli import main
    from cmdmap.store import gpkg
    from cmdmap.ui.window import MainWindow

    path = tmp_path / "t.gpkg"
    gpkg.create(path, small_doc())
    win = MainWindow(gpkg.open_document(path), str(path), "zh")
    qtbot.addWidget(win)
    model = win.counts.model
    for day in ("2026-11-12", "2026-11-19"):
        win.counts.as_of.setDate(QDate.fromString(day, "yyyy-MM-dd"))
        assert main(["counts", str(path), "--by", "grid", "--as-of", day, "--format", "json"]) == 0
        cli = {r["code"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
        shown = {}
        for r in range(model.rowCount()):
            cells = {key: model.value(r, c) for c, (key, _) in enumerate(model.cols) if key}
            shown[model.value(r, 0)] = cells
        assert set(shown) == set(cli)
        for code, cells in shown.items():
            row = cli[code]
            flat = {"buildings": row["buildings"], "households": row["households"], "residents": row["residents"],
                    **row["isolated"], **row["staff"]}
            assert cells == {k: flat[k] for k in cells}, (day, code)


def test_the_chart_says_what_changed_since_yesterday(window, qtbot):
    import datetime as dt

    from cmdmap.edit.commands import AddFeatures
    from cmdmap.model import snapshots

    charts, live = window.charts, window.live_counts
    assert "没有" in charts.diff_label.text() or "No" in charts.diff_label.text()  # no snapshot of yesterday yet
    snapshots.take(window.doc, live.as_of - dt.timedelta(days=1))  # yesterday's save took one
    start = live.as_of.isoformat()
    end = (live.as_of + dt.timedelta(days=14)).isoformat()
    window.undo_stack.push(AddFeatures(window.doc, "isolation", [{
        "code": "H9", "building": "甲园-1栋", "kind": "home", "persons": 3, "start": start, "end": end}]))
    qtbot.waitUntil(lambda: "居家隔离 +3" in charts.diff_label.text())
