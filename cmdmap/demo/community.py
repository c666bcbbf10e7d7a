"""One demo community: streets, compounds, buildings, gates, grids, people, sites — as tables.

Coordinates are local metres (the caller moves them into the projected CRS). Codes of staff,
assignments, isolation entries and events are left to the caller, which numbers them across all
communities of a document.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely

from cmdmap.demo.gates import plan_gates
from cmdmap.demo.grid_plan import GridPlan, plan_grids
from cmdmap.demo.heights import Housing, initial_heights, residents_of
from cmdmap.demo.names import PROPERTY_COMPANIES
from cmdmap.demo.people import Households, Network, isolation_table, staff_tables
from cmdmap.demo.plan import Estate, lay_out
from cmdmap.demo.sites import events_table, risk_zones_table, sites_table
from cmdmap.demo.spec import Built, CommunitySpec
from cmdmap.demo.tables import Table

STYLE_NOTES = {
    "slab": "多层住宅小区", "tower": "高层住宅小区", "mixed": "高层、多层混合小区",
    "villa": "别墅、洋房小区", "village": "城中村（自建房）",
}
HOTEL = "春城商务酒店"


def build_community(rng: np.random.Generator, spec: CommunitySpec, today: dt.date) -> Built:
    """Lay out one community and return its tables (local metres)."""
    est = lay_out(rng, spec)
    housing = initial_heights(rng, est, spec.households)
    grids = plan_grids(rng, spec, est, housing)
    hh = housing.households
    residents = residents_of(rng, housing, est.kind)
    companies = [PROPERTY_COMPANIES[int(k)] for k in rng.integers(0, len(PROPERTY_COMPANIES), len(est.cells))]
    compounds, gates, main_gates = _compounds_and_gates(rng, spec, est, companies)
    number = _numbers(est)
    codes = np.array([f"{spec.compounds[c]}-{n}" for c, n in zip(est.block, number)], dtype=object)
    case, sealed, sealed_zone, controlled = _case(rng, est, hh)
    buildings = _buildings_table(est, housing, residents, number, codes, sealed, case)

    net = Network(zones=grids.zones, grids=grids.grids, grid_zone=grids.grid_zone, micros=grids.micros,
                  micro_grid=grids.micro_grid, compounds=list(spec.compounds), companies=companies,
                  heads=_heads(rng, est, hh, codes), org=f"{spec.name}居委会",
                  police_org=spec.police_org, clinic_org=spec.clinic_org)
    staff, assignments = staff_tables(rng, net, today)
    hot = np.zeros(len(est))
    hot[est.block == est.block[case]] = 1.0  # cases cluster round the first one
    hot[shapely.within(est.geom, controlled)] = 2.0
    hot[case] = 3.0
    r = np.nonzero(hh > 0)[0]
    homes = Households(codes=codes[r], residents=residents[r].astype(float), floors=housing.floors[r],
                       units=est.units[r], flats=np.maximum(est.per_floor[r] // np.maximum(est.units[r], 1), 1),
                       kind=est.kind[r], hot=hot[r])
    isolation = isolation_table(rng, homes, today, rng.uniform(*spec.isolation_share), HOTEL)

    # Supply points just inside a main gate or two; the clinic in its building, if there is one.
    pick = rng.choice(len(main_gates), size=min(int(rng.integers(1, 3)), len(main_gates)), replace=False)
    gx, gy, brg = main_gates[pick].T
    supply_at = np.stack([gx - 7.0 * np.sin(np.radians(brg)), gy - 7.0 * np.cos(np.radians(brg))], axis=1)
    clinic = np.nonzero(est.use == "卫生服务站")[0]
    clinic_at = np.array(est.geom[clinic[0]].centroid.coords[0]) if len(clinic) else None
    sites = sites_table(rng, est.lat, est.plazas, supply_at, clinic_at, spec.prefix, spec.name)
    where = f"{spec.compounds[est.block[case]]}{number[case]}"
    risk = risk_zones_table(sealed_zone, where, controlled, spec.compounds[est.block[case]], today, spec.prefix)
    sampling = shapely.get_coordinates(sites.geometry()[sites.column("kind") == "sampling"])
    events = events_table(today, sampling, supply_at, np.array(est.geom[case].centroid.coords[0]), where,
                          np.array(controlled.centroid.coords[0]))

    tables = {"grids": grids.table, "compounds": compounds, "buildings": buildings, "gates": gates,
              "sites": sites, "risk_zones": risk, "events": events, "staff": staff,
              "assignments": assignments, "isolation": isolation}
    return Built(tables, est.lat.outline(), int(hh.sum()), int(residents.sum()), _facts(spec, est, grids))


def _facts(spec: CommunitySpec, est: Estate, grids: GridPlan) -> dict[str, int]:
    lo, hi = spec.grid_bounds
    g = grids.grid_households
    return {"buildings": len(est), "grids": len(grids.grids), "micro": len(grids.micros),
            "grids_out_of_bounds": int(((g < lo) | (g > hi)).sum())}


def _compounds_and_gates(rng: np.random.Generator, spec: CommunitySpec, est: Estate,
                         companies: list[str]) -> tuple[Table, Table, np.ndarray]:
    """The compounds table, the gates table and (x, y, bearing) of each compound's main gate."""
    addresses, rows = [], []
    for b, (i, j) in enumerate(est.cells):
        streets = est.lat.cell_streets(i, j)
        for g in plan_gates(rng, np.asarray(est.outlines[b].exterior.coords)[:-1], streets):
            rows.append((b, g))
        main_side = int(np.argmax([s.width for s in streets]))
        addresses.append(f"{streets[main_side].name}{int(rng.integers(1, 90)) * 2 + (i % 2)}号")
    names = spec.compounds
    village = np.array([s == "village" for s in spec.styles])
    compounds = Table()
    compounds.add(len(est.cells), est.outlines, code=list(names), name=list(names), address=addresses,
                  property_company=np.where(village, None, np.array(companies, dtype=object)),
                  note=[STYLE_NOTES[s] for s in spec.styles])
    main = np.array([g.main for _, g in rows])
    # Mostly open; many main gates guarded; one or two side gates closed for the epidemic.
    state = np.full(len(rows), "open", dtype=object)
    state[main & (rng.random(len(main)) < 0.45)] = "guarded"
    state[~main & (rng.random(len(main)) < 0.15)] = "guarded"
    side = np.nonzero(~main)[0]
    state[rng.choice(side, size=min(len(side), max(1, round(len(est.cells) / 8))), replace=False)] = "closed"
    hours = np.where(state == "open", "06:00-23:00", np.where(state == "guarded", "24小时值守", None))
    gates = Table()
    gates.add(len(rows), shapely.points([(g.x, g.y) for _, g in rows]),
              code=[f"{names[b]}-{g.name}" for b, g in rows], name=[g.name for _, g in rows],
              bearing=np.array([round(g.bearing, 1) for _, g in rows]), kind=[g.kind for _, g in rows],
              state=state, hours=hours.astype(object),
              note=np.where(state == "closed", "疫情期间关闭", None).astype(object))
    main_gates = np.array([(g.x, g.y, g.bearing) for _, g in rows if g.main])
    return compounds, gates, main_gates


def _numbers(est: Estate) -> np.ndarray:
    """Building numbers: 1栋, 2栋, … per compound in reading order; non-residential by their use."""
    number = est.use.copy()
    for b in range(len(est.cells)):
        ids = np.nonzero(est.block == b)[0]  # already in reading order: rows north to south, west to east
        homes = ids[est.use[ids] == None]  # noqa: E711 — elementwise on an object array
        number[homes] = [f"{k + 1}栋" for k in range(len(homes))]
    return number


def _case(rng: np.random.Generator, est: Estate, hh: np.ndarray
          ) -> tuple[int, np.ndarray, shapely.Geometry, shapely.Geometry]:
    """A case in a slab near the middle: its building sealed with a neighbour, the zones round them."""
    centre = np.array(est.lat.outline().centroid.coords[0])
    cand = np.nonzero((est.kind == "slab") & (hh > 0))[0]
    if len(cand) == 0:
        cand = np.nonzero(hh > 0)[0]
    dist = np.linalg.norm(shapely.get_coordinates(shapely.centroid(est.geom[cand])) - centre, axis=1)
    case = int(rng.choice(cand[np.argsort(dist)[:12]]))
    sealed_zone = shapely.buffer(est.geom[case], 6.0, join_style="mitre")
    controlled = shapely.intersection(est.outlines[est.block[case]],
                                      shapely.buffer(est.geom[case], 70.0, join_style="mitre"))
    sealed = np.zeros(len(est), dtype=bool)
    sealed[case] = True
    others = np.nonzero((hh > 0) & shapely.within(est.geom, controlled) & (np.arange(len(est)) != case))[0]
    if len(others):
        sealed[others[np.argmin(shapely.distance(est.geom[others], est.geom[case]))]] = True
    return case, sealed, sealed_zone, controlled


def _buildings_table(est: Estate, h: Housing, residents: np.ndarray, number: np.ndarray, codes: np.ndarray,
                     sealed: np.ndarray, case: int) -> Table:
    kind = np.select([est.kind == "villa", est.kind == "public", est.kind == "commercial"],
                     ["villa", "public", "commercial"], "residential").astype(object)
    homes = h.households > 0
    note = np.where(sealed, "封控楼栋", None).astype(object)
    note[case] = "确诊病例所在楼栋，封控"
    t = Table()
    t.add(len(est), est.geom, code=codes, number=number, kind=kind, floors=h.floors,
          units=np.where(homes, est.units, None).astype(object), households=h.households,
          residents=residents, sealed=sealed, note=note)
    return t


def _heads(rng: np.random.Generator, est: Estate, hh: np.ndarray, codes: np.ndarray) -> list[list[str]]:
    """Buildings looked after by each building head: one building each, or a lane of small houses.

    About 2% of homes are left without one, as happens; the desk must see them.
    """
    homes = np.nonzero(hh > 0)[0]
    skip = set(rng.choice(homes, size=max(2, round(0.02 * len(homes))), replace=False).tolist())
    heads: list[list[str]] = []
    for rows in est.rows:
        for r in rows:
            ids = [int(x) for x in r.ids if hh[x] > 0 and int(x) not in skip]
            if r.kind in ("villa", "house"):
                size = int(rng.integers(4, 9))
                heads += [[codes[x] for x in ids[k:k + size]] for k in range(0, len(ids), size)]
            else:
                heads += [[codes[x]] for x in ids]
    return heads
