"""The canvas keeps the polygon layers as tiles: a frame after a pan blits the tiles it has and
renders only the newly exposed ones, and looks like a frame drawn whole."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage, QPainter

from cmdmap.edit.grid_colour import SetGridColour
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from small_doc import small_doc

W, H = 1100, 600


def _frame(renderer: MapRenderer, view: ViewTransform, tiles: bool) -> np.ndarray:
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#000000"))
    p = QPainter(image)
    renderer.render(p, view, RenderOptions(labels=False, tiles=tiles))
    p.end()
    return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(view.height, view.width, 4).astype(int)


def _alike(a: np.ndarray, b: np.ndarray) -> float:
    """The share of pixels that differ by at most a few levels (dash patterns restart where a
    tile's strip of paths is drawn)."""
    return float(np.mean(np.abs(a - b).max(axis=2) <= 24))


def test_a_panned_frame_from_tiles_looks_like_one_drawn_whole(cmdmap_app):
    doc = small_doc()
    tiled = MapRenderer(doc)
    view = ViewTransform(100.3, 50.7, 0.21, W, H)
    _frame(tiled, view, True)
    assert tiled._tiles.rendered == -1 and len(tiled._tiles) == 2  # drawn whole, the tiles inside kept
    panned = view.panned(137.0, -61.0)
    a = _frame(tiled, panned, True)
    assert 0 < tiled._tiles.rendered < len(tiled._tiles)  # only what the pan exposed was drawn
    assert _alike(a, _frame(MapRenderer(doc), panned, False)) > 0.995
    further = panned.panned(-480.0, 333.0)  # tiles cut from the first frame and strips drawn since
    assert _alike(_frame(tiled, further, True), _frame(MapRenderer(doc), further, False)) > 0.995


def test_an_edit_drops_the_tiles(cmdmap_app):
    doc = small_doc()
    renderer = MapRenderer(doc)
    view = ViewTransform(100.0, 50.0, 0.3, W, H)
    before = _frame(renderer, view, True)
    SetGridColour(doc, doc["grids"].find("W2"), "#1f78b4").do(doc)
    after = _frame(renderer, view, True)
    assert _alike(after, _frame(MapRenderer(doc), view, False)) > 0.995
    assert _alike(after, before) < 0.97


def test_the_ladder_steps_onto_rungs_that_recur():
    from cmdmap.render import ladder
    on = ladder.mpp_of(-4)
    assert ladder.stepped(ladder.stepped(on, 1), -1) == on      # in and back out: the same scale
    assert ladder.stepped(on, 2) == ladder.mpp_of(-6)
    between = on * 1.1                                          # after "zoom to the whole map"
    assert ladder.stepped(between, 1) == on                     # the first notch in: the rung below
    assert ladder.stepped(between, -1) == ladder.mpp_of(-5 + 2)
    assert 1.2 < ladder.mpp_of(1) < 1.3                         # a notch feels like the old ×1.25


def test_tiles_drawn_ahead_serve_the_next_notch_in_and_out(cmdmap_app):
    from cmdmap.render import ladder
    doc = small_doc()
    renderer = MapRenderer(doc)
    opts = RenderOptions(labels=False, tiles=True)
    view = ladder.on_pixels(ViewTransform(100.3, 50.7, ladder.mpp_of(-7), W, H))
    _frame(renderer, view, True)
    slices = 0
    while renderer.prefetch(view, opts, 1.0, budget_s=0.0):  # one tile a slice
        slices += 1
    assert slices > 10
    for notch in (1, -1):
        cursor = (W * 0.8, H * 0.2)
        there = ladder.notched(view, cursor, view.device_to_world(*cursor), notch)
        frame = _frame(renderer, there, True)
        assert renderer._tiles.rendered == 0                     # every tile was there already
        assert _alike(frame, _frame(MapRenderer(doc), there, False)) > 0.995


def test_tile_memory_stays_bounded_over_many_scales(cmdmap_app):
    from cmdmap.render.tiles import TileCache
    doc = small_doc()
    renderer = MapRenderer(doc)
    renderer._tiles = TileCache(max_bytes=12 * 512 * 512 * 4)
    view = ViewTransform(100.0, 50.0, 0.3, W, H)
    for i in range(12):
        _frame(renderer, view.zoom_about((300.0, 200.0), 1.1 ** i), True)
        renderer.prefetch(view, RenderOptions(labels=False, tiles=True), 1.0)
        assert renderer._tiles._bytes <= renderer._tiles.max_bytes
    assert 0 < len(renderer._tiles) <= 12


def test_tiles_drawn_in_slices_line_up_like_a_frame_drawn_whole(cmdmap_app):
    doc = small_doc()
    renderer = MapRenderer(doc)
    opts = RenderOptions(labels=False, tiles=True)
    view = ViewTransform(100.3, 50.7, 0.21, W, H)  # off the ladder: its corner is not on a whole pixel
    missing = renderer.missing_tiles(view, opts, 1.0)
    assert missing > 0
    renderer.fill_tiles(view, opts, 1.0, budget_s=0.0)  # one piece (a quarter of a tile)
    ready = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    ready.fill(QColor("#000000"))
    p = QPainter(ready)
    renderer.draw_ready_tiles(p, view, opts)  # what is there, nothing rendered
    p.end()
    drawn = np.frombuffer(ready.constBits(), dtype=np.uint8).reshape(H, W, 4)[..., :3].any(axis=2).mean()
    assert 0.0 < drawn < 0.1
    slices = 1
    while renderer.fill_tiles(view, opts, 1.0, budget_s=0.0):
        slices += 1
    assert renderer.missing_tiles(view, opts, 1.0) == 0 and slices == 4 * missing - 1
    frame = _frame(renderer, view, True)
    assert renderer._tiles.rendered == 0  # the frame is a blit of the tiles drawn in slices
    assert _alike(frame, _frame(MapRenderer(doc), view, False)) > 0.995


def test_a_scale_forgotten_takes_its_tiles_along(cmdmap_app, monkeypatch):
    import cmdmap.render.tiles as tiles
    monkeypatch.setattr(tiles, "MAX_SCALES", 2)
    doc = small_doc()
    renderer = MapRenderer(doc)
    view = ViewTransform(100.0, 50.0, 0.3, W, H)
    for i in range(3):  # three scales: the first one's grid is forgotten
        _frame(renderer, view.zoom_about((300.0, 200.0), 1.1 ** i), True)
    cache = renderer._tiles
    assert len(cache._anchors) == 2
    assert {k[0] for k in cache._tiles} <= set(cache._anchors)
    assert cache._bytes == sum(t.sizeInBytes() for t in cache._tiles.values())


def test_drawing_ahead_makes_the_labels_of_the_next_notch_too(cmdmap_app, demo):
    """The frame a notch of the wheel shows finds its labels' images made while the hand rested
    (a notch out shows labels the frame before had no room for)."""
    from cmdmap.render import ladder

    def new_label_images(ahead: bool) -> int:
        renderer = MapRenderer(demo)
        opts = RenderOptions(tiles=True)
        view = ladder.on_pixels(ViewTransform.fit(renderer.extent(), W, H).with_scale(2500))
        image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
        p = QPainter(image)
        renderer.render(p, view, opts)
        p.end()
        while ahead and renderer.prefetch(view, opts, 1.0, budget_s=0.0):
            pass
        made = len(renderer._labels._sprites)
        p = QPainter(image)
        stats = renderer.render(p, ladder.notched(view, (W / 2, H / 2), (view.cx, view.cy), -1), opts)
        p.end()
        assert stats.labels > 50
        return len(renderer._labels._sprites) - made

    assert new_label_images(ahead=False) > 5
    assert new_label_images(ahead=True) == 0
