"""Pointing at the map: a click selects the feature under the cursor (buildings before gates and
sites, before compounds, before grids) and the 属性 panel shows its fields and counts; hovering
highlights without selecting; personal data never shows."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from cmdmap.model.counts import count
from cmdmap.model.describe import attributes, building_counts
from cmdmap.model.pick import Picked, Picker
from cmdmap.ui.highlight import SELECT_COLOR


def _mouse(widget, kind, pos: QPointF, button=Qt.MouseButton.LeftButton):
    buttons = button if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton
    ev = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def _click(widget, pos: QPointF) -> None:
    _mouse(widget, QEvent.Type.MouseButtonPress, pos)
    _mouse(widget, QEvent.Type.MouseButtonRelease, pos)


def _inside(geom) -> tuple[float, float]:
    p = shapely.point_on_surface(geom)
    return p.x, p.y


def _busiest_building(doc) -> int:
    """The fid of a building with isolated residents (so the panel's isolation rows are non-zero)."""
    code = doc["isolation"].column("building")[0]
    return doc["buildings"].find(code)


def _zoom_to(canvas, geom, mpp: float = 0.3) -> QPointF:
    from dataclasses import replace
    x, y = _inside(geom)
    canvas.set_view(replace(canvas.view, cx=x, cy=y, mpp=mpp))
    return QPointF(canvas.view.width / 2.0, canvas.view.height / 2.0)


def test_a_click_selects_the_building_and_the_panel_shows_its_households(window, demo, qtbot):
    canvas = window.canvas
    b = demo["buildings"]
    fid = _busiest_building(demo)
    at = _zoom_to(canvas, b.geometry(fid))
    canvas.repaint()
    _click(canvas, at)
    assert canvas.selected == Picked("buildings", fid)
    shown = window.properties.values()
    row = next(r for r in count(demo, by="building").rows if r["code"] == b.value(fid, "code"))
    assert shown["count.households"] == str(row["households"]) == str(b.value(fid, "households"))
    assert shown["count.residents"] == str(row["residents"])
    for kind in ("hospital", "centralised", "home"):
        assert shown[f"count.isolated.{kind}"] == str(row["isolated"][kind])
    assert shown["number"] == b.value(fid, "number")
    assert window.properties.windowTitle() == "属性"
    # The selection is outlined on the map, over the cached frame.
    image = canvas.grab().toImage()
    geom = b.geometry(fid)
    xs, ys = canvas.view.world_to_device(*shapely.get_coordinates(geom.exterior).T)
    hits = sum(image.pixelColor(round(x), round(y)).name() == QColor(SELECT_COLOR).name()
               for x, y in zip(np.clip(xs, 0, image.width() - 1), np.clip(ys, 0, image.height() - 1)))
    assert hits >= len(xs) // 2


def test_a_click_on_open_ground_selects_the_grid_and_shows_its_counts(window, demo):
    canvas = window.canvas
    grids = demo["grids"]
    micro = np.nonzero(grids.column("level") == "micro")[0]
    row = int(micro[0]) if len(micro) else int(np.nonzero(grids.column("level") == "grid")[0][0])
    fid = int(grids.fid[row])
    g = grids.geometry(fid)
    # A point of the grid away from every building, compound, gate and site.
    others = shapely.union_all([*demo["buildings"].geom, *demo["compounds"].geom,
                                *shapely.buffer(demo["gates"].geom, 5), *shapely.buffer(demo["sites"].geom, 5)])
    free = shapely.difference(g, others)
    assert not free.is_empty
    at = _zoom_to(canvas, free, mpp=0.5)
    _click(canvas, at)
    assert canvas.selected == Picked("grids", fid)
    level = grids.value(fid, "level")
    row_counts = next(r for r in count(demo, by=level).rows if r["code"] == grids.value(fid, "code"))
    shown = window.properties.values()
    assert shown["count.households"] == str(row_counts["households"])
    assert shown["level"] in ("片区", "网格", "微网格")


def test_a_drag_is_not_a_click(window, demo):
    canvas = window.canvas
    fid = _busiest_building(demo)
    at = _zoom_to(canvas, demo["buildings"].geometry(fid))
    canvas.select(None)
    _mouse(canvas, QEvent.Type.MouseButtonPress, at)
    ev = QMouseEvent(QEvent.Type.MouseMove, at + QPointF(40, 0), canvas.mapToGlobal(at + QPointF(40, 0)),
                     Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, ev)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, at + QPointF(40, 0))
    assert canvas.selected is None


def test_hover_highlights_without_selecting(window, demo):
    canvas = window.canvas
    fid = _busiest_building(demo)
    at = _zoom_to(canvas, demo["buildings"].geometry(fid))
    canvas.select(None)
    _mouse(canvas, QEvent.Type.MouseMove, at, Qt.MouseButton.NoButton)
    assert canvas.hovered == Picked("buildings", fid)
    assert canvas.selected is None


def test_a_hidden_layer_cannot_be_picked(demo):
    from cmdmap.model.pick import Picker
    picker = Picker(demo)
    fid = _busiest_building(demo)
    x, y = _inside(demo["buildings"].geometry(fid))
    assert picker.pick(x, y) == Picked("buildings", fid)
    under = picker.pick(x, y, hidden=frozenset({"buildings"}))
    assert under is not None and under.layer in ("compounds", "grids")
    picker.close()


def test_gates_win_over_the_compound_they_sit_on(demo):
    picker = Picker(demo)
    gates = demo["gates"]
    fid = int(gates.fid[0])
    g = gates.geometry(fid)
    assert picker.pick(g.x + 1.0, g.y, tolerance=3.0) == Picked("gates", fid)
    picker.close()


def test_personal_fields_never_show(demo):
    iso = demo["isolation"]
    # The panel's attribute list is built the same way for every layer.
    from cmdmap.model.pick import Picked as P
    shown = {k for k, _, _ in attributes(demo, P("isolation", int(iso.fid[0])))}
    assert shown and not shown & set(iso.spec.personal_fields)


def test_building_counts_agree_with_the_full_recount(demo):
    rows = {r["code"]: r for r in count(demo, by="building").rows}
    b = demo["buildings"]
    for fid in b.fid[:40]:
        mine = building_counts(demo, int(fid))
        full = rows[mine["code"]]
        assert mine["isolated"] == full["isolated"] and mine["staff"] == full["staff"]
        assert mine["households"] == full["households"]


# -- the search box ------------------------------------------------------------------------------

def _type(qtbot, box, text: str) -> None:
    """Type `text` key by key (QTest.keyClicks only knows ASCII)."""
    from PySide6.QtGui import QKeyEvent
    box.clear()
    box.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
    assert box.text() == text


@pytest.mark.parametrize("text, layer, code", [
    ("果林溪谷", "compounds", "果林溪谷"),
    ("W12", "grids", "W12"),
    ("第12网格", "grids", "W12"),
    ("果林溪谷-3栋", "buildings", "果林溪谷-3栋"),
    ("果林溪谷 3栋", "buildings", "果林溪谷-3栋"),
])
def test_the_search_box_zooms_to_the_feature_and_selects_it(window, demo, qtbot, text, layer, code):
    canvas = window.canvas
    canvas.zoom_full()
    before = canvas.view
    box = window.search
    _type(qtbot, box, text)
    box.completer().popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    fid = demo[layer].find(code)
    assert fid is not None
    assert canvas.selected == Picked(layer, fid)
    geom = demo[layer].geometry(fid)
    x0, y0, x1, y1 = canvas.view.world_bounds
    gx0, gy0, gx1, gy1 = geom.bounds
    assert x0 <= gx0 and y0 <= gy0 and x1 >= gx1 and y1 >= gy1  # the whole feature shows
    assert canvas.view.mpp < before.mpp                          # and closer than the whole map
    assert window.properties.values()["code"] == code


def test_3栋_means_the_one_in_view_and_the_list_offers_the_others(window, demo, qtbot):
    canvas = window.canvas
    c = demo["compounds"]
    canvas.zoom_to_bounds(c.geometry(c.find("滇池明珠")).bounds)
    box = window.search
    _type(qtbot, box, "3栋")
    entries = box.completer().model().stringList()
    assert len(entries) > 5 and all("3栋" in e for e in entries)
    box.completer().popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert canvas.selected == Picked("buildings", demo["buildings"].find("滇池明珠-3栋"))


def test_nothing_found_says_so_and_keeps_the_view(window, qtbot):
    canvas = window.canvas
    before = canvas.view
    box = window.search
    _type(qtbot, box, "不存在的地方")
    box.completer().popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert canvas.view == before
    assert "未找到" in window.statusBar().currentMessage()


def test_zoom_to_selection_and_home(window, demo, qtbot):
    canvas = window.canvas
    fid = _busiest_building(demo)
    canvas.zoom_full()
    full = canvas.view
    canvas.select(Picked("buildings", fid))
    window.zoom_selection_action.trigger()
    assert canvas.view.mpp < full.mpp
    gx0, gy0, gx1, gy1 = demo["buildings"].geometry(fid).bounds
    x0, y0, x1, y1 = canvas.view.world_bounds
    assert x0 <= gx0 and x1 >= gx1 and y0 <= gy0 and y1 >= gy1
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    x0, y0, x1, y1 = canvas.view.world_bounds
    e = canvas.renderer.extent()
    assert x0 <= e[0] and y0 <= e[1] and x1 >= e[2] and y1 >= e[3]  # the whole community again


def test_search_ranks_exact_before_partial_and_reads_codes_loosely(demo):
    from cmdmap.model.search import SearchIndex
    index = SearchIndex(demo)
    assert index.search("W1")[0].code == "W01"      # leading zeros do not matter
    assert index.search("w12")[0].code == "W12"     # nor case
    assert index.search("第12网格")[0].code == "W12"
    hits = index.search("果林溪谷")
    assert hits[0].layer == "compounds" and all("果林溪谷" in h.text for h in hits)
    assert index.search("果林溪谷3栋")[0].code == "果林溪谷-3栋"
    assert index.search("没有这个") == []
    index.close()


def test_a_wheel_burst_scales_the_last_frame_and_draws_once_it_rests(window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent
    canvas = window.canvas
    canvas.zoom_full()
    canvas.repaint()
    frames = []
    canvas.rendered.connect(frames.append)
    pos = QPointF(420.0, 310.0)
    under = canvas.view.device_to_world(pos.x(), pos.y())
    before = canvas.grab().toImage().pixelColor(420, 310)
    for _ in range(3):
        ev = QWheelEvent(pos, canvas.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                         Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(canvas, ev)
        canvas.repaint()
    assert frames == []                                    # no full frame while the wheel turns
    assert canvas.view.device_to_world(pos.x(), pos.y()) == pytest.approx(under, abs=0.5 * canvas.view.mpp)
    preview = canvas.grab().toImage().pixelColor(420, 310)  # the point under the cursor stays put
    assert abs(preview.red() - before.red()) + abs(preview.green() - before.green()) < 60
    qtbot.waitUntil(lambda: len(frames) == 1, timeout=2000)  # the wheel rests: one full frame
    assert canvas._image_view == canvas.view


def test_while_the_hand_rests_the_next_notch_is_drawn_ahead(window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent
    canvas = window.canvas
    canvas.zoom_full()
    canvas.repaint()
    qtbot.waitUntil(lambda: not canvas._ahead.isActive(), timeout=5000)  # in slices, the GUI free between
    pos = QPointF(300.0, 240.0)
    ev = QWheelEvent(pos, canvas.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, ev)
    canvas._hand_rested()
    canvas.repaint()
    assert canvas._image_view == canvas.view
    assert canvas.renderer._tiles.rendered == 0  # the notch's map came from tiles drawn ahead


def test_selecting_a_grid_does_not_stretch_the_window(window, demo):
    """A grid has many fields and counts: the panel scrolls instead of growing the window."""
    size = window.size()
    window.canvas.select(Picked("grids", int(demo["grids"].fid[5])))
    QApplication.processEvents()
    assert window.size() == size
