"""The main window as a user meets it: the map on the demo community, the totals, panning and
zooming with the mouse, the status bar, Chinese by default, and bad files refused politely."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from cmdmap.model.counts import count
from cmdmap.ui.app import install_translator
from cmdmap.ui.lang import ui_language
from cmdmap.ui.window import MainWindow


def _demo_doc():
    from cmdmap.demo import build_demo
    return build_demo()


def _mouse(widget, kind, pos: QPointF, buttons):
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    ev = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def test_window_opens_on_the_whole_demo(window, demo):
    assert demo.name in window.windowTitle()
    assert "演示" in window.windowTitle()
    canvas = window.canvas
    assert canvas.view is not None
    x0, y0, x1, y1 = canvas.view.world_bounds
    e = canvas.renderer.extent()
    assert x0 <= e[0] and y0 <= e[1] and x1 >= e[2] and y1 >= e[3]
    image = canvas.grab().toImage()
    assert image.width() == canvas.width()
    assert canvas.last_stats.paths > 0  # the map was drawn at paint time


def test_totals_dock_shows_the_community_households(window, demo):
    total = count(demo).total
    values = window.totals.values()
    assert values["households"] == str(total["households"])
    assert values["residents"] == str(total["residents"])
    assert values["isolated.home"] == str(total["isolated"]["home"])
    assert values["staff.grid_worker"] == str(total["staff"]["grid_worker"])
    assert window.totals.windowTitle() == "社区总数"


def test_wheel_zooms_about_the_cursor(window):
    canvas = window.canvas
    before = canvas.view
    pos = QPointF(300.0, 200.0)
    under = before.device_to_world(pos.x(), pos.y())
    ev = QWheelEvent(pos, canvas.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, ev)
    after = canvas.view
    assert after.mpp < before.mpp
    assert after.device_to_world(pos.x(), pos.y()) == pytest.approx(under, abs=0.5 * after.mpp)


def test_wheel_notches_land_on_scales_that_recur(window):
    """In two notches and back out one: the scale of the first notch again (its tiles serve)."""
    canvas = window.canvas
    pos = QPointF(350.0, 260.0)
    under = canvas.view.device_to_world(pos.x(), pos.y())
    scales = []
    for dy in (120, 120, -120):
        ev = QWheelEvent(pos, canvas.mapToGlobal(pos), QPoint(0, 0), QPoint(0, dy), Qt.MouseButton.NoButton,
                         Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(canvas, ev)
        scales.append(canvas.view.mpp)
        assert canvas.view.device_to_world(pos.x(), pos.y()) == pytest.approx(under, abs=0.5 * canvas.view.mpp)
    assert scales[0] > scales[1] and scales[2] == scales[0]


def test_drag_pans_the_map(window, qtbot):
    canvas = window.canvas
    canvas.repaint()
    frames = []
    canvas.rendered.connect(frames.append)
    start, end = QPointF(500.0, 400.0), QPointF(620.0, 330.0)
    grabbed = canvas.view.device_to_world(start.x(), start.y())
    _mouse(canvas, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    _mouse(canvas, QEvent.Type.MouseMove, QPointF(560.0, 370.0), Qt.MouseButton.LeftButton)
    _mouse(canvas, QEvent.Type.MouseMove, end, Qt.MouseButton.LeftButton)
    # The point grabbed is now under the hand.
    assert canvas.view.device_to_world(end.x(), end.y()) == pytest.approx(grabbed, abs=1e-6)
    canvas.repaint()
    assert frames == []  # while the hand moves, the last frame is shifted, not redrawn
    qtbot.waitUntil(lambda: len(frames) == 1, timeout=2000)  # the hand rests: a full frame
    _mouse(canvas, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    canvas.repaint()
    assert canvas._image_view == canvas.view


def test_status_bar_shows_position_scale_and_crs(window):
    canvas = window.canvas
    _mouse(canvas, QEvent.Type.MouseMove, QPointF(100.0, 100.0), Qt.MouseButton.NoButton)
    x, y = canvas.view.device_to_world(100.0, 100.0)
    assert f"{x:.1f}" in window.position_label.text() and "米" in window.position_label.text()
    assert window.scale_label.text().startswith("比例尺 1:")
    assert "CGCS2000" in window.crs_label.text() or "EPSG" in window.crs_label.text()


def test_file_menu_speaks_chinese(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert "文件(&F)" in titles
    assert window.open_action.text().startswith("打开") and window.quit_action.text().startswith("退出")


def test_the_application_font_is_the_bundled_cjk_font(cmdmap_app):
    from PySide6.QtGui import QFontInfo

    from cmdmap.render.fonts import FONT_FAMILY

    assert QApplication.font().families()[0] == FONT_FAMILY
    assert QFontInfo(QApplication.font()).family() == FONT_FAMILY


def test_english_when_asked(cmdmap_app):
    try:
        install_translator(cmdmap_app, "en")
        assert QCoreApplication.translate("TotalsDock", "Community totals") == "Community totals"
    finally:
        install_translator(cmdmap_app, "zh")
    assert QCoreApplication.translate("TotalsDock", "Community totals") == "社区总数"


@pytest.mark.parametrize("env, lang", [
    ({}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "CMDMAP_LANG": "en"}, "en"),
    ({"LANG": "en_US.UTF-8", "CMDMAP_LANG": "zh"}, "zh"),
])
def test_ui_language_from_the_environment(monkeypatch, env, lang):
    for var in ("CMDMAP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert ui_language() == lang


def test_a_bad_file_is_refused_with_a_message_and_left_alone(cmdmap_app, chinese, tmp_path, monkeypatch):
    from cmdmap.ui import app as app_module

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append((title, text))))
    bad = tmp_path / "笔记.gpkg"
    bad.write_bytes(b"not a geopackage at all")
    before = (bad.read_bytes(), os.stat(bad).st_mtime_ns)
    status = app_module.run(str(bad))
    assert status != 0
    assert len(shown) == 1 and shown[0][0] == "无法打开文件"
    assert "笔记.gpkg" in shown[0][1]
    assert (bad.read_bytes(), os.stat(bad).st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["笔记.gpkg"]  # no journal, no sidecar


def test_totals_and_map_follow_an_edit(cmdmap_app, qtbot):
    from cmdmap.edit.commands import SetAttributes

    doc = _demo_doc()
    win = MainWindow(doc, None, lang="zh")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.live_counts.ready)  # counted right after the first frame
    before = int(win.totals.values()["households"])
    b = doc["buildings"]
    fid = int(b.fid[0])
    qtbot.wait(50)           # let the window settle (layout, first frame)
    win.canvas.repaint()
    frames = []
    win.canvas.rendered.connect(frames.append)
    SetAttributes(doc, "buildings", fid, {"households": b.value(fid, "households") + 10}).do(doc)
    qtbot.waitUntil(lambda: int(win.totals.values()["households"]) == before + 10, timeout=2000)
    assert frames == []  # a count changed, the map did not: no redraw
    grid = doc["grids"].find(doc["grids"].column("code")[-1])
    SetAttributes(doc, "grids", grid, {"color": "#123456"}).do(doc)
    assert win.canvas._stale and frames == []  # redrawn at the next paint, not inside the edit
    qtbot.waitUntil(lambda: len(frames) == 1, timeout=2000)


def test_closing_the_window_lets_go_of_the_document(cmdmap_app, qtbot):
    doc = _demo_doc()
    listening = len(doc._listeners)
    win = MainWindow(doc, None, lang="zh")
    assert len(doc._listeners) > listening
    win.close()
    assert len(doc._listeners) == listening


def test_file_open_opens_a_gpkg_in_a_new_window(cmdmap_app, chinese, qtbot, tmp_path, monkeypatch):
    from cmdmap.store.gpkg import create
    from cmdmap.ui.window import open_in_window

    path = tmp_path / "果林社区.gpkg"
    create(path, _demo_doc())
    win = open_in_window(str(path))
    qtbot.addWidget(win)
    assert win is not None and "果林社区.gpkg" in win.windowTitle()
    qtbot.waitUntil(lambda: win.live_counts.ready)  # counted right after the first frame
    assert win.totals.values()["households"] == str(count(win.doc).total["households"])

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    assert open_in_window(str(tmp_path / "没有这个文件.gpkg")) is None
    assert len(shown) == 1 and "没有这个文件.gpkg" in shown[0]


def test_every_ui_string_has_a_chinese_translation(tmp_path):
    import shutil
    import subprocess
    import xml.etree.ElementTree as ET
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    ts = root / "resources" / "i18n" / "cmdmap_zh_CN.ts"
    assert (root / "resources" / "i18n" / "cmdmap_zh_CN.qm").is_file()
    shipped = {m.findtext("source"): m.find("translation") for m in ET.parse(ts).getroot().iter("message")}
    assert all(t is not None and t.get("type") is None and t.text for t in shipped.values())
    lupdate = shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate not on PATH")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for d in ("cmdmap/ui", "cmdmap/render") for p in (root / d).rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    assert in_code <= set(shipped), f"run tools/update_translations.py and translate: {in_code - set(shipped)}"
