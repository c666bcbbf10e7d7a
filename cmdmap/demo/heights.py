"""How tall every building is, hence its households: picked to meet the targets of the demo.

Footprints come first (plan.py); floors are then ours to choose within each kind's range, so
they absorb the household total (果林社区: about 9,000) and keep every grid at a fair size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cmdmap.demo.gridding import Piece
from cmdmap.demo.plan import Estate

FLOORS = {"slab": (6, 7), "tower": (18, 33), "villa": (2, 3), "house": (3, 6),
          "public": (2, 4), "commercial": (2, 4)}
MAX_TOWER_HOUSEHOLDS = 216  # a tower stays one grid worker's charge


@dataclass
class Housing:
    """Floors of every building and what they hold."""

    floors: np.ndarray
    per_floor: np.ndarray   # households per floor (0 for villas and non-residential buildings)
    fixed: np.ndarray       # households that do not depend on floors (a villa is one household)

    @property
    def households(self) -> np.ndarray:
        """Households of every building."""
        return self.floors * self.per_floor + self.fixed


def _tower_top(per_floor: np.ndarray) -> np.ndarray:
    """Highest floor count per tower: 33, or lower where the tower would exceed its households cap."""
    return np.minimum(FLOORS["tower"][1], MAX_TOWER_HOUSEHOLDS // np.maximum(per_floor, 1))


def _ranges(kind: np.ndarray, per_floor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([FLOORS[k][0] for k in kind], dtype=np.int64)
    hi = np.array([FLOORS[k][1] for k in kind], dtype=np.int64)
    tower = kind == "tower"
    hi[tower] = np.minimum(hi[tower], _tower_top(per_floor[tower]))
    return lo, hi


def initial_heights(rng: np.random.Generator, est: Estate, target: float | None) -> Housing:
    """Random floors within each kind's range, then towers and slabs moved towards `target`."""
    lo, hi = _ranges(est.kind, est.per_floor)
    floors = rng.integers(lo, hi + 1)
    villa = (est.kind == "villa").astype(np.int64)
    per_floor = np.where(np.isin(est.kind, ["villa", "public", "commercial"]), 0, est.per_floor)
    if target is not None:
        _hit_target(rng, floors, per_floor, est.kind, hi, target - villa.sum())
    return Housing(floors, per_floor, villa)


def _hit_target(rng: np.random.Generator, floors: np.ndarray, per_floor: np.ndarray, kind: np.ndarray,
                hi: np.ndarray, target: float) -> None:
    """Adjust tower heights, then slab heights (6↔7), until the households are near `target`."""
    tower = np.nonzero(kind == "tower")[0]
    slab = np.nonzero(kind == "slab")[0]
    lo_t = FLOORS["tower"][0]
    for _ in range(6):  # all towers together first
        diff = target - (floors * per_floor).sum()
        if len(tower) == 0 or abs(diff) < per_floor[tower].sum() / 2:
            break
        step = int(round(diff / per_floor[tower].sum()))
        floors[tower] = np.clip(floors[tower] + step, lo_t, hi[tower])
    for t in tower[rng.permutation(len(tower))]:  # then one floor on single towers
        diff = target - (floors * per_floor).sum()
        if abs(diff) < per_floor[t]:
            break
        floors[t] = np.clip(floors[t] + np.sign(diff), lo_t, hi[t])
    for s in slab[rng.permutation(len(slab))]:
        diff = target - (floors * per_floor).sum()
        if abs(diff) <= per_floor[s] / 2:
            break
        floors[s] = 7 if diff > 0 else 6


def nudge_heights(h: Housing, kind: np.ndarray, pieces: list[Piece], bounds: tuple[float, float]) -> None:
    """Add or take floors (within each kind's range) in grids whose households fall out of bounds."""
    lo, hi = _ranges(kind, h.per_floor)
    floors, per_floor = h.floors, h.per_floor
    for p in pieces:
        ids = p.building_ids()
        total = int(h.households[ids].sum())
        ids = ids[per_floor[ids] > 0]
        # Smallest steps first, so the grid ends up just inside its bounds.
        for i in ids[np.argsort(per_floor[ids], kind="stable")]:
            while total < bounds[0] and floors[i] < hi[i]:
                floors[i] += 1
                total += per_floor[i]
            while total - per_floor[i] >= bounds[1] and floors[i] > lo[i]:
                floors[i] -= 1
                total -= per_floor[i]


def residents_of(rng: np.random.Generator, h: Housing, kind: np.ndarray) -> np.ndarray:
    """Residents per building: about 3.3 a household, 2–6 in a villa."""
    hh = h.households
    ratio = np.clip(rng.normal(3.3, 0.25, len(hh)), 2.6, 4.2)
    residents = np.round(hh * ratio).astype(np.int64)
    villa = kind == "villa"
    residents[villa] = rng.integers(2, 7, size=int(villa.sum()))
    return residents
