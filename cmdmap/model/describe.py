"""What the 属性 panel shows for one feature: its attributes under their declared titles (never
personal fields) and its counts. Qt-free, so the panel and tests share it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from cmdmap.model.counts import ISOLATION_KINDS, active_isolation, count
from cmdmap.model.document import Document
from cmdmap.model.pick import Picked


def attributes(doc: Document, picked: Picked, lang: str = "zh") -> list[tuple[str, str, str]]:
    """(field name, title, shown value) for every non-personal field, choices by their titles."""
    layer = doc[picked.layer]
    record = layer.record(picked.fid)
    # Derived fields (which grid, which compound) as the map says now: the stored columns are
    # refreshed on save, so after a move they would name the old grid until then.
    where = doc.placement.where.get(picked.layer) if layer.spec.is_spatial else None
    if where is not None:
        row = layer.row(picked.fid)
        for f in layer.spec.fields:
            if f.derived and f.name in ("grid", "compound") and f.name in where:
                record[f.name] = doc.placement.codes_of(picked.layer, f.name)[row]
    out = []
    for spec in layer.spec.fields:
        if spec.personal:
            continue
        v = record.get(spec.name)
        if v is None:
            shown = ""
        elif spec.choices:
            shown = spec.choice_title(v, lang)
        elif isinstance(v, bool):
            shown = "是" if (v and lang == "zh") else ("否" if lang == "zh" else ("yes" if v else "no"))
        else:
            shown = str(v)
        out.append((spec.name, spec.title.get(lang), shown))
    return out


def building_counts(doc: Document, fid: int, as_of: dt.date | None = None) -> dict[str, Any]:
    """One building's households, residents, isolated residents by kind and staff by role."""
    b = doc["buildings"]
    rec = b.record(fid)
    code = rec["code"]
    iso = doc["isolation"]
    on = active_isolation(doc, as_of or doc.today()) & (iso.column("building") == code)
    persons = np.nan_to_num(iso.numeric("persons"))
    kinds = iso.column("kind")
    isolated = {k: int(persons[on & (kinds == k)].sum()) for k in ISOLATION_KINDS}
    a = doc["assignments"]
    mine = (a.column("target_layer") == "buildings") & (a.column("target") == code)
    staff: dict[str, int] = {}
    for role in doc.schema.roles:
        people = set(a.column("staff")[mine & (a.column("role") == role.value)].tolist())
        staff[role.value] = len(people)
    return {"code": code, "name": rec.get("number"), "buildings": 1,
            "households": int(rec.get("households") or 0), "residents": int(rec.get("residents") or 0),
            "isolated": isolated, "staff": staff}


def level_of(doc: Document, picked: Picked) -> str | None:
    """The count level a feature is a row of (zone/grid/micro, compound, building), if any."""
    if picked.layer == "buildings":
        return "building"
    if picked.layer == "compounds":
        return "compound"
    if picked.layer == "grids":
        return doc["grids"].value(picked.fid, "level")
    return None


def feature_counts(doc: Document, picked: Picked, as_of: dt.date | None = None) -> dict[str, Any] | None:
    """The counts row of a building, grid or compound (None for other features)."""
    level = level_of(doc, picked)
    if level is None:
        return None
    if level == "building":
        return building_counts(doc, picked.fid, as_of)
    code = doc[picked.layer].value(picked.fid, "code")
    for row in count(doc, by=level, as_of=as_of).rows:
        if row["code"] == code:
            return row
    return None
