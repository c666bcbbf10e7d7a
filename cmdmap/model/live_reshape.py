"""Live counts when features are added or removed: only the rows the change affects.

Part of LiveCounts (live_counts.py), kept apart so each file reads in one sitting. Adding or
removing grids, compounds, buildings or points (a split, a merge, a new building, their undos)
changes the rows of a layer: a removal closes the gap, an add (or an undone removal) appends at
the end (Layer.insert / Layer.delete), and the full recount follows the same order. So, besides
the figures, every array indexed by such a row or holding one is brought along:

1. take out the contributions of what the change can affect: the buildings and staff counting
   through the added or removed features (only those whose bounds meet theirs), the isolation
   entries and staff of an added or removed building;
2. remove or append rows, remapping every stored row with one numpy take per array;
3. place again only what was taken out, against the new targets, and put it back.

Staff keys hold a stable id per row (the feature's fid), so they survive rows shifting.
Levels whose rows were added or removed are reported as None to listeners (their rows shifted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cmdmap.model import replace
from cmdmap.model.events import Change
from cmdmap.model.placement import GATE_SNAP_M, GRID_LEVELS, Targets

if TYPE_CHECKING:
    from cmdmap.model.live_counts import LiveCounts

PERSONS = 1 << 22  # room for 4 million people in a (row id, role, person) key


def dense_index(ids: np.ndarray) -> np.ndarray:
    """id -> position for non-negative ids (-1 where there is none)."""
    out = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
    out[ids] = np.arange(len(ids))
    return out


def remap(keep: np.ndarray) -> np.ndarray:
    """Old row -> new row once the rows not in `keep` are removed (-1 for those), with one
    extra last slot so that looking up -1 gives -1."""
    out = np.full(len(keep) + 1, -1, dtype=np.int64)
    out[:-1][keep] = np.arange(int(keep.sum()))
    return out


def _kept(a: np.ndarray, keep: np.ndarray, extra: np.ndarray) -> np.ndarray:
    return np.concatenate([a[keep], extra.astype(a.dtype, copy=False)])


def _box(*bounds: np.ndarray) -> np.ndarray | None:
    """The box around the given bounds rows, None when there are none (or all are missing)."""
    b = np.vstack([x.reshape(-1, 4) for x in bounds])
    b = b[~np.isnan(b).any(axis=1)]
    return replace.union_box(b) if len(b) else None


def _matching(codes: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Mask of `codes` (an object column, may hold None) that are in `wanted`."""
    if len(wanted) <= 8:  # a building or two drawn: a few vectorised comparisons beat a set
        out = np.zeros(len(codes), dtype=bool)
        for w in wanted.tolist():
            out |= codes == w
        return out
    want = set(wanted.tolist())
    return np.fromiter((c in want for c in codes.tolist()), dtype=bool, count=len(codes))


class Reshaping:
    """The add/remove half of LiveCounts (see the module docstring)."""

    def _reshape(self: "LiveCounts", ch: Change) -> bool:
        """Features of a placed layer added or removed; False when only a rebuild will do."""
        lay = self.doc[ch.layer]
        old = self._fids[ch.layer]
        fids = np.asarray(ch.fids, dtype=np.int64)
        if ch.kind == "remove":
            keep = ~np.isin(old, fids)
            added = np.zeros(0, dtype=np.int64)
            if not np.array_equal(lay.fid, old[keep]):
                return False
        else:
            keep = np.ones(len(old), dtype=bool)
            added = np.arange(len(old), len(lay), dtype=np.int64)
            if not (np.array_equal(lay.fid[:len(old)], old) and np.array_equal(lay.fid[len(old):], fids)):
                return False
        if ch.layer == "buildings":
            self._reshape_buildings(keep, added)
        elif ch.layer in replace.POINT_LAYERS:
            self._reshape_points(ch.layer, keep, added)
        else:
            self._reshape_targets(ch.layer, keep, added)
        self._fids[ch.layer] = lay.fid.copy()
        return True

    # -- points: placed, never counted ------------------------------------------------------------

    def _reshape_points(self: "LiveCounts", layer: str, keep: np.ndarray, added: np.ndarray) -> None:
        where = self.p.where[layer]
        for lv in where:
            where[lv] = _kept(where[lv], keep, np.full(len(added), -1))
        self._bounds[layer] = _kept(self._bounds[layer], keep, replace.bounds_of(self.doc[layer].geom[added]))
        replace.replace_rows(self.p, layer, added)

    # -- buildings --------------------------------------------------------------------------------

    def _reshape_buildings(self: "LiveCounts", keep: np.ndarray, added: np.ndarray) -> None:
        doc, p = self.doc, self.p
        b, iso, a = doc["buildings"], doc["isolation"], doc["assignments"]
        gone = np.nonzero(~keep)[0]
        old_codes = self.codes["building"]
        # The isolation entries and staff on these buildings (for new ones: those that named the
        # building before it existed, counted in the community only until now).
        if len(gone):
            entries = np.nonzero(np.isin(self.i_brow, gone))[0]
            staff = np.nonzero(np.isin(self.a_brow, gone))[0]
        else:
            codes = b.cols["code"][added]
            entries = iso.fid[_matching(iso.cols["building"], codes)]
            entries = entries[self.i_brow[entries] < 0]
            on_b = np.nonzero(a.cols["target_layer"] == "buildings")[0]
            staff = a.fid[on_b[_matching(a.cols["target"][on_b], codes)]]
            staff = staff[self.a_brow[staff] < 0]
        self._iso_apply(entries, -1.0)
        self._asg_apply(staff, -1)
        self._add_buildings(gone, -1.0)

        tr = remap(keep)
        n = len(b)
        vec = np.zeros((len(added), self.bvec.shape[1]))
        vec[:, 0] = 1
        vec[:, 1] = b.numeric("households")[added]
        vec[:, 2] = b.numeric("residents")[added]
        self.bvec = _kept(self.bvec, keep, vec)
        none = np.full(len(added), -1)
        for lv in (*GRID_LEVELS, "compound"):
            self.brow[lv] = _kept(self.brow[lv], keep, none)
            p.where["buildings"][lv] = _kept(p.where["buildings"][lv], keep, none)
        self.brow["community"] = np.zeros(n, dtype=np.int64)
        self.brow["building"] = np.arange(n, dtype=np.int64)
        self.m["building"] = _kept(self.m["building"], keep, np.zeros((len(added), len(self.columns))))
        self.codes["building"] = b.column("code").copy()
        self.names["building"] = b.column("number").copy()
        self.sid["building"] = b.fid.copy()
        self.inv["building"] = dense_index(b.fid)
        codes = self.codes["building"]
        for c in old_codes[gone].tolist():
            self._bcode.pop(c, None)
            twin = np.nonzero(codes == c)[0]  # a file may hold one code twice: the last row wins
            if len(twin):
                self._bcode[c] = int(twin[-1])
        # Rows after the first one removed moved up (an undone add removes the last row: none).
        first = int(gone.min()) if len(gone) else len(keep)
        self._bcode.update(zip(codes[first:].tolist(), range(first, n)))
        self._bounds["buildings"] = _kept(self._bounds["buildings"], keep, replace.bounds_of(b.geom[added]))
        self.i_brow = tr[self.i_brow]
        self.a_brow = tr[self.a_brow]
        self._reshaped.add("building")

        replace.replace_rows(p, "buildings", added)
        for lv in (*GRID_LEVELS, "compound"):
            self.brow[lv][added] = p.where["buildings"][lv][added]
        self._add_buildings(added, +1.0)
        if len(entries):
            self.i_brow[entries], self.i_col[entries], self.i_n[entries] = self._iso_eval(iso.rows(entries))
            self._iso_apply(entries, +1.0)
        if len(staff):
            self._asg_store(staff, self._asg_eval(a.rows(staff)))
            self._asg_apply(staff, +1)

    # -- grids and compounds ----------------------------------------------------------------------

    def _reshape_targets(self: "LiveCounts", layer: str, keep: np.ndarray, added: np.ndarray) -> None:
        doc, p = self.doc, self.p
        lay, a = doc[layer], doc["assignments"]
        gone = np.nonzero(~keep)[0]
        levels = [lv for lv, t in p.levels.items() if t.layer == layer]
        drop = {lv: np.isin(p.levels[lv].rows, gone) for lv in levels}
        if layer == "grids":
            lv_of = lay.cols["level"][added]
            gain = {lv: added[lv_of == lv] for lv in levels}
        else:
            gain = {"compound": added}
        new_codes = lay.cols["code"][added]
        box = _box(*(self._tbounds[lv][drop[lv]] for lv in levels), replace.bounds_of(lay.geom[added]))

        # What counts through the area: buildings there, their staff; staff assigned to the
        # grids there (a grid's zone may change) or to the features going; and staff assigned to
        # codes that did not exist until now.
        tl = a.cols["target_layer"]
        if box is None:
            blds = np.zeros(0, dtype=np.int64)
            pts = {name: np.zeros(0, dtype=np.int64) for name in replace.POINT_LAYERS}
            near_grids = np.zeros(0, dtype=np.int64)
        else:
            blds = replace.meeting(self._bounds["buildings"], box)
            pts = {name: replace.meeting(self._bounds[name], box, GATE_SNAP_M if name == "gates" else 0.0)
                   for name in replace.POINT_LAYERS}
            near_grids = replace.meeting(replace.bounds_of(doc["grids"].geom), box)  # rows after the change
        staff = [np.nonzero(np.isin(self.a_brow, blds))[0]]
        if layer == "grids":
            old_rows = np.concatenate([np.nonzero(keep)[0][near_grids[near_grids < keep.sum()]], gone])
            staff.append(np.nonzero(np.isin(self.a_grow, old_rows))[0])
        else:
            went = np.nonzero(drop["compound"])[0]
            staff.append(np.nonzero(np.isin(self.a_rows["compound"], went))[0])
        if len(added):
            on = np.nonzero(tl == layer)[0]
            staff.append(a.fid[on[_matching(a.cols["target"][on], new_codes)]])
        staff = np.unique(np.concatenate(staff))
        self._add_buildings(blds, -1.0)
        self._asg_apply(staff, -1)

        tr = remap(keep)
        if layer == "grids":
            for lv in GRID_LEVELS:
                p.grid_in[lv] = _kept(p.grid_in[lv], keep, np.full(len(added), -1))
            self.a_grow = tr[self.a_grow]
        for lv in levels:
            self._reshape_level(lv, tr, ~drop[lv], gain[lv])

        replace.replace_rows(p, "buildings", blds)
        for name in replace.POINT_LAYERS:
            replace.replace_rows(p, name, pts[name])
        if layer == "grids":
            replace.replace_grid_in(p, near_grids)
        for lv in (*GRID_LEVELS, "compound"):
            self.brow[lv][blds] = p.where["buildings"][lv][blds]
        self._add_buildings(blds, +1.0)
        if len(staff):
            self._asg_store(staff, self._asg_eval(a.rows(staff)))
            self._asg_apply(staff, +1)

    def _reshape_level(self: "LiveCounts", lv: str, tr: np.ndarray, tkeep: np.ndarray, gain: np.ndarray) -> None:
        """Level `lv` loses the targets not in `tkeep` and gains layer rows `gain`; `tr` maps the
        layer's old rows to its new ones."""
        p = self.p
        t = p.levels[lv]
        lay = self.doc[t.layer]
        rows = np.concatenate([tr[t.rows[tkeep]], gain])
        if tkeep.all() and not len(gain):
            p.levels[lv] = Targets(t.layer, rows, t.geoms, t.tree)  # only the layer's rows moved
            return
        p.levels[lv] = Targets.of(t.layer, rows, np.concatenate([t.geoms[tkeep], lay.geom[gain]]))
        tt = remap(tkeep)
        for where in p.where.values():
            if lv in where:
                where[lv] = tt[where[lv]]
        if lv in p.grid_in:
            p.grid_in[lv] = tt[p.grid_in[lv]]
        self.brow[lv] = tt[self.brow[lv]]
        self.a_rows[lv] = tt[self.a_rows[lv]]
        self.m[lv] = _kept(self.m[lv], tkeep, np.zeros((len(gain), len(self.columns))))
        self.codes[lv] = _kept(self.codes[lv], tkeep, lay.cols["code"][gain])
        self.names[lv] = _kept(self.names[lv], tkeep, lay.cols["name"][gain])
        self._tbounds[lv] = _kept(self._tbounds[lv], tkeep, replace.bounds_of(lay.geom[gain]))
        self.sid[lv] = _kept(self.sid[lv], tkeep, lay.fid[gain])
        self.inv[lv] = dense_index(self.sid[lv])
        self._reshaped.add(lv)
