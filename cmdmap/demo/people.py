"""The people of the demo: the grid network's staff, who is assigned where, the isolation register.

Everything here is synthetic (names from common surnames and given-name characters, phones "13x"
plus 8 random digits) and built as whole columns at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from cmdmap.demo.names import person_names, phones
from cmdmap.demo.tables import Table


@dataclass
class Network:
    """What the staff are assigned to, as the community builder knows it."""

    zones: list[str]                       # zone codes
    grids: list[str]                       # level-grid codes
    grid_zone: list[int]                   # zone index of each grid
    micros: list[str]                      # micro-grid codes
    micro_grid: list[int]                  # grid index of each micro-grid
    compounds: list[str]                   # compound codes
    companies: list[str]                   # property company of each compound
    heads: list[list[str]]                 # buildings looked after by each building head
    org: str                               # the residents' committee (社区居委会)
    police_org: str
    clinic_org: str


def _days(today: dt.date, back: np.ndarray) -> np.ndarray:
    base = np.datetime64(today.isoformat(), "D")
    return (base - back.astype("timedelta64[D]")).astype(str).astype(object)


def staff_tables(rng: np.random.Generator, net: Network, today: dt.date) -> tuple[Table, Table]:
    """Staff (one row per person, `role` their main role) and their assignments.

    Staff rows carry their local index in column "_ix"; assignments refer to it in "_staff" (the
    caller turns both into codes once all communities are numbered).
    """
    roles: list[np.ndarray] = []
    orgs: list[np.ndarray] = []
    a_staff: list[np.ndarray] = []
    a_role: list[np.ndarray] = []
    a_layer: list[np.ndarray] = []
    a_target: list[np.ndarray] = []
    a_since: list[np.ndarray] = []
    count = 0

    def people(role: str, org: str | None | np.ndarray, layer: str, targets: np.ndarray,
               since_back: tuple[int, int]) -> np.ndarray:
        """One new person per target, assigned to it."""
        nonlocal count
        n = len(targets)
        ix = np.arange(count, count + n)
        count += n
        roles.append(np.full(n, role, dtype=object))
        orgs.append(org if isinstance(org, np.ndarray) else np.full(n, org, dtype=object))
        assign(ix, role, layer, targets, since_back)
        return ix

    def assign(ix: np.ndarray, role: str, layer: str, targets: np.ndarray,
               since_back: tuple[int, int]) -> None:
        n = len(ix)
        a_staff.append(ix)
        a_role.append(np.full(n, role, dtype=object))
        a_layer.append(np.full(n, layer, dtype=object))
        a_target.append(np.asarray(targets, dtype=object))
        a_since.append(_days(today, rng.integers(*since_back, size=n)))

    zones = np.array(net.zones, dtype=object)
    grids = np.array(net.grids, dtype=object)
    people("grid_leader", net.org, "grids", zones, (300, 1500))
    people("police", net.police_org, "grids", zones, (100, 1200))
    people("doctor", net.clinic_org, "grids", zones, (30, 600))
    people("grid_worker", net.org, "grids", grids, (60, 1500))
    n_party = rng.integers(2, 4, size=len(grids))
    people("party_member", "社区党委", "grids", np.repeat(grids, n_party), (20, 120))
    n_vol = rng.integers(3, 6, size=len(grids))
    vol = people("volunteer", "志愿服务队", "grids", np.repeat(grids, n_vol), (3, 60))
    if net.micros:
        # 格中格: one of its grid's volunteers leads each micro-grid.
        first_vol = np.concatenate([[0], np.cumsum(n_vol)[:-1]])
        micro_grid = np.asarray(net.micro_grid)
        k = np.arange(len(micro_grid)) - np.searchsorted(micro_grid, micro_grid)  # rank within grid
        ix = vol[first_vol[micro_grid] + k % n_vol[micro_grid]]
        assign(ix, "volunteer", "grids", np.array(net.micros, dtype=object), (3, 30))
    n_prop = rng.integers(1, 3, size=len(net.compounds))
    comp = np.repeat(np.array(net.compounds, dtype=object), n_prop)
    people("property", np.repeat(np.array(net.companies, dtype=object), n_prop), "compounds", comp, (60, 2000))
    # Building heads: one person per entry of `heads`, assigned to each building in it.
    if net.heads:
        per = np.array([len(h) for h in net.heads])
        ix = np.arange(count, count + len(per))
        count += len(per)
        roles.append(np.full(len(per), "building_head", dtype=object))
        orgs.append(np.full(len(per), None, dtype=object))
        assign(np.repeat(ix, per), "building_head", "buildings",
               np.array([b for h in net.heads for b in h], dtype=object), (10, 400))

    staff = Table()
    staff.add(count, _ix=np.arange(count), name=person_names(rng, count), phone=phones(rng, count),
              role=np.concatenate(roles), org=np.concatenate(orgs))
    asg = Table()
    n_a = sum(len(x) for x in a_staff)
    asg.add(n_a, _staff=np.concatenate(a_staff), role=np.concatenate(a_role),
            target_layer=np.concatenate(a_layer), target=np.concatenate(a_target),
            since=np.concatenate(a_since))
    return staff, asg


@dataclass
class Households:
    """Residential buildings the isolation register can point at."""

    codes: np.ndarray        # building codes
    residents: np.ndarray    # residents per building
    floors: np.ndarray
    units: np.ndarray
    flats: np.ndarray        # flats per floor per unit
    kind: np.ndarray         # layout kind (villas have no unit or room)
    hot: np.ndarray          # extra weight: buildings near a case


KIND_SHARE = {"hospital": 0.05, "centralised": 0.25, "home": 0.5, "monitoring": 0.2}


def isolation_table(rng: np.random.Generator, hh: Households, today: dt.date, share: float,
                    hotel: str) -> Table:
    """Isolation entries for about `share` of the residents, started over the last 20 days."""
    total = int(round(share * hh.residents.sum()))
    kinds, persons = [], []
    for kind, frac in KIND_SHARE.items():
        want = int(round(frac * total))
        if kind == "home":  # home isolation is often a whole household
            p = rng.choice([1, 2, 3, 4], size=max(want, 1), p=[0.45, 0.3, 0.17, 0.08])
            p = p[: int(np.searchsorted(np.cumsum(p), want)) + 1]
        else:
            p = np.ones(want, dtype=np.int64)
        kinds.append(np.full(len(p), kind, dtype=object))
        persons.append(p)
    kind = np.concatenate(kinds)
    pers = np.concatenate(persons)
    n = len(kind)
    order = rng.permutation(n)
    kind, pers = kind[order], pers[order]
    weight = hh.residents * (1.0 + hh.hot)
    b = rng.choice(len(hh.codes), size=n, p=weight / weight.sum())
    hot = hh.hot[b] > 0
    # Entries near the case started after it; the rest spread over the last 20 days, more lately.
    back = np.where(hot, rng.integers(0, 7, size=n), (20 * (1 - np.sqrt(rng.random(n)))).astype(np.int64))
    start = np.datetime64(today.isoformat(), "D") - back.astype("timedelta64[D]")
    length = np.where(kind == "monitoring", 7, 14).astype("timedelta64[D]")
    end = start + length
    early = rng.random(n) < 0.06
    released = start + np.maximum(rng.integers(3, 7, size=n), 1).astype("timedelta64[D]")
    early &= released <= np.datetime64(today.isoformat(), "D")
    rel = np.where(early, released.astype(str), None).astype(object)
    floors = hh.floors[b]
    unit = rng.integers(0, np.maximum(hh.units[b], 1)) + 1
    floor = rng.integers(0, np.maximum(floors, 1)) + 1
    flat = rng.integers(0, np.maximum(hh.flats[b], 1)) + 1
    villa = hh.kind[b] == "villa"
    unit_s = np.where(villa, None, np.char.add(unit.astype(str), "单元")).astype(object)
    room_s = np.char.add(floor.astype(str), np.char.zfill(flat.astype(str), 2))
    room_s = np.where(villa, None, room_s).astype(object)
    note = np.where(kind == "centralised", hotel, None).astype(object)
    note = np.where(kind == "hospital", "定点医院收治", note).astype(object)
    t = Table()
    t.add(n, building=hh.codes[b], unit=unit_s, room=room_s, kind=kind, persons=pers,
          start=start.astype(str).astype(object), end=end.astype(str).astype(object), released=rel,
          name=person_names(rng, n), phone=phones(rng, n), note=note)
    return t
