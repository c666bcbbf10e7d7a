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
