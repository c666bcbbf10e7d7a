"""The registers reached from the map: a household edit or a new isolation entry shows at once in
the counts dock at every level, Undo takes it back, and bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from cmdmap.ui.registers import BuildingHeadDialog, HouseholdsDialog, IsolationDialog, building_at
from small_doc import small_doc


@pytest.fixture()
def demo():
    """The small hand-made community (conftest's `window` opens it), fresh for every test."""
    return small_doc()


def figures(win, level, code):
    box = win.counts.level_box
    box.setCurrentIndex(box.findData(level))
    return win.counts.figures(code)


def test_editing_households_in_the_ui_changes_grid_zone_compound_and_community(window):
    f = window.doc["buildings"].find("甲园-3栋")
    where = (("grid", "W2"), ("zone", "P1"), ("compound", "甲园"))
    before = {lv: figures(window, lv, code)["households"] for lv, code in where}
    total = window.live_counts.row("community", 0)["households"]
    dialog = HouseholdsDialog(window, f)
    dialog.spins["households"].setValue(42)  # was 30
    dialog.accept()
    for lv, code in where:
        assert figures(window, lv, code)["households"] == before[lv] + 12
    assert window.live_counts.row("community", 0)["households"] == total + 12
    window.undo_stack.undo()
    assert figures(window, "grid", "W2")["households"] == before["grid"]


def test_adding_isolation_from_the_map_changes_home_isolation_of_the_buildings_grid(window, qtbot, monkeypatch):
    canvas = window.canvas
    # Right-click on 乙园-1栋 (x 110–140, y 10–40) as the user would: the menu is for that building.
    px, py = canvas.view.world_to_device(125.0, 25.0)
    fid = building_at(window.doc, *canvas.view.device_to_world(px, py))
    assert window.doc["buildings"].value(fid, "code") == "乙园-1栋"
    today = dt.date.today()
    before = figures(window, "grid", "W3")["home"]

    def fill_and_ok(dialog):
        dialog.persons.setValue(2)
        dialog.start.setDate(QDate(today.year, today.month, today.day))
        dialog.name.setText("孙八")
        dialog.accept()
        return 1

    monkeypatch.setattr(IsolationDialog, "exec", fill_and_ok)
    menu = window.building_menu.menu_for(fid)
    action = next(a for a in menu.actions() if a.text() == "添加隔离…")
    action.trigger()
    window.live_counts.set_as_of(today)
    assert figures(window, "grid", "W3")["home"] == before + 2
    entry = window.doc["isolation"].record(window.doc["isolation"].fid[-1])
    assert entry["kind"] == "home" and entry["end"] == (today + dt.timedelta(days=14)).isoformat()
    assert "孙八" not in window.counts.headline.text()


def test_bad_input_is_refused_with_a_message_and_changes_nothing(window):
    f = window.doc["buildings"].find("乙园-1栋")
    n = len(window.doc["isolation"])
    dialog = IsolationDialog(window, f)
    dialog.phone.setText("1" * 60)  # longer than the register allows
    dialog.accept()
    assert len(window.doc["isolation"]) == n
    assert "电话" in dialog.error.text()
    assert dialog.result() == 0


def test_setting_a_new_building_head_is_one_undo_step(window, qtbot):
    f = window.doc["buildings"].find("乙园-1栋")
    assert figures(window, "building", "乙园-1栋")["building_head"] == 0
    dialog = BuildingHeadDialog(window, f)
    dialog.name.setText("周九")
    dialog.accept()
    assert figures(window, "building", "乙园-1栋")["building_head"] == 1
    qtbot.waitUntil(lambda: not any("乙园-1栋" in t for t in window.counts.warning_texts()))
    window.undo_stack.undo()
    assert figures(window, "building", "乙园-1栋")["building_head"] == 0
    assert window.doc["staff"].find("周九") is None


def test_release_early_and_extend_from_the_buildings_register(window):
    from cmdmap.ui.registers import IsolationListDialog

    doc = window.doc
    f = doc["buildings"].find("甲园-3栋")  # G2: centralised, 2026-11-10 → 2026-11-24
    dialog = IsolationListDialog(window, f)
    assert dialog.table.rowCount() == 1
    dialog.table.selectRow(0)
    dialog.extend.click()
    g2 = doc["isolation"].find("G2")
    assert doc["isolation"].value(g2, "end") == "2026-12-01"
    dialog.release.click()
    assert doc["isolation"].value(g2, "released") == dt.date.today().isoformat()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert doc["isolation"].value(g2, "end") == "2026-11-24" and doc["isolation"].value(g2, "released") is None


def test_the_chart_follows_a_household_edit_and_shows_the_trend(window, qtbot):
    charts = window.charts
    assert charts.bar_heights()["W2"][0] == 30
    f = window.doc["buildings"].find("甲园-3栋")
    dialog = HouseholdsDialog(window, f)
    dialog.spins["households"].setValue(80)
    dialog.accept()
    qtbot.waitUntil(lambda: charts.bar_heights()["W2"][0] == 80)
    assert next(iter(charts.bar_heights())) == "W2"  # sorted: the biggest grid first
    charts.take_snapshot()
    assert window.doc["snapshots"].find(window.live_counts.as_of.isoformat()) is not None
    assert len(charts.trend_plot.getPlotItem().listDataItems()) == 4  # one line per kind
