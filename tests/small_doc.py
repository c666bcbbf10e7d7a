"""A small hand-made community whose counts are known by heart (for unit tests)."""

from __future__ import annotations

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.layer import to_column


def _load(doc: Document, name: str, records: list[dict], geoms: list | None = None) -> None:
    layer = doc[name]
    cols = {f.name: to_column(f.type, [r.get(f.name) for r in records]) for f in layer.spec.fields}
    layer.load(np.arange(1, len(records) + 1), None if geoms is None else np.array(geoms, dtype=object), cols)


def small_doc() -> Document:
    """Two zones (P1 west, P2 east) of two grids each on a 200 m × 100 m community; W1 has two
    micro-grids; two compounds; six buildings; staff; isolation entries."""
    doc = Document(4543, meta={"community_name": "测试社区", "community_code": "T"})
    box = shapely.box
    _load(doc, "grids", [
        {"code": "P1", "name": "第一片区", "level": "zone", "color": "#8dd3c7"},
        {"code": "P2", "name": "第二片区", "level": "zone", "color": "#ffffb3"},
        {"code": "W1", "name": "网格1", "level": "grid", "parent": "P1", "color": "#bebada"},
        {"code": "W2", "name": "网格2", "level": "grid", "parent": "P1", "color": "#fb8072"},
        {"code": "W3", "name": "网格3", "level": "grid", "parent": "P2", "color": "#80b1d3"},
        {"code": "W4", "name": "网格4", "level": "grid", "parent": "P2", "color": "#fdb462"},
        {"code": "W1-1", "name": "微网格1-1", "level": "micro", "parent": "W1", "color": "#b3de69"},
        {"code": "W1-2", "name": "微网格1-2", "level": "micro", "parent": "W1", "color": "#fccde5"},
    ], [box(0, 0, 100, 100), box(100, 0, 200, 100),
        box(0, 0, 50, 100), box(50, 0, 100, 100), box(100, 0, 150, 100), box(150, 0, 200, 100),
        box(0, 0, 50, 50), box(0, 50, 50, 100)])
    _load(doc, "compounds", [
        {"code": "甲园", "name": "甲园"}, {"code": "乙园", "name": "乙园"},
    ], [box(5, 5, 95, 95), box(105, 5, 195, 95)])
    # households / residents per building; b4 straddles W3|W4 with most of its area in W4.
    _load(doc, "buildings", [
        {"code": "甲园-1栋", "number": "1栋", "households": 10, "residents": 30},   # W1-1, P1, 甲园
        {"code": "甲园-2栋", "number": "2栋", "households": 20, "residents": 50},   # W1-2
        {"code": "甲园-3栋", "number": "3栋", "households": 30, "residents": 70},   # W2
        {"code": "乙园-1栋", "number": "1栋", "households": 40, "residents": 90},   # W3
        {"code": "乙园-2栋", "number": "2栋", "households": 50, "residents": 110},  # W4 (straddles)
        {"code": "乙园-3栋", "number": "3栋", "kind": "commercial", "households": 0, "residents": 0},  # W4
    ], [box(10, 10, 40, 40), box(10, 60, 40, 90), box(60, 10, 90, 40),
        box(110, 10, 140, 40), box(140, 60, 190, 90), box(160, 10, 190, 40)])
    _load(doc, "gates", [
        {"code": "甲园-南门", "name": "南门", "bearing": 180.0, "state": "open"},
        {"code": "乙园-东门", "name": "东门", "bearing": 90.0, "state": "guarded"},
    ], [shapely.Point(50, 5), shapely.Point(195, 50)])
    _load(doc, "staff", [
        {"code": "S1", "name": "张三", "role": "grid_worker", "phone": "13800001111"},
        {"code": "S2", "name": "李四", "role": "building_head"},
        {"code": "S3", "name": "王五", "role": "grid_leader"},
        {"code": "S4", "name": "赵六", "role": "property"},
    ])
    _load(doc, "assignments", [
        {"code": "A1", "staff": "S1", "role": "grid_worker", "target_layer": "grids", "target": "W1"},
        {"code": "A2", "staff": "S1", "role": "grid_worker", "target_layer": "grids", "target": "W2"},
        {"code": "A3", "staff": "S2", "role": "building_head", "target_layer": "buildings", "target": "甲园-1栋"},
        {"code": "A4", "staff": "S2", "role": "building_head", "target_layer": "buildings", "target": "甲园-2栋"},
        {"code": "A5", "staff": "S3", "role": "grid_leader", "target_layer": "grids", "target": "P1"},
        {"code": "A6", "staff": "S4", "role": "property", "target_layer": "compounds", "target": "乙园"},
    ])
    _load(doc, "isolation", [
        {"code": "G1", "building": "甲园-1栋", "kind": "home", "persons": 2, "start": "2026-11-01", "end": "2026-11-15"},
        {"code": "G2", "building": "甲园-3栋", "kind": "centralised", "persons": 1, "start": "2026-11-10", "end": "2026-11-24"},
        {"code": "G3", "building": "乙园-2栋", "kind": "hospital", "persons": 1, "start": "2026-11-05", "end": "2026-11-30",
         "released": "2026-11-12", "name": "钱七"},
        {"code": "G4", "building": "乙园-1栋", "kind": "monitoring", "persons": 3, "start": "2026-11-12", "end": "2026-11-19"},
    ])
    doc.sync_derived()
    doc.mark_saved()
    return doc
