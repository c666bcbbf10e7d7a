"""Which buildings would change grid if some grids took new shapes: the preview shown while a
boundary is dragged ("3栋, 5栋 (86户) 从 第12网格 移入 第13网格").

Qt-free and local: only buildings near the changed grids are placed again, against only the
grids near them, with the same rule as `placement` (the grid holding a building's point on the
surface, or most of its area), so the preview says exactly what the drop will do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import shapely

from cmdmap.messages import message
from cmdmap.model.document import Document
from cmdmap.model.placement import Targets, locate_polygons

MAX_NAMES = 6  # more buildings than this are summed up as "… 等 N 栋"


@dataclass
class Move:
    """Buildings moving from one grid to another at one level."""

    level: str
    source: str | None
    target: str | None
    fids: list[int] = field(default_factory=list)
    households: int = 0


def reassignment(doc: Document, changed: Mapping[int, shapely.Geometry],
                 levels: tuple[str, ...] = ("grid", "micro")) -> list[Move]:
    """The buildings whose grid (at each of `levels`) differs once grids `changed` (fid -> new
    shape) take their new shapes; biggest moves first."""
    if not changed or not all(g is not None and g.is_valid for g in changed.values()):
        return []  # a shape that cannot be stored will be refused on release: nothing moves
    grids, b = doc["grids"], doc["buildings"]
    if not len(b):
        return []
    old = [grids.geometry(f) for f in changed]
    box = shapely.box(*shapely.total_bounds(np.array(old + list(changed.values()), dtype=object)))
    cand = np.nonzero(shapely.intersects(b.geom, box))[0]
    if not len(cand):
        return []
    out: list[Move] = []
    households = b.numeric("households")
    p = doc.placement
    reach = shapely.box(*shapely.total_bounds(b.geom[cand]))  # every grid a candidate could fall in
    for lv in levels:
        rows = np.nonzero((grids.column("level") == lv) & shapely.intersects(grids.geom, reach))[0]
        if not len(rows):
            continue
        geoms = grids.geom[rows].copy()
        for k, r in enumerate(rows):
            geoms[k] = changed.get(int(grids.fid[r]), geoms[k])
        idx = locate_polygons(b.geom[cand], Targets.of("grids", rows, geoms))
        codes = grids.column("code")
        new = np.array([codes[rows[i]] if i >= 0 else None for i in idx], dtype=object)
        before = p.codes_of("buildings", lv)[cand]
        groups: dict[tuple, Move] = {}
        for k in np.nonzero(new != before)[0]:
            key = (before[k], new[k])
            m = groups.setdefault(key, Move(lv, before[k], new[k]))
            m.fids.append(int(b.fid[cand[k]]))
            m.households += int(households[cand[k]])
        out += sorted(groups.values(), key=lambda m: -len(m.fids))
    return out


def describe(doc: Document, moves: list[Move], lang: str | None = None) -> str:
    """One line per move, in the user's language, with the buildings' and grids' own names."""
    if not moves:
        return message("reassign_none", lang)
    grids, b = doc["grids"], doc["buildings"]

    def grid_name(code: str | None) -> str:
        f = grids.find(code) if code else None
        return str(grids.value(f, "name") or code) if f is not None else "—"

    lines = []
    for m in moves:
        compounds = {b.value(f, "compound") for f in m.fids}
        # "3栋" is clear within one compound; across compounds the full code says which.
        names = [str(b.value(f, "number") if len(compounds) == 1 and b.value(f, "number") else b.value(f, "code"))
                 for f in m.fids]
        sep = "、" if lang != "en" else ", "
        text = sep.join(names[:MAX_NAMES])
        if len(names) > MAX_NAMES:
            text = message("reassign_more", lang, names=text, n=len(names), more=len(names) - MAX_NAMES)
        lines.append(message("reassign_preview", lang, buildings=text, households=m.households,
                             source=grid_name(m.source), target=grid_name(m.target)))
    return "\n".join(lines)
