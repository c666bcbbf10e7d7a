"""The counts a desk lives by, at every level: buildings, households, residents, isolated
residents by kind (active on a given day) and staff by role.

A full recount, vectorised with numpy: every code is turned into an integer row once, then each
level is a few bincounts over the cached placement. It is the oracle that the incremental engine
(live_counts) is checked against.

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
from itertools import repeat
from typing import Any

import numpy as np

from cmdmap.model.document import Document
from cmdmap.model.placement import COUNT_LEVELS, GRID_LEVELS

ISOLATION_KINDS = ("hospital", "centralised", "home", "monitoring")
_FAR = "9999-12-31"


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


def _not_after(col: np.ndarray, day: str) -> np.ndarray:
    """col <= day for ISO date strings, missing dates never."""
    return np.where(col == None, _FAR, col) <= day  # noqa: E711 — elementwise on an object array


def active_isolation(doc: Document, day: dt.date) -> np.ndarray:
    """Mask of isolation entries active on `day`."""
    iso = doc["isolation"]
    d = day.isoformat()
    # Object-array comparisons of ISO strings (no conversion to fixed-width unicode), and the end
    # and release dates only of the entries already started.
    out = _not_after(iso.column("start"), d)
    started = np.nonzero(out)[0]
    out[started] = ~_not_after(iso.column("end")[started], d) & ~_not_after(iso.column("released")[started], d)
    return out


def _lookup(codes: np.ndarray, rows: dict) -> np.ndarray:
    """Row of each code in `rows` (a code -> row dict), or -1."""
    return np.fromiter(map(rows.get, codes.tolist(), repeat(-1)), dtype=np.int64, count=len(codes))


@dataclass
class _Shared:
    """What every level's pass needs, worked out once per recount: integer indices only, so a
    level is a handful of bincounts."""

    rollups: dict[str, np.ndarray]  # per building, the values that roll up (missing as 0)
    iso_brow: np.ndarray  # per active isolation entry: building row (-1: no such building)
    iso_kind: np.ndarray  # ... its kind, as an index into ISOLATION_KINDS (-1: another kind)
    iso_persons: np.ndarray
    a_role: np.ndarray  # per assignment: role index into the schema's roles (-1: not counted)
    a_person: np.ndarray  # small integer per staff code
    a_brow: np.ndarray  # building row for assignments to a building, else -1
    a_grid: np.ndarray  # grids-layer row for assignments to a grid, else -1
    a_rank: np.ndarray  # that grid's level rank in GRID_LEVELS (-1: not a grid level)
    a_comp: np.ndarray  # compound index for assignments to a compound, else -1

    @classmethod
    def of(cls, doc: Document, as_of: dt.date) -> "_Shared":
        b, iso, a = doc["buildings"], doc["isolation"], doc["assignments"]
        brows = b.code_rows()
        on = np.nonzero(active_isolation(doc, as_of))[0]  # only active entries can count
        kinds = {k: i for i, k in enumerate(ISOLATION_KINDS)}
        roles = {c.value: i for i, c in enumerate(doc.schema.roles)}
        tl = a.column("target_layer")
        target = a.column("target")
        a_brow = np.full(len(a), -1, dtype=np.int64)
        a_grid = np.full(len(a), -1, dtype=np.int64)
        a_comp = np.full(len(a), -1, dtype=np.int64)
        for name, out, rows in (("buildings", a_brow, brows), ("grids", a_grid, None),
                                ("compounds", a_comp, None)):
            m = tl == name
            if m.any():
                out[m] = _lookup(target[m], rows if rows is not None else doc[name].code_rows())
        grids = doc["grids"]
        grid_rank = np.full(len(grids) + 1, -1, dtype=np.int64)  # the last slot answers row -1
        for k, lv in enumerate(GRID_LEVELS):
            grid_rank[:-1][grids.column("level") == lv] = k
        return cls(
            rollups={f.name: b.numeric(f.name) for f in b.spec.fields if f.rollup == "sum"},
            iso_brow=_lookup(iso.column("building")[on], brows),
            iso_kind=_lookup(iso.column("kind")[on], kinds),
            iso_persons=iso.numeric("persons")[on],
            a_role=_lookup(a.column("role"), roles),
            a_person=_codes_to_ints(a.column("staff")),
            a_brow=a_brow, a_grid=a_grid, a_rank=grid_rank[a_grid], a_comp=a_comp,
        )


def count(doc: Document, by: str = "community", as_of: dt.date | None = None) -> CountTable:
    """The counts for every row of level `by` (see COUNT_LEVELS), and the community total."""
    if by not in COUNT_LEVELS:
        raise ValueError(f"unknown level {by!r}")
    as_of = as_of or doc.today()
    levels = _levels(doc)
    shared = _Shared.of(doc, as_of)
    rows = _count_level(doc, levels, by, shared)
    total = _count_level(doc, levels, "community", shared)[0]
    return CountTable(by, as_of, rows, total)


def _through(idx: np.ndarray, brow: np.ndarray) -> np.ndarray:
    """The row of a level holding each building row in `brow` (-1 stays -1)."""
    return np.where(brow >= 0, idx[np.maximum(brow, 0)], -1) if len(idx) else np.full(len(brow), -1)


def _assignment_rows(doc: Document, idx: np.ndarray, by: str, s: _Shared) -> np.ndarray:
    """For each assignment, the row of level `by` it counts in (-1: none)."""
    if by == "community":
        return np.zeros(len(s.a_role), dtype=np.int64)
    # Building targets count at every level, through the building.
    out = _through(idx, s.a_brow)
    if by == "compound":
        out = np.where(s.a_comp >= 0, s.a_comp, out)
    if by in GRID_LEVELS:
        # A grid target counts at its own level and coarser ones, in the grid holding it there.
        ok = (s.a_grid >= 0) & (s.a_rank >= GRID_LEVELS.index(by))
        out[ok] = doc.placement.grid_in[by][s.a_grid[ok]]
    return out


def _count_level(doc: Document, levels: dict[str, _Level], by: str, s: _Shared) -> list[dict[str, Any]]:
    lv = levels[by]
    n = len(lv.codes)
    idx = lv.of_building
    placed = idx >= 0
    nb = np.bincount(idx[placed], minlength=n)[:n]
    sums = {k: np.bincount(idx[placed], weights=v[placed], minlength=n)[:n] for k, v in s.rollups.items()}

    # Isolated persons by (row, kind) in one bincount.
    nk = len(ISOLATION_KINDS)
    iso_row = np.zeros(len(s.iso_brow), dtype=np.int64) if by == "community" else _through(idx, s.iso_brow)
    ok = (iso_row >= 0) & (s.iso_kind >= 0)
    isolated = np.bincount(iso_row[ok] * nk + s.iso_kind[ok], weights=s.iso_persons[ok],
                           minlength=n * nk)[:n * nk].reshape(n, nk)

    # Staff: distinct (row, role, person) triples, then how many per (row, role).
    roles = [c.value for c in doc.schema.roles]
    nr = len(roles)
    arow = _assignment_rows(doc, idx, by, s)
    ok = (arow >= 0) & (s.a_role >= 0)
    people = int(s.a_person.max()) + 1 if len(s.a_person) else 1
    triples = _distinct((arow[ok] * nr + s.a_role[ok]) * people + s.a_person[ok])
    staff = np.bincount(triples // people, minlength=n * nr)[:n * nr].reshape(n, nr)

    zeros = np.zeros(n)
    households = sums.get("households", zeros).astype(np.int64).tolist()
    residents = sums.get("residents", zeros).astype(np.int64).tolist()
    gw = roles.index("grid_worker") if "grid_worker" in roles else None
    out = []
    for code, name, nbi, h, r, iso_i, staff_i in zip(
            lv.codes.tolist(), lv.names.tolist(), nb.tolist(), households, residents,
            isolated.astype(np.int64).tolist(), staff.tolist()):
        workers = staff_i[gw] if gw is not None else 0
        out.append({
            "code": code, "name": name, "buildings": nbi, "households": h, "residents": r,
            "isolated": dict(zip(ISOLATION_KINDS, iso_i)),
            "staff": dict(zip(roles, staff_i)),
            "households_per_grid_worker": round(h / workers, 1) if workers else None,
        })
    return out


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of an int array, sorted (np.unique hashes, ~30x slower here)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


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
