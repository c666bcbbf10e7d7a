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
    # The building fills the view (120 m at least across its shorter side), not the 200 m community.
    assert x0 <= 110 and x1 >= 140 and y0 <= 10 and y1 >= 40 and min(x1 - x0, y1 - y0) < 150


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
