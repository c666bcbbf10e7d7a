"""Gates of a compound: on its fence, each facing the street in front of it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cmdmap.demo.lattice import Street
from cmdmap.demo.names import cn_number

SECTORS = "北东南西"  # bearing sectors of 90° centred on north, east, south, west
SIDE_SECTOR = (2, 1, 0, 3)  # block sides in corner order (south, east, north, west) -> sector


@dataclass
class Gate:
    """One planned gate: where, which way it faces, what it is called."""

    x: float
    y: float
    bearing: float
    name: str
    kind: str
    main: bool


def edge_bearings(ring: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For an anticlockwise ring (n, 2) without the closing vertex: edge starts, vectors, bearings.

    The bearing is the azimuth of the outward normal, degrees clockwise from grid north.
    """
    a = ring
    d = np.roll(ring, -1, axis=0) - ring
    # Anticlockwise: the inside is on the left of each edge, so outward is (dy, -dx).
    bearing = np.degrees(np.arctan2(d[:, 1], -d[:, 0])) % 360.0
    return a, d, bearing


def sector_of(bearing: np.ndarray) -> np.ndarray:
    """0 north, 1 east, 2 south, 3 west."""
    return (((np.asarray(bearing) + 45.0) % 360.0) // 90.0).astype(np.int64)


def plan_gates(rng: np.random.Generator, ring: np.ndarray, streets: list[Street]) -> list[Gate]:
    """2–4 gates on the longest fence of the sides facing the widest streets."""
    a, d, bearing = edge_bearings(ring)
    length = np.hypot(d[:, 0], d[:, 1])
    sector = sector_of(bearing)
    # The longest fence stretch facing each direction is where that side's gates go.
    best: dict[int, int] = {}
    for k in np.argsort(-length, kind="stable"):
        s = int(sector[k])
        if s not in best and length[k] >= 20.0:
            best[s] = int(k)
    width = {SIDE_SECTOR[side]: streets[side].width for side in range(4)}
    sides = sorted(best, key=lambda s: (-width.get(s, 0.0) - rng.uniform(0, 3.0)))
    n = int(rng.choice([2, 3, 4], p=[0.35, 0.45, 0.2]))
    double = (n == 4 and rng.random() < 0.5) or (n == 3 and rng.random() < 0.25)
    plan: list[tuple[int, list[float]]] = []
    if double:
        plan.append((sides[0], [rng.uniform(0.18, 0.32), rng.uniform(0.68, 0.82)]))
        plan += [(s, [rng.uniform(0.3, 0.7)]) for s in sides[1:n - 1]]
    else:
        plan += [(s, [rng.uniform(0.3, 0.7)]) for s in sides[:n]]
    gates: list[Gate] = []
    for rank, (s, ts) in enumerate(plan):
        k = best[s]
        pts = [a[k] + t * d[k] for t in ts]
        if len(pts) == 2:
            # 一门 is the northern one on an east/west side, the western one on a north/south side.
            key = (lambda p: -p[1]) if s in (1, 3) else (lambda p: p[0])
            pts.sort(key=key)
        for m, p in enumerate(pts):
            name = SECTORS[s] + (cn_number(m + 1) if len(pts) > 1 else "") + "门"
            main = rank == 0 and m == 0
            kind = "mixed" if main else str(rng.choice(["pedestrian", "mixed", "vehicle"], p=[0.45, 0.35, 0.2]))
            gates.append(Gate(float(p[0]), float(p[1]), float(bearing[k]), name, kind, main))
    return gates
