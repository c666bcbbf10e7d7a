"""The symbol key under a printed map: what the markers, arrows and hatching on the sheet mean.

The grid colours are explained by the legend table beside the map; this strip explains the rest,
and only what the document has (a community without risk zones gets no 封控区 entry). Symbols are
drawn with the renderer's own shapes and colours so the key matches the map exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainterPath, QPen

from cmdmap.model.document import Document
from cmdmap.render.overlays import DETAIL_MAX_SCALE, ISOLATION_MARKS, RISK_HATCH, SEALED_COLOR
from cmdmap.render.qpath import rotated_symbols_path, symbols_path
from cmdmap.render.style import GATE_COLORS, SITE_SYMBOLS, qcolor
from cmdmap.render.symbols import gate_arrow, marker

SYMBOL_MM = 3.2  # symbols in the key are drawn this size whatever the paper, like on the map


@dataclass(frozen=True)
class KeyItem:
    """One entry: how to draw its symbol (`kind` + `args`) and its words."""

    kind: str          # "marker", "gate", "hatch", "sealed" or "mark"
    args: tuple
    text: str


def _titles(doc: Document, layer: str, field: str) -> dict[str, str]:
    return {c.value: c.title.get("zh") for c in doc.schema[layer].field(field).choices}


def key_items(doc: Document, scale_denominator: float | None = None) -> list[KeyItem]:
    """The entries for what `doc` shows on a map at 1:`scale_denominator` (None: any scale)."""
    out: list[KeyItem] = []
    zones = doc.layers.get("risk_zones")
    if zones is not None and len(zones):
        names = _titles(doc, "risk_zones", "level")
        present = set(zones.column("level").tolist())
        out += [KeyItem("hatch", (lv,), names[lv]) for lv in RISK_HATCH if lv in present and lv in names]
    b = doc["buildings"]
    if "sealed" in b.cols and bool(np.any(b.column("sealed") == True)):  # noqa: E712 — elementwise
        out.append(KeyItem("sealed", (), "封控楼栋"))
    gates = doc.layers.get("gates")
    if gates is not None and len(gates):
        states = set(gates.column("state").tolist())
        if states - {"closed", "sealed"}:
            out.append(KeyItem("gate", (GATE_COLORS["open"],), "大门（开放、值守）"))
        if states & {"closed", "sealed"}:
            out.append(KeyItem("gate", (GATE_COLORS["closed"],), "大门（关闭、封闭）"))
    sites = doc.layers.get("sites")
    if sites is not None and len(sites):
        names = _titles(doc, "sites", "kind")
        present = set(sites.column("kind").tolist())
        for kind, (shape, colour) in SITE_SYMBOLS.items():
            if kind in present:
                out.append(KeyItem("marker", (shape, colour), names.get(kind, kind)))
    events = doc.layers.get("events")
    if events is not None and len(events):
        colour = str(events.spec.style.get("fill", "#7f8c8d"))
        out.append(KeyItem("marker", ("diamond", colour), doc.schema["events"].title.get("zh")))
    if scale_denominator is None or scale_denominator <= DETAIL_MAX_SCALE:
        kinds = _titles(doc, "isolation", "kind")
        out += [KeyItem("mark", (colour,), f"{kinds.get(k, k)}人数") for k, colour in ISOLATION_MARKS]
    return out


def _flow(sheet, items: list[KeyItem], w: float, u: float) -> list[tuple[float, int]]:
    """(x offset in mm, line) of each entry, wrapping at `w` mm; the first place is the heading."""
    g = u * 0.45
    fm = QFontMetricsF(sheet.font(u * 0.9))
    x, line, places = fm.horizontalAdvance("图例") * 25.4 / sheet.dpi + g * 1.2, 0, []
    for it in items:
        width = g * 1.55 + fm.horizontalAdvance(it.text) * 25.4 / sheet.dpi + g * 1.2
        if x + width > w and x > 0:
            x, line = 0.0, line + 1
        places.append((x, line))
        x += width
    return places


def key_height(sheet, items: list[KeyItem], w: float, u: float) -> float:
    """The mm of paper the key needs across `w` mm (0 when there is nothing to explain)."""
    if not items:
        return 0.0
    lines = _flow(sheet, items, w, u)[-1][1] + 1
    return lines * u * 0.45 * 2.0


def draw_key(sheet, items: list[KeyItem], x: float, y: float, w: float, u: float) -> None:
    """Draw the key with its top left at (`x`, `y`) mm, `w` mm wide."""
    if not items:
        return
    p = sheet.painter
    g = u * 0.45
    lh = g * 2.0
    p.setPen(QColor("#1f2a36"))
    p.setFont(sheet.font(u * 0.9, bold=True))
    p.drawText(sheet.rect(x, y, w, lh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "图例")
    p.setFont(sheet.font(u * 0.9))
    for it, (dx, line) in zip(items, _flow(sheet, items, w, u)):
        cx, cy = x + dx + g * 0.8, y + line * lh + lh / 2
        _symbol(sheet, it, cx, cy)
        p.setPen(QColor("#1f2a36"))
        p.drawText(sheet.rect(cx + g * 0.75, y + line * lh, w, lh),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, it.text)


def _symbol(sheet, it: KeyItem, cx: float, cy: float) -> None:
    """The entry's symbol centred on (`cx`, `cy`) mm."""
    p = sheet.painter
    px, py = np.array([sheet.px(cx)]), np.array([sheet.px(cy)])
    one = sheet.px(1.0)
    p.save()
    if it.kind == "marker":
        shape, colour = it.args
        p.setPen(QPen(QColor("#ffffff"), sheet.px(0.3)))
        p.setBrush(qcolor(colour))
        p.drawPath(symbols_path(marker(shape, SYMBOL_MM) * one, px, py))
    elif it.kind == "gate":
        p.setPen(QPen(QColor("#ffffff"), sheet.px(0.3)))
        p.setBrush(QColor(it.args[0]))
        # The arrow's tail sits on the fence: shift it down so the arrow is centred.
        p.drawPath(rotated_symbols_path(gate_arrow(SYMBOL_MM * 1.2) * one, px, py + sheet.px(SYMBOL_MM * 0.6),
                                        np.zeros(1)))
    elif it.kind == "mark":
        p.setPen(QPen(QColor("#ffffff"), sheet.px(0.25)))
        p.setBrush(QColor(it.args[0]))
        p.drawEllipse(QPointF(px[0], py[0]), sheet.px(1.5), sheet.px(1.5))
    else:  # a small square: hatched risk zone, or a sealed building's heavy border and cross
        s = SYMBOL_MM
        box = QRectF(sheet.px(cx - s / 2), sheet.px(cy - s / 2), sheet.px(s), sheet.px(s))
        if it.kind == "hatch":
            colour, spacing, angles = RISK_HATCH[it.args[0]]
            p.setClipRect(box)
            p.setPen(QPen(QColor(colour), sheet.px(0.2)))
            path = QPainterPath()
            step = sheet.px(spacing * 0.6)
            for angle in angles:  # the zone's hatch directions, closer so a few lines show
                rising = angle > 0  # 45°: bottom left to top right; -45°: top left to bottom right
                for o in np.arange(-box.width(), box.width() * 2, step).tolist():
                    path.moveTo(box.left() + o, box.bottom() if rising else box.top())
                    path.lineTo(box.left() + o + box.width(), box.top() if rising else box.bottom())
            p.drawPath(path)
            p.setClipping(False)
            pen = QPen(QColor(colour), sheet.px(0.35))
            pen.setDashPattern([3.0, 1.5])
            p.setPen(pen)
        else:
            p.setPen(QPen(QColor(SEALED_COLOR), sheet.px(0.5)))
            p.drawLine(box.topLeft(), box.bottomRight())
            p.drawLine(box.topRight(), box.bottomLeft())
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(box)
    p.restore()
