"""Codes, names and colours for grids made by a split or drawn new: in the style of the grids
around them (W12 -> W65 after W64; 第12网格 -> 第65网格; a colour no neighbour has). Qt-free."""

from __future__ import annotations

import re

import shapely

from cmdmap.model.document import Document


def next_code(doc: Document, like: str) -> str:
    """The next free code after the codes shaped like `like` (W12 -> W65 when W64 is the last;
    W06-2 -> W06-3)."""
    m = re.match(r"^(.*?)(\d+)$", like)
    codes = {str(c) for c in doc["grids"].column("code")}
    if not m:
        prefix, width, start = like + "-", 1, 2
    else:
        prefix, digits = m.group(1), m.group(2)
        width = len(digits)
        nums = [int(c[len(prefix):]) for c in codes if c.startswith(prefix) and c[len(prefix):].isdigit()]
        start = max(nums, default=int(digits)) + 1
    n = start
    while f"{prefix}{n:0{width}d}" in codes:
        n += 1
    return f"{prefix}{n:0{width}d}"


def next_name(old_name: str, old_code: str, new_code: str) -> str:
    """A name for a new grid in the style of its neighbour's (第12网格 -> 第65网格)."""
    a, b = re.search(r"(\d+)$", old_code), re.search(r"(\d+)$", new_code)
    if a and b and old_name:
        old_n, new_n = str(int(a.group(1))), str(int(b.group(1)))
        i = old_name.rfind(old_n)
        if i >= 0:
            return old_name[:i] + new_n + old_name[i + len(old_n):]
    return new_code


def colour_for(doc: Document, fid: int | None, shape: shapely.Geometry, level: str | None = None) -> str | None:
    """A colour of the level's palette that no grid touching `shape` has (a split shows as two)."""
    g = doc["grids"]
    level = level or (g.value(fid, "level") if fid is not None else "grid")
    same = g.column("level") == level
    palette = [c for c in dict.fromkeys(g.column("color")[same].tolist()) if c]
    touching = same & shapely.intersects(g.geom, shape.buffer(0.5))
    used = set(g.column("color")[touching].tolist())
    free = [c for c in palette if c not in used]
    if free:
        return free[0]
    return g.value(fid, "color") if fid is not None else (palette[0] if palette else None)
