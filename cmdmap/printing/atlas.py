"""Atlas sheets: one page per grid for its grid worker — the grid's map and a table of its
buildings. Aggregates only: residents' names never; staff names only when asked for."""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely
from PySide6.QtCore import Qt
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF

from cmdmap.model.counts import ISOLATION_KINDS, active_isolation
from cmdmap.model.document import Document
from cmdmap.printing.layout import ACCENT, INK, MUTED, Sheet, _row, draw_heading, draw_map_frame, draw_north_arrow, \
    draw_scale_bar, line_mm, stamp_text, unit_mm
from cmdmap.printing.key import draw_key, key_height, key_items
from cmdmap.printing.settings import PrintSettings
from cmdmap.render.renderer import MapRenderer
from cmdmap.render.view import ViewTransform

KIND_ZH = {"hospital": "定点医院", "centralised": "集中隔离", "home": "居家隔离", "monitoring": "健康监测"}


def atlas_grids(doc: Document, level: str) -> np.ndarray:
    """Rows of the grids layer at `level`, in code order: one sheet each."""
    g = doc["grids"]
    rows = np.nonzero(g.column("level") == level)[0]
    return rows[np.argsort(g.column("code")[rows].astype(str), kind="stable")]


def building_table(doc: Document, level: str, as_of: dt.date) -> dict:
    """Per building: index of its `level` grid, isolated persons by kind, has a building head."""
    b = doc["buildings"]
    iso = doc["isolation"]
    lookup = {c: i for i, c in enumerate(b.column("code"))}
    brow = np.fromiter((lookup.get(c, -1) for c in iso.column("building")), dtype=np.int64, count=len(iso))
    active = active_isolation(doc, as_of) & (brow >= 0)
    persons = iso.numeric("persons")
    kinds = iso.column("kind")
    by_kind = {k: np.bincount(brow[active & (kinds == k)], weights=persons[active & (kinds == k)],
                              minlength=len(b)).astype(int) for k in ISOLATION_KINDS}
    a = doc["assignments"]
    mine = (a.column("role") == "building_head") & (a.column("target_layer") == "buildings")
    staff = doc["staff"]
    name_of = dict(zip(staff.column("code"), staff.column("name")))
    # Building code -> its heads' names (staff names: printed only when the user ticks names).
    heads: dict[str, list[str]] = {}
    for target, person in zip(a.column("target")[mine], a.column("staff")[mine]):
        name = name_of.get(person)
        heads.setdefault(target, [])
        if name and name not in heads[target]:
            heads[target].append(str(name))
    return {"grid": doc.placement.where["buildings"][level], "iso": by_kind,
            "head": np.array([c in heads for c in b.column("code")], dtype=bool),
            "head_names": ["、".join(heads.get(c, [])) for c in b.column("code")]}


def grid_workers(doc: Document, grid_code: str) -> list[tuple[str, str]]:
    """(name, phone) of the grid workers assigned to a grid (personal: printed only when asked)."""
    a = doc["assignments"]
    m = (a.column("role") == "grid_worker") & (a.column("target_layer") == "grids") & (a.column("target") == grid_code)
    staff = doc["staff"]
    people = {c: (n, p) for c, n, p in zip(staff.column("code"), staff.column("name"), staff.column("phone"))}
    return [(str(people[s][0]), str(people[s][1] or "")) for s in dict.fromkeys(a.column("staff")[m])
            if people.get(s, (None,))[0]]


def staff_line(doc: Document, grid_row: int, names: bool, phones: bool) -> str:
    """The sheet's "网格员：…" line with what the user ticked; a micro-grid without a grid worker
    of its own shows its grid's (that is who its residents call)."""
    grids = doc["grids"]
    workers = grid_workers(doc, str(grids.column("code")[grid_row]))
    parent = grids.column("parent")[grid_row]
    if not workers and parent:
        workers = grid_workers(doc, str(parent))
    if names:
        people = "、".join(f"{n} {p}" if phones and p else n for n, p in workers)
        return f"网格员：{people or '（未配备）'}"
    return f"网格员电话：{'、'.join(p for _, p in workers if p) or '（未登记）'}"


def draw_atlas_sheet(sheet: Sheet, doc: Document, renderer: MapRenderer, settings: PrintSettings,
                     grid_row: int, index_in_level: int, table: dict, when: dt.datetime) -> None:
    """One grid's sheet: title, stamp, its map, and its buildings."""
    p = sheet.painter
    W, H, m = sheet.width_mm, sheet.height_mm, settings.margin_mm
    u = unit_mm(W, H)
    g = line_mm(u)
    grids = doc["grids"]
    code, name = str(grids.column("code")[grid_row]), str(grids.column("name")[grid_row] or "")
    p.fillRect(sheet.rect(0, 0, W, H), QColor("#ffffff"))
    head_h = g * 3.0
    title = f"{doc.name} {_parent_name(doc, grid_row, settings.atlas_level)}{name or code}（{code}）"
    y = draw_heading(sheet, m, head_h, title, u * 2.6, stamp_text(when), u * 1.1, g * 0.22, g * 0.8)
    if settings.show_staff_names or settings.show_staff_phones:
        p.setFont(sheet.font(u * 1.1))
        p.drawText(sheet.rect(m, y, W - 2 * m, g * 1.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   staff_line(doc, grid_row, settings.show_staff_names, settings.show_staff_phones))
        y += g * 2.0

    mine = np.nonzero(table["grid"] == index_in_level)[0]
    b = doc["buildings"]
    if W >= H:  # landscape: the table beside the map; portrait: below it
        side_w = (W - 2 * m) * 0.45
        map_rect = (m, y, W - 2 * m - side_w - g, H - y - m - g * 1.5)
        x, tw, ty = W - m - side_w, side_w, y
    else:
        # The map takes what the building table leaves (at least 55 %, at most 75 % of the page).
        table_h = (len(mine) + 3) * g * 1.9 + g * 2.5
        map_rect = (m, y, W - 2 * m, min(max((H - y - m) * 0.55, H - y - m - table_h), (H - y - m) * 0.75))
        x, tw, ty = m, W - 2 * m, y + map_rect[3] + g
    bounds = tuple(float(v) for v in shapely.bounds(grids.geom[grid_row]))
    # The symbol key under the map, inside the map's share of the sheet (the map gives up height).
    fitted = ViewTransform.fit(bounds, max(int(sheet.px(map_rect[2])), 1), max(int(sheet.px(map_rect[3])), 1),
                               dpi=sheet.dpi, margin=0.03)
    items = key_items(doc, fitted.scale_denominator)
    key_h = key_height(sheet, items, map_rect[2], u)
    if key_h:
        map_rect = (map_rect[0], map_rect[1], map_rect[2], map_rect[3] - key_h - g * 0.4)
        draw_key(sheet, items, map_rect[0], map_rect[1] + map_rect[3] + g * 0.4, map_rect[2], u)
    view = draw_map_frame(sheet, renderer, map_rect, settings, bounds=bounds)
    _outline(sheet, view, map_rect, grids.geom[grid_row])
    draw_scale_bar(sheet, view, map_rect, u)
    draw_north_arrow(sheet, map_rect, u)

    y = ty
    cols = [("楼栋", 0.28), ("户数", 0.1), ("人口", 0.1), ("医院", 0.1), ("集中", 0.1), ("居家", 0.1),
            ("监测", 0.1), ("楼栋长", 0.12)]
    # Rows close up (down to two thirds) before any building is left off the worker's sheet.
    avail = H - m - g * 1.5 - y
    rh = min(max(avail / (len(mine) + 3.2), g * 1.25), g * 1.9)
    pt = u * 1.15 * max(rh / (g * 1.9), 0.8)
    p.setFont(sheet.font(pt, bold=True))
    p.setPen(MUTED)
    _row(sheet, x, y, tw, rh, [c for c, _ in cols], cols)
    y += rh
    order = mine[np.argsort(b.column("code")[mine].astype(str), kind="stable")]
    space = max(int((H - m - g * 1.5 - y - rh * 2) // rh), 1)
    hh, rr = b.numeric("households"), b.numeric("residents")
    p.setFont(sheet.font(pt))
    for i, r in enumerate(order[:space]):
        if i % 2:
            p.fillRect(sheet.rect(x, y, tw, rh), QColor("#f6f6f3"))
        p.setPen(INK)
        iso = [int(table["iso"][k][r]) for k in ISOLATION_KINDS]
        _row(sheet, x, y, tw, rh, [str(b.column("code")[r]), f"{int(hh[r])}", f"{int(rr[r])}",
                                   *[str(v) for v in iso], head_cell(table, r, settings.show_staff_names)], cols)
        y += rh
    if len(order) > space:
        p.setPen(MUTED)
        p.drawText(sheet.rect(x, y, tw, rh), Qt.AlignmentFlag.AlignLeft, f"…另有 {len(order) - space} 栋")
        y += rh
    p.setPen(QPen(INK, sheet.px(0.3)))
    p.drawLine(sheet.rect(x, y, tw, 0).topLeft(), sheet.rect(x, y, tw, 0).topRight())
    p.setFont(sheet.font(pt, bold=True))
    p.setPen(INK)
    _row(sheet, x, y, tw, rh, [f"合计 {len(order)} 栋", f"{int(hh[order].sum())}", f"{int(rr[order].sum())}",
                               *[str(int(table['iso'][k][order].sum())) for k in ISOLATION_KINDS],
                               f"{int(table['head'][order].sum())}/{len(order)}"], cols)
    p.setPen(MUTED)
    p.setFont(sheet.font(u * 1.15))
    p.drawText(sheet.rect(m, H - m - g * 1.4, W - 2 * m, g * 1.4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
               f"EPSG:{doc.epsg} · 1:{view.scale_denominator:,.0f} · 汇总数据，不含居民个人信息 · "
               + (str(doc.meta.get("credits") or "") + " · " if doc.meta.get("credits") else "") + "cmdmap")


def head_cell(table: dict, row: int, names: bool) -> str:
    """The 楼栋长 cell: the head's name when the user ticked names, else whether there is one."""
    if not table["head"][row]:
        return "无"
    return (table["head_names"][row] or "有") if names else "有"


def _parent_name(doc: Document, grid_row: int, level: str) -> str:
    """"第3网格 › " before a micro-grid's name, so its sheet says which grid it belongs to."""
    grids = doc["grids"]
    parent = grids.column("parent")[grid_row]
    if level != "micro" or not parent:
        return ""
    fid = grids.find(str(parent))
    if fid is None:
        return ""
    return f"{grids.value(fid, 'name') or parent} › "


def _outline(sheet: Sheet, view, map_rect, geom) -> None:
    """The sheet's own grid traced in red over the map, so its worker sees where it ends."""
    p = sheet.painter
    path = QPainterPath()
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty:
            continue
        x, y = view.world_to_device(*np.asarray(poly.exterior.coords).T)
        path.addPolygon(QPolygonF([QPointF(a, b) for a, b in zip(x.tolist(), y.tolist())]))
    r = sheet.rect(*map_rect)
    p.save()
    p.setClipRect(r)
    p.translate(r.topLeft())
    pen = QPen(ACCENT, sheet.px(0.8))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.restore()
