"""The site plan of a demo community: streets, compound outlines and every building's footprint."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from cmdmap.demo.estate import MEAN_FLOORS, EstateLayout, Frame, Row, layout_estate, nominal_households
from cmdmap.demo.lattice import Lattice, Street, inset_quad, make_lattice, shape_outline
from cmdmap.demo.spec import CommunitySpec

# Buildings that serve a compound instead of housing people; clubhouses (会所) come from gardens.
PUBLIC_USES = (("幼儿园", "public"), ("物业用房", "public"),
               ("商业楼", "commercial"), ("超市", "commercial"), ("卫生服务站", "public"))
TOWER_GAPS = (20.0, 25.0, 31.0, 38.0, 46.0, 56.0, 68.0)


@dataclass
class Estate:
    """Everything laid out: lattice, blocks (reading order), compounds and buildings (columns)."""

    lat: Lattice
    cells: list[tuple[int, int]]     # block (i, j) of each compound, reading order
    outlines: list[shapely.Polygon]  # compound fences
    frames: list[Frame]              # each block's frame
    plazas: np.ndarray               # (n, 2) squares and corner plazas left free by the fences
    rows: list[list[Row]]            # per block, its rows of buildings (global building ids)
    rect: np.ndarray                 # (n, 4) building rectangles in their block's frame
    kind: np.ndarray                 # slab, tower, villa, house, public, commercial
    units: np.ndarray
    per_floor: np.ndarray            # households per floor as laid out
    block: np.ndarray                # compound (block) index of every building
    geom: np.ndarray                 # building footprints, local metres
    use: np.ndarray                  # name of a non-residential building's use, else None

    def __len__(self) -> int:
        return len(self.kind)


def _streets(rng: np.random.Generator, names: list[str], main: int | None) -> list[Street]:
    n = len(names)
    widths = rng.uniform(15.0, 19.0, n)
    widths[[0, -1]] = rng.uniform(20.0, 25.0, 2)  # perimeter roads are the district's main roads
    if main is not None:
        widths[main] = rng.uniform(23.0, 25.0)
    return [Street(nm, float(round(w, 1))) for nm, w in zip(names, widths)]


def _layouts(rng: np.random.Generator, spec: CommunitySpec,
             setup: list[tuple[shapely.Polygon, float, bool]]) -> list[EstateLayout]:
    """Lay out every compound; towers spaced so that they come out at believable heights.

    With a household target, compounds with towers are tried at several tower spacings and the
    one whose towers would need about 24 floors to reach the target is kept.
    """
    towers = [b for b, s in enumerate(spec.styles) if s in ("tower", "mixed")]
    out: list[EstateLayout | None] = [None] * len(setup)
    for b, (poly, margin, garden) in enumerate(setup):
        if b not in towers or spec.households is None:
            out[b] = layout_estate(rng, poly, spec.styles[b], margin, garden)
    if towers and spec.households is not None:
        rest = sum(nominal_households(lay) for lay in out if lay is not None)
        base = int(rng.integers(0, 2**63 - 1))
        best: tuple[float, list[EstateLayout]] | None = None
        for t, gap in enumerate(TOWER_GAPS):
            trial = np.random.default_rng([base, t])
            lays = [layout_estate(trial, setup[b][0], spec.styles[b], setup[b][1], setup[b][2], gap)
                    for b in towers]
            low = sum(nominal_households(lay, skip="tower") for lay in lays)
            tower_pf = sum(float(lay.per_floor[lay.kind == "tower"].sum()) for lay in lays)
            floors = (spec.households - rest - low) / tower_pf if tower_pf else np.inf
            score = abs(floors - MEAN_FLOORS["tower"])
            if best is None or score < best[0]:
                best = (score, lays)
        assert best is not None
        for b, lay in zip(towers, best[1]):
            out[b] = lay
    return [lay for lay in out if lay is not None]


def lay_out(rng: np.random.Generator, spec: CommunitySpec) -> Estate:
    """Streets, compound fences and building footprints of one community (local metres)."""
    nx, ny = spec.nx, spec.ny
    rows = _streets(rng, spec.ew_streets, spec.main_street)
    cols = _streets(rng, spec.ns_streets, None)
    rotation = spec.rotation if spec.rotation is not None else rng.uniform(-9.0, 9.0)
    lat = make_lattice(rng, rng.uniform(*spec.block_w, nx), rng.uniform(*spec.block_h, ny), rows, cols,
                       jitter=14.0, rotation_deg=rotation, centre=spec.centre)
    cells = [(i, j) for j in range(ny - 1, -1, -1) for i in range(nx)]  # reading order
    outlines: list[shapely.Polygon] = []
    frames: list[Frame] = []
    plazas: list[np.ndarray] = []
    setup: list[tuple[shapely.Polygon, float, bool]] = []
    for b, (i, j) in enumerate(cells):
        quad = lat.cell(i, j)
        inset = inset_quad(quad, np.array([s.width / 2 for s in lat.cell_streets(i, j)]))
        poly = shapely.Polygon(shape_outline(rng, inset, spec.recipes[b]))
        outlines.append(poly)
        for part in shapely.get_parts(shapely.difference(shapely.Polygon(inset), poly)):
            if part.area > 150.0:  # a square or corner plaza the outline left free
                plazas.append(np.array(part.centroid.coords[0]))
        # The frame follows the block's southern and northern streets (rows face south).
        south, north = quad[1] - quad[0], quad[2] - quad[3]
        axis = south / np.linalg.norm(south) + north / np.linalg.norm(north)
        frame = Frame(quad.mean(axis=0), float(np.arctan2(axis[1], axis[0])))
        frames.append(frame)
        margin = rng.uniform(3.5, 5.0) if spec.styles[b] == "village" else rng.uniform(7.0, 10.0)
        garden = spec.styles[b] in ("slab", "mixed") and rng.random() < 0.6
        setup.append((frame.geom_to_frame(poly), margin, garden))

    block_rows: list[list[Row]] = []
    count = 0
    layouts = _layouts(rng, spec, setup)
    for lay in layouts:
        block_rows.append([Row(r.kind, r.v0, r.v1, r.ids + count) for r in lay.rows])
        count += len(lay.rects)
    rect = np.concatenate([lay.rects for lay in layouts])
    block = np.concatenate([np.full(len(lay.rects), b) for b, lay in enumerate(layouts)])
    corners = np.stack([rect[:, [0, 1]], rect[:, [2, 1]], rect[:, [2, 3]], rect[:, [0, 3]], rect[:, [0, 1]]], axis=1)
    world = np.empty_like(corners)
    for b, frame in enumerate(frames):
        m = block == b
        world[m] = frame.to_world(corners[m])
    est = Estate(lat, cells, outlines, frames, np.array(plazas).reshape(-1, 2), block_rows, rect,
                 np.concatenate([lay.kind for lay in layouts]), np.concatenate([lay.units for lay in layouts]),
                 np.concatenate([lay.per_floor for lay in layouts]), block, shapely.polygons(world),
                 np.full(count, None, dtype=object))
    _public_uses(rng, est)
    return est


def _public_uses(rng: np.random.Generator, est: Estate) -> None:
    """Turn a few slabs at row ends into a kindergarten, a shop, …; gardens' clubhouses are 会所."""
    est.use[est.kind == "public"] = "会所"
    ends = [r.ids[k] for rs in est.rows for r in rs[:1] + rs[-1:] for k in (0, -1) if r.kind == "slab"]
    n = min(len(ends), max(2, int(round(len(est.cells) * 0.45))))
    picked = rng.choice(len(ends), size=n, replace=False) if ends else []
    taken: set[tuple[int, str]] = set()
    for k, p in enumerate(picked):
        bid = int(ends[p])
        name, cat = PUBLIC_USES[k % len(PUBLIC_USES)]
        if (int(est.block[bid]), name) in taken or est.kind[bid] != "slab":
            continue
        taken.add((int(est.block[bid]), name))
        est.use[bid] = name
        est.kind[bid] = cat
