"""The renderer, drawn into QImages: colours by grid, Chinese text, labels by scale, gate arrows,
view arithmetic, bulk paths and cache invalidation from document changes."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFontInfo, QFontMetrics, QImage, QPainter, QRawFont

from cmdmap.edit.commands import SetAttributes
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from cmdmap.render.chunks import build_chunks
from cmdmap.render.fonts import FONT_FAMILY, map_font
from cmdmap.render.layers import building_grid_colors
from cmdmap.render.qpath import RingArrays, path_from_arrays
from cmdmap.render.style import BACKGROUND
from small_doc import small_doc

W, H = 800, 450


@pytest.fixture()
def doc(cmdmap_app):
    return small_doc()


def render(doc, view=None, options=None, renderer=None):
    renderer = renderer or MapRenderer(doc)
    view = view or ViewTransform.fit(renderer.extent(), W, H)
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#000000"))
    painter = QPainter(image)
    renderer.render(painter, view, options or RenderOptions(labels=False))
    painter.end()
    return image, view, renderer


def pixel(image, view, x, y):
    px, py = view.world_to_device(x, y)
    return QColor(image.pixel(int(px), int(py)))


def over(bottom: QColor, top: str, alpha: float) -> tuple[int, int, int]:
    t = QColor(top)
    return tuple(round(b * (1 - alpha) + c * alpha) for b, c in
                 zip((bottom.red(), bottom.green(), bottom.blue()), (t.red(), t.green(), t.blue())))


def close(c: QColor, rgb, tol=4) -> bool:
    return all(abs(a - b) <= tol for a, b in zip((c.red(), c.green(), c.blue()), rgb))


# -- the view ----------------------------------------------------------------------------------

def test_view_round_trip_and_scale():
    v = ViewTransform(cx=500_000.0, cy=2_700_000.0, mpp=2.0, width=1000, height=600, dpi=96)
    x, y = v.device_to_world(123.0, 456.0)
    assert v.world_to_device(x, y) == pytest.approx((123.0, 456.0))
    # North is up: a point further north is higher on the device.
    assert v.world_to_device(500_000.0, 2_700_100.0)[1] < v.world_to_device(500_000.0, 2_700_000.0)[1]
    # 2 m per pixel at 96 dpi: one inch of screen (96 px) shows 192 m, so 1:7,559.
    assert v.scale_denominator == pytest.approx(192 / 0.0254)
    assert v.with_scale(5000).scale_denominator == pytest.approx(5000)


def test_zoom_about_keeps_the_point_under_the_cursor():
    v = ViewTransform(cx=0.0, cy=0.0, mpp=1.0, width=800, height=600)
    before = v.device_to_world(100.0, 500.0)
    z = v.zoom_about((100.0, 500.0), 2.0)
    assert z.mpp == pytest.approx(0.5)
    assert z.device_to_world(100.0, 500.0) == pytest.approx(before)


def test_fit_shows_the_whole_extent():
    v = ViewTransform.fit((10, 20, 210, 120), 400, 400)
    x0, y0, x1, y1 = v.world_bounds
    assert x0 < 10 and y0 < 20 and x1 > 210 and y1 > 120


# -- bulk paths --------------------------------------------------------------------------------

def test_bulk_path_keeps_holes_and_every_ring(cmdmap_app):
    donut = shapely.box(0, 0, 10, 10).difference(shapely.box(4, 4, 6, 6))
    geoms = np.array([donut, shapely.box(20, 0, 30, 10), None], dtype=object)
    rings = RingArrays(geoms)
    path = path_from_arrays(rings.x, rings.y, rings.starts)
    assert path.elementCount() == 5 + 5 + 5
    assert path.contains(QPointF(1, 1)) and path.contains(QPointF(25, 5))
    assert not path.contains(QPointF(5, 5))  # the hole stays open
    assert path.boundingRect().right() == pytest.approx(30)


def test_one_path_per_colour_not_per_feature(cmdmap_app):
    geoms = shapely.box(np.arange(1000) * 20.0, 0, np.arange(1000) * 20.0 + 10, 10)
    group = np.arange(1000) % 5
    chunks = build_chunks(RingArrays(geoms), group)
    assert len(chunks) == 5
    assert sum(c.features for c in chunks) == 1000


# -- what the map shows ------------------------------------------------------------------------

def test_buildings_are_filled_in_their_grids_colour(doc):
    image, view, _ = render(doc)
    grid_fill = over(QColor(BACKGROUND), "#fb8072", 0.18)       # 网格2 drawn light
    expected = over(QColor(*grid_fill), "#fb8072", 0.85)        # its building drawn strong
    assert close(pixel(image, view, 75, 25), expected)          # 甲园-3栋 lies in 网格2
    # 甲园-1栋 lies in micro-grid 1-1: the finest grid decides.
    micro_fill = over(QColor(BACKGROUND), "#b3de69", 0.18)
    assert close(pixel(image, view, 25, 25), over(QColor(*micro_fill), "#b3de69", 0.85))


def test_every_demo_building_wears_its_grids_colour(cmdmap_app):
    demo = pytest.importorskip("cmdmap.demo").build_demo()
    renderer = MapRenderer(demo)
    view = ViewTransform.fit(renderer.extent(), 1600, 1200)
    only_areas = RenderOptions(labels=False, hidden=frozenset({"risk_zones", "compounds", "gates", "sites", "events"}))
    image, view, _ = render(demo, view, only_areas, renderer)
    colors = building_grid_colors(demo)
    pts = shapely.get_coordinates(shapely.point_on_surface(demo["buildings"].geom))
    good = 0
    for (x, y), c in zip(pts, colors):
        grid_fill = over(QColor(BACKGROUND), c, 0.18)
        good += close(pixel(image, view, x, y), over(QColor(*grid_fill), c, 0.85), tol=6)
    assert len(pts) > 100 and good >= 0.95 * len(pts)


def test_a_new_grid_colour_shows_at_the_next_frame(doc):
    renderer = MapRenderer(doc)
    image, view, _ = render(doc, renderer=renderer)
    before = pixel(image, view, 75, 25)
    SetAttributes(doc, "grids", doc["grids"].find("W2"), {"color": "#1f78b4"}).do(doc)
    image, view, _ = render(doc, view, renderer=renderer)
    after = pixel(image, view, 75, 25)
    assert after != before and after.blue() > after.red()


def test_map_is_drawn_inside_its_frame_only(doc):
    # A print layout translates the painter to its map frame; nothing may spill outside it.
    renderer = MapRenderer(doc)
    view = ViewTransform.fit(renderer.extent(), 300, 200)
    image = QImage(500, 400, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#000000"))
    painter = QPainter(image)
    painter.translate(100, 150)
    renderer.render(painter, view, RenderOptions())
    painter.end()
    assert QColor(image.pixel(50, 50)) == QColor("#000000")
    assert QColor(image.pixel(450, 380)) == QColor("#000000")
    assert QColor(image.pixel(101, 151)) == QColor(BACKGROUND)


def test_gate_arrows_point_out_along_their_bearing(doc):
    renderer = MapRenderer(doc)
    view = ViewTransform(cx=50.0, cy=5.0, mpp=0.1, width=200, height=200)   # around 甲园-南门 (bearing 180°)
    opts = RenderOptions(labels=False, hidden=frozenset({"grids", "compounds", "buildings"}))
    image, view, _ = render(doc, view, opts, renderer)
    gate = QColor("#1d4e89")
    arrow_mid = view.mm_to_px(2.0)  # half-way along the arrow, in pixels from the gate
    south = QColor(image.pixel(100, int(100 + arrow_mid)))
    north = QColor(image.pixel(100, int(100 - arrow_mid)))
    assert close(south, (gate.red(), gate.green(), gate.blue()), tol=10)
    assert close(north, over(QColor("#000000"), BACKGROUND, 1.0))


def test_labels_appear_by_scale(doc):
    renderer = MapRenderer(doc)
    near = ViewTransform.fit(renderer.extent(), 1600, 900)            # about 1:500
    _, _, _ = render(doc, near, RenderOptions(), renderer)
    placed = renderer.stats.placed
    assert {"甲园", "乙园"} <= set(placed.texts("compounds"))
    assert "3栋" in placed.texts("buildings")
    far = near.with_scale(50_000)                                      # a district overview
    render(doc, far, RenderOptions(), renderer)
    assert renderer.stats.placed.texts("buildings") == []


def test_labels_do_not_overlap(doc):
    renderer = MapRenderer(doc)
    view = ViewTransform.fit(renderer.extent(), 300, 170)
    render(doc, view, RenderOptions(), renderer)
    font_boxes = []
    for _, st, items in renderer.stats.placed.groups:
        fm = QFontMetrics(map_font(round(view.pt_to_px(st.size_pt)), st.bold))
        for x, y, text in items:
            font_boxes.append((x, y - fm.ascent(), x + fm.horizontalAdvance(text), y + fm.descent()))
    for i, a in enumerate(font_boxes):
        for b in font_boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


# -- Chinese text ------------------------------------------------------------------------------

def _text_image(text: str) -> QImage:
    image = QImage(120, 60, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(map_font(32))
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(QPointF(4, 44), text)
    painter.end()
    return image


def test_the_bundled_font_has_the_chinese_characters(cmdmap_app):
    font = map_font(20)
    assert QFontInfo(font).family() == FONT_FAMILY
    raw = QRawFont.fromFont(font)
    fm = QFontMetrics(font)
    for ch in "果林社区网格楼栋长户数人数居家隔离集中定点医院东南西北门":
        assert raw.supportsCharacter(ord(ch)), ch  # the int overload: PySide mangles some str→QChar
        assert fm.inFontUcs4(ord(ch)), ch


def test_chinese_labels_are_not_missing_glyph_boxes(cmdmap_app):
    # Every missing character draws the same box: two different characters drawing differently,
    # and differently from an unassigned code point, means real glyphs were drawn.
    guo, lin, nothing = _text_image("果"), _text_image("林"), _text_image("\u0378")
    blank = _text_image("")
    assert guo != blank and lin != blank
    assert guo != lin
    assert guo != nothing and lin != nothing
