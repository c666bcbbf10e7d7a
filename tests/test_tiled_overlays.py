"""The screen's tiles hold the risk zones' hatching, the sealed buildings' marks, the gate arrows
and the site markers: a frame from tiles looks like the frame drawn whole, with no seam where
separately drawn tiles meet, and an edit to any of them shows in the next frame."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage, QPainter

from cmdmap.demo import build_demo
from cmdmap.edit.commands import SetAttributes
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform, ladder
from cmdmap.render.labels import Occupancy
from cmdmap.render.overlays import RISK_HATCH, SEALED_COLOR
from cmdmap.render.style import GATE_ARROW_MM, GATE_COLORS
from cmdmap.render.tiles import TILE_PX

W, H = 1200, 800  # the first frame at a scale keeps tiles (0, 0) and (1, 0); the rest come later


def _frame(renderer: MapRenderer, view: ViewTransform, tiles: bool, labels: bool = True) -> np.ndarray:
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#000000"))
    p = QPainter(image)
    renderer.render(p, view, RenderOptions(labels=labels, tiles=tiles))
    p.end()
    return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(view.height, view.width, 4).astype(int)


def _differ(a: np.ndarray, b: np.ndarray) -> float:
    """The share of pixels that differ by more than antialiasing does."""
    return float(np.mean(np.abs(a - b).max(axis=2) > 24))


def _differing(a: np.ndarray, b: np.ndarray) -> int:
    """How many pixels differ by more than antialiasing does."""
    return int(np.sum(np.abs(a - b).max(axis=2) > 24))


def _near(a: np.ndarray, color: str, tol: int = 40) -> int:
    """Pixels within `tol` of `color` (the image is BGRA in memory)."""
    c = QColor(color)
    want = np.array([c.blue(), c.green(), c.red()])
    return int(np.sum(np.abs(a[..., :3] - want).max(axis=-1) < tol))


def _gate_in_a_zone(doc) -> tuple[int, float, float]:
    """A gate inside a risk zone (row, x, y)."""
    zones = doc["risk_zones"].geom
    gates = doc["gates"]
    for row, g in enumerate(gates.geom):
        if any(z.contains(g) for z in zones):
            return row, g.x, g.y
    raise AssertionError("the demo has a gate inside a risk zone")


def test_tiled_frames_look_like_frames_drawn_whole_at_every_scale(cmdmap_app, demo):
    tiled, whole = MapRenderer(demo), MapRenderer(demo)
    full = ViewTransform.fit(tiled.extent(), W, H)
    k0 = round(np.log2(full.mpp) * ladder.RUNGS_PER_DOUBLING)
    for k in range(k0, k0 - 10, -2):  # 1:4,800 (the demo whole) to 1:470
        view = ladder.on_pixels(ViewTransform(full.cx + 41.0, full.cy - 17.0, ladder.mpp_of(k), W, H))
        _frame(tiled, view.panned(-333.0, 201.0), True)  # anchors the scale's tiles elsewhere
        a = _frame(tiled, view, True)
        assert tiled._tiles.rendered > 0  # partly from tiles drawn for the first frame, partly new
        b = _frame(whole, view, False)
        assert _differ(a, b) < 0.002, view.scale_denominator
        # The same labels in the same places: the symbols in tiles still keep labels off them.
        labels = tiled.stats.placed.groups if tiled.stats.placed else []
        _frame(whole, view, False)
        assert labels == (whole.stats.placed.groups if whole.stats.placed else [])


def test_no_seam_where_tiles_drawn_apart_meet_over_hatching_and_a_gate_arrow(cmdmap_app, demo):
    row, gx, gy = _gate_in_a_zone(demo)
    mpp = ladder.mpp_of(-4)  # about 1:1,500: the zone a few hundred pixels across, hatched
    # The middle of the gate's arrow on the corner where x = 2 tiles meets y = 1 tile: the first
    # frame keeps the two tiles above y = 512 left of x = 1024; the next draws the rest apart.
    b = np.radians(demo["gates"].column("bearing")[row])
    half = ViewTransform(0, 0, mpp, W, H).mm_to_px(GATE_ARROW_MM) / 2
    x, y = 2 * TILE_PX - np.sin(b) * half, TILE_PX + np.cos(b) * half  # where its tail goes
    view = ladder.on_pixels(ViewTransform(gx - (x - W / 2) * mpp, gy + (y - H / 2) * mpp, mpp, W, H))
    renderer = MapRenderer(demo)
    _frame(renderer, view, True, labels=False)
    assert renderer._tiles.rendered == -1
    tiled = _frame(renderer, view, True, labels=False)
    assert renderer._tiles.rendered == 4  # tile (2, 0) and the row below: drawn apart from the rest
    whole = _frame(MapRenderer(demo), view, False, labels=False)
    x, y = 2 * TILE_PX, TILE_PX
    across_x = np.s_[:, x - 8:x + 8]            # a band across the seam at x = 1024, top to bottom
    across_y = np.s_[y - 8:y + 8, :x]           # and across the one at y = 512, left of it
    level = demo["risk_zones"].column("level")
    hatch = [RISK_HATCH[lv][0] for lv in level]
    arrow = GATE_COLORS[demo["gates"].column("state")[row]]
    # The bands hold what the seams could break: hatch lines, and the arrow across x = 1024.
    assert sum(_near(whole[across_x], c) for c in hatch) > 40
    assert sum(_near(whole[across_y], c) for c in hatch) > 40
    assert _near(whole[y - 12:y + 12, x - 8:x + 8], arrow) > 10
    for band in (across_x, across_y, np.s_[y - 12:y + 12, x - 12:x + 12]):
        assert _differing(tiled[band], whole[band]) <= 3
    assert _differ(tiled, whole) < 0.002


def test_sealing_a_building_and_a_zones_new_level_show_in_the_next_screen_frame(cmdmap_app):
    doc = build_demo()
    renderer = MapRenderer(doc)
    changes = []
    doc.subscribe(changes.append)
    b = doc["buildings"]
    row = int(np.nonzero(b.column("sealed") != True)[0][0])  # noqa: E712 — elementwise
    geom = b.geom[row]
    view = ladder.on_pixels(ViewTransform(geom.centroid.x, geom.centroid.y, ladder.mpp_of(-5), 900, 600))
    before = _frame(renderer, view, True, labels=False)
    SetAttributes(doc, "buildings", int(b.fid[row]), {"sealed": True}).do(doc)
    assert renderer.affects_map(changes[-1])  # the canvas repaints
    after = _frame(renderer, view, True, labels=False)
    assert _near(after, SEALED_COLOR, 30) > _near(before, SEALED_COLOR, 30) + 20
    assert _differ(after, _frame(MapRenderer(doc), view, False, labels=False)) < 0.002

    zones = doc["risk_zones"]
    zrow = int(np.nonzero(zones.column("level") == "controlled")[0][0])
    z = zones.geom[zrow]
    view = ladder.on_pixels(ViewTransform.fit(z.bounds, 900, 600))
    controlled = _frame(renderer, view, True, labels=False)
    SetAttributes(doc, "risk_zones", int(zones.fid[zrow]), {"level": "sealed"}).do(doc)
    assert renderer.affects_map(changes[-1])
    sealed = _frame(renderer, view, True, labels=False)
    assert _near(sealed, RISK_HATCH["sealed"][0], 30) > _near(controlled, RISK_HATCH["sealed"][0], 30) + 200
    assert _differ(sealed, _frame(MapRenderer(doc), view, False, labels=False)) < 0.002


def test_boxes_taken_in_bulk_are_the_boxes_taken_one_by_one():
    rng = np.random.default_rng(7)
    x, y, r = rng.uniform(-100, 1300, 500), rng.uniform(-100, 900, 500), rng.uniform(0.5, 90, 500)
    boxes = np.c_[x - r, y - r, x + r, y + r]
    bulk, single = Occupancy(), Occupancy()
    bulk.take_many(boxes)
    for box in boxes.tolist():
        single.take(tuple(box))
    assert {k: [tuple(b) for b in v] for k, v in bulk.buckets.items()} == single.buckets
    probe = np.c_[x + 3, y - 2, x + 40, y + 9].tolist()
    assert [bulk.free(p) for p in probe] == [single.free(p) for p in probe]
    bulk.take_many(np.zeros((0, 4)))
    assert len(bulk.buckets) == len(single.buckets)
