"""Scanned plans under the map: stored in the file, drawn in place, added and removed undoably."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter

from cmdmap.edit import UndoStack
from cmdmap.edit.backdrops import AddBackdrop, RemoveBackdrop, SetBackdropOpacity
from cmdmap.model.backdrops import Backdrop
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from cmdmap.store import gpkg
from small_doc import small_doc

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
# Image pixel (column, row) -> world metres: 1 m a pixel, the top-left corner at (0, 100).
PIXELS = [(0, 0), (100, 0), (0, 50), (100, 50)]
WORLD = [(0, 100), (100, 100), (0, 50), (100, 50)]


def plan_png(fmt: str = "PNG") -> bytes:
    """A 100×50 'scan': the left half magenta, the right half cyan."""
    img = QImage(100, 50, QImage.Format.Format_RGB32)
    img.fill(QColor("#00ffff"))
    p = QPainter(img)
    p.fillRect(0, 0, 50, 50, QColor("#ff00ff"))
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, fmt)
    return bytes(data.data())


def backdrop(opacity: float = 1.0) -> Backdrop:
    return Backdrop.fitted("plan1", "果林溪谷总平面图", plan_png(), "png", 100, 50, "affine", PIXELS, WORLD, opacity)


def render(doc, renderer=None, hidden=frozenset()):
    renderer = renderer or MapRenderer(doc)
    view = ViewTransform.fit((0, 0, 200, 100), 800, 400)
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    renderer.render(p, view, RenderOptions(labels=False, hidden=hidden))
    p.end()
    return image, view


def colour(image, view, x, y) -> QColor:
    px, py = view.world_to_device(x, y)
    return QColor(image.pixel(int(px), int(py)))


def test_the_fit_maps_the_corners_exactly():
    b = backdrop()
    assert b.bounds() == pytest.approx((0, 50, 100, 100))
    assert max(b.fit.residuals) < 0.01


def test_add_remove_and_opacity_are_undoable(cmdmap_app):
    doc = small_doc()
    stack = UndoStack(doc)
    stack.push(AddBackdrop(doc, backdrop(0.5)))
    assert [b.code for b in doc.backdrops] == ["plan1"] and doc.is_modified()
    stack.push(SetBackdropOpacity(doc, "plan1", 0.8))
    assert doc.backdrops[0].opacity == 0.8
    stack.push(RemoveBackdrop(doc, "plan1"))
    assert doc.backdrops == []
    stack.undo()
    stack.undo()
    assert doc.backdrops[0].opacity == 0.5
    stack.undo()
    assert doc.backdrops == []


def test_the_plan_shows_under_the_map_at_its_place(cmdmap_app):
    doc = small_doc()
    plain, view = render(doc)
    doc.backdrops.append(backdrop(1.0))
    renderer = MapRenderer(doc)
    shown, _ = render(doc, renderer)
    west, east = colour(shown, view, 25, 55), colour(shown, view, 75, 55)
    assert west.red() - west.green() > 60 and west.blue() - west.green() > 60      # magenta, under grid tints
    assert east.green() - east.red() > 60 and east.blue() - east.red() > 60        # cyan
    # Buildings are drawn over the plan (it barely shows through); outside the plan nothing changed.
    a, b = colour(shown, view, 25, 75), colour(plain, view, 25, 75)
    assert max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 40
    assert colour(shown, view, 25, 30) == colour(plain, view, 25, 30)
    assert colour(shown, view, 150, 55) == colour(plain, view, 150, 55)
    hidden, _ = render(doc, renderer, hidden=frozenset({"backdrops"}))
    assert colour(hidden, view, 25, 55) == colour(plain, view, 25, 55)


def test_a_saved_plan_reopens_in_place_and_the_file_stays_valid(cmdmap_app, tmp_path):
    doc = small_doc()
    path = tmp_path / "plan.gpkg"
    gpkg.create(path, doc)
    doc = gpkg.open_document(path)
    UndoStack(doc).push(AddBackdrop(doc, backdrop(0.4)))
    gpkg.save(doc, path)   # an incremental save adds the table
    again = gpkg.open_document(path)
    assert len(again.backdrops) == 1
    b = again.backdrops[0]
    assert (b.name, b.opacity, b.width, b.height, b.image) == ("果林溪谷总平面图", 0.4, 100, 50, plan_png())
    assert b.bounds() == pytest.approx((0, 50, 100, 100))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'cmdmap_backdrops'").fetchone() == ("attributes",)
    if not VALIDATOR.is_file():
        pytest.skip("GDAL's validate_gpkg.py is not installed (python3-gdal)")
    r = subprocess.run([sys.executable, str(VALIDATOR), "--extra", "-k", str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and not r.stdout.strip() and not r.stderr.strip(), r.stdout + r.stderr
    # A whole new file (Save As) carries it too.
    gpkg.save_as(again, tmp_path / "copy.gpkg")
    assert gpkg.open_document(tmp_path / "copy.gpkg").backdrops[0].image == plan_png()


# -- the window ------------------------------------------------------------------------------------

def big_plan(tmp_path) -> Path:
    img = QImage(400, 300, QImage.Format.Format_RGB32)
    img.fill(QColor("#fffbe6"))
    p = QPainter(img)
    p.setPen(QColor("#303030"))
    for i in range(0, 400, 40):
        p.drawLine(i, 0, i, 300)
    for j in range(0, 300, 40):
        p.drawLine(0, j, 400, j)
    p.end()
    path = tmp_path / "总平面图.png"
    img.save(str(path))
    return path


def test_the_dialog_places_a_plan_from_clicked_pairs(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint, Qt, QTimer
    from cmdmap.ui.georef_dialog import add_scanned_plan

    xmin, ymin, xmax, ymax = window.canvas.renderer.extent()
    scale = (xmax - xmin) / 400.0

    def world_of(c, r):
        return xmin + c * scale, ymax - r * scale

    seen: dict = {}

    def click(pane, x, y):
        pt = pane.device_point(x, y)
        qtbot.mouseClick(pane, Qt.MouseButton.LeftButton, pos=QPoint(round(pt.x()), round(pt.y())))

    def drive():
        dlg = window.georef_dialog
        try:
            ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
            pairs = [(40, 40), (360, 40), (60, 260), (340, 250)]
            for i, (c, r) in enumerate(pairs):
                assert ok.isEnabled() == (i == 3)
                click(dlg.plan, c, -r)
                x, y = world_of(c, r)
                if i == 3:
                    x += 150.0  # a wrong click on the map
                click(dlg.map, x, y)
            seen["residuals"] = [float(dlg.table.item(r, 4).text()) for r in range(dlg.table.rowCount())]
            seen["flag"] = dlg.table.item(3, 5).text()
            seen["worst_bg"] = dlg.table.item(3, 0).background().color().name()
            dlg.grab().save(str(tmp_path / "georef.png"))
            dlg.table.selectRow(3)
            dlg.delete_button.click()
            seen["after"] = [float(dlg.table.item(r, 4).text()) for r in range(dlg.table.rowCount())]
            ok.click()
        finally:
            if dlg.isVisible():
                dlg.reject()

    QTimer.singleShot(0, drive)
    plan = add_scanned_plan(window, str(big_plan(tmp_path)))
    res = seen["residuals"]
    assert len(res) == 4 and res.index(max(res)) == 3 and max(res) > 30
    assert seen["flag"] and seen["worst_bg"] == "#f8d0d0"
    assert len(seen["after"]) == 3
    assert plan is not None and plan.name == "总平面图"
    assert window.doc.backdrops == [plan]
    corner = plan.fit.apply([[400, 300]])[0]  # a click is exact to a screen pixel, a few metres here
    assert corner == pytest.approx(world_of(400, 300), abs=4 * scale)
    legend = window.legend.backdrops
    qtbot.waitUntil(lambda: not legend.root.isHidden())
    window.grab().save(str(tmp_path / "window.png"))
    assert legend.root.childCount() == 1 and legend.root.child(0).text(0) == "总平面图"
    legend.root.setCheckState(0, Qt.CheckState.Unchecked)         # the legend's tick hides the plans
    assert "backdrops" in window.canvas.options.hidden
    legend.root.setCheckState(0, Qt.CheckState.Checked)
    assert "backdrops" not in window.canvas.options.hidden
    legend.set_opacity(plan.code, 0.3)
    assert window.doc.backdrops[0].opacity == 0.3
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.doc.backdrops == []


def test_map_points_can_be_typed_in_metres_or_longitude_latitude(cmdmap_app, qtbot):
    from cmdmap.store.chinacoords import wgs84_to_gcj02
    from cmdmap.ui.georef_dialog import GeorefDialog, typed_point

    doc = small_doc()
    dlg = GeorefDialog(doc, plan_png(), "plan")
    qtbot.addWidget(dlg)
    dlg.typed.setText("12, 34")
    dlg.use_typed()
    assert dlg.world == [] and "扫描平面图" in dlg.hint.text()      # no plan point yet
    dlg.plan.picked.emit(10.0, -20.0)
    dlg.typed.setText("120.5，88")
    dlg.typed_button.click()
    assert dlg.pixels == [(10.0, 20.0)] and dlg.world == [(120.5, 88.0)]
    # AMap's offset coordinates land where the GPS ones do (within a metre).
    gps = typed_point("102.71, 25.04", "wgs84", 4543)
    lng, lat = wgs84_to_gcj02(102.71, 25.04)
    amap = typed_point(f"{float(lng)},{float(lat)}", "gcj02", 4543)
    assert abs(gps[0] - amap[0]) < 1 and abs(gps[1] - amap[1]) < 1
    assert typed_point("not a point", "map", 4543) is None and typed_point("500, 95", "wgs84", 4543) is None
