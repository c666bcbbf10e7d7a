"""The demo community (果林社区): what a desk user would notice if the demo data were wrong."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest
import shapely

from cmdmap.demo import build_demo
from cmdmap.model.colouring import DEFAULT_PALETTE, adjacency, assign_colours

TODAY = dt.date(2022, 4, 20)


@pytest.fixture(scope="module")
def doc():
    return build_demo(1, today=TODAY)


def _level(doc, level: str) -> tuple[np.ndarray, np.ndarray]:
    g = doc["grids"]
    m = g.column("level") == level
    return g.geom[m], g.column("code")[m]


def _shared_edge_pairs(geoms: np.ndarray) -> list[tuple[int, int]]:
    """Neighbours by the plain definition: the shared boundary has positive length."""
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    shared = shapely.length(shapely.intersection(geoms[i], geoms[j]))
    return [(int(a), int(b)) for a, b, s in zip(i, j, shared) if s > 0]


# -- the document as a whole ------------------------------------------------------------------

def test_same_arguments_give_the_same_document(doc):
    again = build_demo(1, today=TODAY)
    assert again.meta == doc.meta
    for name, layer in doc.layers.items():
        other = again[name]
        assert np.array_equal(layer.fid, other.fid), name
        if layer.geom is not None:
            assert list(shapely.to_wkb(layer.geom)) == list(shapely.to_wkb(other.geom)), name
        for col, values in layer.cols.items():
            if values.dtype == np.float64:
                assert np.array_equal(values, other.cols[col], equal_nan=True), (name, col)
            else:
                assert values.tolist() == other.cols[col].tolist(), (name, col)


def test_another_seed_gives_another_layout(doc):
    other = build_demo(2, today=TODAY)
    assert not np.array_equal(shapely.to_wkb(other["buildings"].geom[:5]), shapely.to_wkb(doc["buildings"].geom[:5]))


def test_fresh_demo_is_clean_and_labelled(doc):
    assert doc.epsg == 4543
    assert not doc.is_modified()
    assert doc.meta["community_name"] == "果林社区"
    assert doc.meta["community_code"] == "GL"
    assert doc.meta["title"] == "果林社区抗击疫情作战图"
    assert doc.meta["credits"] == ""
    assert doc.meta["demo_seed"] == 1
    assert doc.meta["created_by"] == "cmdmap demo"


def test_lies_in_kunming(doc):
    from pyproj import Transformer

    c = shapely.centroid(shapely.union_all(_level(doc, "zone")[0]))
    lon, lat = Transformer.from_crs(4543, 4490, always_xy=True).transform(c.x, c.y)
    assert abs(lon - 102.716) < 0.01 and abs(lat - 25.062) < 0.01


def test_codes_are_unique_in_every_layer(doc):
    for name, layer in doc.layers.items():
        codes = layer.column("code")
        assert len(set(codes.tolist())) == len(codes), name


def test_demo_does_not_load_qt():
    code = "import sys, cmdmap.demo, cmdmap.model.colouring; assert 'PySide6' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(__import__("pathlib").Path(__file__).parents[1]))


# -- counts ---------------------------------------------------------------------------------

def test_twelve_compounds_64_grids_four_zones(doc):
    assert len(doc["compounds"]) == 12
    assert "果林溪谷" in doc["compounds"].column("name").tolist()
    geoms, codes = _level(doc, "grid")
    assert len(geoms) == 64
    assert sorted(codes.tolist()) == [f"W{k:02d}" for k in range(1, 65)]
    assert sorted(_level(doc, "zone")[1].tolist()) == ["P1", "P2", "P3", "P4"]


def test_about_9000_households_and_30000_residents(doc):
    b = doc["buildings"]
    households = b.numeric("households").sum()
    residents = b.numeric("residents").sum()
    assert 8500 <= households <= 9500
    assert 28000 <= residents <= 32000
    assert 3.0 <= residents / households <= 3.6


def test_every_grid_holds_100_to_250_households_and_micro_grids_30_to_100(doc):
    b = doc["buildings"]
    hh = b.numeric("households")
    p = doc.placement
    for level, (lo, hi) in (("grid", (100, 250)), ("micro", (30, 100))):
        idx = p.where["buildings"][level]
        n = len(p.levels[level])
        per = np.bincount(idx[idx >= 0], weights=hh[idx >= 0], minlength=n)
        assert per.min() >= lo and per.max() <= hi, (level, per.min(), per.max())


def test_buildings_look_like_an_estate(doc):
    b = doc["buildings"]
    kind, floors = b.column("kind"), b.numeric("floors")
    units, hh = b.numeric("units"), b.numeric("households")
    res = kind == "residential"
    assert set(np.unique(floors[res & (floors < 10)])) <= {6, 7}  # slabs
    tall = res & (floors >= 10)
    assert tall.any() and floors[tall].min() >= 18 and floors[tall].max() <= 33  # towers
    assert ((hh[tall] / floors[tall]) >= 4).all() and ((hh[tall] / floors[tall]) <= 8).all()
    villa = kind == "villa"
    assert villa.any() and (hh[villa] == 1).all() and set(np.unique(floors[villa])) <= {2, 3}
    other = (kind == "public") | (kind == "commercial")
    assert other.any() and (hh[other] == 0).all()
    assert 1 <= int(np.sum(b.column("sealed") == True)) <= 3  # noqa: E712
    numbers = b.column("number")[res]
    assert all(re.fullmatch(r"\d+栋", n) for n in numbers)
    assert all(c == f"{comp}-{n}" for c, comp, n in zip(b.column("code"), b.column("compound"), b.column("number")))
    assert not np.isnan(units[res | villa]).any()


# -- grids: cover, nesting, colours -----------------------------------------------------------

@pytest.mark.parametrize("level", ["zone", "grid"])
def test_level_covers_the_community_without_gap_or_overlap(doc, level):
    geoms, _ = _level(doc, level)
    union = shapely.union_all(geoms)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert abs(shapely.area(geoms).sum() - union.area) <= 1e-6 * union.area
    zones = shapely.union_all(_level(doc, "zone")[0])
    assert shapely.symmetric_difference(union, zones).area <= 1e-6 * union.area


def test_neighbouring_grids_share_vertices_exactly(doc):
    """No T-junctions: a vertex lying on a grid's or zone's boundary is one of its vertices."""
    zones, _ = _level(doc, "zone")
    grids, _ = _level(doc, "grid")
    polys = np.concatenate([zones, grids])
    pts = np.unique(shapely.get_coordinates(polys), axis=0)
    vertex_sets = [set(map(tuple, shapely.get_coordinates(g))) for g in polys]
    pi, gi = shapely.STRtree(shapely.boundary(polys)).query(shapely.points(pts), predicate="dwithin", distance=1e-6)
    missing = [(tuple(pts[a]), b) for a, b in zip(pi, gi) if tuple(pts[a]) not in vertex_sets[b]]
    assert missing == []


def test_grids_nest_in_zones(doc):
    g = doc["grids"]
    zone_of = dict(zip(*_level(doc, "zone")[::-1]))
    for code, geom, parent, level in zip(g.column("code"), g.geom, g.column("parent"), g.column("level")):
        if level == "grid":
            assert parent in zone_of
            assert shapely.within(geom, zone_of[parent].buffer(1e-6))


def test_micro_grids_exactly_cover_their_grid(doc):
    g = doc["grids"]
    grid_of = dict(zip(*_level(doc, "grid")[::-1]))
    micro, codes = _level(doc, "micro")
    assert 6 <= len({c.rsplit("-", 1)[0] for c in codes})
    parents = g.column("parent")[g.column("level") == "micro"]
    for parent in set(parents.tolist()):
        parts = micro[parents == parent]
        assert 2 <= len(parts) <= 4
        whole = grid_of[parent]
        assert all(shapely.within(parts, whole.buffer(1e-6)))
        assert abs(shapely.area(parts).sum() - whole.area) <= 1e-6 * whole.area
        assert shapely.symmetric_difference(shapely.union_all(parts), whole).area <= 1e-6 * whole.area


@pytest.mark.parametrize("level", ["zone", "grid", "micro"])
def test_neighbouring_grids_never_share_a_colour(doc, level):
    g = doc["grids"]
    m = g.column("level") == level
    geoms, colours = g.geom[m], g.column("color")[m]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    pairs = _shared_edge_pairs(geoms)
    if level != "micro":
        assert pairs
    assert all(colours[a] != colours[b] for a, b in pairs)


def test_colouring_keeps_colours_that_do_not_clash():
    squares = np.array([shapely.box(x, y, x + 1, y + 1) for y in range(3) for x in range(3)], dtype=object)
    first = assign_colours(squares, None)
    for a, b in zip(*adjacency(squares)):
        assert first[a] != first[b]
    # Corner-touching squares are not neighbours.
    assert (0, 4) not in set(zip(*adjacency(squares)))
    # Give the centre square its left neighbour's colour: the clash is resolved, the rest stays.
    existing = first.copy()
    existing[4] = existing[3]
    again = assign_colours(squares, existing)
    for a, b in zip(*adjacency(squares)):
        assert again[a] != again[b]
    assert sum(x == y for x, y in zip(again, existing)) >= 8
    assert set(again) <= set(DEFAULT_PALETTE)


# -- buildings, compounds, gates ----------------------------------------------------------------

def test_every_building_lies_inside_one_compound_and_one_grid(doc):
    b = doc["buildings"]
    p = doc.placement
    assert (p.where["buildings"]["compound"] >= 0).all()
    assert (p.where["buildings"]["grid"] >= 0).all()
    comp = doc["compounds"]
    bi, ci = shapely.STRtree(comp.geom).query(b.geom, predicate="within")
    assert np.array_equal(np.sort(bi), np.arange(len(b)))
    # Several metres from the fence (the compound's inner road).
    assert shapely.distance(b.geom[bi], shapely.boundary(comp.geom[ci])).min() >= 3.0
    grids, _ = _level(doc, "grid")
    gi, _ = shapely.STRtree(grids).query(b.geom, predicate="within")
    assert np.array_equal(np.sort(gi), np.arange(len(b)))  # no grid boundary cuts a building
    assert b.column("compound").tolist() == p.codes_of("buildings", "compound").tolist()
    assert b.column("grid").tolist() == p.codes_of("buildings", "grid").tolist()


def test_buildings_do_not_overlap(doc):
    geoms = doc["buildings"].geom
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    assert np.array_equal(i, j)


def test_compounds_are_not_all_rectangles(doc):
    n_vertices = shapely.get_num_coordinates(shapely.get_exterior_ring(doc["compounds"].geom)) - 1
    assert (n_vertices > 4).sum() >= 4
    assert all(re.fullmatch(r".+\d+号", a) for a in doc["compounds"].column("address"))


def test_gates_sit_on_the_fence_and_face_out(doc):
    gates = doc["gates"]
    comp = doc["compounds"]
    by_code = dict(zip(comp.column("code"), comp.geom))
    per_compound = Counter(gates.column("compound").tolist())
    assert set(per_compound) == set(by_code) and all(2 <= n <= 4 for n in per_compound.values())
    sectors = {"北": (315, 45), "东": (45, 135), "南": (135, 225), "西": (225, 315)}
    for pt, brg, name, code, compound in zip(gates.geom, gates.column("bearing"), gates.column("name"),
                                             gates.column("code"), gates.column("compound")):
        fence = by_code[compound]
        assert fence.exterior.distance(pt) < 0.5
        a = np.radians(brg)
        out = shapely.Point(pt.x + 5 * np.sin(a), pt.y + 5 * np.cos(a))
        back = shapely.Point(pt.x - 5 * np.sin(a), pt.y - 5 * np.cos(a))
        assert not fence.contains(out) and fence.contains(back)
        lo, hi = sectors[name[0]]
        assert (lo <= brg < hi) if lo < hi else (brg >= lo or brg < hi)
        assert re.fullmatch(r"[东南西北]([一二]?)门", name)
        assert code == f"{compound}-{name}"
    states = Counter(gates.column("state").tolist())
    assert states["open"] > states["guarded"] > 0 and 1 <= states["closed"] <= 2


# -- people, sites ----------------------------------------------------------------------------

def test_staff_network(doc):
    a = doc["assignments"]
    role, layer, target = a.column("role"), a.column("target_layer"), a.column("target")
    _, grid_codes = _level(doc, "grid")
    _, zone_codes = _level(doc, "zone")
    workers = Counter(target[role == "grid_worker"].tolist())
    assert set(workers) == set(grid_codes) and set(workers.values()) == {1}
    for r in ("grid_leader", "police", "doctor"):
        assert Counter(target[role == r].tolist()) == Counter(zone_codes.tolist())
    for r in ("party_member", "volunteer"):
        assert set(grid_codes) <= set(target[role == r].tolist())
    props = Counter(target[role == "property"].tolist())
    assert set(props) == set(doc["compounds"].column("code")) and set(props.values()) <= {1, 2}
    b = doc["buildings"]
    homes = set(b.column("code")[b.numeric("households") > 0].tolist())
    headed = set(target[(role == "building_head") & (layer == "buildings")].tolist())
    assert headed <= homes
    without = len(homes - headed)
    assert 1 <= without <= 0.04 * len(homes)  # the desk must see those
    staff = doc["staff"]
    assert set(a.column("staff").tolist()) <= set(staff.column("code").tolist())
    assert staff.column("code")[0] == "S0001" and a.column("code")[0] == "A00001"
    for name in staff.column("name"):
        name.encode("gb2312")
        assert 2 <= len(name) <= 3
    assert all(re.fullmatch(r"13\d{9}", p) for p in staff.column("phone"))


def test_isolation_register(doc):
    iso = doc["isolation"]
    persons = iso.numeric("persons")
    residents = doc["buildings"].numeric("residents").sum()
    assert 0.02 <= persons.sum() / residents <= 0.04
    kind = iso.column("kind")
    share = {k: persons[kind == k].sum() / persons.sum() for k in ("hospital", "centralised", "home", "monitoring")}
    assert 0.02 < share["hospital"] < 0.1 and 0.15 < share["centralised"] < 0.35
    assert 0.4 < share["home"] < 0.6 and 0.12 < share["monitoring"] < 0.3
    start = np.array([dt.date.fromisoformat(s) for s in iso.column("start")])
    end = np.array([dt.date.fromisoformat(s) for s in iso.column("end")])
    assert all(TODAY - dt.timedelta(days=20) <= s <= TODAY for s in start)
    days = np.array([d.days for d in end - start])
    assert (days[kind == "monitoring"] == 7).all() and (days[kind != "monitoring"] == 14).all()
    released = iso.column("released")
    assert (released != None).sum() > 0  # noqa: E711
    t = TODAY.isoformat()
    active = (iso.column("start") <= t) & (iso.column("end") > t) & np.array([r is None or r > t for r in released])
    assert 0.4 * len(iso) < active.sum() < len(iso)
    assert set(iso.column("building").tolist()) <= set(doc["buildings"].column("code").tolist())
    assert iso.column("code")[0] == "G0001"


def test_sites_risk_zones_and_events(doc):
    s = doc["sites"]
    kinds = Counter(s.column("kind").tolist())
    assert 3 <= kinds["sampling"] <= 4 and kinds["isolation_hotel"] == 1 and kinds["hospital"] == 1
    assert kinds["checkpoint"] == 4 and 1 <= kinds["supply"] <= 2
    area = shapely.union_all(_level(doc, "zone")[0])
    checkpoints = s.geom[s.column("kind") == "checkpoint"]
    assert (shapely.distance(checkpoints, area.exterior) < 30).all()
    r = doc["risk_zones"]
    assert sorted(r.column("level").tolist()) == ["controlled", "sealed"]
    sealed = r.geom[r.column("level") == "sealed"][0]
    b = doc["buildings"]
    assert any(shapely.within(b.geom[b.column("sealed") == True], sealed))  # noqa: E712
    assert all(r.column("start"))
    e = doc["events"]
    assert {"sampling", "supply"} <= set(e.column("kind").tolist()) and len(e) >= 4


def test_city_smoke_two_communities():
    """The district demo, shrunk to two communities: unique codes, clean grids, every building placed."""
    from cmdmap.demo.assemble import to_document
    from cmdmap.demo.city import build_city_parts

    city = to_document(build_city_parts(1, TODAY, communities=2), {"community_name": "演示城区"})
    for name, layer in city.layers.items():
        codes = layer.column("code")
        assert len(set(codes.tolist())) == len(codes), name
    g = city["grids"]
    for level in ("zone", "grid"):
        geoms = g.geom[g.column("level") == level]
        assert abs(shapely.area(geoms).sum() - shapely.union_all(geoms).area) <= 1e-6 * shapely.area(geoms).sum()
    assert (city.placement.where["buildings"]["grid"] >= 0).all()
    assert len(city["buildings"]) / (g.column("level") == "grid").sum() > 8  # urban villages: many small houses
