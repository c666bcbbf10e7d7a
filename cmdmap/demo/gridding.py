"""Grid boundaries for the demo: zones, grids and micro-grids cut from one noded linework.

Grid boundaries run along street centrelines (the lattice) and through compounds between rows of
buildings (a straight cut between two rows, or a line that threads the gaps between buildings of
consecutive rows, stepping sideways in the open space between rows). All cut lines of every level
are noded together once; each level is then polygonised from its own subset of the noded segments,
so a zone and its grids, a grid and its micro-grids share identical vertices: no slivers, no
T-junctions. Cut lines overshoot the line they end on by half a metre so the noding sees a true
crossing; polygonize drops the overshoots as dangles.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, combinations
from typing import Callable

import numpy as np
import shapely

from cmdmap.demo.estate import Frame, Row

ZONE, GRID, MICRO = 0, 1, 2
OVERSHOOT = 0.5
JOG_LOW, JOG_HIGH = 0.45, 0.8  # where grid cuts step sideways, up from the lower row
MICRO_CUT = (0.2, 0.35)        # where micro-grid cuts run between rows: below every step
MAX_COLUMNS = 4  # a grid is at least a quarter of its rows' width: no slivers of single buildings
_FAR = 1e4


@dataclass
class Block:
    """One lattice cell as the gridding sees it: outline, frame, rows of buildings."""

    cell: shapely.Polygon          # world coordinates, bounded by street centrelines
    edges: tuple                   # keys of its sides (see Lattice.edges)
    frame: Frame
    rows: list[Row]                # north to south; Row.ids are global building indices
    u0: np.ndarray                 # frame extents of every building (global arrays, shared)
    u1: np.ndarray
    households: np.ndarray         # per building (global)

    def __post_init__(self) -> None:
        self.cell_f = self.frame.geom_to_frame(self.cell)
        self.clip = self.cell_f.buffer(OVERSHOOT, join_style="mitre")


@dataclass
class Piece:
    """A grid (or micro-grid) inside one block: its rows, each with its buildings and side bounds."""

    block: int
    rows: list[int]                  # indices into the block's rows
    ids: list[np.ndarray]            # buildings of the piece in each of those rows
    left: list[float | None]         # u of the piece's west boundary in each row (None: the street)
    right: list[float | None]
    top: float | None                # v of the cut above the piece (None: the street)
    bottom: float | None

    def households(self, hh: np.ndarray) -> int:
        """Households of the buildings in the piece."""
        return int(sum(hh[i].sum() for i in self.ids))

    def building_ids(self) -> np.ndarray:
        """All buildings of the piece."""
        return np.concatenate(self.ids)


def _mid(rows: list[Row], r: int) -> float:
    """The v halfway between row r and the row south of it."""
    return (rows[r].v0 + rows[r + 1].v1) / 2


def _partition(n_rows: int, k: int, cost: Callable[[int, int, int], float | None],
               max_rows: int = 8) -> tuple[list[float], dict[tuple[int, int], tuple[int, int]]]:
    """Best ways to split rows 0..n_rows-1 into contiguous groups, group g into n_g columns.

    Dynamic programming over (rows used, pieces used) minimising Σ cost(start, end, n); cost is
    inf where a group is not worth cutting that way and None where it cannot be cut into n or
    more columns. Returns the least total cost for every number of pieces 0..k (inf when
    impossible) and the back pointers for `_groups`.
    """
    inf = float("inf")
    best = [[inf] * (k + 1) for _ in range(n_rows + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    for end in range(1, n_rows + 1):
        starts = list(range(max(0, end - max_rows), end))
        if end == n_rows and starts[0] > 0:
            starts.insert(0, 0)  # the whole block as one grid is always an option
        for start in starts:
            for n in range(1, min(MAX_COLUMNS, k) + 1):
                c = cost(start, end, n)
                if c is None:
                    break  # more columns will not fit either
                if c == inf:
                    continue
                row = best[start]
                for used in range(0, k - n + 1):
                    if row[used] + c < best[end][used + n]:
                        best[end][used + n] = row[used] + c
                        back[(end, used + n)] = (start, n)
    return best[n_rows], back


def _groups(n_rows: int, k: int, back: dict[tuple[int, int], tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(first row, end row, columns) of each group of the best split into k pieces."""
    groups = []
    end, used = n_rows, k
    while end > 0:
        start, n = back[(end, used)]
        groups.append((start, end, n))
        end, used = start, used - n
    return groups[::-1]


def _split_group(hh_rows: list[list[float]], n: int) -> tuple[list[list[int]], list[float]] | None:
    """Where to cut each row of a group into n columns of about equal households.

    Returns, per row, how many of its buildings (west to east) lie left of each of the n-1 cuts,
    and the households of each column; None when a row has fewer than n buildings (every column
    keeps at least one building of every row, so it stays one piece). The rounding error of one row
    is carried into the next, so columns balance over the group, not just row by row.
    """
    if any(len(h) < n for h in hh_rows):
        return None
    cums = [list(accumulate(h)) for h in hh_rows]
    counts = [[0] * (n - 1) for _ in hh_rows]
    for c in range(1, n):
        err = 0.0
        for r, cum in enumerate(cums):
            nb = len(cum)
            lo = counts[r][c - 2] + 1 if c > 1 else 1
            hi = nb - (n - c)
            want = cum[-1] * c / n + err
            i = bisect_left(cum, want, lo - 1, hi) + 1  # first i with cum[i-1] >= want
            i = min(max(i, lo), hi)
            if i > lo and abs(cum[i - 2] - want) <= abs(cum[i - 1] - want):
                i -= 1
            counts[r][c - 1] = i
            err = want - cum[i - 1]
    cols = [0.0] * n
    for r, cum in enumerate(cums):
        prev = 0.0
        for c, i in enumerate(counts[r]):
            cols[c] += cum[i - 1] - prev
            prev = cum[i - 1]
        cols[n - 1] += cum[-1] - prev
    return counts, cols


def _split_group_best(hh_rows: list[list[float]], n: int, target: float, bounds: tuple[float, float],
                     keep: int = 48) -> tuple[list[list[int]], list[float]] | None:
    """Like `_split_group`, but searching the cut positions row by row for the fairest columns.

    Keeps the `keep` most even partial splits after each row (a beam search); falls back to the
    error-diffusion split when rows have so many buildings that searching is pointless (their
    buildings are small, so diffusion is already fair).
    """
    if any(len(h) < n for h in hh_rows):
        return None
    if n == 1:
        return [[] for _ in hh_rows], [float(sum(sum(h) for h in hh_rows))]
    options_per_row = []
    for h in hh_rows:
        opts = list(combinations(range(1, len(h)), n - 1))
        if len(opts) > 12:
            return _split_group(hh_rows, n)
        cum = [0.0, *accumulate(h)]
        cuts = [(0, *o, len(h)) for o in opts]
        options_per_row.append([(list(o), [cum[c[i + 1]] - cum[c[i]] for i in range(n)]) for o, c in zip(opts, cuts)])
    states: list[tuple[list[float], list[list[int]]]] = [([0.0] * n, [])]
    done = 0.0
    for r, opts in enumerate(options_per_row):
        done += sum(hh_rows[r])
        share = done / n
        seen: dict[tuple[float, ...], tuple[list[float], list[list[int]]]] = {}
        for sums, path in states:
            for counts, add in opts:
                new = [a + b for a, b in zip(sums, add)]
                seen.setdefault(tuple(new), (new, path + [counts]))
        states = sorted(seen.values(), key=lambda st: sum((x - share) ** 2 for x in st[0]))[:keep]
    sums, path = min(states, key=lambda st: _piece_cost(st[0], target, bounds))
    return path, sums


def _piece_cost(pieces: list[float], target: float, bounds: tuple[float, float]) -> float:
    lo, hi = bounds
    c = 0.0
    for h in pieces:
        c += ((h - target) / target) ** 2
        if h < lo or h > hi:  # out of bounds: a fixed price, then steeply more the further out
            c += 10.0 + 20.0 * abs(h - (lo if h < lo else hi)) / target
    return c


class Cutter:
    """Collects cut lines (with their level) and pieces for all blocks of a community."""

    def __init__(self, blocks: list[Block], edges: dict[tuple, tuple[np.ndarray, np.ndarray, int]]) -> None:
        self.blocks = blocks
        self.edges = edges  # street centreline stretches: key -> (start, end, level)
        self.lines: list[list[shapely.LineString]] = [[] for _ in blocks]
        self.ranks: list[list[int]] = [[] for _ in blocks]
        self._plans: dict[int, tuple] = {}

    def add(self, bi: int, coords_f: list[tuple[float, float]], rank: int) -> None:
        """A cut line in block `bi`, given in its frame, clipped to the block plus the overshoot."""
        b = self.blocks[bi]
        line = shapely.intersection(shapely.LineString(coords_f), b.clip)
        for part in shapely.get_parts(line):
            if shapely.get_type_id(part) == 1 and part.length > 0:
                self.lines[bi].append(b.frame.geom_to_world(part))
                self.ranks[bi].append(rank)

    # -- grids --------------------------------------------------------------------------------

    def block_costs(self, bi: int, k_max: int, target: float, bounds: tuple[float, float]) -> np.ndarray:
        """How badly block `bi` splits into 1..k_max grids (index k; inf where it cannot)."""
        b = self.blocks[bi]
        rows = b.rows
        if not rows:
            return np.r_[np.inf, 0.0, np.full(k_max - 1, np.inf)]
        hh = [b.households[r.ids].tolist() for r in rows]
        width = float(np.ptp(shapely.get_coordinates(b.cell_f)[:, 0]))
        splits: dict[tuple[int, int, int], tuple[list[list[int]], list[float]] | None] = {}

        row_hh = np.concatenate([[0.0], np.cumsum([sum(h) for h in hh])])

        def cost(start: int, end: int, n: int) -> float | None:
            if min(len(h) for h in hh[start:end]) < n:
                return None
            each = (row_hh[end] - row_hh[start]) / n
            whole = start == 0 and end == len(rows) and n == 1  # always possible: one grid
            if not whole and (each < bounds[0] / 2 or each > bounds[1] * 1.6):
                return float("inf")  # hopeless: do not even look for cut positions
            if (start, end, n) not in splits:
                splits[(start, end, n)] = _split_group_best(hh[start:end], n, target, bounds)
            got = splits[(start, end, n)]
            if got is None:
                return None
            tall = rows[start].v1 - rows[end - 1].v0 + 20.0
            shape = 0.03 * n * np.log((width / n) / tall) ** 2  # mild: prefer pieces near square
            return _piece_cost(got[1], target, bounds) + shape

        best, back = _partition(len(rows), k_max, cost)
        self._plans[bi] = (splits, back)
        return np.array(best)

    def split_block(self, bi: int, k: int) -> list[Piece]:
        """Cut block `bi` into `k` grids as planned by `block_costs`; returns them north to south.

        Rows are grouped (a straight cut between groups) and each group is cut into columns by lines
        threading the gaps between buildings.
        """
        b = self.blocks[bi]
        rows = b.rows
        if k <= 1 or not rows:
            return [Piece(bi, list(range(len(rows))), [r.ids for r in rows],
                          [None] * len(rows), [None] * len(rows), None, None)]
        splits, back = self._plans[bi]
        pieces: list[Piece] = []
        for start, end, n in _groups(len(rows), k, back):
            top = _mid(rows, start - 1) if start > 0 else None
            bottom = _mid(rows, end - 1) if end < len(rows) else None
            if bottom is not None:  # a straight cut between two rows, across the whole block
                self.add(bi, [(-_FAR, bottom), (_FAR, bottom)], GRID)
            counts = splits[(start, end, n)][0] if n > 1 else [[] for _ in range(start, end)]
            us = [self._cut_u(b, rows[r].ids, counts[r - start]) for r in range(start, end)]
            for c in range(n - 1):
                self.add(bi, self._threading(rows, start, end, us, c, top, bottom), GRID)
            for c in range(n):
                ids, left, right = [], [], []
                for r in range(start, end):
                    cuts = np.r_[0, counts[r - start], len(rows[r].ids)].astype(np.int64)
                    ids.append(rows[r].ids[cuts[c]:cuts[c + 1]])
                    left.append(us[r - start][c - 1] if c > 0 else None)
                    right.append(us[r - start][c] if c < n - 1 else None)
                pieces.append(Piece(bi, list(range(start, end)), ids, left, right, top, bottom))
        return pieces

    @staticmethod
    def _cut_u(b: Block, ids: np.ndarray, counts: list[int]) -> list[float]:
        # The middle of the gap between the last building left of the cut and the first right of it.
        return [float((b.u1[ids[i - 1]] + b.u0[ids[i]]) / 2) for i in counts]

    @staticmethod
    def _threading(rows: list[Row], start: int, end: int, us: list[list[float]], c: int,
                   top: float | None, bottom: float | None) -> list[tuple[float, float]]:
        """Cut line c of a group: down through gap us[row][c] of each row, stepping sideways between.

        Between two rows the cut lines step sideways at different heights so they never cross or
        run along each other: of two lines stepping the same way, the one ahead steps first.
        Steps stay in the upper part of the space between rows (JOG_LOW..JOG_HIGH of the way up
        from the lower row); micro-grid cuts use the lower part.
        """
        lines = len(us[0])
        v = (top + OVERSHOOT) if top is not None else _FAR
        pts = [(us[0][c], v)]
        for r in range(start, end - 1):
            a, b = us[r - start][c], us[r - start + 1][c]
            rank = c if b >= a else lines - 1 - c
            f = JOG_LOW + (JOG_HIGH - JOG_LOW) * rank / max(1, lines - 1)
            m = rows[r + 1].v1 + f * (rows[r].v0 - rows[r + 1].v1)
            pts += [(a, m), (b, m)]
        v = (bottom - OVERSHOOT) if bottom is not None else -_FAR
        pts.append((us[-1][c], v))
        return pts

    # -- micro-grids --------------------------------------------------------------------------

    def plan_micro(self, p: Piece, m: int) -> tuple[str, object, list[float]] | None:
        """How piece `p` would be cut into `m` micro-grids and their households (None: it can't).

        A piece of several rows is cut between rows; a piece of one row between its buildings.
        """
        hh = self.blocks[p.block].households
        if len(p.rows) >= 2:
            w = [float(hh[ids].sum()) for ids in p.ids]
            tgt = sum(w) / m
            best, back = _partition(len(w), m, lambda s, e, n: ((sum(w[s:e]) - tgt) / tgt) ** 2 if n == 1 else None)
            if best[m] == float("inf"):
                return None
            groups = _groups(len(w), m, back)
            return "rows", groups, [sum(w[s:e]) for s, e, _ in groups]
        got = _split_group([hh[p.ids[0]].tolist()], m) if p.ids else None
        if got is None:
            return None
        return "row", got[0][0], got[1]

    def split_piece(self, rng: np.random.Generator, p: Piece, m: int) -> list[Piece]:
        """Cut grid `p` into `m` micro-grids (see plan_micro) and return them."""
        b = self.blocks[p.block]
        rows = b.rows
        plan = self.plan_micro(p, m)
        assert plan is not None
        how, detail, _ = plan
        if how == "rows":
            out = []
            for start, end, _ in detail:  # type: ignore[union-attr]
                if end < len(p.rows):
                    # Between the rows, below where the grid's own boundary steps sideways, so the
                    # two never cross or run along each other.
                    lower, upper = p.rows[end], p.rows[end - 1]
                    v = rows[lower].v1 + rng.uniform(*MICRO_CUT) * (rows[upper].v0 - rows[lower].v1)
                    lo = p.left[end] - OVERSHOOT if p.left[end] is not None else -_FAR
                    hi = p.right[end] + OVERSHOOT if p.right[end] is not None else _FAR
                    self.add(p.block, [(lo, v), (hi, v)], MICRO)
                out.append(Piece(p.block, p.rows[start:end], p.ids[start:end], p.left[start:end],
                                 p.right[start:end], None, None))
            return out
        ids = p.ids[0]
        counts = list(detail)  # type: ignore[call-overload]
        top = p.top + OVERSHOOT if p.top is not None else _FAR
        bottom = p.bottom - OVERSHOOT if p.bottom is not None else -_FAR
        for u in self._cut_u(b, ids, counts):
            self.add(p.block, [(u, top), (u, bottom)], MICRO)
        cuts = np.r_[0, counts, len(ids)].astype(np.int64)
        return [Piece(p.block, p.rows, [ids[cuts[c]:cuts[c + 1]]], [None], [None], None, None)
                for c in range(m)]

    # -- polygons -----------------------------------------------------------------------------

    def polygons(self) -> dict[int, np.ndarray]:
        """Faces of every level (ZONE, GRID, MICRO) from the noded linework.

        Each block's cut lines are noded with its four sides and only what lies inside the block
        is kept, so overshoots never meet the neighbour's. The sides are then rebuilt through every
        point where a cut of either neighbouring block ends on them: both blocks' faces share those
        vertices exactly.
        """
        pieces: list[np.ndarray] = []
        piece_rank: list[np.ndarray] = []
        on_edge: dict[tuple, list[np.ndarray]] = {k: [] for k in self.edges}
        for bi, b in enumerate(self.blocks):
            if not self.lines[bi]:
                continue
            lines = np.array(self.lines[bi], dtype=object)
            sides = [shapely.LineString(self.edges[k][:2]) for k in b.edges]
            noded = shapely.get_parts(shapely.node(shapely.multilinestrings(np.r_[lines, sides])))
            mids = shapely.line_interpolate_point(noded, 0.5, normalized=True)
            inner = noded[shapely.contains_properly(b.cell, mids)]
            mids = shapely.line_interpolate_point(inner, 0.5, normalized=True)
            pi, li = shapely.STRtree(lines).query(mids, predicate="dwithin", distance=1e-6)
            rank = np.full(len(inner), 99, dtype=np.int64)
            np.minimum.at(rank, pi, np.asarray(self.ranks[bi])[li])
            pieces.append(inner)
            piece_rank.append(rank)
            ends = shapely.get_coordinates(shapely.boundary(inner))
            ends = ends[shapely.distance(shapely.points(ends), b.cell.exterior) < 1e-6]
            if len(ends):
                d = np.stack([shapely.distance(shapely.points(ends), s) for s in sides])
                for e, side in zip(ends, np.argmin(d, axis=0)):
                    on_edge[b.edges[side]].append(e)
        for key, (p, q, rank) in self.edges.items():
            pts = np.array(on_edge[key]).reshape(-1, 2)
            t = (pts - p) @ (q - p)
            pts = np.unique(pts[np.argsort(t)], axis=0) if len(pts) else pts
            pts = pts[np.argsort((pts - p) @ (q - p))]
            chain = np.concatenate([[p], pts, [q]])
            segs = shapely.linestrings(np.stack([chain[:-1], chain[1:]], axis=1))
            pieces.append(segs)
            piece_rank.append(np.full(len(segs), rank, dtype=np.int64))
        lines = np.concatenate(pieces)
        ranks = np.concatenate(piece_rank)
        return {level: shapely.get_parts(shapely.polygonize(lines[ranks <= level]))
                for level in (ZONE, GRID, MICRO)}


def match_faces(faces: np.ndarray, points: np.ndarray, all_faces: bool = True) -> np.ndarray:
    """For each point, the index of the face holding it; no two points may share a face.

    With `all_faces`, every face must hold a point (the faces are exactly the planned grids).
    """
    pi, fi = shapely.STRtree(faces).query(points, predicate="intersects")
    out = np.full(len(points), -1, dtype=np.int64)
    out[pi] = fi
    if (all_faces and len(faces) != len(points)) or (out < 0).any() or len(np.unique(out)) != len(points):
        raise ValueError("grid faces do not match the planned grids one to one")
    return out
