"""Map colours for grids: neighbours never share a colour, and colours already set stay put.

Neighbours are grids sharing a stretch of boundary (a shared corner point does not count). The
graph is built in bulk with an STRtree; the colouring itself is DSatur (most constrained grid
first), which needs 4–6 colours on real grid maps, so a palette of 9 leaves room to spread them.
"""

from __future__ import annotations

import heapq
import re

import numpy as np
import shapely

# Soft, printed-plan colours (after ColorBrewer Set3/Pastel1): readable as pale grid fills and as
# building fills, none of them the red used for risk zones.
DEFAULT_PALETTE: tuple[str, ...] = (
    "#8dd3c7",  # teal
    "#ffffb3",  # pale yellow
    "#bebada",  # lilac
    "#80b1d3",  # blue
    "#fdb462",  # orange
    "#b3de69",  # green
    "#fccde5",  # pink
    "#e5d8bd",  # sand
    "#ccebc5",  # mint
)

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def adjacency(geoms: np.ndarray, tol: float = 1e-3, min_shared: float = 1e-2) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, of polygons sharing more than `min_shared` metres of boundary.

    `tol` lets boundaries that a digitiser left a millimetre apart still count as shared.
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="dwithin", distance=tol)
    keep = i < j
    i, j = i[keep], j[keep]
    if len(i) == 0:
        return i.astype(np.int64), j.astype(np.int64)
    # The part of i's boundary that runs along j: a line for true neighbours, a speck for corners.
    grown = shapely.buffer(geoms, tol, quad_segs=2)
    shared = shapely.length(shapely.intersection(shapely.boundary(geoms[i]), grown[j]))
    ok = shared > min_shared
    return i[ok].astype(np.int64), j[ok].astype(np.int64)


def _neighbour_lists(n: int, i: np.ndarray, j: np.ndarray) -> list[np.ndarray]:
    a = np.concatenate([i, j])
    b = np.concatenate([j, i])
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    cuts = np.searchsorted(a, np.arange(n + 1))
    return [b[cuts[k]:cuts[k + 1]] for k in range(n)]


def assign_colours(geoms: np.ndarray, existing: np.ndarray | None = None,
                   palette: tuple[str, ...] | list[str] = DEFAULT_PALETTE) -> np.ndarray:
    """A "#rrggbb" colour for every polygon, different from each neighbour's where possible.

    Colours in `existing` (same length, None or "" for none) are kept unless a neighbour kept the
    same colour first (grids with more neighbours keep theirs first); the rest are chosen by DSatur,
    picking among the allowed palette colours the one used least so far, so the map stays varied.
    """
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    out = np.full(n, None, dtype=object)
    if n == 0:
        return out
    names = [c.lower() for c in palette]
    index = {c: k for k, c in enumerate(names)}
    i, j = adjacency(geoms)
    nbrs = _neighbour_lists(n, i, j)
    degree = np.array([len(x) for x in nbrs], dtype=np.int64)
    colour = np.full(n, -1, dtype=np.int64)
    used = [0] * len(names)

    def take(node: int, c: int) -> None:
        colour[node] = c
        if c < len(used):
            used[c] += 1

    if existing is not None:
        # Keep present colours, most-connected grids first; a clash drops the later one's colour.
        for node in np.lexsort((np.arange(n), -degree)):
            v = existing[node]
            if not isinstance(v, str) or not _HEX.match(v.strip()):
                continue
            key = v.strip().lower()
            if key not in index:  # a colour the user picked outside the palette: keep it too
                index[key] = len(names)
                names.append(key)
            c = index[key]
            if not np.any(colour[nbrs[node]] == c):
                take(int(node), c)

    n_pal = len(palette)
    sat: list[set[int]] = [set(int(c) for c in colour[nb] if c >= 0) for nb in nbrs]
    heap = [(-len(sat[k]), -int(degree[k]), k) for k in range(n) if colour[k] < 0]
    heapq.heapify(heap)
    while heap:
        s, _, node = heapq.heappop(heap)
        if colour[node] >= 0 or -s != len(sat[node]):
            continue  # already coloured, or a stale entry (its saturation grew since)
        free = [c for c in range(n_pal) if c not in sat[node]]
        if free:
            c = min(free, key=lambda c: (used[c], c))
        else:  # more neighbours' colours than the palette holds: clash with the fewest
            counts = np.bincount(colour[nbrs[node]][colour[nbrs[node]] < n_pal], minlength=n_pal)
            c = int(np.argmin(counts))
        take(node, c)
        for m in nbrs[node]:
            if colour[m] < 0 and c not in sat[m]:
                sat[m].add(c)
                heapq.heappush(heap, (-len(sat[m]), -int(degree[m]), int(m)))
    out[:] = [names[c] for c in colour]
    return out


def automatic_colour(geoms: np.ndarray, colours: np.ndarray, row: int,
                     palette: tuple[str, ...] | list[str] = DEFAULT_PALETTE) -> str:
    """The colour automatic colouring gives polygon `row` when its neighbours keep theirs: a
    palette colour none of them wears, the one the whole map uses least (ties: palette order)."""
    geoms = np.asarray(geoms, dtype=object)
    tree = shapely.STRtree(geoms)
    near = tree.query(geoms[row], predicate="dwithin", distance=1e-3)
    near = near[near != row]
    if len(near):  # only true neighbours (a shared edge, not a corner), as assign_colours has it
        i, j = adjacency(np.concatenate([geoms[[row]], geoms[near]]))
        near = near[j[i == 0] - 1]
    taken = {str(c).strip().lower() for c in colours[near] if isinstance(c, str)}
    names = [c.lower() for c in palette]
    used = {c: 0 for c in names}
    for k, c in enumerate(colours):
        key = c.strip().lower() if isinstance(c, str) else None
        if k != row and key in used:
            used[key] += 1
    free = [c for c in names if c not in taken] or names
    return min(free, key=lambda c: (used[c], names.index(c)))
