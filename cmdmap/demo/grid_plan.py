"""The grids of a demo community: zones of whole blocks, grids of rows, a few micro-grids."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from cmdmap.demo.gridding import GRID, MICRO, ZONE, Block, Cutter, Piece, match_faces
from cmdmap.demo.heights import Housing, nudge_heights
from cmdmap.demo.lattice import snake_zones
from cmdmap.demo.names import cn_number
from cmdmap.demo.plan import Estate
from cmdmap.demo.spec import CommunitySpec
from cmdmap.demo.tables import Table


@dataclass
class GridPlan:
    """Codes and geometry of the zones, grids and micro-grids, and how they nest."""

    table: Table
    zones: list[str]
    grids: list[str]
    grid_zone: list[int]        # zone index of each grid
    micros: list[str]
    micro_grid: list[int]       # grid index of each micro-grid (ascending)
    grid_households: np.ndarray


def _grid_counts(cut: Cutter, block_hh: np.ndarray, target: float, bounds: tuple[float, float],
                 total: int | None) -> np.ndarray:
    """How many grids each block gets: each block's best, then moved by ±1 where that costs least
    until the community has `total` grids (when given)."""
    k_max = np.maximum(np.ceil(block_hh / target * 1.6).astype(np.int64) + 2, 3)
    costs = [cut.block_costs(b, int(k_max[b]), target, bounds) for b in range(len(block_hh))]
    if any(not np.isfinite(c).any() for c in costs):
        raise ValueError("a block cannot be cut into grids")
    k = np.array([int(np.argmin(c)) for c in costs], dtype=np.int64)
    if total is None:
        return k
    while k.sum() != total:
        step = 1 if k.sum() < total else -1
        delta = np.array([c[kb + step] - c[kb] if 0 < kb + step < len(c) and np.isfinite(c[kb + step])
                          else np.inf for c, kb in zip(costs, k)])
        if not np.isfinite(delta).any():
            raise ValueError(f"cannot cut the blocks into {total} grids")
        k[int(np.argmin(delta))] += step
    return k


def _cutter(rng: np.random.Generator, spec: CommunitySpec, est: Estate, hh: np.ndarray) -> tuple[Cutter, np.ndarray]:
    """The blocks ready for cutting, with street stretches tagged as zone or grid boundaries."""
    block_hh = np.bincount(est.block, weights=hh, minlength=len(est.cells))
    weight = np.zeros((spec.ny, spec.nx))
    for b, (i, j) in enumerate(est.cells):
        weight[j, i] = block_hh[b]
    zone_of = snake_zones(spec.nx, spec.ny, weight, spec.n_zones, by_rows=bool(rng.random() < 0.5))
    lat = est.lat
    blocks = [Block(shapely.Polygon(lat.cell(i, j)), lat.cell_edges(i, j), est.frames[b], est.rows[b],
                    est.rect[:, 0], est.rect[:, 2], hh) for b, (i, j) in enumerate(est.cells)]
    edges = {}
    for key, (p, q, left, right) in lat.edges().items():
        za = zone_of[left[1], left[0]] if left[0] >= 0 else -1
        zb = zone_of[right[1], right[0]] if right[0] >= 0 else -1
        edges[key] = (p, q, ZONE if za != zb else GRID)
    block_zone = np.array([zone_of[j, i] for i, j in est.cells])
    return Cutter(blocks, edges), block_zone


def _micro(rng: np.random.Generator, spec: CommunitySpec, cut: Cutter, pieces: list[Piece],
           piece_hh: np.ndarray) -> tuple[list[Piece], list[int]]:
    """Micro-grids (30–100 households) in a few grids whose rows or buildings allow a fair split."""
    plans: dict[int, int] = {}
    for g, p in enumerate(pieces):
        for m in sorted((2, 3, 4), key=lambda m: abs(piece_hh[g] / m - 60.0)):
            plan = cut.plan_micro(p, m)
            if plan is not None and min(plan[2]) >= 30 and max(plan[2]) <= 100:
                plans[g] = m
                break
    able = np.array(sorted(plans), dtype=np.int64)
    n = min(len(able), int(rng.integers(*spec.micro)))
    chosen = np.sort(rng.choice(able, size=n, replace=False)) if n else np.zeros(0, np.int64)
    micro: list[Piece] = []
    micro_grid: list[int] = []
    for g in chosen:
        got = cut.split_piece(rng, pieces[g], plans[int(g)])
        micro += got
        micro_grid += [int(g)] * len(got)
    return micro, micro_grid


def plan_grids(rng: np.random.Generator, spec: CommunitySpec, est: Estate, housing: Housing) -> GridPlan:
    """Cut the community into zones, grids and micro-grids (nudging heights to fit the grids)."""
    hh = housing.households.astype(float)  # shared with the cutter's blocks, updated in place
    cut, block_zone = _cutter(rng, spec, est, hh)
    block_hh = np.bincount(est.block, weights=hh, minlength=len(est.cells))
    target = block_hh.sum() / spec.n_grids if spec.n_grids else spec.grid_households
    k_block = _grid_counts(cut, block_hh, target, spec.grid_bounds, spec.n_grids)
    # Grids are numbered zone by zone, blocks in reading order, rows north to south.
    zone_blocks = [[b for b in range(len(est.cells)) if block_zone[b] == z] for z in range(spec.n_zones)]
    pieces: list[Piece] = []
    grid_zone: list[int] = []
    for z, bs in enumerate(zone_blocks):
        for b in bs:
            got = cut.split_block(b, int(k_block[b]))
            pieces += got
            grid_zone += [z] * len(got)
    nudge_heights(housing, est.kind, pieces, spec.grid_bounds)
    hh[:] = housing.households
    piece_hh = np.array([p.households(hh) for p in pieces])
    micro, micro_grid = _micro(rng, spec, cut, pieces, piece_hh)

    faces = cut.polygons()
    first = lambda ps: shapely.centroid(est.geom[[int(p.building_ids()[0]) for p in ps]])  # noqa: E731
    zone_pts = shapely.centroid(est.geom[[int(est.rows[bs[0]][0].ids[0]) for bs in zone_blocks]])
    zone_geom = faces[ZONE][match_faces(faces[ZONE], zone_pts)]
    grid_geom = faces[GRID][match_faces(faces[GRID], first(pieces))]
    micro_geom = np.zeros(0, object)
    if micro:
        micro_geom = faces[MICRO][match_faces(faces[MICRO], first(micro), all_faces=False)]
        cover = np.bincount(micro_grid, weights=shapely.area(micro_geom), minlength=len(pieces))
        split = np.unique(micro_grid)
        if not np.allclose(cover[split], shapely.area(grid_geom[split]), rtol=1e-9):
            raise ValueError("micro-grids do not cover their grids")

    pre = spec.prefix
    zones = [f"{pre}P{z + 1}" for z in range(spec.n_zones)]
    grids = [f"{pre}W{g + 1:02d}" for g in range(len(pieces))]
    nth = np.arange(len(micro_grid)) - np.searchsorted(micro_grid, micro_grid)  # within its grid
    micros = [f"{grids[g]}-{k + 1}" for g, k in zip(micro_grid, nth)]
    table = Table()
    table.add(len(zones), zone_geom, code=zones, level="zone",
              name=[f"第{cn_number(z + 1)}片区" for z in range(spec.n_zones)])
    table.add(len(grids), grid_geom, code=grids, level="grid", name=[f"第{g + 1}网格" for g in range(len(grids))],
              parent=[zones[z] for z in grid_zone])
    table.add(len(micros), micro_geom, code=micros, level="micro", parent=[grids[g] for g in micro_grid],
              name=[f"第{g + 1}-{k + 1}微网格" for g, k in zip(micro_grid, nth)])
    return GridPlan(table, zones, grids, grid_zone, micros, micro_grid, piece_hh)
