"""Risk zones hatched by level, sealed buildings marked, and at close zoom each building's
households and markers for its isolated residents — checked on rendered images."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
import shapely.affinity
from PySide6.QtGui import QColor, QImage, QPainter

from cmdmap.edit.commands import SetAttributes
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from cmdmap.render.overlays import DETAIL_MAX_SCALE, ISOLATION_MARKS, RISK_HATCH, SEALED_COLOR


@pytest.fixture(scope="module")
def demo():
    from cmdmap.demo import build_demo
    return build_demo()


def _render(renderer: MapRenderer, view: ViewTransform, **opts) -> QImage:
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    renderer.render(p, view, RenderOptions(**opts))
    p.end()
    return image


def _near(image: QImage, color: str, box: tuple[int, int, int, int], tol: int = 30) -> int:
    """How many pixels in `box` (x0, y0, x1, y1) are within `tol` of `color` on every channel."""
    want = QColor(color)
    x0, y0, x1, y1 = (max(0, int(v)) for v in box)
    x1, y1 = min(x1, image.width() - 1), min(y1, image.height() - 1)
    n = 0
    for y in range(y0, y1):
        for x in range(x0, x1):
            c = image.pixelColor(x, y)
            if abs(c.red() - want.red()) < tol and abs(c.green() - want.green()) < tol and abs(c.blue() - want.blue()) < tol:
                n += 1
    return n


def _closest(image: QImage, color: str, box) -> int:
    """The smallest channel-sum distance to `color` of any pixel in `box`."""
    want = QColor(color)
    x0, y0, x1, y1 = (int(v) for v in box)
    best = 999
    for y in range(y0, y1):
        for x in range(x0, x1):
            c = image.pixelColor(x, y)
            best = min(best, abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()))
    return best


def test_risk_zones_are_hatched_in_their_levels_colour(cmdmap_app, demo):
    zones = demo["risk_zones"]
    r = MapRenderer(demo)
    for row, level in enumerate(zones.column("level")):
        geom = zones.geom[row]
        view = ViewTransform.fit(geom.bounds, 500, 400)
        # A patch of the zone clear of buildings and of the zone's own border.
        free = shapely.difference(shapely.buffer(geom, -2.0), shapely.union_all(shapely.buffer(demo["buildings"].geom, 1)))
        assert not free.is_empty
        p = shapely.point_on_surface(free)
        x, y = view.world_to_device(p.x, p.y)
        box = (x - 6, y - 6, x + 6, y + 6)
        color = RISK_HATCH[level][0]
        shown = _render(r, view, labels=False, hidden=frozenset({"sites", "events", "gates"}))
        bare = _render(r, view, labels=False, hidden=frozenset({"risk_zones", "sites", "events", "gates"}))
        # Hatch lines: pixels much nearer the level's colour than anything there without the zone.
        assert _closest(shown, color, box) < _closest(bare, color, box) - 40, level
    r.close()


def test_a_sealed_building_is_marked_and_unsealing_clears_it(cmdmap_app, demo):
    b = demo["buildings"]
    zones = shapely.union_all(demo["risk_zones"].geom)
    free = [int(f) for f, g, s in zip(b.fid, b.geom, b.column("sealed")) if not s and not g.intersects(zones.buffer(20))]
    fid = free[0]
    geom = b.geometry(fid)
    view = ViewTransform.fit(shapely.buffer(geom, 15).bounds, 400, 300)
    x0, y1 = view.world_to_device(geom.bounds[0], geom.bounds[1])
    x1, y0 = view.world_to_device(geom.bounds[2], geom.bounds[3])
    box = (x0 - 3, y0 - 3, x1 + 3, y1 + 3)
    r = MapRenderer(demo)
    hide = frozenset({"sites", "events", "gates"})
    assert _near(_render(r, view, labels=False, hidden=hide), SEALED_COLOR, box, 25) == 0
    cmd = SetAttributes(demo, "buildings", fid, {"sealed": True})
    cmd.do(demo)
    try:
        assert _near(_render(r, view, labels=False, hidden=hide), SEALED_COLOR, box, 25) > 20
    finally:
        cmd.undo(demo)
    assert _near(_render(r, view, labels=False, hidden=hide), SEALED_COLOR, box, 25) == 0
    r.close()


def test_close_up_shows_households_and_isolation_markers_by_kind(cmdmap_app, demo):
    r = MapRenderer(demo)
    iso = r.overlays.isolated_by_building()
    b = demo["buildings"]
    zones = shapely.union_all(demo["risk_zones"].geom).buffer(30)
    area = shapely.area(b.geom)
    # A big building with hospital and home isolation but no centralised, away from the hatching.
    rows = [i for i in np.argsort(-area) if iso["hospital"][i] and iso["home"][i] and not iso["centralised"][i]
            and not b.geom[i].intersects(zones) and not b.column("sealed")[i]]
    assert rows
    row = int(rows[0])
    geom = b.geom[row]
    view = ViewTransform.fit(shapely.buffer(geom, 10).bounds, 500, 400)
    assert view.scale_denominator < DETAIL_MAX_SCALE
    hide = frozenset({"sites", "events", "gates"})
    image = _render(r, view, hidden=hide)
    assert r.stats.details >= 1
    x0, y1 = view.world_to_device(geom.bounds[0], geom.bounds[1])
    x1, y0 = view.world_to_device(geom.bounds[2], geom.bounds[3])
    box = (x0, y0, x1, y1)
    colors = dict(ISOLATION_MARKS)
    assert _near(image, colors["hospital"], box, 20) > 0
    assert _near(image, colors["home"], box, 20) > 0
    assert _near(image, colors["centralised"], box, 20) == 0
    # Zoomed out the markers go: the map would turn to noise.
    far = view.with_scale(DETAIL_MAX_SCALE * 4)
    _render(r, far, hidden=hide)
    assert r.stats.details == 0
    r.close()


def test_isolation_totals_per_building_agree_with_the_counts(demo):
    from cmdmap.model.counts import count
    from cmdmap.render.overlays import Overlays
    iso = Overlays(demo).isolated_by_building()
    rows = count(demo, by="building").rows
    for i, row in enumerate(rows):
        for kind, _ in ISOLATION_MARKS:
            assert iso[kind][i] == row["isolated"][kind]


def test_a_household_edit_repaints_only_while_households_show(cmdmap_app, demo):
    from cmdmap.model.events import Change
    r = MapRenderer(demo)
    change = Change("buildings", "update", np.array([int(demo["buildings"].fid[0])]), ("households",))
    whole = ViewTransform.fit(r.extent(), 800, 600)
    _render(r, whole)
    assert not r.affects_map(change)
    geom = demo["buildings"].geom[int(shapely.area(demo["buildings"].geom).argmax())]
    _render(r, ViewTransform.fit(shapely.buffer(geom, 10).bounds, 500, 400))
    assert r.stats.details > 0 and r.affects_map(change)
    assert "buildings" in r._cache  # ... and it costs a repaint, not a rebuild of the building paths
    r._on_change(change)
    assert "buildings" in r._cache
    r.close()


def test_moving_a_building_keeps_the_isolation_totals_and_a_new_entry_updates_them(cmdmap_app, demo):
    from cmdmap.edit.commands import SetGeometry
    r = MapRenderer(demo)
    before = r.overlays.isolated_by_building()
    b = demo["buildings"]
    fid = int(b.fid[0])
    move = SetGeometry(demo, "buildings", {fid: shapely.affinity.translate(b.geometry(fid), 1.0, 0.0)})
    move.do(demo)
    assert r.overlays.isolated_by_building() is before  # not recounted for a move
    move.undo(demo)
    iso = demo["isolation"]
    row = int(np.nonzero(np.asarray(r.overlays.isolated_by_building()["home"]) > 0)[0][0])
    code = b.column("code")[row]
    from cmdmap.model.counts import active_isolation
    on = active_isolation(demo, demo.today())
    entry = int(iso.fid[np.nonzero(on & (iso.column("building") == code) & (iso.column("kind") == "home"))[0][0]])
    n = iso.value(entry, "persons")
    cmd = SetAttributes(demo, "isolation", entry, {"persons": n + 2})
    cmd.do(demo)
    try:
        assert r.overlays.isolated_by_building()["home"][row] == before["home"][row] + 2
    finally:
        cmd.undo(demo)
    r.close()
