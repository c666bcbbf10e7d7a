"""Turn built communities into one Document: number the codes, colour the grids, project, load."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from pyproj import Transformer

from cmdmap.demo.spec import Built
from cmdmap.demo.tables import Table, concat
from cmdmap.model.colouring import assign_colours
from cmdmap.model.document import Document

EPSG = 4543  # CGCS2000 / 3-degree Gauss–Krüger CM 102E: Kunming
CENTRE_LONLAT = (102.716, 25.062)  # 果林社区, 盘龙区, Kunming


def origin() -> np.ndarray:
    """Where local (0, 0) lies in EPSG:4543, rounded to the metre."""
    t = Transformer.from_crs(4490, EPSG, always_xy=True)
    x, y = t.transform(*CENTRE_LONLAT)
    return np.array([round(x), round(y)], dtype=float)


def _codes(letter: str, start: int, n: int, width: int) -> np.ndarray:
    return np.array([f"{letter}{k:0{width}d}" for k in range(start + 1, start + n + 1)], dtype=object)


def _number(builts: list[Built]) -> None:
    """Staff S0001…, assignments A00001…, isolation G0001…, events E0001…, across communities."""
    totals = {name: sum(b.tables[name].n for b in builts) for name in ("staff", "assignments", "isolation", "events")}
    width = {name: max(default, len(str(n))) for (name, n), default in zip(totals.items(), (4, 5, 4, 4))}
    done = dict.fromkeys(totals, 0)
    for b in builts:
        st, asg = b.tables["staff"], b.tables["assignments"]
        codes = _codes("S", done["staff"], st.n, width["staff"])
        st.set("code", codes)
        asg.set("staff", codes[asg.column("_staff").astype(np.int64)])
        asg.set("code", _codes("A", done["assignments"], asg.n, width["assignments"]))
        b.tables["isolation"].set("code", _codes("G", done["isolation"], b.tables["isolation"].n, width["isolation"]))
        b.tables["events"].set("code", _codes("E", done["events"], b.tables["events"].n, width["events"]))
        for name in done:
            done[name] += b.tables[name].n


def to_document(builts: list[Built], meta: dict[str, Any]) -> Document:
    """One Document from the communities' tables, moved from local metres into EPSG:4543."""
    _number(builts)
    doc = Document(EPSG, meta=meta)
    shift = origin()
    for spec in doc.schema:
        t: Table = concat([b.tables[spec.name] for b in builts if spec.name in b.tables])
        cols = t.layer_columns(spec)
        geoms = None
        if spec.is_spatial:
            geoms = shapely.transform(t.geometry(), lambda c: c + shift)
            if spec.name == "grids":
                level = cols["level"]
                for lv in ("zone", "grid", "micro"):
                    m = level == lv
                    cols["color"][m] = assign_colours(geoms[m], None)
        doc[spec.name].load(np.arange(1, t.n + 1, dtype=np.int64), geoms, cols)
    doc.sync_derived()
    doc.mark_saved()
    return doc
