"""The district demo for benchmarks: many communities side by side (~10,000 grids, ~200,000 buildings).

Each community is built like 果林社区 (its own seed, size, styles and jitter) but without a fixed
household total: a grid is cut for about 200 households. A share of the blocks are urban villages
(城中村: dense three- to six-storey houses on narrow lanes), which is what gives a Kunming district
its many small buildings.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from cmdmap.demo.community import build_community
from cmdmap.demo.names import estate_names, street_names, village_names
from cmdmap.demo.spec import Built, CommunitySpec

COMMUNITIES = 120         # communities in the district (≈ 10,000 grids, ≈ 200,000 buildings)
VILLAGE_SHARE = 0.40      # share of blocks that are urban villages
ARTERIAL = 60.0           # metres between neighbouring communities' outer centrelines


def city_spec(rng: np.random.Generator, k: int, centre: tuple[float, float], taken: set[str],
              size: tuple[int, int]) -> CommunitySpec:
    """The plan of community number k (its blocks, styles, names)."""
    nx, ny = size
    n = nx * ny
    village = rng.random(n) < VILLAGE_SHARE
    estate_style = rng.choice(["slab", "slab", "slab", "tower", "mixed", "villa"], size=n)
    styles = np.where(village, "village", estate_style).tolist()
    recipes = np.where(village, "plain", rng.choice(["plain", "chamfer", "notch", "bent"], size=n)).tolist()
    names = estate_names(rng, int((~village).sum()), taken)
    vnames = village_names(rng, int(village.sum()), taken)
    compounds = [vnames.pop() if v else names.pop() for v in village]
    streets = street_names(rng, nx + ny + 2)
    community = estate_names(rng, 1, taken)[0][:2] + "社区"
    return CommunitySpec(
        name=community, prefix=f"C{k + 1:03d}-", compounds=compounds, styles=styles, recipes=recipes,
        ew_streets=streets[: ny + 1], ns_streets=streets[ny + 1:], nx=nx, ny=ny, main_street=None,
        centre=centre, rotation=float(rng.uniform(-3.0, 3.0)), households=None, n_grids=None, grid_households=200.0, grid_bounds=(100.0, 300.0),
        micro=(3, 8), police_org=f"{community[:2]}派出所", clinic_org=f"{community}卫生服务站",
    )


def build_city_parts(seed: int, today: dt.date, communities: int = COMMUNITIES) -> list[Built]:
    """The communities of the district, laid out on a grid of blocks of communities (local metres)."""
    rng = np.random.default_rng([seed, 2020])
    cols = int(np.ceil(np.sqrt(communities * 1.3)))
    sizes = [(int(rng.integers(4, 6)), int(rng.integers(3, 5))) for _ in range(communities)]
    # Room for the largest community in every cell of the district's grid, plus an arterial road.
    cell_w = 5 * 262.0 + 60.0 + ARTERIAL
    cell_h = 4 * 242.0 + 60.0 + ARTERIAL
    rows = int(np.ceil(communities / cols))
    taken: set[str] = set()
    built: list[Built] = []
    for k in range(communities):
        r, c = divmod(k, cols)
        centre = ((c - (cols - 1) / 2) * cell_w, ((rows - 1) / 2 - r) * cell_h)
        sub = np.random.default_rng([seed, k])
        spec = city_spec(sub, k, centre, taken, sizes[k])
        built.append(build_community(sub, spec, today))
    return built
