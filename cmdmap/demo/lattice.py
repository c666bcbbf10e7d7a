"""The street network of a demo community: a jittered lattice of street centrelines.

Every lattice line is a street with a name and a width; every cell is one block, bounded by street
centrelines, holding one compound (the cell inset by half of each street's width, then given an
irregular outline: a cut corner, an L-shaped notch, a bent side). Coordinates are local metres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely


@dataclass(frozen=True)
class Street:
    """A street: its name and its width from kerb to kerb (metres)."""

    name: str
    width: float


@dataclass
class Lattice:
    """Street centrelines crossing at `nodes[j, i]` (row line j, south to north; column line i)."""

    nodes: np.ndarray          # (ny + 1, nx + 1, 2)
    rows: list[Street]         # east–west streets, j = 0 (south) .. ny
    cols: list[Street]         # north–south streets, i = 0 (west) .. nx

    @property
    def nx(self) -> int:
        """Number of blocks west to east."""
        return self.nodes.shape[1] - 1

    @property
    def ny(self) -> int:
        """Number of blocks south to north."""
        return self.nodes.shape[0] - 1

    def cell(self, i: int, j: int) -> np.ndarray:
        """Corners of block (i, j), anticlockwise from the south-west: (4, 2)."""
        n = self.nodes
        return np.array([n[j, i], n[j, i + 1], n[j + 1, i + 1], n[j + 1, i]])

    def cell_streets(self, i: int, j: int) -> list[Street]:
        """The streets along the block's sides, in corner order: south, east, north, west."""
        return [self.rows[j], self.cols[i + 1], self.rows[j + 1], self.cols[i]]

    def outline(self) -> shapely.Polygon:
        """The community polygon: the outer centrelines (each block with its half-streets)."""
        n = self.nodes
        ring = np.concatenate([n[0, :-1], n[:-1, -1], n[-1, :0:-1], n[:0:-1, 0]])
        return shapely.Polygon(ring)

    def edges(self) -> dict[tuple[str, int, int], tuple[np.ndarray, np.ndarray, tuple[int, int], tuple[int, int]]]:
        """Every centreline stretch between two crossings, by key, with the blocks on either side.

        Keys are ("h", j, i) for row line j between crossings i and i+1, ("v", i, j) for column
        line i between crossings j and j+1. A block is (i, j); (-1, -1) stands for "outside".
        """
        out = {}
        n = self.nodes
        out_cell = (-1, -1)
        for j in range(self.ny + 1):
            for i in range(self.nx):
                below = (i, j - 1) if j > 0 else out_cell
                above = (i, j) if j < self.ny else out_cell
                out[("h", j, i)] = (n[j, i], n[j, i + 1], below, above)
        for i in range(self.nx + 1):
            for j in range(self.ny):
                left = (i - 1, j) if i > 0 else out_cell
                right = (i, j) if i < self.nx else out_cell
                out[("v", i, j)] = (n[j, i], n[j + 1, i], left, right)
        return out

    @staticmethod
    def cell_edges(i: int, j: int) -> tuple[tuple[str, int, int], ...]:
        """Keys of block (i, j)'s sides: south, east, north, west."""
        return (("h", j, i), ("v", i + 1, j), ("h", j + 1, i), ("v", i, j))

    def side_edges(self) -> list[tuple[np.ndarray, np.ndarray, tuple[int, int], tuple[int, int]]]:
        """Every centreline stretch between two crossings with the blocks on either side."""
        return list(self.edges().values())


def make_lattice(rng: np.random.Generator, widths: np.ndarray, heights: np.ndarray,
                 rows: list[Street], cols: list[Street], jitter: float, rotation_deg: float,
                 centre: tuple[float, float] = (0.0, 0.0)) -> Lattice:
    """A lattice of blocks `widths` (west to east) × `heights` (south to north), jittered and turned."""
    xs = np.concatenate([[0.0], np.cumsum(widths)])
    ys = np.concatenate([[0.0], np.cumsum(heights)])
    xs -= xs[-1] / 2
    ys -= ys[-1] / 2
    gx, gy = np.meshgrid(xs, ys)
    nodes = np.stack([gx, gy], axis=-1)
    # Crossings wander a little so blocks are irregular quadrilaterals, streets not quite straight.
    nodes = nodes + np.clip(rng.normal(0.0, jitter / 2, nodes.shape), -jitter, jitter)
    a = np.radians(rotation_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    nodes = nodes @ rot.T + np.asarray(centre)
    return Lattice(nodes, rows, cols)


def inset_quad(quad: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The quadrilateral `quad` (anticlockwise) with side k moved inwards by `d[k]`."""
    p = quad
    dirs = np.roll(quad, -1, axis=0) - quad
    dirs = dirs / np.linalg.norm(dirs, axis=1)[:, None]
    normal = np.stack([-dirs[:, 1], dirs[:, 0]], axis=1)  # interior is on the left
    q = p + normal * d[:, None]
    out = np.empty_like(quad)
    for k in range(4):
        # Corner k is where the moved side k-1 meets the moved side k.
        a, da = q[k - 1], dirs[k - 1]
        b, db = q[k], dirs[k]
        m = np.array([da, -db]).T
        t = np.linalg.solve(m, b - a)
        out[k] = a + t[0] * da
    return out


def shape_outline(rng: np.random.Generator, quad: np.ndarray, recipe: str) -> np.ndarray:
    """Outline vertices of a compound from its inset block, reshaped by `recipe`.

    "plain" keeps the quadrilateral; "chamfer" cuts one or two corners (a corner plaza), "notch"
    takes a rectangle out of a corner (an L-shaped compound beside a square), "bent" pushes one
    side in at its middle.
    """
    verts = [quad[k] for k in range(4)]
    if recipe == "plain":
        return np.array(verts)
    if recipe == "bent":
        k = int(rng.integers(0, 4))
        a, b = quad[k], quad[(k + 1) % 4]
        d = (b - a) / np.linalg.norm(b - a)
        inward = np.array([-d[1], d[0]])
        mid = a + (b - a) * rng.uniform(0.4, 0.6) + inward * rng.uniform(9.0, 16.0)
        return np.array(verts[:k + 1] + [mid] + verts[k + 1:])
    corners = rng.permutation(4)[: (1 if recipe == "notch" else int(rng.integers(1, 3)))]
    out: list[np.ndarray] = []
    for k in range(4):
        v = quad[k]
        if k not in corners:
            out.append(v)
            continue
        to_prev = quad[k - 1] - v
        to_next = quad[(k + 1) % 4] - v
        lp, ln = np.linalg.norm(to_prev), np.linalg.norm(to_next)
        dp, dn = to_prev / lp, to_next / ln
        if recipe == "notch":
            a = ln * rng.uniform(0.25, 0.38)
            b = lp * rng.uniform(0.25, 0.38)
            out += [v + b * dp, v + a * dn + b * dp, v + a * dn]
        else:
            c = rng.uniform(14.0, 26.0)
            out += [v + c * dp, v + c * dn]
    return np.array(out)


def snake_zones(nx: int, ny: int, weight: np.ndarray, n_zones: int, by_rows: bool) -> np.ndarray:
    """Zone number (0..n_zones-1) of every block (i, j) as an (ny, nx) array.

    Blocks are walked in a boustrophedon and cut into runs of about equal `weight` (households), so
    every zone is one connected piece.
    """
    order: list[tuple[int, int]] = []
    if by_rows:
        for j in range(ny - 1, -1, -1):
            cols = range(nx) if (ny - 1 - j) % 2 == 0 else range(nx - 1, -1, -1)
            order += [(i, j) for i in cols]
    else:
        for i in range(nx):
            rows = range(ny - 1, -1, -1) if i % 2 == 0 else range(ny)
            order += [(i, j) for j in rows]
    w = np.array([weight[j, i] for i, j in order], dtype=float)
    cum = np.cumsum(w) - w / 2  # a block goes to the zone holding its middle
    zone = np.minimum((cum / w.sum() * n_zones).astype(int), n_zones - 1)
    # Never leave a zone empty (small lattices): fall back to equal runs of blocks.
    if len(set(zone.tolist())) < n_zones:
        zone = (np.arange(len(order)) * n_zones) // len(order)
    out = np.zeros((ny, nx), dtype=np.int64)
    for (i, j), z in zip(order, zone):
        out[j, i] = z
    return out
