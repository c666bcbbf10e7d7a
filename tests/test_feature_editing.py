"""Editing features with real mouse events: add a building, a gate, a site; move a building into
another grid; copy 'sealed' to a selection; measure; the attribute form's checks; pasted
coordinates; the undo history in the Edit menu."""

from __future__ import annotations

import math

import numpy as np
import pyproj
import pytest
import shapely
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QToolButton

from cmdmap.model.pick import Picked
from cmdmap.store import chinacoords
from mouse import at_world, centre_on, click, double_click, drag, inside, send

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture()
def win(own_window):
    """A window on a fresh demo community (these tests change it)."""
    own_window.canvas.snapping = False  # exact clicks; snapping has its own tests
    return own_window


def answer(fn, tries: int = 100) -> None:
    """Run `fn(dialog)` on the next modal dialog, once it is up (forms open with exec()); gives up
    after a second, so a dialog that never opens cannot leak into the next test."""
    def go(left: int) -> None:
        d = QApplication.activeModalWidget()
        if d is None:
            if left:
                QTimer.singleShot(10, lambda: go(left - 1))
            return
        fn(d)
    QTimer.singleShot(0, lambda: go(tries))


def ok(d) -> None:
    d.accept()


def grid_counts(w) -> dict[str, dict]:
    return {r["code"]: r for r in w.live_counts.table("grid").rows}


def free_square(doc, size: float = 12.0):
    """A square inside a compound and a grid, clear of buildings (where a new building can go)."""
    b = shapely.union_all(doc["buildings"].geom).buffer(3)
    comp = doc["compounds"]
    for fid in comp.fid:
        poly = comp.geometry(int(fid)).buffer(-8)
        minx, miny, maxx, maxy = poly.bounds
        for x in np.arange(minx, maxx - size, 4.0):
            for y in np.arange(miny, maxy - size, 4.0):
                sq = shapely.box(x, y, x + size, y + size)
                if poly.contains(sq) and not sq.intersects(b):
                    return sq, comp.value(int(fid), "code")
    raise AssertionError("no free spot in the demo")


def test_add_a_building_by_clicking_its_outline(win):
    doc, canvas = win.doc, win.canvas
    sq, compound = free_square(doc)
    centre_on(canvas, *sq.centroid.coords[0], mpp=0.2)
    win.tool_actions["add-building"].trigger()
    corners = list(sq.exterior.coords)[:4]
    before = grid_counts(win)
    n = len(doc["buildings"])

    def fill(form) -> None:
        assert form.widgets["code"].text().startswith(f"{compound}-")
        assert form.widgets["compound"].text() == compound  # prefilled from where it was drawn
        form.set_value("households", 120)
        form.set_value("residents", 350)
        form.accept()
    answer(fill)
    for x, y in corners[:3]:
        click(canvas, at_world(canvas, x, y))
    double_click(canvas, at_world(canvas, *corners[3]))
    b = doc["buildings"]
    assert len(b) == n + 1
    fid = int(b.fid[-1])
    assert b.value(fid, "households") == 120
    assert shapely.equals_exact(shapely.normalize(b.geometry(fid)), shapely.normalize(sq), 1e-6)
    grid = doc.placement.codes_of("buildings", "grid")[-1]
    after = grid_counts(win)
    assert after[grid]["households"] == before[grid]["households"] + 120
    assert after[grid]["buildings"] == before[grid]["buildings"] + 1
    assert win.undo_action.text().startswith("撤销") and "新增楼栋" in win.undo_action.text()
    win.undo_action.trigger()
    assert len(doc["buildings"]) == n
    assert grid_counts(win)[grid]["households"] == before[grid]["households"]


def test_cancelling_the_form_adds_no_building(win):
    doc, canvas = win.doc, win.canvas
    sq, _ = free_square(doc)
    centre_on(canvas, *sq.centroid.coords[0], mpp=0.2)
    win.tool_actions["add-building"].trigger()
    n = len(doc["buildings"])
    answer(lambda form: form.reject())
    for x, y in list(sq.exterior.coords)[:3]:
        click(canvas, at_world(canvas, x, y))
    double_click(canvas, at_world(canvas, *list(sq.exterior.coords)[3]))
    assert len(doc["buildings"]) == n and not win.undo_stack.done


def _fence_point(doc):
    """A point on a compound fence at least 40 m from every gate, and the fence's outward side."""
    comp, gates = doc["compounds"], doc["gates"]
    gate_pts = shapely.union_all(gates.geom)
    fid = int(comp.fid[0])
    ring = comp.geometry(fid).exterior
    for s in np.linspace(0, ring.length, 200, endpoint=False):
        p = ring.interpolate(s)
        if p.distance(gate_pts) > 40:
            return fid, p
    raise AssertionError


def test_add_a_gate_near_a_compound_lands_on_the_fence_facing_the_drag(win):
    doc, canvas = win.doc, win.canvas
    fid, p = _fence_point(doc)
    centre_on(canvas, p.x, p.y, mpp=0.2)
    win.tool_actions["add-gate"].trigger()
    start = at_world(canvas, p.x + 2.0, p.y + 1.0)  # a few metres off the fence
    end = start + QPointF(60, -60)                   # up and right on screen: north-east, 45°
    n = len(doc["gates"])
    shown = {}

    def fill(form) -> None:
        shown["compound"] = form.widgets["compound"].text()
        form.accept()
    answer(fill)
    drag(canvas, start, end)
    g = doc["gates"]
    assert len(g) == n + 1
    gfid = int(g.fid[-1])
    pt = g.geometry(gfid)
    assert doc["compounds"].geometry(fid).exterior.distance(pt) < 1e-6
    bearing = g.value(gfid, "bearing")
    expected = math.degrees(math.atan2((p.x + 2 + 12) - pt.x, (p.y + 1 + 12) - pt.y)) % 360
    assert abs(bearing - expected) < 1.0
    assert "新增大门" in win.undo_stack.done[-1].text
    assert shown["compound"] == doc["compounds"].value(fid, "code")


def test_a_gate_clicked_far_from_every_compound_is_refused(win):
    doc, canvas = win.doc, win.canvas
    comp = shapely.union_all(doc["compounds"].geom)
    x, y = comp.bounds[0] - 200, comp.bounds[1] - 200
    assert comp.distance(shapely.Point(x, y)) > 30
    centre_on(canvas, x, y, mpp=0.5)
    win.tool_actions["add-gate"].trigger()
    n = len(doc["gates"])
    click(canvas, at_world(canvas, x, y))
    assert len(doc["gates"]) == n and not win.undo_stack.done
    assert "大门要放在小区边界上" in win.statusBar().currentMessage()


def test_moving_a_building_into_another_grid_moves_its_counts(win):
    doc, canvas = win.doc, win.canvas
    b = doc["buildings"]
    grids = doc.placement.codes_of("buildings", "grid")
    fid = int(b.fid[0])
    old = grids[0]
    hh = b.value(fid, "households")
    # The centre of a neighbouring grid, clear of its buildings.
    gl = doc["grids"]
    target_code = next(c for c in gl.column("code") if c != old and gl.value(gl.find(c), "level") == "grid"
                       and gl.geometry(gl.find(c)).distance(b.geometry(fid)) < 150)
    tgt = gl.geometry(gl.find(target_code))
    src = b.geometry(fid)
    a = inside(src)
    dest = inside(tgt.buffer(-20))
    canvas.zoom_to_bounds(shapely.MultiPoint([a, dest]).bounds, 60)
    before = grid_counts(win)
    win.tool_actions["move"].trigger()
    drag(canvas, at_world(canvas, *a), at_world(canvas, *dest), steps=8)
    assert doc.placement.codes_of("buildings", "grid")[b.row(fid)] == target_code
    after = grid_counts(win)
    assert after[old]["households"] == before[old]["households"] - hh
    assert after[target_code]["households"] == before[target_code]["households"] + hh
    assert len(win.undo_stack.done) == 1 and win.undo_stack.done[0].text.startswith("移动楼栋 ")
    win.undo_action.trigger()
    assert shapely.equals_exact(b.geometry(fid), src, 0)
    assert grid_counts(win)[old]["households"] == before[old]["households"]


def test_moving_a_building_never_places_the_whole_map_again(win, monkeypatch):
    """The live counts bring the placement up to date before the map asks for it: placing every
    feature again costs 0.6 s on a district, at every edit (the map used to ask first)."""
    from cmdmap.model import placement
    doc, canvas = win.doc, win.canvas
    b = doc["buildings"]
    fid = int(b.fid[0])
    src = b.geometry(fid)
    canvas.zoom_to_bounds(src.buffer(40).bounds)
    canvas.repaint()
    made = []
    original = placement.Placement.__init__
    monkeypatch.setattr(placement.Placement, "__init__", lambda self, d: made.append(1) or original(self, d))
    win.tool_actions["move"].trigger()
    a = inside(src)
    drag(canvas, at_world(canvas, *a), at_world(canvas, a[0] + 6.0, a[1]), steps=4)
    canvas.repaint()
    assert not shapely.equals_exact(b.geometry(fid), src, 0)
    win.undo_action.trigger()
    canvas.repaint()
    assert shapely.equals_exact(b.geometry(fid), src, 0)
    assert made == []


def test_copy_sealed_to_three_selected_buildings_is_one_undo_step(win):
    doc, canvas = win.doc, win.canvas
    b = doc["buildings"]
    comp = doc.placement.codes_of("buildings", "compound")
    rows = np.nonzero(comp == comp[0])[0][:4]
    fids = [int(b.fid[r]) for r in rows]
    source, targets = fids[0], fids[1:]
    from cmdmap.edit.commands import SetAttributes
    win.undo_stack.push(SetAttributes(doc, "buildings", source, {"sealed": True}))
    canvas.zoom_to_bounds(shapely.union_all([b.geometry(f) for f in fids]).bounds, 80)
    click(canvas, at_world(canvas, *inside(b.geometry(targets[0]))))
    for f in targets[1:] + [source]:  # Ctrl+click adds; the one to copy from is chosen last
        pos = at_world(canvas, *inside(b.geometry(f)))
        send(canvas, QEvent.Type.MouseButtonPress, pos, modifiers=CTRL)
        send(canvas, QEvent.Type.MouseButtonRelease, pos, modifiers=CTRL)
    assert canvas.selected == Picked("buildings", source)
    assert len(canvas.selection) == 4
    steps = len(win.undo_stack.done)

    def tick(d) -> None:
        d.boxes["sealed"].setChecked(True)
        d.accept()
    answer(tick)
    win.edit_menu.copy_action.trigger()
    assert all(b.value(f, "sealed") for f in targets)
    assert len(win.undo_stack.done) == steps + 1
    assert "3" in win.undo_stack.done[-1].text and "封控" in win.undo_stack.done[-1].text
    win.undo_action.trigger()
    assert not any(b.value(f, "sealed") for f in targets)


def test_measuring_a_distance_shows_it_and_changes_nothing(win):
    canvas = win.canvas
    centre_on(canvas, 0.0, 0.0, mpp=0.25)  # world origin: nothing to snap to anyway
    x, y = canvas.view.cx, canvas.view.cy
    win.tool_actions["measure-distance"].trigger()
    click(canvas, at_world(canvas, x, y))
    double_click(canvas, at_world(canvas, x + 30, y + 40))
    assert "50.0 m" in win.statusBar().currentMessage()
    canvas.repaint()  # the measurement is drawn on the map without error
    assert not win.undo_stack.done and not win.doc.is_modified()


def test_the_form_refuses_negative_households_and_changes_nothing(win):
    doc, canvas = win.doc, win.canvas
    b = doc["buildings"]
    fid = int(b.fid[0])
    centre_on(canvas, *inside(b.geometry(fid)), mpp=0.2)
    click(canvas, QPointF(canvas.width() / 2, canvas.height() / 2))
    households = b.value(fid, "households")
    seen = {}

    def fill(form) -> None:
        form.set_value("households", -5)
        form.accept()
        seen["open"] = form.isVisible()
        seen["error"] = form.error.text()
        form.reject()
    answer(fill)
    win.edit_menu.edit_action.trigger()
    assert seen["open"] and "户数" in seen["error"] and "0" in seen["error"]
    assert b.value(fid, "households") == households
    assert not win.undo_stack.done


def test_double_click_opens_the_form_and_ok_stores_one_command(win):
    doc, canvas = win.doc, win.canvas
    b = doc["buildings"]
    fid = int(b.fid[0])
    centre_on(canvas, *inside(b.geometry(fid)), mpp=0.2)

    def fill(form) -> None:
        assert form.widgets["kind"].currentText() == "住宅"  # choices by their titles
        assert form.widgets["grid"].text() == doc.placement.codes_of("buildings", "grid")[b.row(fid)]
        form.set_value("floors", 9)
        form.accept()
    click(canvas, at_world(canvas, *inside(b.geometry(fid))))  # the properties dock widens: the map shifts
    answer(fill)
    double_click(canvas, at_world(canvas, *inside(b.geometry(fid))))
    assert b.value(fid, "floors") == 9
    assert win.undo_stack.done[-1].text == f"修改楼栋 {b.value(fid, 'number')}"


def test_personal_fields_are_masked_until_shown(cmdmap_app, qtbot):
    from cmdmap.model.schema import default_schema
    from cmdmap.ui.attribute_form import AttributeForm
    form = AttributeForm(default_schema()["staff"], {"code": "P1", "name": "张三丰", "phone": "13812345678"}, "zh")
    qtbot.addWidget(form)
    assert form.widgets["phone"].text() == "138****5678" and form.widgets["phone"].isReadOnly()
    assert "phone" not in form.raw_values()  # unrevealed: left as it is
    form.findChild(QToolButton, "reveal_phone").setChecked(True)
    assert form.widgets["phone"].text() == "13812345678"


def test_paste_gcj02_coordinates_places_a_site_within_half_a_metre(win):
    doc = win.doc
    grid = doc["grids"].geometry(int(doc["grids"].fid[10]))
    x, y = inside(grid)
    lng, lat = pyproj.Transformer.from_crs(doc.epsg, 4490, always_xy=True).transform(x, y)
    glng, glat = chinacoords.from_wgs84("gcj02", lng, lat)
    text = f"{float(glng):.7f},{float(glat):.7f}"
    n = len(doc["sites"])
    seen = {}

    def paste(d) -> None:
        d.text.setText("not coordinates")
        d.accept()
        seen["bad"] = d.error.text()
        d.text.setText("116.3912,39.9067")  # Beijing: real coordinates, but not this community's
        d.accept()
        seen["far"] = d.error.text()
        d.text.setText(text)
        assert d.system.currentData() == "gcj02"  # AMap's system is the default
        answer(ok)  # then the site's form
        d.accept()
    answer(paste)
    win.edit_menu.place_action.trigger()
    assert "无法识别坐标" in seen["bad"]
    assert "公里" in seen["far"] and "坐标系" in seen["far"]
    s = doc["sites"]
    assert len(s) == n + 1
    p = s.geometry(int(s.fid[-1]))
    assert math.hypot(p.x - x, p.y - y) < 0.5


def test_undo_history_lists_commands_and_jumps(win):
    from cmdmap.edit.commands import SetAttributes
    from cmdmap.ui.feature_edits import titled
    doc = win.doc
    b = doc["buildings"]
    f1, f2 = int(b.fid[0]), int(b.fid[1])
    assert not win.undo_action.isEnabled() and not win.redo_action.isEnabled()
    for f in (f1, f2):
        win.undo_stack.push(titled(SetAttributes(doc, "buildings", f, {"sealed": True}), "cmd_edit", doc,
                                   "buildings", b.value(f, "number"), "zh"))
    texts = [t for t, _, _ in win.edit_menu.entries()]
    assert texts[1:] == [f"修改楼栋 {b.value(f1, 'number')}", f"修改楼栋 {b.value(f2, 'number')}"]
    assert win.edit_menu.entries()[-1][2]  # the current position is the last command
    win.edit_menu.go_to(0)
    assert not b.value(f1, "sealed") and not b.value(f2, "sealed")
    assert win.redo_action.isEnabled() and "修改楼栋" in win.redo_action.text()
    win.edit_menu.fill_history()
    actions = win.edit_menu.history.actions()
    assert actions[0].isChecked() and "已撤销" in actions[2].text()
    actions[1].trigger()
    assert b.value(f1, "sealed") and not b.value(f2, "sealed")


def test_a_dragged_gate_stays_on_a_compound_fence(win):
    doc, canvas = win.doc, win.canvas
    g = doc["gates"]
    fid = int(g.fid[0])
    p = g.geometry(fid)
    centre_on(canvas, p.x, p.y, mpp=0.2)
    win.tool_actions["move"].trigger()
    drag(canvas, at_world(canvas, p.x, p.y), at_world(canvas, p.x + 6.0, p.y + 4.0))
    q = g.geometry(fid)
    assert q.distance(p) > 1.0
    fences = shapely.union_all(shapely.boundary(doc["compounds"].geom))
    assert fences.distance(q) < 1e-6
    assert len(win.undo_stack.done) == 1 and "移动大门" in win.undo_stack.done[0].text


def test_delete_asks_before_a_compound_with_buildings_and_undo_restores_it(win, monkeypatch):
    from cmdmap.ui import feature_edits
    doc, canvas = win.doc, win.canvas
    c = doc["compounds"]
    fid = int(c.fid[0])
    canvas.select(Picked("compounds", fid))
    asked = []
    monkeypatch.setattr(feature_edits, "confirm", lambda w, title, text: asked.append(text) or False)
    win.edit_menu.delete_action.trigger()
    assert asked and "栋楼" in asked[0] and c.has(fid) and not win.undo_stack.done
    monkeypatch.setattr(feature_edits, "confirm", lambda w, title, text: True)
    win.edit_menu.delete_action.trigger()
    assert not c.has(fid) and win.undo_stack.done[-1].text.startswith("删除小区")
    win.undo_action.trigger()
    assert c.has(fid)


def test_the_form_speaks_english_when_the_ui_does(cmdmap_app, qtbot):
    from cmdmap.model.schema import default_schema
    from cmdmap.ui.attribute_form import AttributeForm
    form = AttributeForm(default_schema()["sites"], {"code": "S1", "name": "x", "kind": "hospital"}, "en")
    qtbot.addWidget(form)
    titles = [form.labels[n].text() for n in ("code", "kind", "capacity")]
    assert titles == ["Site code *", "Kind *", "Capacity"]
    assert form.widgets["kind"].currentText() == "Designated hospital"
    form.set_value("capacity", -1)
    form.accept()
    assert "Capacity must be at least 0" in form.error.text()


def test_pasted_coordinates_put_a_gate_on_the_nearest_fence(win):
    doc = win.doc
    fid, p = _fence_point(doc)
    lng, lat = pyproj.Transformer.from_crs(doc.epsg, 4490, always_xy=True).transform(p.x + 3, p.y + 3)
    blng, blat = chinacoords.from_wgs84("bd09", lng, lat)
    n = len(doc["gates"])

    def paste(d) -> None:
        d.text.setText(f"{float(blng):.7f}，{float(blat):.7f}")
        d.system.setCurrentIndex(d.system.findData("bd09"))
        d.target.setCurrentIndex(d.target.findData("gates"))
        answer(ok)
        d.accept()
    answer(paste)
    win.edit_menu.place_action.trigger()
    g = doc["gates"]
    assert len(g) == n + 1
    q = g.geometry(int(g.fid[-1]))
    assert doc["compounds"].geometry(fid).exterior.distance(q) < 1e-6
    assert q.distance(shapely.Point(p.x + 3, p.y + 3)) < 6


def test_shift_drag_turns_a_gate_without_moving_it(win):
    doc, canvas = win.doc, win.canvas
    g = doc["gates"]
    fid = int(g.fid[0])
    p = g.geometry(fid)
    centre_on(canvas, p.x, p.y, mpp=0.2)
    win.tool_actions["move"].trigger()
    start = at_world(canvas, p.x, p.y)
    end = at_world(canvas, p.x - 10.0, p.y)  # due west: 270°
    shift = Qt.KeyboardModifier.ShiftModifier
    send(canvas, QEvent.Type.MouseButtonPress, start, modifiers=shift)
    for t in (0.3, 0.6, 1.0):
        send(canvas, QEvent.Type.MouseMove, start + (end - start) * t, Qt.MouseButton.NoButton,
             Qt.MouseButton.LeftButton, modifiers=shift)
    send(canvas, QEvent.Type.MouseButtonRelease, end, modifiers=shift)
    assert g.geometry(fid).equals(p)
    assert abs(g.value(fid, "bearing") - 270.0) < 1.0
    assert win.undo_stack.done[-1].text.startswith("调整大门朝向")


def test_the_right_click_menu_of_a_building_keeps_its_register_actions_and_adds_editing(win):
    b = win.doc["buildings"]
    menu = win.edit_menu.menu_for(Picked("buildings", int(b.fid[0])))
    texts = [a.text() for a in menu.actions()]
    assert "添加隔离…" in texts and "编辑属性(&E)…" in texts and "删除(&D)" in texts


def test_the_delete_key_deletes_a_plain_building_and_asks_for_one_with_register_entries(win, monkeypatch):
    from PySide6.QtTest import QTest
    from cmdmap.ui import feature_edits
    doc, canvas = win.doc, win.canvas
    b = doc["buildings"]
    listed = set(doc["isolation"].column("building")) | set(doc["assignments"].column("target"))
    plain = next(int(f) for f, c in zip(b.fid, b.column("code")) if c not in listed)
    busy = b.find(doc["isolation"].column("building")[0])
    asked = []
    monkeypatch.setattr(feature_edits, "confirm", lambda w, title, text: asked.append(text) or False)
    canvas.select(Picked("buildings", busy))
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert b.has(busy) and "隔离登记" in asked[0]
    canvas.select(Picked("buildings", plain))
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert not b.has(plain) and len(asked) == 1
    assert win.undo_stack.done[-1].text.startswith("删除楼栋 ")


def test_a_plain_click_puts_a_gate_facing_out_of_its_compound(win):
    doc, canvas = win.doc, win.canvas
    fid, p = _fence_point(doc)
    centre_on(canvas, p.x, p.y, mpp=0.2)
    win.tool_actions["add-gate"].trigger()
    answer(ok)
    click(canvas, at_world(canvas, p.x - 1.5, p.y + 1.0))
    g = doc["gates"]
    q, bearing = g.geometry(int(g.fid[-1])), g.value(int(g.fid[-1]), "bearing")
    ahead = shapely.Point(q.x + 3 * math.sin(math.radians(bearing)), q.y + 3 * math.cos(math.radians(bearing)))
    behind = shapely.Point(q.x - 3 * math.sin(math.radians(bearing)), q.y - 3 * math.cos(math.radians(bearing)))
    compound = doc["compounds"].geometry(fid)
    assert not compound.contains(ahead) and compound.contains(behind)
    assert g.value(int(g.fid[-1]), "name") in ("东门", "南门", "西门", "北门")


def test_measuring_an_area_shows_square_metres(win):
    canvas = win.canvas
    centre_on(canvas, 0.0, 0.0, mpp=0.25)
    win.tool_actions["measure-area"].trigger()
    for dx, dy in ((0, 0), (30, 0), (30, 40)):
        click(canvas, at_world(canvas, dx, dy))
    double_click(canvas, at_world(canvas, 0, 40))
    text = win.statusBar().currentMessage()
    assert "1,200.0 m²" in text and "140.0 m" in text
    assert not win.undo_stack.done


def test_ctrl_v_in_the_add_site_tool_places_the_copied_coordinates(win):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    doc, canvas = win.doc, win.canvas
    x, y = inside(doc["grids"].geometry(int(doc["grids"].fid[20])))
    lng, lat = pyproj.Transformer.from_crs(doc.epsg, 4490, always_xy=True).transform(x, y)
    QGuiApplication.clipboard().setText(f"{lng:.7f},{lat:.7f}")
    win.tool_actions["add-site"].trigger()
    n = len(doc["sites"])

    def paste(d) -> None:
        assert d.text.text().startswith(f"{lng:.7f}")  # taken from the clipboard
        d.system.setCurrentIndex(d.system.findData("wgs84"))
        answer(ok)
        d.accept()
    answer(paste)
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    s = doc["sites"]
    assert len(s) == n + 1
    p = s.geometry(int(s.fid[-1]))
    assert math.hypot(p.x - x, p.y - y) < 0.5


def test_a_self_crossing_outline_is_refused_and_a_valid_one_becomes_a_compound(win):
    doc, canvas = win.doc, win.canvas
    centre_on(canvas, 0.0, 0.0, mpp=0.5)
    win.tool_actions["add-compound"].trigger()
    n = len(doc["compounds"])
    bow_tie = [(0, 0), (60, 60), (60, 0), (0, 60)]
    for p in bow_tie[:3]:
        click(canvas, at_world(canvas, *p))
    double_click(canvas, at_world(canvas, *bow_tie[3]))
    assert len(doc["compounds"]) == n and not win.undo_stack.done
    assert "轮廓无效" in win.statusBar().currentMessage()

    def fill(form) -> None:
        form.set_value("name", "新华苑")
        assert form.widgets["code"].text() == "新华苑"  # the code follows the name until typed over
        form.accept()
    answer(fill)
    for p in [(0, 0), (60, 0), (60, 60)]:
        click(canvas, at_world(canvas, *p))
    double_click(canvas, at_world(canvas, 0, 60))
    c = doc["compounds"]
    assert len(c) == n + 1 and c.find("新华苑") is not None
    assert win.undo_stack.done[-1].text == "新增小区 新华苑"
