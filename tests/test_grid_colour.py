"""A grid's colour set by hand: right-click a grid on the map or in the legend, pick a colour; the
buildings of that grid are drawn in it, the legend shows it, Undo puts the old one back, and it
is in the file after saving and opening again. "Reset to automatic colour" gives a colour no
neighbour wears."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QColorDialog

from cmdmap.edit import EditError
from cmdmap.edit.grid_colour import SetGridColour
from cmdmap.model.colouring import adjacency
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from cmdmap.render.style import BACKGROUND
from cmdmap.store.gpkg import open_document, save_as
from small_doc import small_doc

PICKED = "#123456"


def _over(bottom: tuple[int, int, int], top: str, alpha: float) -> tuple[int, int, int]:
    t = QColor(top)
    return tuple(round(b * (1 - alpha) + c * alpha) for b, c in zip(bottom, (t.red(), t.green(), t.blue())))


def _building_colour(colour: str) -> tuple[int, int, int]:
    """A building's pixel: its grid's light fill over the paper, then the building's strong fill."""
    bg = QColor(BACKGROUND)
    return _over(_over((bg.red(), bg.green(), bg.blue()), colour, 0.18), colour, 0.85)


def _close(c: QColor, rgb, tol: int = 5) -> bool:
    return all(abs(a - b) <= tol for a, b in zip((c.red(), c.green(), c.blue()), rgb))


def _drawn(renderer: MapRenderer, view: ViewTransform, x: float, y: float) -> QColor:
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    renderer.render(p, view, RenderOptions(labels=False))
    p.end()
    px, py = view.world_to_device(x, y)
    return image.pixelColor(int(px), int(py))


def _a_building_and_its_grid(doc):
    """A point inside a building and the fid of the finest grid holding it."""
    b, grids, p = doc["buildings"], doc["grids"], doc.placement
    for lv in ("micro", "grid"):
        where = p.where["buildings"][lv]
        rows = np.nonzero(where >= 0)[0]
        if len(rows):
            row = int(rows[0])
            grid_row = int(p.levels[lv].rows[where[row]])
            # Near a corner, inside: away from the label and details in the middle.
            inner = shapely.buffer(b.geom[row], -1.5)
            pt = shapely.get_coordinates(inner)[0] if not inner.is_empty else shapely.get_coordinates(
                shapely.point_on_surface(b.geom[row]))[0]
            return float(pt[0]), float(pt[1]), int(grids.fid[grid_row])
    raise AssertionError("no building in a grid")


def test_a_set_colour_is_drawn_undone_and_kept_in_the_file(cmdmap_app, tmp_path):
    doc = small_doc()
    x, y, grid = 75.0, 25.0, doc["grids"].find("W2")  # 甲园-3栋 lies in 网格2
    renderer = MapRenderer(doc)
    view = ViewTransform.fit(renderer.extent(), 800, 450)
    before = _drawn(renderer, view, x, y)
    cmd = SetGridColour(doc, grid, PICKED)
    cmd.do(doc)
    assert _close(_drawn(renderer, view, x, y), _building_colour(PICKED))
    # The renderer patched its caches: the same picture as one drawn from scratch.
    assert _drawn(MapRenderer(doc), view, x, y) == _drawn(renderer, view, x, y)
    save_as(doc, tmp_path / "t.gpkg")
    cmd.undo(doc)
    assert _drawn(renderer, view, x, y) == before
    again = open_document(tmp_path / "t.gpkg")
    assert again["grids"].value(grid, "color") == PICKED
    assert _close(_drawn(MapRenderer(again), view, x, y), _building_colour(PICKED))


def test_reset_gives_a_colour_no_neighbour_wears(cmdmap_app):
    doc = small_doc()
    grids = doc["grids"]
    w2 = grids.find("W2")
    cmd = SetGridColour(doc, w2, None)
    cmd.do(doc)
    level = grids.column("level")
    same = np.nonzero(level == "grid")[0]
    i, j = adjacency(grids.geom[same])
    colours = grids.column("color")[same]
    assert not np.any(colours[i] == colours[j])
    with pytest.raises(EditError) as err:
        SetGridColour(doc, w2, "red")
    assert err.value.key == "bad_colour"


def test_right_click_menus_set_and_reset_a_grid_colour(window, qtbot, monkeypatch):
    doc, canvas, menu = window.doc, window.canvas, window.grid_colour_menu
    x, y, grid = _a_building_and_its_grid(doc)
    code = doc["grids"].value(grid, "code")
    old = doc["grids"].value(grid, "color")
    canvas.set_view(ViewTransform(x, y, 0.25, canvas.width(), canvas.height(), canvas.view.dpi))
    px, py = canvas.view.world_to_device(x, y)
    assert menu.grid_at(px, py) is None  # a building: its own menu (registers) answers there
    # Somewhere in the grid where no building stands: the grid's menu.
    g = doc["grids"].geometry(grid)
    free = g.difference(shapely.union_all(doc["buildings"].geom)).point_on_surface()
    canvas.set_view(ViewTransform(free.x, free.y, canvas.view.mpp, canvas.width(), canvas.height(), canvas.view.dpi))
    cx, cy = canvas.view.world_to_device(free.x, free.y)
    assert menu.grid_at(cx, cy) == grid

    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor(PICKED)))
    set_colour, reset = menu.menu_for(grid).actions()
    assert set_colour.text() == "设置网格颜色…" and reset.text() == "恢复自动颜色"
    set_colour.trigger()
    canvas.set_view(ViewTransform(x, y, canvas.view.mpp, canvas.width(), canvas.height(), canvas.view.dpi))
    canvas.render_now()
    bx, by = canvas.view.world_to_device(x, y)
    dpr = canvas._image.devicePixelRatio()
    assert _close(canvas._image.pixelColor(int(bx * dpr), int(by * dpr)), _building_colour(PICKED))
    qtbot.waitUntil(lambda: window.legend.grid_rows()[code][1] == PICKED)

    window.undo_stack.undo()
    assert doc["grids"].value(grid, "color") == old
    qtbot.waitUntil(lambda: window.legend.grid_rows()[code][1] == QColor(old).name())

    # The legend's grid list has the same menu.
    tree = window.legend.tree
    item = window.legend.grid_items[code]
    tree.scrollToItem(item)
    assert menu.legend_grid_at(tree.visualItemRect(item).center()) == grid
    menu.menu_for(grid).actions()[1].trigger()
    auto = doc["grids"].value(grid, "color")
    window.undo_stack.undo()
    assert doc["grids"].value(grid, "color") == old and isinstance(auto, str) and auto.startswith("#")
