"""View > 楼栋着色: buildings coloured by grid, by isolation load, or by staff coverage, chosen from
the menu; an edit to the staff assignments shows at the next frame."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QColor, QImage, QPainter

from cmdmap.edit.commands import SetAttributes
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from cmdmap.render.colourings import (ISOLATION_CLASSES, STAFF_CLASSES, building_colours, has_building_head,
                                      isolated_per_building)


@pytest.fixture(scope="module")
def demo():
    from cmdmap.demo import build_demo
    return build_demo()


def _colour_at_building(renderer, row: int, doc, mode: str) -> QColor:
    """The colour drawn at a point inside building `row` (away from its label and markers)."""
    geom = doc["buildings"].geom[row]
    view = ViewTransform.fit(shapely.buffer(geom, 40).bounds, 400, 300)
    inner = shapely.buffer(geom, -1.0)
    x, y = shapely.get_coordinates(inner.exterior)[0]
    px, py = view.world_to_device(x, y)
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    renderer.render(p, view, RenderOptions(labels=False, colouring=mode,
                                           hidden=frozenset({"risk_zones", "sites", "events", "gates"})))
    p.end()
    return image.pixelColor(round(px), round(py))


def _close(a: QColor, b: str, tol: int = 40) -> bool:
    c = QColor(b)
    return abs(a.red() - c.red()) < tol and abs(a.green() - c.green()) < tol and abs(a.blue() - c.blue()) < tol


def test_staff_colouring_makes_buildings_without_a_head_stand_out(cmdmap_app, demo):
    r = MapRenderer(demo)
    heads = has_building_head(demo)
    assert heads.any() and (~heads).any()
    without = int(np.nonzero(~heads)[0][np.argmax(shapely.area(demo["buildings"].geom[~heads]))])
    with_ = int(np.nonzero(heads)[0][np.argmax(shapely.area(demo["buildings"].geom[heads]))])
    assert _close(_colour_at_building(r, without, demo, "staff"), STAFF_CLASSES[1][0])
    assert _close(_colour_at_building(r, with_, demo, "staff"), STAFF_CLASSES[0][0])
    # The building head leaves: the building turns red at the next frame.
    a = demo["assignments"]
    code = demo["buildings"].column("code")[with_]
    rows = np.nonzero((a.column("target") == code) & (a.column("role") == "building_head"))[0]
    cmds = [SetAttributes(demo, "assignments", int(a.fid[i]), {"role": "volunteer"}) for i in rows]
    for c in cmds:
        c.do(demo)
    try:
        assert _close(_colour_at_building(r, with_, demo, "staff"), STAFF_CLASSES[1][0])
    finally:
        for c in reversed(cmds):
            c.undo(demo)
    assert _close(_colour_at_building(r, with_, demo, "staff"), STAFF_CLASSES[0][0])
    r.close()


def test_isolation_colouring_follows_the_number_isolated(cmdmap_app, demo):
    r = MapRenderer(demo)
    n = isolated_per_building(demo)
    colours = building_colours(demo, "isolation")
    busiest = int(np.argmax(n))
    assert n[busiest] >= 10 and colours[busiest] == ISOLATION_CLASSES[-1][1]
    assert _close(_colour_at_building(r, busiest, demo, "isolation"), ISOLATION_CLASSES[-1][1])
    none = np.nonzero(n == 0)[0]
    row = int(none[np.argmax(shapely.area(demo["buildings"].geom[none]))])
    assert _close(_colour_at_building(r, row, demo, "isolation"), ISOLATION_CLASSES[0][1], 25)
    # And by grid again: the grid's own colour.
    grid_colour = building_colours(demo, "grid")[row]
    assert _close(_colour_at_building(r, row, demo, "grid"), grid_colour)
    r.close()


def test_the_view_menu_switches_the_colouring_and_the_legend_explains_it(cmdmap_app, qtbot, demo):
    from cmdmap.ui.window import MainWindow
    win = MainWindow(demo, None, lang="zh")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.canvas.options.colouring == "grid" and win.legend.colouring_rows() == []
    assert win.colouring.menu.title().startswith("楼栋着色")
    win.colouring.actions["staff"].trigger()
    assert win.canvas.options.colouring == "staff"
    assert win.legend.colouring_rows() == [(t, QColor(c).name()) for c, t, _ in STAFF_CLASSES]
    win.colouring.actions["grid"].trigger()
    assert win.canvas.options.colouring == "grid" and win.legend.colouring_rows() == []
