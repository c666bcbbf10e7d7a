"""After a building is moved, the renderer rebuilds only the chunks it touched, and the frame is the
same as one drawn from scratch — including a move into another grid (another colour)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
import shapely.affinity
from PySide6.QtGui import QImage, QPainter

from cmdmap.edit.commands import SetGeometry
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from cmdmap.render.layers import building_grid_colors


@pytest.fixture()
def demo():
    from cmdmap.demo import build_demo
    return build_demo()


def _frame(r: MapRenderer, view: ViewTransform) -> QImage:
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    r.render(p, view, RenderOptions(labels=True))
    p.end()
    return image


def test_a_moved_building_is_redrawn_without_rebuilding_every_building(cmdmap_app, demo):
    b = demo["buildings"]
    colours = building_grid_colors(demo)
    # Two buildings in grids of different colours; move the first onto open ground beside the second.
    a_row = 0
    other = np.nonzero(colours != colours[a_row])[0]
    b_row = int(other[0])
    geom_a, geom_b = b.geom[a_row], b.geom[b_row]
    target = shapely.affinity.translate(geom_a, geom_b.centroid.x - geom_a.centroid.x,
                                        geom_b.centroid.y - geom_a.centroid.y)
    view = ViewTransform.fit(shapely.union(geom_a, target).buffer(20).bounds, 900, 700)

    r = MapRenderer(demo)
    _frame(r, view)
    first_fills = len(r._cache["buildings"].fills)
    SetGeometry(demo, "buildings", {int(b.fid[a_row]): target}).do(demo)
    after = _frame(r, view)
    assert "buildings" not in r.stats.rebuilt          # patched, not rebuilt
    assert len(r._cache["buildings"].fills) >= first_fills - 1

    fresh = MapRenderer(demo)
    expected = _frame(fresh, view)
    assert after == expected                          # the same picture as drawn from scratch
    # The move changed the building's colour, so its old and new colour chunks were both patched.
    assert building_grid_colors(demo)[a_row] == colours[b_row] != colours[a_row]
    r.close()
    fresh.close()


def test_adding_a_building_still_rebuilds(cmdmap_app, demo):
    from cmdmap.edit.commands import AddFeatures
    b = demo["buildings"]
    r = MapRenderer(demo)
    view = ViewTransform.fit(r.extent(), 600, 400)
    _frame(r, view)
    rec = b.record(int(b.fid[0]))
    rec.update(code="新楼-1", number="99栋")
    AddFeatures(demo, "buildings", [rec], [shapely.affinity.translate(b.geom[0], 5, 5)]).do(demo)
    _frame(r, view)
    assert "buildings" in r.stats.rebuilt
    r.close()
