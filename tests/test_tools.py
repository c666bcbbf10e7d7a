"""The Tools menu and toolbar: select and pan tools, keyboard panning, snapping, and the sketch
gesture every drawing tool shares (click points, double-click or Enter ends, Esc drops)."""

from __future__ import annotations

import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from cmdmap.model.pick import Picked
from cmdmap.model.snap import Snapper
from cmdmap.ui.tools.base import SketchTool
from mouse import at_world, centre_on, click, double_click, drag, hover, inside


def _a_building(doc):
    b = doc["buildings"]
    return int(b.fid[0]), b.geometry(int(b.fid[0]))


def test_the_tools_menu_lists_select_and_pan_with_shortcuts(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert any("Tools" in t or "工具" in t for t in titles)
    assert window.tool_actions["select"].isChecked()
    assert window.tool_actions["select"].shortcut().toString() == "S"
    window.tool_actions["pan"].trigger()
    assert window.canvas.tool.tool_id == "pan"
    assert window.tool_actions["pan"].isChecked()


def test_a_click_selects_with_the_select_tool_but_not_with_the_pan_tool(window):
    canvas = window.canvas
    fid, geom = _a_building(window.doc)
    centre_on(canvas, *inside(geom))
    middle = QPointF(canvas.width() / 2, canvas.height() / 2)
    window.tool_actions["pan"].trigger()
    click(canvas, middle)
    assert canvas.selected is None
    window.tool_actions["select"].trigger()
    click(canvas, middle)
    assert canvas.selected == Picked("buildings", fid)


def test_arrow_keys_and_the_middle_button_move_the_map(window):
    canvas = window.canvas
    before = canvas.view
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.view.cx > before.cx and canvas.view.cy == before.cy
    QTest.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.view.cy > before.cy
    v = canvas.view
    drag(canvas, QPointF(300, 300), QPointF(400, 300), button=Qt.MouseButton.MiddleButton)
    assert canvas.view.cx < v.cx  # dragging the map right shows what lies west


def test_snapping_finds_a_building_corner_before_its_edge(demo):
    snapper = Snapper(demo)
    try:
        _, geom = _a_building(demo)
        x, y = shapely.get_coordinates(geom.exterior)[0]
        s = snapper.snap(x + 0.3, y - 0.2, 1.0)
        assert (s.kind, s.x, s.y) == ("vertex", x, y)
        a, b = shapely.get_coordinates(geom.exterior)[:2]
        mid = (a + b) / 2
        s = snapper.snap(mid[0] + 0.01, mid[1] + 0.01, 0.5, layers=["buildings"])
        assert s.kind == "edge" and abs(s.x - mid[0]) < 0.02 and abs(s.y - mid[1]) < 0.02
    finally:
        snapper.close()


class _Outline(SketchTool):
    """A sketch tool that records what it was given (stands in for draw-grid, add-building…)."""

    tool_id = "outline-test"

    @staticmethod
    def title() -> str:
        return "outline"

    def finish(self, points):
        self.done = points


def test_a_sketch_collects_snapped_clicks_and_ends_on_double_click(window):
    canvas = window.canvas
    _, geom = _a_building(window.doc)
    corner = shapely.get_coordinates(geom.exterior)[0]
    centre_on(canvas, corner[0], corner[1], mpp=0.1)
    tool = _Outline(canvas)
    canvas.set_tool(tool)
    near_corner = at_world(canvas, corner[0] + 0.4, corner[1] + 0.3)  # 5 px off: snaps
    click(canvas, near_corner)
    click(canvas, QPointF(near_corner.x() + 80, near_corner.y()))
    hover(canvas, QPointF(near_corner.x() + 80, near_corner.y() + 60))
    canvas.repaint()  # the rubber band is drawn without error
    double_click(canvas, QPointF(near_corner.x() + 80, near_corner.y() + 60))
    assert len(tool.done) == 3
    assert tool.done[0] == (float(corner[0]), float(corner[1]))
    assert tool.points == []  # the release ending the double-click starts no new sketch


def test_escape_drops_a_sketch_and_backspace_takes_back_a_point(window):
    canvas = window.canvas
    tool = _Outline(canvas)
    canvas.set_tool(tool)
    canvas.snapping = False
    for p in (QPointF(100, 100), QPointF(200, 100), QPointF(200, 200)):
        click(canvas, p)
    QTest.keyClick(canvas, Qt.Key.Key_Backspace)
    assert len(tool.points) == 2
    QTest.keyClick(canvas, Qt.Key.Key_Return)  # two points are not an outline: keep sketching
    assert not hasattr(tool, "done") and len(tool.points) == 2
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert tool.points == []


def test_no_two_actions_share_a_shortcut(window):
    """Qt fires neither of two actions that share a key: every shortcut must be unique."""
    from PySide6.QtGui import QAction
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            k = key.toString()
            if k:
                assert k not in seen or seen[k] == action.text(), f"{k}: {seen.get(k)} / {action.text()}"
                seen[k] = action.text()
    assert {"V", "K", "J", "N", "M", "B", "G", "Ctrl+Z"} <= set(seen)
