"""The 图例 dock: unticking a layer takes it off the map (and out of reach of clicks); the grid
list shows each grid's colour as on the map and its household total."""

from __future__ import annotations

import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cmdmap.model.counts import count
from cmdmap.render.layers import building_grid_colors


def _centre_of_a_big_building(canvas, demo):
    b = demo["buildings"]
    row = int(shapely.area(b.geom).argmax())
    geom = b.geom[row]
    canvas.zoom_to_bounds(geom.bounds, 120.0)
    p = shapely.point_on_surface(geom)
    # Away from the label, which sits at the centroid.
    inner = shapely.buffer(geom, -2.0)
    q = shapely.get_coordinates(inner.exterior)[0] if not inner.is_empty else (p.x, p.y)
    return row, canvas.view.world_to_device(q[0], q[1])


def _rgb(c: QColor) -> tuple[int, int, int]:
    return c.red(), c.green(), c.blue()


def test_unticking_a_layer_takes_it_off_the_map(window, demo, qtbot):
    canvas = window.canvas
    row, (x, y) = _centre_of_a_big_building(canvas, demo)
    grid_colour = QColor(building_grid_colors(demo)[row])
    canvas.repaint()
    drawn = canvas.grab().toImage().pixelColor(round(x), round(y))
    assert max(abs(a - b) for a, b in zip(_rgb(drawn), _rgb(grid_colour))) < 40  # the building shows

    item = window.legend.layer_items["buildings"]
    assert item.text(0) == "楼栋" and item.checkState(0) == Qt.CheckState.Checked
    item.setCheckState(0, Qt.CheckState.Unchecked)           # what a click on the tick does
    assert "buildings" in canvas.options.hidden
    canvas.repaint()
    hidden = canvas.grab().toImage().pixelColor(round(x), round(y))
    # Gone: what shows is the grid's light wash, far paler than the building was.
    assert sum(_rgb(hidden)) > sum(_rgb(drawn)) + 60
    # And a click there no longer picks the building.
    from PySide6.QtCore import QPointF
    picked = canvas.feature_at(QPointF(x, y))
    assert picked is None or picked.layer != "buildings"

    item.setCheckState(0, Qt.CheckState.Checked)
    assert "buildings" not in canvas.options.hidden
    canvas.repaint()
    again = canvas.grab().toImage().pixelColor(round(x), round(y))
    assert _rgb(again) == _rgb(drawn)


def test_the_grid_list_shows_colours_and_households(window, demo):
    rows = window.legend.grid_rows()
    grids = demo["grids"]
    assert len(rows) == len(grids)
    per_grid = {r["code"]: r["households"] for r in count(demo, by="grid").rows}
    for code, households in per_grid.items():
        name, swatch, shown = rows[code]
        assert name == grids.value(grids.find(code), "name")
        assert swatch == QColor(grids.value(grids.find(code), "color")).name()
        assert shown == str(households)
    zones = {r["code"]: r["households"] for r in count(demo, by="zone").rows}
    assert sum(zones.values()) == count(demo).total["households"]
    assert all(rows[c][2] == str(h) for c, h in zones.items())


def test_the_grid_list_follows_an_edit(window, demo, qtbot):
    from cmdmap.edit.commands import SetAttributes
    b = demo["buildings"]
    fid = int(b.fid[0])
    grid = b.value(fid, "grid")
    before = int(window.legend.grid_rows()[grid][2])
    cmd = SetAttributes(demo, "buildings", fid, {"households": b.value(fid, "households") + 7})
    cmd.do(demo)
    try:
        qtbot.waitUntil(lambda: int(window.legend.grid_rows()[grid][2]) == before + 7, timeout=2000)
    finally:
        cmd.undo(demo)
