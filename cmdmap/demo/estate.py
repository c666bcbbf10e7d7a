"""Buildings of one compound, laid out the way Chinese estates are: rows of slabs facing south.

Work happens in the block's own frame (u along the block's southern street, v across it), where
rows are horizontal bands: every band is filled with buildings that fit wholly inside the compound
less a margin (its inner ring road), so buildings never touch the fence or each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

# Layout kinds: what a row holds. (depth, width per unit or per building, gap in the row, space to
# the next row) as ranges in metres; one draw per compound so a compound looks consistent.
KINDS: dict[str, dict[str, tuple[float, float]]] = {
    # 6–7 floor walk-ups: 2 households per floor per unit, sunlight spacing ≈ 1.1 × height.
    "slab": {"depth": (11.5, 13.0), "unit": (13.5, 15.5), "gap": (9.0, 14.0), "space": (16.0, 20.0)},
    # 18–33 floor towers: 1–2 units, wide spacing (green space between them).
    "tower": {"depth": (18.0, 21.0), "unit": (20.0, 23.0), "gap": (30.0, 42.0), "space": (45.0, 58.0)},
    # Detached villas, 2–3 floors, one household each.
    "villa": {"depth": (12.0, 14.0), "unit": (13.0, 16.0), "gap": (6.5, 9.0), "space": (9.0, 12.0)},
    # Urban-village houses (城中村, city demo): narrow lanes, 3–6 floors.
    "house": {"depth": (9.0, 12.0), "unit": (7.0, 11.0), "gap": (1.6, 3.4), "space": (3.2, 5.0)},
}

# What each compound style puts in a row, by how far down the compound the row starts (0 = north).
STYLES = ("slab", "tower", "mixed", "villa", "village")


def row_kind(style: str, f: float) -> str:
    """The kind of row a compound of `style` has at relative depth `f` (0 north .. 1 south)."""
    if style == "tower":
        return "tower" if f < 0.7 else "slab"
    if style == "mixed":
        return "tower" if f < 0.3 else "slab"
    if style == "villa":
        return "slab" if f < 0.25 else "villa"
    if style == "village":
        return "house"
    return "slab"


@dataclass
class Row:
    """One row of buildings: its band [v0, v1] in the frame and its buildings west to east."""

    kind: str
    v0: float
    v1: float
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass
class EstateLayout:
    """The buildings of one compound in its frame: rectangles (u0, v0, u1, v1) and their rows."""

    rects: np.ndarray            # (n, 4)
    kind: np.ndarray             # layout kind per building (slab, tower, villa, house)
    units: np.ndarray            # stairwells per building
    per_floor: np.ndarray        # households per floor (all units together)
    rows: list[Row]              # north to south, each west to east


class Frame:
    """A block's frame: u along its southern street, v towards north; origin at the block centre."""

    def __init__(self, origin: np.ndarray, angle: float) -> None:
        self.origin = np.asarray(origin, dtype=float)
        c, s = np.cos(angle), np.sin(angle)
        self.rot = np.array([[c, -s], [s, c]])

    def to_world(self, uv: np.ndarray) -> np.ndarray:
        """Frame coordinates (…, 2) to local world metres."""
        return np.asarray(uv) @ self.rot.T + self.origin

    def to_frame(self, xy: np.ndarray) -> np.ndarray:
        """Local world metres (…, 2) to frame coordinates."""
        return (np.asarray(xy) - self.origin) @ self.rot

    def geom_to_frame(self, g):
        """A shapely geometry in frame coordinates."""
        return shapely.transform(g, self.to_frame)

    def geom_to_world(self, g):
        """A shapely geometry (or array of them) in world coordinates."""
        return shapely.transform(g, self.to_world)


def _line_intervals(poly: shapely.Geometry, v: float, u_lo: float, u_hi: float) -> np.ndarray:
    line = shapely.LineString([(u_lo, v), (u_hi, v)])
    parts = shapely.get_parts(shapely.intersection(poly, line))
    parts = parts[shapely.get_type_id(parts) == 1]
    if len(parts) == 0:
        return np.zeros((0, 2))
    b = shapely.bounds(parts)
    iv = b[:, [0, 2]]
    return iv[np.argsort(iv[:, 0])]


def _intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi > lo:
                out.append((lo, hi))
    return np.array(out).reshape(-1, 2)


def band_intervals(poly: shapely.Geometry, v0: float, v1: float) -> np.ndarray:
    """The stretches [a, b] of u where the whole band v0..v1 lies inside `poly`.

    Exact for polygons: between two vertex heights every side moves linearly, so checking the band
    edges and every vertex height inside the band is enough.
    """
    xmin, _, xmax, _ = poly.bounds
    vs = shapely.get_coordinates(poly)[:, 1]
    heights = np.concatenate([[v0, v1], vs[(vs > v0) & (vs < v1)]])
    iv = _line_intervals(poly, heights[0], xmin - 1, xmax + 1)
    for v in heights[1:]:
        iv = _intersect(iv, _line_intervals(poly, v, xmin - 1, xmax + 1))
    return iv


def _fill(rng: np.random.Generator, kind: str, p: dict[str, float], a: float, b: float
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Buildings along [a, b]: their u0, u1 and units, evenly spread over the stretch."""
    span = b - a
    n_max = int(span // (p["unit"] + p["gap"])) + 2
    if kind == "slab":
        units = rng.choice([2, 3, 4], size=n_max, p=[0.35, 0.45, 0.2])
        widths = units * p["unit"]
    elif kind == "tower":
        units = rng.choice([1, 2], size=n_max, p=[0.4, 0.6])
        widths = np.where(units == 1, p["unit"], p["unit"] * 1.75)
    elif kind == "house":
        units = np.ones(n_max, dtype=np.int64)
        widths = rng.uniform(0.8, 1.2, n_max) * p["unit"]
    else:
        units = np.ones(n_max, dtype=np.int64)
        widths = np.full(n_max, p["unit"])
    gaps = rng.uniform(0.8, 1.2, n_max) * p["gap"] if kind == "house" else np.full(n_max, p["gap"])
    ends = np.cumsum(widths + gaps) - gaps
    n = int(np.searchsorted(ends, span, side="right"))
    if n == 0 and kind == "slab" and span >= 2 * p["unit"]:
        units[0], widths[0], n = 2, 2 * p["unit"], 1
    if n == 0:
        return np.zeros(0), np.zeros(0), np.zeros(0, np.int64)
    widths, gaps, units = widths[:n], gaps[:n], units[:n]
    slack = span - (widths.sum() + gaps[: n - 1].sum())
    if kind == "house":
        extra = slack / max(n - 1, 1)  # houses stand wall to lane: stretch the lanes, not the ends
        lead = 0.0 if n > 1 else slack / 2
    else:
        extra = slack / (n + 1)  # equal open space between buildings and at both ends
        lead = extra
    starts = a + lead + np.concatenate([[0.0], np.cumsum(widths[:-1] + gaps[:-1] + extra)])
    return starts, starts + widths, units.astype(np.int64)


def layout_estate(rng: np.random.Generator, outline: shapely.Polygon, style: str,
                  margin: float, garden: bool = False, tower_gap: float | None = None) -> EstateLayout:
    """Rows of buildings inside `outline` (frame coordinates) for a compound of `style`.

    With `garden`, the middle row of slabs leaves a central garden with a clubhouse in it;
    `tower_gap` sets the open space between towers (how many towers the compound gets).
    """
    inner = outline.buffer(-margin, join_style="mitre")
    params = {k: {name: rng.uniform(*rg) for name, rg in ranges.items()} for k, ranges in KINDS.items()}
    if tower_gap is not None:
        params["tower"]["gap"] = tower_gap
    _, bottom, _, top = inner.bounds
    height = top - bottom
    # Rows from the north fence southwards; then centre the stack between the fences.
    bands: list[tuple[str, float, float]] = []
    v = top
    while True:
        kind = row_kind(style, (top - v) / height)
        d = params[kind]["depth"]
        if v - d < bottom:
            break
        bands.append((kind, v - d, v))
        v -= d + params[kind]["space"]
    if bands:
        shift = (bands[-1][1] - bottom) / 2
        bands = [(k, v0 - shift, v1 - shift) for k, v0, v1 in bands]

    slab_rows = [k for k, band in enumerate(bands) if band[0] == "slab"]
    garden_row = slab_rows[len(slab_rows) // 2] if garden and len(slab_rows) >= 4 else -1
    rects, kinds, units_all, rows = [], [], [], []
    count = 0
    for r, (kind, v0, v1) in enumerate(bands):
        p = params[kind]
        ids = []
        stretches = [(a, b, kind) for a, b in band_intervals(inner, v0, v1)]
        if r == garden_row and stretches:
            a, b, _ = max(stretches, key=lambda s: s[1] - s[0])
            half = min(0.22 * (b - a), 36.0)
            mid = (a + b) / 2 + rng.uniform(-0.1, 0.1) * (b - a)
            club = rng.uniform(9.0, 12.0)
            stretches = [s for s in stretches if s[0] != a] + [
                (a, mid - half, kind), (mid - club, mid + club, "public"), (mid + half, b, kind)]
            stretches.sort()
        for a, b, what in stretches:
            if what == "public":  # the clubhouse, alone in the middle of the garden
                u0, u1, units = np.array([a]), np.array([b]), np.ones(1, np.int64)
            else:
                u0, u1, units = _fill(rng, kind, p, a, b)
            if len(u0) == 0:
                continue
            n = len(u0)
            top_v = np.full(n, v1)
            if kind == "house":  # village houses are not all the same depth
                bottom_v = v1 - (v1 - v0) * rng.uniform(0.8, 1.0, n)
            else:
                bottom_v = np.full(n, v0)
            rects.append(np.stack([u0, bottom_v, u1, top_v], axis=1))
            kinds += [what] * n
            units_all.append(units)
            ids.append(np.arange(count, count + n))
            count += n
        if ids:
            rows.append(Row(kind, v0, v1, np.concatenate(ids)))
    if count == 0:
        return EstateLayout(np.zeros((0, 4)), np.zeros(0, object), np.zeros(0, np.int64),
                            np.zeros(0, np.int64), [])
    rect = np.concatenate(rects)
    units = np.concatenate(units_all)
    kind_arr = np.array(kinds, dtype=object)
    per_floor = units * 2
    tower = kind_arr == "tower"
    # Towers: 4 or 6 flats per floor on one stairwell, 8 on two.
    per_floor[tower] = np.where(units[tower] == 1, rng.choice([4, 6], size=int(tower.sum()), p=[0.3, 0.7]), 8)
    per_floor[kind_arr == "villa"] = 1
    house = kind_arr == "house"
    per_floor[house] = rng.choice([1, 2], size=int(house.sum()), p=[0.55, 0.45])
    per_floor[kind_arr == "public"] = 0
    return EstateLayout(rect, kind_arr, units, per_floor, rows)


# Typical floors of each kind, to estimate households before heights are settled.
MEAN_FLOORS = {"slab": 6.5, "tower": 24.0, "villa": 1.0, "house": 4.5, "public": 0.0}  # a villa: 1 household


def nominal_households(lay: EstateLayout, skip: str | None = None) -> float:
    """Households the layout would hold at typical heights (leaving out kind `skip`)."""
    floors = np.array([0.0 if k == skip else MEAN_FLOORS[k] for k in lay.kind])
    return float((floors * lay.per_floor).sum())
