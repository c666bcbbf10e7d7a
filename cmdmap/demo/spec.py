"""What a demo community is built from (CommunitySpec) and what building it gives back (Built)."""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely

from cmdmap.demo.tables import Table


@dataclass
class CommunitySpec:
    """What to build: the community's size, names, styles and targets."""

    name: str                                  # 果林社区
    prefix: str                                # prefix of grid/site codes ("" for one community)
    compounds: list[str]                       # compound names, blocks in reading order
    styles: list[str]                          # compound styles (estate.STYLES), same order
    recipes: list[str]                         # outline recipes (lattice.shape_outline), same order
    ew_streets: list[str]                      # east–west streets, south to north (ny + 1)
    ns_streets: list[str]                      # north–south streets, west to east (nx + 1)
    nx: int = 4
    ny: int = 3
    block_w: tuple[float, float] = (215.0, 260.0)
    block_h: tuple[float, float] = (200.0, 240.0)
    main_street: int | None = 1                # index of the widest east–west street
    centre: tuple[float, float] = (0.0, 0.0)
    rotation: float | None = None              # degrees; None: drawn
    households: float | None = None            # total households to aim at (None: as laid out)
    n_grids: int | None = None                 # exact number of grids (None: from grid_households)
    grid_households: float = 150.0
    grid_bounds: tuple[float, float] = (100.0, 250.0)  # households a grid should hold
    n_zones: int = 4
    micro: tuple[int, int] = (6, 9)            # how many grids get micro-grids (range)
    isolation_share: tuple[float, float] = (0.025, 0.035)
    police_org: str = "果林派出所"
    clinic_org: str = "果林社区卫生服务中心"


@dataclass
class Built:
    """The tables of one community plus a few facts the caller reports."""

    tables: dict[str, Table]
    outline: shapely.Polygon
    households: int = 0
    residents: int = 0
    facts: dict[str, int] = field(default_factory=dict)
