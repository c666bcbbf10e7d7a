"""Re-dividing grids with the mouse: drag a shared corner (both grids change, the buildings on
the moved side change grid, the preview names them, counts follow, undo/redo are exact), split a
grid by a drawn line and merge it back, refusals, and the Problems dock."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from cmdmap.edit import partition as P
from cmdmap.edit.commands import EditError, SetGeometry
from cmdmap.model.check import ERROR, check
from cmdmap.model.counts import count
from cmdmap.model.pick import Picked
from cmdmap.model.reassign import reassignment
from cmdmap.ui.tools import grid_tools
from mouse import LEFT, at_world, centre_on, click, double_click, inside, send
from test_partition import assert_partition, shared_edge, shared_vertices


@pytest.fixture()
def win(own_window):
    """A window on a demo of its own: these tests edit it."""
    return own_window


def _shapes(doc):
    g = doc["grids"]
    return {int(f): g.geometry(int(f)).wkb for f in g.fid}


def _counts(win):
    return win.live_counts.table("grid").rows


def _movable_corner(doc, dx=25.0):
    """A corner shared by two grids whose move by dx reassigns a building, and is allowed."""
    for v, owners in shared_vertices(doc):
        target = (v[0] + dx, v[1])
        if not reassignment(doc, P.proposed_vertex_moves(doc, {v: target})):
            continue
        try:
            P.move_vertex(doc, v, target)
        except EditError:
            continue
        return v, target, owners
    raise AssertionError("no corner to drag")


def test_dragging_a_shared_corner_moves_both_grids_and_the_buildings_follow(win, qtbot):
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    v, target, owners = _movable_corner(doc)
    g, b = doc["grids"], doc["buildings"]
    before, counts_before = _shapes(doc), _counts(win)
    centre_on(canvas, v[0] + 12, v[1], mpp=0.25)
    win.tool_actions["edit-vertices"].trigger()
    tool = canvas.tool
    assert tool.tool_id == "edit-vertices"
    first = min(owners)
    # Pick the grid: a click well inside it (not on a corner or an edge).
    poly = g.geometry(first)
    inner = shapely.intersection(poly, shapely.Point(v).buffer(30)).buffer(-6)
    click(canvas, at_world(canvas, *inside(inner)))
    assert tool.target is not None and tool.target.fid == first
    start, end = at_world(canvas, *v), at_world(canvas, *target)
    send(canvas, QEvent.Type.MouseButtonPress, start)
    for k in range(1, 6):
        send(canvas, QEvent.Type.MouseMove, start + (end - start) * (k / 5), Qt.MouseButton.NoButton, LEFT)
    # While dragging: the buildings that change grid are highlighted and named.
    assert tool.moving_fids
    text = QToolTip.text()
    m = next(m for m in tool.moves if m.level == "grid")
    assert "移入" in text and str(b.value(m.fids[0], "number")) in text
    assert str(g.value(g.find(m.target), "name")) in text
    canvas.repaint()
    assert _shapes(doc) == before  # nothing stored before the drop
    send(canvas, QEvent.Type.MouseButtonRelease, end)
    after = _shapes(doc)
    moved = {f for f in after if after[f] != before[f]}
    assert owners <= moved
    for f in owners:
        assert P.rings.has_vertex(g.geometry(f), v) is False
    assert_partition(doc)
    for f in m.fids:
        assert doc.placement.codes_of("buildings", "grid")[b.row(f)] == m.target
        assert b.value(f, "grid") == m.target
    assert _counts(win) == count(doc, "grid").rows != counts_before
    assert len(win.undo_stack.done) == 1  # the whole drag is one step
    win.undo_action.trigger()
    assert _shapes(doc) == before and _counts(win) == counts_before
    win.redo_action.trigger()
    assert _shapes(doc) == after and _counts(win) == count(doc, "grid").rows


def test_split_by_a_drawn_line_then_merge_back(win, qtbot, monkeypatch):
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    g = doc["grids"]
    f = g.find("W01")
    poly = g.geometry(f)
    x0, y0, x1, y1 = poly.bounds
    cy = poly.centroid.y
    centre_on(canvas, (x0 + x1) / 2, cy, mpp=max(x1 - x0, y1 - y0) / 500)
    before, counts_before = _shapes(doc), _counts(win)
    win.tool_actions["split-grid"].trigger()
    click(canvas, at_world(canvas, x0 - 4, cy))
    double_click(canvas, at_world(canvas, x1 + 4, cy))
    new = g.find("W65")
    assert new is not None, win.statusBar().currentMessage()
    assert win.statusBar().currentMessage() == "已分割为 第1网格 和 第65网格。"
    parts = shapely.union_all([g.geometry(f), g.geometry(new)])
    assert shapely.symmetric_difference(parts, poly).area < 1e-6
    assert abs(g.geometry(f).area + g.geometry(new).area - poly.area) < 1e-6
    assert_partition(doc)
    assert _counts(win) == count(doc, "grid").rows
    # Merge them back: click one, then the other, and confirm.
    monkeypatch.setattr(grid_tools, "confirm_merge", lambda parent, names: True)
    win.tool_actions["merge-grids"].trigger()
    click(canvas, at_world(canvas, *inside(g.geometry(f))))
    click(canvas, at_world(canvas, *inside(g.geometry(new))))
    assert g.find("W65") is None and win.statusBar().currentMessage() == "已合并为 第1网格。"
    assert shapely.symmetric_difference(g.geometry(f), poly).area < 1e-6
    assert_partition(doc)
    merged_counts = _counts(win)
    assert [r["households"] for r in merged_counts] == [r["households"] for r in counts_before]
    win.undo_action.trigger()
    win.undo_action.trigger()
    assert _shapes(doc) == before and _counts(win) == counts_before
    win.redo_action.trigger()
    assert g.find("W65") is not None and _counts(win) == count(doc, "grid").rows


def test_a_split_line_that_does_not_cross_and_a_self_crossing_outline_are_refused(win, monkeypatch):
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    g = doc["grids"]
    c = g.geometry(g.find("W01")).centroid
    centre_on(canvas, c.x, c.y, mpp=0.25)
    before = _shapes(doc)
    win.tool_actions["split-grid"].trigger()
    click(canvas, at_world(canvas, c.x - 5, c.y))
    double_click(canvas, at_world(canvas, c.x + 5, c.y))
    assert "分割线没有完整穿过" in win.statusBar().currentMessage()
    monkeypatch.setattr(grid_tools, "ask_new_grid", lambda *a: pytest.fail("asked for a name"))
    win.tool_actions["draw-grid"].trigger()
    for x, y in ((c.x, c.y), (c.x + 30, c.y + 30), (c.x + 30, c.y)):
        click(canvas, at_world(canvas, x, y))
    double_click(canvas, at_world(canvas, c.x, c.y + 30))
    assert "自相交" in win.statusBar().currentMessage()
    assert _shapes(doc) == before and not win.undo_stack.done


def test_drawing_a_grid_asks_its_name_and_takes_the_area(win, monkeypatch):
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    g = doc["grids"]
    for v, _ in shared_vertices(doc):
        x, y = v
        outline = [(x - 15, y - 15), (x + 15, y - 15), (x + 15, y + 15), (x - 15, y + 15)]
        try:
            P.draw_grid(doc, outline, "grid", "W65", "第65网格")
        except EditError:
            continue
        break
    level = g.geom[g.column("level") == "grid"]
    expected = shapely.Polygon(outline).intersection(shapely.union_all(level)).area  # clipped to the grids
    asked = []
    monkeypatch.setattr(grid_tools, "ask_new_grid", lambda parent, code, name, level: asked.append((code, name)) or (code, name, level))
    centre_on(canvas, x, y, mpp=0.2)
    win.tool_actions["draw-grid"].trigger()
    for p in outline[:3]:
        click(canvas, at_world(canvas, *p))
    double_click(canvas, at_world(canvas, *outline[3]))
    assert asked == [("W65", "第65网格")]
    new = g.find("W65")
    assert new is not None and abs(g.geometry(new).area - expected) < 1e-3
    assert_partition(doc)


def _insert_a_corner_on_a_shared_edge(win):
    """With 编辑顶点, double-click the middle of an edge two grids share; the mouse then rests on
    the new corner. Returns the grids' shapes before and the grids sharing the edge."""
    doc, canvas = win.doc, win.canvas
    g = doc["grids"]
    a, b2, owners = shared_edge(doc)
    f = min(owners)
    mid = ((a[0] + b2[0]) / 2, (a[1] + b2[1]) / 2)
    centre_on(canvas, *mid, mpp=0.2)
    win.tool_actions["edit-vertices"].trigger()
    canvas.tool.target = Picked("grids", f)
    before = _shapes(doc)
    double_click(canvas, at_world(canvas, *mid))
    corner, = P.rings.coords_of(g.geometry(f)) - P.rings.coords_of(shapely.from_wkb(before[f]))
    send(canvas, QEvent.Type.MouseMove, at_world(canvas, *corner), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    return before, owners


def test_edit_vertices_inserts_on_double_click_and_deletes_with_the_key(win):
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    g = doc["grids"]
    before, owners = _insert_a_corner_on_a_shared_edge(win)
    assert len(win.undo_stack.done) == 1
    for k in owners:  # inserted in both neighbours
        assert len(shapely.get_coordinates(g.geometry(k))) == len(shapely.get_coordinates(shapely.from_wkb(before[k]))) + 1
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert _shapes(doc) == before and len(win.undo_stack.done) == 2


def test_a_building_corner_is_a_plain_reshape_of_that_building(win):
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    b = doc["buildings"]
    fid = int(b.fid[0])
    geom = b.geometry(fid)
    corner = tuple(map(float, shapely.get_coordinates(geom)[0]))
    centre_on(canvas, *corner, mpp=0.05)
    win.tool_actions["edit-vertices"].trigger()
    send(canvas, QEvent.Type.MouseButtonPress, at_world(canvas, *inside(geom)), LEFT,
         modifiers=Qt.KeyboardModifier.ControlModifier)
    send(canvas, QEvent.Type.MouseButtonRelease, at_world(canvas, *inside(geom)), LEFT)
    assert canvas.tool.target.layer == "buildings"
    start = at_world(canvas, *corner)
    send(canvas, QEvent.Type.MouseButtonPress, start)
    send(canvas, QEvent.Type.MouseMove, start + QPointF(10, 0), Qt.MouseButton.NoButton, LEFT)
    send(canvas, QEvent.Type.MouseButtonRelease, start + QPointF(10, 0))
    cmd, = win.undo_stack.done
    assert isinstance(cmd, SetGeometry) and list(cmd.new) == [fid]
    assert abs(shapely.get_coordinates(b.geometry(fid))[0][0] - corner[0] - 0.5) < 0.01


def test_the_problems_dock_lists_what_check_finds_and_shows_it(win, qtbot, tmp_path, capsys, monkeypatch):
    doc, canvas = win.doc, win.canvas
    dock = win.problems
    assert dock.toggleViewAction() in win.menuBar().actions()[1].menu().actions() or any(
        dock.toggleViewAction() in a.menu().actions() for a in win.menuBar().actions() if a.menu())
    qtbot.waitUntil(lambda: not dock.busy())  # checked on a worker thread
    assert len(dock.problems) == len(check(doc))
    g = doc["grids"]
    f, other = g.find("W01"), g.find("W02")
    bigger = shapely.union_all([g.geometry(f), g.geometry(other).buffer(-1)])
    win.undo_stack.push(SetGeometry(doc, "grids", {f: bigger}))  # an overlap no tool would make
    qtbot.waitUntil(lambda: any(p.key == "grid_overlap" for p in dock.problems), timeout=3000)
    row = next(i for i, p in enumerate(dock.problems) if p.key == "grid_overlap")
    item = dock.list.item(row)
    assert "重叠" in item.text()
    view = canvas.view
    dock._show(item)
    assert canvas.view != view
    assert dock.last_ms < 200  # fast enough to run after every change on a community
    assert dock.last_gui_ms < dock.last_ms  # the check itself ran off the GUI thread
    # `cmdmap check` on the same document says the same, line for line.
    from cmdmap.cli import main
    from cmdmap.store import gpkg
    monkeypatch.setenv("CMDMAP_LANG", "zh")
    path = tmp_path / "overlap.gpkg"
    gpkg.create(path, doc)
    assert main(["check", str(path)]) == 1
    printed = [line.split("] ", 1)[1] for line in capsys.readouterr().out.splitlines() if line.startswith("[")]
    assert printed == [dock.list.item(i).text() for i in range(dock.list.count())]
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: not any(p.severity == ERROR for p in dock.problems), timeout=3000)


def test_right_click_on_a_building_corner_removes_it_without_opening_the_building_menu(win):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    b = doc["buildings"]
    fid = int(b.fid[0])
    geom = b.geometry(fid)
    a, b2 = shapely.get_coordinates(geom)[:2]
    mid = tuple(map(float, (a + b2) / 2))
    centre_on(canvas, *mid, mpp=0.05)
    win.tool_actions["edit-vertices"].trigger()
    canvas.tool.target = Picked("buildings", fid)
    at = at_world(canvas, *mid)
    double_click(canvas, at)  # a corner in the middle of an edge: removing it leaves the spot on the building
    grown = b.geometry(fid)
    assert len(shapely.get_coordinates(grown)) == len(shapely.get_coordinates(geom)) + 1
    corner, = P.rings.coords_of(grown) - P.rings.coords_of(geom)
    c = grown.centroid
    d = np.subtract((c.x, c.y), corner)
    inward = np.add(corner, d / np.hypot(*d) * 4 * canvas.view.mpp)  # 4 px inside: on the building
    at = at_world(canvas, *inward)
    popups = []

    def close_popup():  # if a menu opened, note it and close it so the test cannot hang
        w = QApplication.activePopupWidget()
        if w is not None:
            popups.append(w)
            w.close()
    timer = QTimer()
    timer.timeout.connect(close_popup)
    timer.start(50)
    send(canvas, QEvent.Type.MouseButtonPress, at, Qt.MouseButton.RightButton)
    QApplication.sendEvent(canvas, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at.toPoint(), canvas.mapToGlobal(at.toPoint())))
    send(canvas, QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.RightButton)
    timer.stop()
    assert not popups
    assert b.geometry(fid).equals(geom) and len(win.undo_stack.done) == 2


def test_delete_on_a_corner_goes_to_the_tool_even_with_a_window_shortcut_on_delete(win, qtbot):
    from PySide6.QtGui import QAction, QKeySequence
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    fired = []
    other = QAction("delete feature", win)
    other.setShortcut(QKeySequence(Qt.Key.Key_Delete))
    other.triggered.connect(lambda: fired.append(True))
    win.addAction(other)
    before, _ = _insert_a_corner_on_a_shared_edge(win)
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert not fired and _shapes(doc) == before


def test_a_drag_that_would_be_refused_says_so_before_the_drop_and_changes_nothing(win):
    doc, canvas = win.doc, win.canvas
    canvas.snapping = False
    g = doc["grids"]
    v, owners = shared_vertices(doc)[0]
    f = min(owners)
    far = shapely.point_on_surface(g.geometry(max(owners)))
    target = (v[0] + (far.x - v[0]) * 3, v[1] + (far.y - v[1]) * 3)  # well across the neighbour
    centre_on(canvas, (v[0] + target[0]) / 2, (v[1] + target[1]) / 2,
              mpp=max(abs(target[0] - v[0]), abs(target[1] - v[1])) / 500)
    win.tool_actions["edit-vertices"].trigger()
    canvas.tool.target = Picked("grids", f)
    before = _shapes(doc)
    start, end = at_world(canvas, *v), at_world(canvas, *target)
    send(canvas, QEvent.Type.MouseButtonPress, start)
    send(canvas, QEvent.Type.MouseMove, end, Qt.MouseButton.NoButton, LEFT)
    assert canvas.tool.refusal and "未修改" in canvas.tool.refusal
    assert QToolTip.text() == canvas.tool.refusal
    canvas.repaint()
    send(canvas, QEvent.Type.MouseButtonRelease, end)
    assert _shapes(doc) == before and not win.undo_stack.done
    assert "未修改" in win.statusBar().currentMessage()


def test_a_closed_problems_dock_checks_again_when_shown(win, qtbot):
    dock = win.problems
    dock.hide()
    g = win.doc["grids"]
    f, other = g.find("W01"), g.find("W02")
    bigger = shapely.union_all([g.geometry(f), g.geometry(other).buffer(-1)])
    win.undo_stack.push(SetGeometry(win.doc, "grids", {f: bigger}))
    qtbot.wait(400)
    assert not any(p.key == "grid_overlap" for p in dock.problems)  # not checked while closed
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: any(p.key == "grid_overlap" for p in dock.problems), timeout=3000)
