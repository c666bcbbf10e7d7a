"""The building colourings a desk asks for: by grid (the default battle map), by isolation load
(how many residents of each building are isolated today), by staff coverage (buildings without
a 楼栋长 stand out in red). Each gives one colour per building, computed in bulk with numpy."""

from __future__ import annotations

import numpy as np

from cmdmap.model.counts import active_isolation
from cmdmap.model.document import Document
from cmdmap.render.layers import building_grid_colors

COLOURINGS = ("grid", "isolation", "staff")
# Which layers' changes alter each colouring (besides buildings and grids).
DEPENDS_ON = {"grid": ("grids",), "isolation": ("isolation",), "staff": ("assignments",)}

# Isolation load classes: (lowest persons, colour, zh, en); a sequential orange-red ramp.
ISOLATION_CLASSES = (
    (0, "#ececec", "无隔离", "None isolated"),
    (1, "#fdd49e", "1–2 人", "1–2 people"),
    (3, "#fc8d59", "3–9 人", "3–9 people"),
    (10, "#d7301f", "10 人以上", "10 or more"),
)
ISOLATED_KINDS = ("hospital", "centralised", "home")  # health monitoring is not isolation
STAFF_CLASSES = (
    ("#cfe3cf", "有楼栋长", "Has a building head"),
    ("#e41a1c", "无楼栋长", "No building head"),
)


def isolated_per_building(doc: Document) -> np.ndarray:
    """Persons isolated today (hospital, centralised, home) per building row."""
    b = doc["buildings"]
    out = np.zeros(len(b), dtype=np.int64)
    iso = doc.layers.get("isolation")
    if iso is None or len(iso) == 0 or len(b) == 0:
        return out
    codes = b.column("code").astype(str)
    order = np.argsort(codes)
    target = iso.column("building").astype(str)
    pos = np.clip(np.searchsorted(codes[order], target), 0, len(codes) - 1)
    row = order[pos]
    m = (codes[row] == target) & active_isolation(doc, doc.today()) & np.isin(iso.column("kind"), ISOLATED_KINDS)
    persons = np.nan_to_num(iso.numeric("persons")).astype(np.int64)
    return np.bincount(row[m], weights=persons[m], minlength=len(b)).astype(np.int64)


def has_building_head(doc: Document) -> np.ndarray:
    """Mask of building rows with at least one 楼栋长 assigned."""
    b = doc["buildings"]
    a = doc.layers.get("assignments")
    if a is None or len(a) == 0:
        return np.zeros(len(b), dtype=bool)
    m = (a.column("target_layer") == "buildings") & (a.column("role") == "building_head")
    return np.isin(b.column("code").astype(str), a.column("target")[m].astype(str))


def building_colours(doc: Document, mode: str) -> np.ndarray:
    """One '#rrggbb' (or None: the default grey) per building row for colouring `mode`."""
    if mode == "isolation":
        n = isolated_per_building(doc)
        lows = np.array([c[0] for c in ISOLATION_CLASSES])
        colours = np.array([c[1] for c in ISOLATION_CLASSES], dtype=object)
        return colours[np.searchsorted(lows, n, side="right") - 1]
    if mode == "staff":
        return np.where(has_building_head(doc), STAFF_CLASSES[0][0], STAFF_CLASSES[1][0]).astype(object)
    return building_grid_colors(doc)
