"""The counts a desk lives by, at every level: buildings, households, residents, isolated
residents by kind (active on a given day) and staff by role.

A full recount, vectorised with numpy (bincount over the placement), so it is also the oracle
that any faster incremental engine is checked against.

Rules:
- Buildings, households and residents roll up from buildings (fields with `rollup = "sum"`).
- An isolation entry counts `persons` in every row holding its building, when it is active on
  the day asked: start <= day < end (the planned release day) and not released by then.
- A person counts once per role in every row that holds what they are assigned to. A building
  assignment counts at every level; a grid assignment at its own level and coarser ones (a
  grid worker belongs to the grid and its zone, not to one of its buildings or compounds); a
  compound assignment at the compound level. Everything counts in the community row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from cmdmap.model.document import Document
from cmdmap.model.placement import COUNT_LEVELS, GRID_LEVELS

ISOLATION_KINDS = ("hospital", "centralised", "home", "monitoring")


@dataclass
class CountTable:
    """Counts for every row of one level, plus the community total."""

    by: str
    as_of: dt.date
    rows: list[dict[str, Any]]
    total: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of `cmdmap counts --format json`."""
        return {"by": self.by, "as_of": self.as_of.isoformat(), "rows": self.rows, "total": self.total}


@dataclass
class _Level:
    """The rows of one level: codes, names and, per building, the row holding it."""

    codes: np.ndarray
    names: np.ndarray
    of_building: np.ndarray


def _levels(doc: Document) -> dict[str, _Level]:
    p = doc.placement
    b = doc["buildings"]
    out: dict[str, _Level] = {
        "community": _Level(np.array([doc.code], dtype=object), np.array([doc.name], dtype=object),
                            np.zeros(len(b), dtype=np.int64)),
        "building": _Level(b.column("code"), b.column("number"), np.arange(len(b), dtype=np.int64)),
    }
    for lv in (*GRID_LEVELS, "compound"):
        t = p.levels[lv]
        layer = doc[t.layer]
        out[lv] = _Level(layer.column("code")[t.rows], layer.column("name")[t.rows], p.where["buildings"][lv])
    return out


def _sum_by(idx: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    ok = idx >= 0
    return np.bincount(idx[ok], weights=weights[ok], minlength=n)[:n]


def active_isolation(doc: Document, day: dt.date) -> np.ndarray:
    """Mask of isolation entries active on `day`."""
    iso = doc["isolation"]
    d = day.isoformat()
    start = np.array([s or "9999-12-31" for s in iso.column("start")], dtype="U10")
    end = np.array([s or "9999-12-31" for s in iso.column("end")], dtype="U10")
    rel = np.array([s or "9999-12-31" for s in iso.column("released")], dtype="U10")
    return (start <= d) & (d < end) & (d < rel)


def _building_rows_of_codes(doc: Document, codes: np.ndarray, lookup: dict | None = None) -> np.ndarray:
    """Row of the building with each code, or -1."""
    if lookup is None:
        b = doc["buildings"]
        lookup = dict(zip(b.column("code").tolist(), range(len(b))))
    return np.fromiter(map(lookup.get, codes.tolist(), [-1] * len(codes)), dtype=np.int64, count=len(codes))


def _assignment_rows(doc: Document, levels: dict[str, _Level], level: str,
                     lookup: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each assignment, the row of `level` it counts in (-1: none), and the building rows."""
    a = doc["assignments"]
    n = len(a)
    out = np.full(n, -1, dtype=np.int64)
    tl = a.column("target_layer")
    target = a.column("target")
    if level == "community":
        out[:] = 0
        return out
    # Building targets count at every level, through the building.
    isb = tl == "buildings"
    if isb.any():
        brow = _building_rows_of_codes(doc, target[isb], lookup)
        lv = levels[level].of_building
        out[isb] = np.where(brow >= 0, lv[np.maximum(brow, 0)], -1)
    if level == "compound":
        isc = tl == "compounds"
        if isc.any():
            lookup = {c: i for i, c in enumerate(levels["compound"].codes)}
            out[isc] = [lookup.get(c, -1) for c in target[isc]]
    if level in GRID_LEVELS:
        isg = np.nonzero(tl == "grids")[0]
        if len(isg):
            grids = doc["grids"]
            p = doc.placement
            gl = grids.column("level")
            grow = {c: i for i, c in enumerate(grids.column("code"))}
            rank = {lv: k for k, lv in enumerate(GRID_LEVELS)}
            for i in isg:  # one per assignment to a grid: a few hundred in a district, not per building
                r = grow.get(target[i])
                if r is None or gl[r] not in rank or rank[gl[r]] < rank[level]:
                    continue
                out[i] = p.grid_in[level][r]
    return out


def count(doc: Document, by: str = "community", as_of: dt.date | None = None) -> CountTable:
    """The counts for every row of level `by` (see COUNT_LEVELS), and the community total."""
    if by not in COUNT_LEVELS:
        raise ValueError(f"unknown level {by!r}")
    as_of = as_of or doc.today()
    levels = _levels(doc)
    b = doc["buildings"]
    lookup = dict(zip(b.column("code").tolist(), range(len(b))))  # building code -> row, made once
    # What both passes (the level asked and the community) need, worked out once.
    shared = {"active": active_isolation(doc, as_of),
              "iso_brow": _building_rows_of_codes(doc, doc["isolation"].column("building"), lookup),
              "person": _codes_to_ints(doc["assignments"].column("staff"))}
    rows = _count_level(doc, levels, by, as_of, lookup, shared)
    total = _count_level(doc, levels, "community", as_of, lookup, shared)[0]
    return CountTable(by, as_of, rows, total)


def _count_level(doc: Document, levels: dict[str, _Level], by: str, as_of: dt.date,
                 lookup: dict | None = None, shared: dict | None = None) -> list[dict[str, Any]]:
    if shared is None:
        shared = {"active": active_isolation(doc, as_of),
                  "iso_brow": _building_rows_of_codes(doc, doc["isolation"].column("building"), lookup),
                  "person": _codes_to_ints(doc["assignments"].column("staff"))}
    lv = levels[by]
    n = len(lv.codes)
    b = doc["buildings"]
    idx = lv.of_building
    nb = _sum_by(idx, np.ones(len(b)), n)
    sums = {f.name: _sum_by(idx, b.numeric(f.name), n) for f in b.spec.fields if f.rollup == "sum"}

    iso = doc["isolation"]
    active = shared["active"]
    brow = shared["iso_brow"]
    if by == "community":
        iso_row = np.zeros(len(iso), dtype=np.int64)
    else:
        iso_row = np.where(brow >= 0, idx[np.maximum(brow, 0)], -1) if len(idx) else np.full(len(iso), -1)
    kinds = iso.column("kind")
    persons = iso.numeric("persons")
    isolated = {
        k: _sum_by(np.where(active & (kinds == k), iso_row, -1), persons, n) for k in ISOLATION_KINDS
    }

    a = doc["assignments"]
    arow = _assignment_rows(doc, levels, by, lookup)
    roles = [c.value for c in doc.schema.roles]
    role_col = a.column("role")
    staff_counts: dict[str, np.ndarray] = {}
    person = shared["person"]
    for role in roles:
        m = (role_col == role) & (arow >= 0)
        if m.any():
            pairs = np.unique(arow[m] * (int(person.max()) + 1) + person[m])
            staff_counts[role] = np.bincount(pairs // (int(person.max()) + 1), minlength=n)[:n]
        else:
            staff_counts[role] = np.zeros(n, dtype=np.int64)

    households = sums.get("households", np.zeros(n))
    residents = sums.get("residents", np.zeros(n))
    out = []
    for i in range(n):
        out.append({
            "code": lv.codes[i],
            "name": lv.names[i],
            "buildings": int(nb[i]),
            "households": int(households[i]),
            "residents": int(residents[i]),
            "isolated": {k: int(isolated[k][i]) for k in ISOLATION_KINDS},
            "staff": {r: int(staff_counts[r][i]) for r in roles},
        })
        workers = out[-1]["staff"].get("grid_worker", 0)
        out[-1]["households_per_grid_worker"] = (
            round(out[-1]["households"] / workers, 1) if workers else None)
    return out


def _codes_to_ints(codes: np.ndarray) -> np.ndarray:
    """Small integers for codes (equal codes, equal integers), so distinct (row, person) pairs
    are a numpy unique."""
    ids: dict[object, int] = {}
    # Each code gets the position of its first occurrence: one dict call per code, no sort.
    return np.fromiter(map(ids.setdefault, codes.tolist(), range(len(codes))), dtype=np.int64, count=len(codes))



def flat_columns(lang: str = "zh") -> list[tuple[str, str]]:
    """(key path, header) of a flat counts table, headers from the layer declarations' titles."""
    from cmdmap.model.schema import default_schema
    s = default_schema()
    kind = s["isolation"].field("kind")
    cols = [("code", "code" if lang == "en" else "编号"), ("name", "name" if lang == "en" else "名称"),
            ("buildings", s["buildings"].title.get(lang)),
            ("households", s["buildings"].field("households").title.get(lang)),
            ("residents", s["buildings"].field("residents").title.get(lang))]
    cols += [(f"isolated.{k}", kind.choice_title(k, lang)) for k in ISOLATION_KINDS]
    cols += [(f"staff.{r.value}", r.title.get(lang)) for r in s.roles]
    return cols


def flat_value(row: dict[str, Any], path: str) -> Any:
    """The value at a dotted key path of a counts row ("isolated.home")."""
    for part in path.split("."):
        row = row[part]
    return row
