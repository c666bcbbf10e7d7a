"""The wall-map layout: title, data stamp, the map, legend, counts table, scale bar, north arrow,
CRS and credits, drawn in device pixels of any QPainter (PDF, image, SVG) at its dpi.

Sizes are in millimetres of paper and grow with the sheet, so an A0 reads from across the room
and an A4 still fits. The map itself is drawn by the screen's renderer with a view whose dpi is
the device's, so its labels are sized for the paper in points, not in screen pixels.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from cmdmap.model.backdrops import BACKDROPS
from cmdmap.model.counts import ISOLATION_KINDS, count
from cmdmap.model.document import Document
from cmdmap.render.fonts import map_font
from cmdmap.render.renderer import MapRenderer, RenderOptions
from cmdmap.render.view import ViewTransform
from cmdmap.printing.key import draw_key, key_height, key_items
from cmdmap.printing.settings import PrintSettings

INK = QColor("#1f2a36")
MUTED = QColor("#5b6773")
ACCENT = QColor("#b3261e")  # the red of a command-room title
PAPER = QColor("#ffffff")
RULE = QColor("#c9cfd6")
_ROWS_MEMO: dict = {}
MAX_TABLE_ROWS = 40  # a district has thousands of grids: the table lists the largest, then "…"


@dataclass
class Sheet:
    """A device to draw a page on: its size in mm and its pixels per inch."""

    painter: QPainter
    width_mm: float
    height_mm: float
    dpi: float

    def px(self, mm: float) -> float:
        """Device pixels for `mm` of paper."""
        return mm * self.dpi / 25.4

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        """A rectangle given in mm, in device pixels."""
        return QRectF(self.px(x), self.px(y), self.px(w), self.px(h))

    def font(self, pt: float, bold: bool = False):
        """The bundled CJK font at `pt` points on this device."""
        return map_font(pt * self.dpi / 72.0, bold)


def default_title(doc: Document) -> str:
    """The community's name + 作战图 (or the title the file keeps)."""
    return str(doc.meta.get("title") or f"{doc.name}作战图")


def stamp_text(when: dt.datetime) -> str:
    """The "data as of" stamp on every sheet."""
    return f"数据截至 {when:%Y-%m-%d %H:%M}"


def unit_mm(width_mm: float, height_mm: float) -> float:
    """The layout's base text size in points: 9 pt on A3, growing with the sheet."""
    return 9.0 * math.sqrt(width_mm * height_mm / (297.0 * 420.0))


def line_mm(u: float) -> float:
    """The layout's spacing unit in mm for base text of `u` points (about a line's height)."""
    return u * 0.45


def draw_heading(sheet: Sheet, m: float, head_h: float, title: str, title_pt: float, stamp: str,
                 stamp_pt: float, rule_mm: float, after_mm: float) -> float:
    """A sheet's heading: the red title on the left, the data stamp on the right, a red rule
    under them; returns where the sheet's body starts (mm from the top)."""
    p = sheet.painter
    g = line_mm(unit_mm(sheet.width_mm, sheet.height_mm))
    box = sheet.rect(m, m, sheet.width_mm - 2 * m, head_h)
    p.setPen(ACCENT)
    p.setFont(sheet.font(title_pt, bold=True))
    p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    p.setPen(INK)
    p.setFont(sheet.font(stamp_pt, bold=True))
    p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, stamp)
    y = m + head_h + g * 0.3
    p.fillRect(sheet.rect(m, y, sheet.width_mm - 2 * m, rule_mm), ACCENT)
    return y + after_mm


def grid_rows(doc: Document, level: str) -> tuple[list[dict], dict]:
    """Counts rows of `level` with each grid's colour, and the community total."""
    table = count(doc, level)
    grids = doc["grids"]
    colours = dict(zip(grids.column("code"), grids.column("color")))
    for r in table.rows:
        r["color"] = colours.get(r["code"]) or "#cccccc"
    return table.rows, table.total


def isolated_total(row: dict) -> int:
    """Everyone isolated or in hospital, of a counts row."""
    return int(sum(row["isolated"].get(k, 0) for k in ISOLATION_KINDS if k != "monitoring"))


def draw_wall_map(sheet: Sheet, doc: Document, renderer: MapRenderer, settings: PrintSettings,
                  when: dt.datetime) -> tuple[ViewTransform, QRectF]:
    """Draw the whole wall map on `sheet`; returns the map frame's view and its device rectangle."""
    p = sheet.painter
    W, H, m = sheet.width_mm, sheet.height_mm, settings.margin_mm
    u = unit_mm(W, H)
    g = line_mm(u)
    p.fillRect(sheet.rect(0, 0, W, H), PAPER)

    # Header: the red title bar, the stamp on the right.
    head_h = g * 3.2
    title = settings.title or default_title(doc)
    y = draw_heading(sheet, m, head_h, title, u * 3.0, stamp_text(when), u * 1.3, g * 0.25, g * 0.9)

    # Level of the legend and table: zones when there are many grids.
    foot_h = g * 2.0
    body_h = H - y - m - foot_h
    tall = H > W * 1.1
    if tall:  # portrait: the map across the sheet, the figures under it in two columns
        map_w = W - 2 * m
        ex0, ey0, ex1, ey1 = map_extent(renderer)
        want = map_w * (ey1 - ey0) / max(ex1 - ex0, 1e-9) * 1.08 if not settings.scale else body_h * 0.62
        map_h_all = min(max(want, body_h * 0.5), body_h * 0.7)
    else:
        side_w = max(W * 0.3, 80.0)
        map_w = W - 2 * m - side_w - g
        map_h_all = body_h
    # The symbol key under the map takes what it needs; whether isolation markers are explained
    # depends on the scale, which depends on the map's height: settle it with the fullest key.
    key_h = key_height(sheet, key_items(doc), map_w, u)
    items = key_items(doc, _scale_of(sheet, renderer, (map_w, map_h_all - key_h), settings))
    key_h = key_height(sheet, items, map_w, u)
    map_rect = (m, y, map_w, map_h_all - key_h - (g * 0.4 if key_h else 0.0))
    if tall:
        side = (m, y + map_h_all + g * 0.8, map_w, body_h - map_h_all - g * 0.8)
    else:
        side = (W - m - side_w, y, side_w, body_h)
    fits = int((side[3] - g * 12.0) / (g * 1.45))
    level = _level(doc, settings, fits)
    # A district's recount takes a second; the bands of one PNG (same `when`) share it.
    rows, total = _rows_memo(doc, level, when)
    hot = _rows_memo(doc, "grid", when)[0] if level == "zone" else None
    view = draw_map_frame(sheet, renderer, map_rect, settings)
    draw_scale_bar(sheet, view, map_rect, u)
    draw_north_arrow(sheet, map_rect, u)
    draw_key(sheet, items, m, y + map_rect[3] + g * 0.4, map_w, u)
    # Two columns when there is a second list to show (grids with most isolated, beside zones).
    draw_sidebar(sheet, side, rows, total, level, u, hot, columns=2 if tall and hot is not None else 1)

    # Footer: CRS and credits.
    p.setPen(MUTED)
    p.setFont(sheet.font(u * 0.9))
    crs = f"坐标系 EPSG:{doc.epsg}（{_crs_name(doc.epsg)}）· 比例尺 1:{view.scale_denominator:,.0f}"
    credits = str(doc.meta.get("credits") or "")
    footer = crs + (f" · {credits}" if credits else "") + " · 汇总数据，不含居民个人信息 · cmdmap"
    p.drawText(sheet.rect(m, H - m - foot_h, W - 2 * m, foot_h),
               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, footer)
    return view, sheet.rect(*map_rect)


def _scale_of(sheet: Sheet, renderer: MapRenderer, size_mm: tuple[float, float], settings: PrintSettings) -> float:
    """The scale denominator the map frame of `size_mm` will have (as draw_map_frame fits it)."""
    if settings.scale:
        return settings.scale
    wpx, hpx = max(int(sheet.px(size_mm[0])), 1), max(int(sheet.px(size_mm[1])), 1)
    return ViewTransform.fit(map_extent(renderer), wpx, hpx, dpi=sheet.dpi, margin=0.03).scale_denominator


def _crs_name(epsg: int) -> str:
    """The CRS's name as pyproj knows it (the code alone when it does not)."""
    try:
        from cmdmap.store.crs import crs_name
        return crs_name(epsg)
    except Exception:  # an unknown code must not stop a print
        return f"EPSG:{epsg}"


def forget_counts() -> None:
    """Drop remembered counts (the document may have changed since the last print)."""
    _ROWS_MEMO.clear()


def _rows_memo(doc: Document, level: str, when: dt.datetime):
    """grid_rows, once per export: a district's recount takes a second and each PNG band (same
    `when`) would redo it."""
    key = (id(doc), level, when)
    if key not in _ROWS_MEMO:
        if len(_ROWS_MEMO) > 4:
            _ROWS_MEMO.clear()
        _ROWS_MEMO[key] = grid_rows(doc, level)
    return _ROWS_MEMO[key]


def _level(doc: Document, settings: PrintSettings, fits: int) -> str:
    if settings.counts_by in ("zone", "grid"):
        return settings.counts_by
    levels = doc["grids"].column("level")
    n_grid, n_zone = int((levels == "grid").sum()), int((levels == "zone").sum())
    return "zone" if n_zone and n_grid > min(fits, MAX_TABLE_ROWS * 2) else "grid"


def draw_map_frame(sheet: Sheet, renderer: MapRenderer, rect_mm: tuple[float, float, float, float],
                   settings: PrintSettings, bounds=None, labels: bool = True) -> ViewTransform:
    """The map in a frame: fitted to `bounds` (default: everything) or at 1:settings.scale."""
    p = sheet.painter
    x, y, w, h = rect_mm
    r = sheet.rect(x, y, w, h)
    wpx, hpx = max(int(r.width()), 1), max(int(r.height()), 1)
    view = ViewTransform.fit(bounds or map_extent(renderer), wpx, hpx, dpi=sheet.dpi, margin=0.03)
    if settings.scale and bounds is None:
        view = view.with_scale(settings.scale)
    p.save()
    p.translate(r.topLeft())
    # A scanned plan helps on screen but may be out of date or not meant for the wall: optional.
    hidden = frozenset() if settings.backdrop else frozenset({BACKDROPS})
    renderer.render(p, view, RenderOptions(labels=labels, hidden=hidden))
    p.restore()
    p.setPen(QPen(INK, sheet.px(0.35)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(r)
    return view


def map_extent(renderer: MapRenderer) -> tuple[float, float, float, float]:
    """What a wall map frames: the grids (sites far outside, e.g. a hospital, do not shrink it)."""
    grids = renderer.doc.layers.get("grids")
    if grids is not None and len(grids):
        b = shapely.total_bounds(grids.geom)
        if np.all(np.isfinite(b)):
            return tuple(float(v) for v in b)
    return renderer.extent()


def _nice(length_m: float) -> float:
    """The round length (1, 2, 5 × 10^n metres) at most `length_m`."""
    e = 10 ** math.floor(math.log10(max(length_m, 1e-9)))
    for f in (5, 2, 1):
        if f * e <= length_m:
            return f * e
    return e


def draw_scale_bar(sheet: Sheet, view: ViewTransform, map_rect, u: float) -> None:
    """A black-and-white scale bar in the map's lower left corner."""
    g = line_mm(u)
    p = sheet.painter
    x, y, w, h = map_rect
    mm_per_m = 1000.0 / view.scale_denominator
    metres = _nice(w * 0.22 / mm_per_m)
    bar = metres * mm_per_m
    bx, by = x + g * 1.2, y + h - g * 2.2
    bh = g * 0.35
    p.fillRect(sheet.rect(bx - g * 0.5, by - g * 1.6, bar + g * 4.5, g * 2.6), QColor(255, 255, 255, 220))
    for k in range(4):
        c = INK if k % 2 == 0 else PAPER
        p.fillRect(sheet.rect(bx + bar * k / 4, by, bar / 4, bh), c)
    p.setPen(QPen(INK, sheet.px(0.2)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(sheet.rect(bx, by, bar, bh))
    p.setFont(sheet.font(u * 0.9))
    label = f"{metres / 1000:g} 千米" if metres >= 1000 else f"{metres:g} 米"
    for pos, text in ((0, "0"), (bar, label)):
        p.drawText(sheet.rect(bx + pos - g * 3, by - g * 1.4, g * 6, g * 1.2),
                   Qt.AlignmentFlag.AlignCenter, text)


def draw_north_arrow(sheet: Sheet, map_rect, u: float) -> None:
    """A north arrow in the map's upper right corner (maps are drawn north up)."""
    g = line_mm(u)
    p = sheet.painter
    x, y, w, _ = map_rect
    cx, top = x + w - g * 2.6, y + g * 1.0
    s = g * 2.2
    left = QPolygonF([QPointF(sheet.px(cx), sheet.px(top + g * 1.2)), QPointF(sheet.px(cx - s * 0.4), sheet.px(top + g * 1.2 + s)),
                      QPointF(sheet.px(cx), sheet.px(top + g * 1.2 + s * 0.75))])
    right = QPolygonF([QPointF(sheet.px(cx), sheet.px(top + g * 1.2)), QPointF(sheet.px(cx + s * 0.4), sheet.px(top + g * 1.2 + s)),
                       QPointF(sheet.px(cx), sheet.px(top + g * 1.2 + s * 0.75))])
    p.setPen(QPen(INK, sheet.px(0.25)))
    p.setBrush(INK)
    p.drawPolygon(left)
    p.setBrush(PAPER)
    p.drawPolygon(right)
    p.setPen(INK)
    p.setFont(sheet.font(u * 1.2, bold=True))
    p.drawText(sheet.rect(cx - g * 2, top - g * 0.4, g * 4, g * 1.6), Qt.AlignmentFlag.AlignCenter, "北")


def draw_sidebar(sheet: Sheet, rect_mm, rows: list[dict], total: dict, level: str, u: float,
                 hot: list[dict] | None = None, columns: int = 1) -> None:
    """Totals, then the legend-and-counts table: colour, name, 楼栋, 户数, 人口, 隔离, 网格员; then
    the grids with most people isolated. With two columns (under a portrait map) that last list
    starts the second column."""
    g = line_mm(u)
    p = sheet.painter
    x, y, w, h = rect_mm
    top, full_w = y, w
    if columns == 2:
        w = (full_w - g * 1.5) / 2
    bottom = y + h
    p.setPen(INK)
    # Totals: big figures, the first thing the desk reads.
    p.setFont(sheet.font(u * 1.3, bold=True))
    p.drawText(sheet.rect(x, y, w, g * 1.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "全社区合计")
    y += g * 2.0
    iso = total["isolated"]
    figures = [("户数", total["households"]), ("人口", total["residents"]), ("楼栋", total["buildings"]),
               ("定点医院", iso.get("hospital", 0)), ("集中隔离", iso.get("centralised", 0)),
               ("居家隔离", iso.get("home", 0))]
    cw = w / 3
    for k, (name, value) in enumerate(figures):
        cx, cy = x + (k % 3) * cw, y + (k // 3) * g * 3.6
        p.fillRect(sheet.rect(cx + g * 0.15, cy, cw - g * 0.3, g * 3.3), QColor("#f3efe6"))
        p.setPen(ACCENT if k >= 3 and value else INK)
        p.setFont(sheet.font(u * 1.8, bold=True))
        p.drawText(sheet.rect(cx, cy + g * 0.2, cw, g * 2.0), Qt.AlignmentFlag.AlignCenter, f"{value:,}")
        p.setPen(MUTED)
        p.setFont(sheet.font(u * 0.85))
        p.drawText(sheet.rect(cx, cy + g * 2.1, cw, g * 1.1), Qt.AlignmentFlag.AlignCenter, name)
    y += g * 7.6

    # The legend is the table: each row's swatch is the colour of its grid on the map.
    title = {"zone": "图例与统计（按片区）", "grid": "图例与统计（按网格）"}.get(level, "图例与统计")
    p.setPen(INK)
    p.setFont(sheet.font(u * 1.2, bold=True))
    p.drawText(sheet.rect(x, y, w, g * 1.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    y += g * 2.0
    cols = [("名称", 0.36), ("楼栋", 0.12), ("户数", 0.15), ("人口", 0.17), ("隔离", 0.10), ("网格员", 0.10)]
    swatch = g * 1.3
    tx, tw = x + swatch + g * 0.4, w - swatch - g * 0.4
    rh = g * 1.45
    space = max(int((bottom - y - rh * 2.2) // rh), 1)
    shown = sorted(rows, key=lambda r: r["code"]) if len(rows) <= space else \
        sorted(rows, key=lambda r: -r["households"])[:space - 1]
    p.setFont(sheet.font(u * 0.8, bold=True))
    p.setPen(MUTED)
    _row(sheet, tx, y, tw, rh, [c for c, _ in cols], cols)
    y += rh
    p.setPen(QPen(RULE, sheet.px(0.2)))
    p.drawLine(sheet.rect(x, y, w, 0).topLeft(), sheet.rect(x, y, w, 0).topRight())
    p.setFont(sheet.font(u * 0.8))
    y = _body(sheet, x, y, w, rh, shown, cols, g)
    if len(shown) < len(rows):
        p.setPen(MUTED)
        p.drawText(sheet.rect(tx, y, tw, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   f"…另有 {len(rows) - len(shown)} 个（按户数列出前 {len(shown)} 个）")
        y += rh
    p.setPen(QPen(INK, sheet.px(0.3)))
    p.drawLine(sheet.rect(x, y, w, 0).topLeft(), sheet.rect(x, y, w, 0).topRight())
    p.setFont(sheet.font(u * 0.8, bold=True))
    _row(sheet, tx, y, tw, rh, ["合计", f"{total['buildings']:,}", f"{total['households']:,}",
                                f"{total['residents']:,}", str(isolated_total(total)),
                                str(total["staff"].get("grid_worker", 0))], cols)
    y += rh * 2
    # Space left under a table by zone: the grids with most people isolated, where the desk looks first.
    hot = sorted((r for r in (hot or []) if isolated_total(r)), key=lambda r: (-isolated_total(r), r["code"]))
    if columns == 2:
        x, y = x + w + g * 1.5, top
        tx = x + swatch + g * 0.4
    fit = int((bottom - y - g * 2.0 - rh) // rh)
    if hot and fit >= 4:
        p.setPen(INK)
        p.setFont(sheet.font(u * 1.2, bold=True))
        p.drawText(sheet.rect(x, y, w, g * 1.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   "隔离人数最多的网格")
        y += g * 2.0
        p.setFont(sheet.font(u * 0.8, bold=True))
        p.setPen(MUTED)
        _row(sheet, tx, y, tw, rh, [c for c, _ in cols], cols)
        y += rh
        p.setFont(sheet.font(u * 0.8))
        _body(sheet, x, y, w, rh, hot[:fit], cols, g)


def _body(sheet: Sheet, x: float, y: float, w: float, rh: float, rows: list[dict], cols, g: float) -> float:
    """Table rows with their grid's colour swatch; returns the y below them."""
    p = sheet.painter
    swatch = g * 1.3
    tx, tw = x + swatch + g * 0.4, w - swatch - g * 0.4
    for i, r in enumerate(rows):
        if i % 2:
            p.fillRect(sheet.rect(x, y, w, rh), QColor("#f6f6f3"))
        p.fillRect(sheet.rect(x + g * 0.1, y + (rh - swatch * 0.8) / 2, swatch, swatch * 0.8), QColor(r["color"]))
        iso_n = isolated_total(r)
        p.setPen(INK)
        _row(sheet, tx, y, tw, rh, [r["name"] or r["code"], f"{r['buildings']:,}", f"{r['households']:,}",
                                    f"{r['residents']:,}", str(iso_n), str(r["staff"].get("grid_worker", 0))],
             cols, red=4 if iso_n else -1)
        y += rh
    return y


def _row(sheet: Sheet, x: float, y: float, w: float, h: float, texts: list[str], cols, red: int = -1) -> None:
    """One table row: the first column left-aligned, figures right-aligned."""
    p = sheet.painter
    cx = x
    pen = p.pen()
    for k, (text, (_, share)) in enumerate(zip(texts, cols)):
        cw = w * share
        align = (Qt.AlignmentFlag.AlignLeft if k == 0 else Qt.AlignmentFlag.AlignRight) | Qt.AlignmentFlag.AlignVCenter
        if k == red:
            p.setPen(ACCENT)
        fm = QFontMetricsF(p.font())
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, sheet.px(cw - 0.6))
        p.drawText(sheet.rect(cx, y, cw - 0.6, h), align, shown)
        p.setPen(pen)
        cx += cw
