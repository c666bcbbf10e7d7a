"""Live counts: kept true after every change by updating only the rows the change affects.

`LiveCounts(doc)` listens to the document. It holds, per level (see COUNT_LEVELS), one numpy row
per feature of that level with columns COLUMNS (buildings, households, residents, isolated by kind,
staff by role) and, per building, the vector it contributes (itself, its households and residents
and the active isolation entries on it). A change subtracts the old contribution along the rows
that held it and adds the new one along the rows that hold it now:

- a building's households/residents edited: one building, its six rows;
- a building moved or reshaped: that building re-placed (and its isolation and staff follow it);
- a grid or compound moved: only the buildings, points and grids whose bounds meet the old or new
  bounds are re-placed (the document's Placement is brought up to date, not recomputed);
- an isolation entry or assignment added, removed or edited; the "as of" day changed.

- grids, compounds, buildings or points added or removed (a split, a merge, a new building, and
  their undos): see live_reshape.py — only what meets the added or removed features is taken out,
  the rows are added or removed, and it is placed again and put back.

Renaming codes or changing a grid's level rebuilds everything (rare gestures). `counts.count()`
is the oracle: `table(by)` returns exactly what it returns. Listeners get `{level: rows}` after
each change; None for a level whose rows were added or removed (the indices shifted) or for
every level after a rebuild.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, Callable

import numpy as np

from cmdmap.model import replace
from cmdmap.model.counts import ISOLATION_KINDS, CountTable
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.live_reshape import PERSONS as _PERSONS
from cmdmap.model.live_reshape import Reshaping, dense_index
from cmdmap.model.placement import COUNT_LEVELS, GRID_LEVELS, Placement

FAR = "9999-12-31"
# Attribute changes that rename or re-level things: cheaper to rebuild than to track.
_REBUILD_FIELDS = {
    "grids": {"code", "level"},
    "compounds": {"code"},
    "buildings": {"code"},
}
_NAME_FIELD = {"grids": "name", "compounds": "name", "buildings": "number"}
_RANK = {lv: k for k, lv in enumerate(GRID_LEVELS)}
_TARGET_LAYERS = {"buildings": 0, "compounds": 1, "grids": 2}  # what an assignment may target

ChangedRows = dict[str, "np.ndarray | None"]
CountsListener = Callable[[ChangedRows], None]


class LiveCounts(Reshaping):
    """Counts at every level, updated incrementally from the document's change events."""

    def __init__(self, doc: Document, as_of: dt.date | None = None, build: bool = True) -> None:
        """Counts of `doc`; with `build=False` they start pending (see `build`)."""
        self.doc = doc
        self.as_of = as_of or doc.today()
        self.roles = [c.value for c in doc.schema.roles]
        self.columns = ("buildings", "households", "residents", *ISOLATION_KINDS, *self.roles)
        self._listeners: list[CountsListener] = []
        self._touched: dict[str, set[int]] = {}
        self._reshaped: set[str] = set()
        self._everything = False
        self._ready = False
        self._detached = False
        if build:
            self._rebuild()
            self._everything = False
            self._ready = True
            doc.subscribe(self._on_change, first=True)  # the placement is up to date before views ask
        else:
            self._pending_tables()

    def _pending_tables(self) -> None:
        """Valid empty tables: no rows at any level, the community row all zeros. Nothing of the
        document is read (a window shows its map before the registers are in)."""
        ncol = len(self.columns)
        empty = np.zeros(0, dtype=object)
        self.codes = {lv: empty.copy() for lv in COUNT_LEVELS}
        self.names = {lv: empty.copy() for lv in COUNT_LEVELS}
        self.codes["community"] = np.array([self.doc.code], dtype=object)
        self.names["community"] = np.array([self.doc.name], dtype=object)
        self.m = {lv: np.zeros((len(self.codes[lv]), ncol)) for lv in COUNT_LEVELS}

    @property
    def ready(self) -> bool:
        """False while pending: the tables are empty and document changes are not followed."""
        return self._ready

    def build(self) -> None:
        """Count everything (reading the registers if still unread) and follow the document from
        now on; listeners are told every level changed. Nothing happens when already built."""
        if self._ready or self._detached:
            return
        self._rebuild()
        self._ready = True
        self.doc.subscribe(self._on_change, first=True)
        self._everything = True  # what _rebuild leaves: "None for every level"
        self._emit()

    # -- public -----------------------------------------------------------------------------------

    def subscribe(self, fn: CountsListener) -> None:
        """Call `fn({level: changed rows or None})` after every change to the counts."""
        self._listeners.append(fn)

    def unsubscribe(self, fn: CountsListener) -> None:
        """Stop calling `fn` (nothing happens when it was not listening)."""
        if fn in self._listeners:
            self._listeners.remove(fn)

    def detach(self) -> None:
        """Stop following the document (a pending count is then never built)."""
        self._detached = True
        self.doc.unsubscribe(self._on_change)

    def set_as_of(self, day: dt.date) -> None:
        """Count isolation as of `day` (entries start, end and get released on their dates)."""
        if day == self.as_of:
            return
        self.as_of = day
        if not self._ready:  # counted as of that day when built
            return
        iso = self.doc["isolation"]
        fids = iso.fid
        old_col = self.i_col[fids].copy()
        brow, col, n = self._iso_eval(np.arange(len(iso)))
        differ = fids[old_col != col]  # only entries that start, end or get released in between
        self._iso_apply(differ, -1.0)
        self.i_col[fids] = col
        self._iso_apply(differ, +1.0)
        self._emit()

    def n_rows(self, level: str) -> int:
        """How many rows `level` has."""
        return len(self.codes[level])

    def values(self, level: str) -> np.ndarray:
        """The count matrix of `level`: one row per feature, one column per COLUMNS entry."""
        return self.m[level]

    def column(self, level: str, name: str) -> np.ndarray:
        """One column of `level` (e.g. "households", "home", "grid_worker")."""
        return self.m[level][:, self.columns.index(name)]

    def row(self, level: str, i: int) -> dict[str, Any]:
        """Row `i` of `level` in the shape of `cmdmap counts --format json`."""
        v = self.m[level][i]
        nr = len(ISOLATION_KINDS)
        staff = {r: int(v[3 + nr + k]) for k, r in enumerate(self.roles)}
        out = {
            "code": self.codes[level][i], "name": self.names[level][i],
            "buildings": int(v[0]), "households": int(v[1]), "residents": int(v[2]),
            "isolated": {k: int(v[3 + j]) for j, k in enumerate(ISOLATION_KINDS)},
            "staff": staff,
        }
        workers = staff.get("grid_worker", 0)
        out["households_per_grid_worker"] = round(out["households"] / workers, 1) if workers else None
        return out

    def table(self, by: str = "community") -> CountTable:
        """The same CountTable as `counts.count(doc, by, as_of)`."""
        if by not in COUNT_LEVELS:
            raise ValueError(f"unknown level {by!r}")
        rows = [self.row(by, i) for i in range(self.n_rows(by))]
        return CountTable(by, self.as_of, rows, self.row("community", 0))

    # -- building the whole -----------------------------------------------------------------------

    def _rebuild(self) -> None:
        doc = self.doc
        self._everything = True
        self.p: Placement = doc.placement
        b = doc["buildings"]
        nb = len(b)
        self.codes: dict[str, np.ndarray] = {
            "community": np.array([doc.code], dtype=object), "building": b.column("code").copy()}
        self.names: dict[str, np.ndarray] = {
            "community": np.array([doc.name], dtype=object), "building": b.column("number").copy()}
        for lv in (*GRID_LEVELS, "compound"):
            t = self.p.levels[lv]
            layer = doc[t.layer]
            self.codes[lv] = layer.column("code")[t.rows].copy()
            self.names[lv] = layer.column("name")[t.rows].copy()
        self._bcode = dict(zip(b.column("code").tolist(), range(nb)))
        # A stable id per row of each level (the feature's fid), and fid -> row: staff keys hold
        # the id, so rows added or removed elsewhere do not change them.
        self.sid: dict[str, np.ndarray] = {"community": np.zeros(1, np.int64), "building": b.fid.copy()}
        for lv in (*GRID_LEVELS, "compound"):
            t = self.p.levels[lv]
            self.sid[lv] = doc[t.layer].fid[t.rows].copy()
        self.inv = {lv: dense_index(s) for lv, s in self.sid.items()}
        # The fids of each placed layer as the counts last saw them (a removal names fids only).
        self._fids = {name: doc[name].fid.copy() for name in ("grids", "compounds", "buildings", *replace.POINT_LAYERS)}
        # The rows each building contributed along, per level (a copy: placement moves on).
        self.brow: dict[str, np.ndarray] = {
            "community": np.zeros(nb, dtype=np.int64), "building": np.arange(nb, dtype=np.int64)}
        for lv in (*GRID_LEVELS, "compound"):
            self.brow[lv] = self.p.where["buildings"][lv].copy()
        ncol = len(self.columns)
        self.m = {lv: np.zeros((len(self.codes[lv]), ncol)) for lv in COUNT_LEVELS}
        self.bvec = np.zeros((nb, 3 + len(ISOLATION_KINDS)))
        self.bvec[:, 0] = 1
        self.bvec[:, 1] = b.numeric("households")
        self.bvec[:, 2] = b.numeric("residents")
        self._bounds = {name: replace.bounds_of(doc[name].geom) for name in ("buildings", *replace.POINT_LAYERS)}
        # Bounds of every grid and compound as placed: the old bounds once a change has replaced
        # the geometry (compound Targets share the layer's geometry array, so it cannot tell).
        self._tbounds = {lv: replace.bounds_of(t.geoms) for lv, t in self.p.levels.items()}
        # Isolation, by fid: the building row (-1: unknown building), kind column (-1: not counted
        # on the day) and persons that each entry contributes now.
        iso = doc["isolation"]
        self.i_brow, self.i_col, self.i_n = _dense(iso), _dense(iso), _dense(iso, 0.0)
        brow, col, n = self._iso_eval(np.arange(len(iso)))
        self.i_brow[iso.fid], self.i_col[iso.fid], self.i_n[iso.fid] = brow, col, n
        ok = (col >= 0) & (brow >= 0)
        np.add.at(self.bvec, (brow[ok], col[ok]), n[ok])
        self._add_buildings(np.arange(nb))
        orphan = (col >= 0) & (brow < 0)  # an entry for an unknown building counts in the community
        np.add.at(self.m["community"][0], col[orphan], n[orphan])
        # Assignments, by fid: role column (-1: not counted), person, building row (targets a
        # building) or, for grids and compounds, the row at each level; the grid row targeted.
        a = doc["assignments"]
        self._pid: dict[str, int] = {}
        self.a_col, self.a_person, self.a_brow, self.a_grow = _dense(a), _dense(a), _dense(a), _dense(a)
        self.a_rows = {lv: _dense(a) for lv in COUNT_LEVELS}
        self._asg_store(a.fid, self._asg_eval(np.arange(len(a))))
        self._ref: dict[str, dict[int, int]] = {}
        keys = self._asg_keys(a.fid)
        for lv in COUNT_LEVELS:
            k = keys[lv]
            uk, cnt = np.unique(k[k >= 0], return_counts=True)
            self._ref[lv] = dict(zip(uk.tolist(), cnt.tolist()))
            cell = uk // _PERSONS
            np.add.at(self.m[lv], (self.inv[lv][cell // ncol], cell % ncol), 1)
        self._touched = {}

    def _add_buildings(self, rows: np.ndarray, sign: float = 1.0) -> None:
        """Add (or subtract) buildings' vectors along the rows they hold at every level."""
        if len(rows) == 0:
            return
        vec = self.bvec[rows] * sign
        k = vec.shape[1]
        for lv in COUNT_LEVELS:
            idx = self.brow[lv][rows]
            ok = idx >= 0
            _add_rows(self.m[lv][:, :k], idx[ok], vec[ok])
            self._touch(lv, idx[ok])

    def _touch(self, level: str, rows) -> None:
        if self._everything:  # listeners will be told "everything" anyway
            return
        self._touched.setdefault(level, set()).update(np.atleast_1d(rows).tolist())

    # -- isolation --------------------------------------------------------------------------------

    def _iso_eval(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For isolation `rows`: building row, kind column (-1 when not counted today), persons."""
        iso = self.doc["isolation"]
        day = self.as_of.isoformat()
        col = _choice_index(iso.cols["kind"][rows], ISOLATION_KINDS, 3)
        start, end, rel = (_days(iso.cols[f][rows]) for f in ("start", "end", "released"))
        n = np.nan_to_num(iso.cols["persons"][rows].astype(float), nan=0.0)
        active = (start <= day) & (day < end) & (day < rel) & (n != 0)
        col[~active] = -1
        brow = _lookup(self._bcode, iso.cols["building"][rows])
        return brow, col, n

    def _iso_apply(self, fids: np.ndarray, sign: float) -> None:
        """Add (or subtract) the stored contributions of isolation entries `fids`."""
        brow, col, n = self.i_brow[fids], self.i_col[fids], self.i_n[fids] * sign
        ok = col >= 0
        orphan = ok & (brow < 0)
        if orphan.any():
            np.add.at(self.m["community"][0], col[orphan], n[orphan])
            self._touch("community", 0)
        ok &= brow >= 0
        brow, col, n = brow[ok], col[ok], n[ok]
        if len(brow) == 0:
            return
        np.add.at(self.bvec, (brow, col), n)
        for lv in COUNT_LEVELS:
            i = self.brow[lv][brow]
            m = i >= 0
            np.add.at(self.m[lv], (i[m], col[m]), n[m])
            self._touch(lv, i[m])

    def _iso_change(self, fids: np.ndarray) -> None:
        """Entries `fids` were added, removed or edited: swap their old contribution for the new."""
        iso = self.doc["isolation"]
        self._grow_iso(iso)
        self._iso_apply(fids, -1.0)
        self.i_col[fids], self.i_brow[fids] = -1, -1  # a removed entry holds no building
        live = np.array([f for f in fids if iso.has(int(f))], dtype=np.int64)
        if len(live):
            self.i_brow[live], self.i_col[live], self.i_n[live] = self._iso_eval(iso.rows(live))
            self._iso_apply(live, +1.0)

    def _grow_iso(self, iso) -> None:
        n = int(iso.next_fid) + 1
        self.i_brow, self.i_col, self.i_n = _grow(self.i_brow, n, -1), _grow(self.i_col, n, -1), _grow(self.i_n, n, 0.0)

    # -- staff ------------------------------------------------------------------------------------

    def _person_ids(self, codes) -> np.ndarray:
        """An id per staff code (str of it), new codes numbered on in the order they first come.

        One dict pass is the fastest way found: np.unique on the codes (a sort of strings) and a
        first-come numbering through dict.fromkeys both cost more on the district.
        """
        pid = self._pid
        return np.fromiter((pid.setdefault(k, len(pid)) for k in map(str, codes)), np.int64, len(codes))

    def _asg_eval(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """For assignment `rows`: where each counts (see the module docstring of counts.py)."""
        doc = self.doc
        a = doc["assignments"]
        n = len(rows)
        col = _choice_index(a.cols["role"][rows], self.roles, 3 + len(ISOLATION_KINDS))
        tl, target = _lookup(_TARGET_LAYERS, a.cols["target_layer"][rows]), a.cols["target"][rows]
        isb, isc, isg = tl == 0, tl == 1, tl == 2
        out = {"col": col, "person": self._person_ids(a.cols["staff"][rows]),
               "brow": np.full(n, -1, np.int64), "grow": np.full(n, -1, np.int64)}
        out["brow"][isb] = _lookup(self._bcode, target[isb])
        for lv in COUNT_LEVELS:
            out[lv] = np.full(n, -1, np.int64)
        out["community"][:] = 0
        if isc.any():
            ccode = {c: i for i, c in enumerate(self.codes["compound"].tolist())}
            out["compound"][isc] = _lookup(ccode, target[isc])
        grids = doc["grids"]
        gi = np.nonzero(isg)[0]
        if len(gi):
            g = _lookup(grids.code_rows(), target[gi])  # as grids.find, as a row
            out["grow"][gi] = g
            glv = np.where(g >= 0, grids.cols["level"][np.maximum(g, 0)], None)
            rank = _lookup(_RANK, glv)
            for lv in GRID_LEVELS:
                ok = (g >= 0) & (rank >= _RANK[lv])
                out[lv][gi[ok]] = self.p.grid_in[lv][g[ok]]
        return out

    def _asg_store(self, fids: np.ndarray, ev: dict[str, np.ndarray]) -> None:
        self.a_col[fids], self.a_person[fids] = ev["col"], ev["person"]
        self.a_brow[fids], self.a_grow[fids] = ev["brow"], ev["grow"]
        for lv in COUNT_LEVELS:
            self.a_rows[lv][fids] = ev[lv]

    def _asg_keys(self, fids: np.ndarray) -> dict[str, np.ndarray]:
        """Per level, the (row id, role column, person) key each assignment counts under, or -1."""
        ncol = len(self.columns)
        col, person, brow = self.a_col[fids], self.a_person[fids], self.a_brow[fids]
        out = {}
        for lv in COUNT_LEVELS:
            r = np.where(brow >= 0, self.brow[lv][np.maximum(brow, 0)], self.a_rows[lv][fids])
            ok = (col >= 0) & (r >= 0)
            sid = self.sid[lv][np.maximum(r, 0)] if len(self.sid[lv]) else np.zeros(len(r), np.int64)
            out[lv] = np.where(ok, (sid * ncol + col) * _PERSONS + person, -1)
        return out

    def _asg_apply(self, fids: np.ndarray, d: int) -> None:
        """Add (d=1) or take away (d=-1) the people of assignments `fids` in every row they count in."""
        ncol = len(self.columns)
        for lv, keys in self._asg_keys(fids).items():
            ref = self._ref[lv]
            flips = []  # keys whose person starts or stops counting in that row
            for k in keys[keys >= 0].tolist():
                before = ref.get(k, 0)
                if before + d == 0:
                    del ref[k]
                else:
                    ref[k] = before + d
                if before == 0 or before + d == 0:
                    flips.append(k)
            if flips:
                cell = np.array(flips, dtype=np.int64) // _PERSONS
                rows = self.inv[lv][cell // ncol]
                np.add.at(self.m[lv], (rows, cell % ncol), d)
                self._touch(lv, rows)

    def _asg_change(self, fids: np.ndarray) -> None:
        """Assignments `fids` were added, removed or edited."""
        a = self.doc["assignments"]
        n = int(a.next_fid) + 1
        self.a_col, self.a_person = _grow(self.a_col, n, -1), _grow(self.a_person, n, -1)
        self.a_brow, self.a_grow = _grow(self.a_brow, n, -1), _grow(self.a_grow, n, -1)
        self.a_rows = {lv: _grow(v, n, -1) for lv, v in self.a_rows.items()}
        self._asg_apply(fids, -1)
        self.a_col[fids], self.a_brow[fids], self.a_grow[fids] = -1, -1, -1  # a removed one holds no row
        for v in self.a_rows.values():
            v[fids] = -1
        live = np.array([f for f in fids if a.has(int(f))], dtype=np.int64)
        if len(live):
            self._asg_store(live, self._asg_eval(a.rows(live)))
            self._asg_apply(live, +1)

    # -- moving buildings -------------------------------------------------------------------------

    def _follow_placement(self, rows: np.ndarray) -> None:
        """Move buildings whose placement changed from their old rows to their new ones."""
        rows = np.asarray(rows, dtype=np.int64)
        moved = np.zeros(len(rows), dtype=bool)
        for lv in (*GRID_LEVELS, "compound"):
            moved |= self.brow[lv][rows] != self.p.where["buildings"][lv][rows]
        rows = rows[moved]
        if len(rows) == 0:
            return
        staff = np.nonzero((self.a_brow >= 0) & np.isin(self.a_brow, rows) & (self.a_col >= 0))[0]
        self._add_buildings(rows, -1.0)
        self._asg_apply(staff, -1)
        for lv in (*GRID_LEVELS, "compound"):
            self.brow[lv][rows] = self.p.where["buildings"][lv][rows]
        self._add_buildings(rows, +1.0)
        self._asg_apply(staff, +1)

    # -- change events ----------------------------------------------------------------------------

    def _on_change(self, ch: Change) -> None:
        if not self._apply(ch):
            self._rebuild()
        self._emit()

    def _apply(self, ch: Change) -> bool:
        """Update for one change; False when only a rebuild will do."""
        doc = self.doc
        layer = ch.layer
        if ch.kind == "reset":
            return False
        if layer in ("grids", "compounds", "buildings", *replace.POINT_LAYERS) and ch.kind in ("add", "remove"):
            if not self._reshape(ch):
                return False
            doc.adopt_placement(self.p)
            return True
        if layer in ("grids", "compounds", "buildings"):
            if ch.kind == "update":
                if set(ch.fields) & _REBUILD_FIELDS[layer]:
                    return False
                # Other attribute edits leave the placement as it was: keep it for the document.
                doc.adopt_placement(self.p)
                self._update_attributes(layer, ch)
                return True
            if ch.kind == "geometry":
                if layer == "buildings":
                    self._moved_buildings(doc["buildings"].rows(ch.fids))
                else:
                    self._moved_targets(layer, doc[layer].rows(ch.fids))
                doc.adopt_placement(self.p)
                return True
            return False
        if layer in replace.POINT_LAYERS:
            if ch.kind != "geometry":
                doc.adopt_placement(self.p)
                return True
            rows = doc[layer].rows(ch.fids)
            replace.replace_rows(self.p, layer, rows)
            self._bounds[layer][rows] = replace.bounds_of(doc[layer].geom[rows])
            doc.adopt_placement(self.p)
            return True
        doc.adopt_placement(self.p)
        fids = np.asarray(ch.fids, dtype=np.int64)
        if layer == "isolation":
            self._iso_change(fids)
        elif layer == "assignments":
            self._asg_change(fids)
        return True

    def _update_attributes(self, layer: str, ch: Change) -> None:
        lay = self.doc[layer]
        rows = lay.rows(ch.fids)
        if _NAME_FIELD[layer] in ch.fields:
            if layer == "buildings":
                self.names["building"][rows] = lay.cols["number"][rows]
                self._touch("building", rows)
            else:
                for lv, t in self.p.levels.items():
                    if t.layer == layer:
                        hit = np.nonzero(np.isin(t.rows, rows))[0]
                        self.names[lv][hit] = lay.cols["name"][t.rows[hit]]
                        self._touch(lv, hit)
        if layer == "buildings" and {"households", "residents"} & set(ch.fields):
            self._add_buildings(rows, -1.0)
            self.bvec[rows, 1] = lay.numeric("households")[rows]
            self.bvec[rows, 2] = lay.numeric("residents")[rows]
            self._add_buildings(rows, +1.0)

    def _moved_buildings(self, rows: np.ndarray) -> None:
        replace.replace_rows(self.p, "buildings", rows)
        self._bounds["buildings"][rows] = replace.bounds_of(self.doc["buildings"].geom[rows])
        self._follow_placement(rows)

    def _moved_targets(self, layer: str, rows: np.ndarray) -> None:
        """Grids or compounds moved: re-place what their old or new bounds meet."""
        lay = self.doc[layer]
        old = [self._tbounds[lv][np.isin(t.rows, rows)] for lv, t in self.p.levels.items() if t.layer == layer]
        box = replace.union_box(replace.bounds_of(lay.geom[rows]), *old)
        for lv in replace.refresh_targets(self.p, layer, rows):
            self._tbounds[lv] = replace.bounds_of(self.p.levels[lv].geoms)
        b = replace.meeting(self._bounds["buildings"], box)
        replace.replace_rows(self.p, "buildings", b)
        for name in replace.POINT_LAYERS:
            pad = replace.GATE_SNAP_M if name == "gates" else 0.0
            replace.replace_rows(self.p, name, replace.meeting(self._bounds[name], box, pad))
        # Grids whose point on the surface may now lie in another coarser grid.
        gb = replace.bounds_of(self.doc["grids"].geom)
        g = replace.meeting(gb, box)
        before = {lv: self.p.grid_in[lv][g].copy() for lv in GRID_LEVELS}
        replace.replace_grid_in(self.p, g)
        self._follow_placement(b)
        # Assignments to a grid count where the grid lies: re-count those whose grid moved.
        g = g[np.any([before[lv] != self.p.grid_in[lv][g] for lv in GRID_LEVELS], axis=0)]
        if len(g):
            self._asg_change(np.nonzero(np.isin(self.a_grow, g) & (self.a_grow >= 0))[0])

    def _emit(self) -> None:
        if self._everything:
            changed: ChangedRows = {lv: None for lv in COUNT_LEVELS}
        else:
            changed = {lv: np.array(sorted(s), dtype=np.int64) for lv, s in self._touched.items() if s}
            changed.update({lv: None for lv in self._reshaped})
        self._touched = {}
        self._reshaped = set()
        self._everything = False
        if not changed:
            return
        for fn in list(self._listeners):
            fn(changed)


def _lookup(index: dict, keys: np.ndarray) -> np.ndarray:
    """index.get(key, -1) for each key, without a Python-level loop."""
    return np.fromiter(map(index.get, keys, itertools.repeat(-1)), np.int64, len(keys))


def _choice_index(values: np.ndarray, choices, base: int) -> np.ndarray:
    """base + the position of each value among `choices`, or -1 for any other value."""
    return _lookup({c: base + k for k, c in enumerate(choices)}, values)


def _days(values: np.ndarray) -> np.ndarray:
    """ISO day strings (a missing or empty one: FAR, the end of time) as a "U10" array."""
    v = values.copy()
    v[~v.astype(bool)] = FAR  # what `v or FAR` gives for each
    return v.astype("U10")


def _add_rows(m: np.ndarray, idx: np.ndarray, vec: np.ndarray) -> None:
    """np.add.at(m, idx, vec): add each row of `vec` to row idx of `m`, in order.

    Into an all-zero matrix (building the counts), one bincount per column adds in the same order
    from the same zeros, so the sums are the same to the bit, in about half the time.
    """
    if len(idx) < 4096 or m.any():
        np.add.at(m, idx, vec)
        return
    for c in range(m.shape[1]):
        m[:, c] = np.bincount(idx, weights=vec[:, c], minlength=len(m))


def _dense(layer, fill: float = -1) -> np.ndarray:
    """An array indexed by fid (room for every fid the layer may hand out next)."""
    n = int(layer.next_fid) + 1
    return np.full(n, fill, dtype=np.float64 if isinstance(fill, float) else np.int64)


def _grow(a: np.ndarray, n: int, fill) -> np.ndarray:
    """`a` with room for index n-1 (doubling, so appends stay cheap)."""
    if len(a) >= n:
        return a
    out = np.full(max(n, 2 * len(a)), fill, dtype=a.dtype)
    out[:len(a)] = a
    return out
