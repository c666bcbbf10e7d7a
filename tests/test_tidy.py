"""Tidying grids imported from QGIS or CAD (Qt-free): jittered copies of the demo grids, whose
neighbours no longer share corners and have slivers of gap and overlap between them, become an
exact partition again that cmdmap's partition editing can move; one undo puts them back."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from cmdmap.demo import build_demo
from cmdmap.edit import partition as P
from cmdmap.edit import rings
from cmdmap.edit.commands import EditError
from cmdmap.edit.tidy import tidy_grids
from cmdmap.messages import message
from cmdmap.model.check import ERROR, check
from test_partition import shared_vertices

JITTER_M = 0.2
PARTITION_KEYS = {"grid_gap", "grid_overlap", "micro_outside_parent", "geometry_invalid"}


def _jitter(geom: shapely.Geometry, rng: np.random.Generator) -> shapely.Geometry:
    """Every vertex of this grid's own copy moved by up to JITTER_M (in any direction)."""
    def fn(c: np.ndarray) -> np.ndarray:
        n = len(c) - 1
        r = JITTER_M * np.sqrt(rng.random(n))
        a = rng.random(n) * 2 * np.pi
        out = c[:-1] + np.c_[r * np.cos(a), r * np.sin(a)]
        return np.vstack([out, out[:1]])
    return rings.map_rings(geom, fn)


def _bulge(geom: shapely.Geometry, a, b, outward: bool) -> shapely.Geometry:
    """A 2 m² triangle pushed out of (or into) the grid along the start of its edge a–b: a
    sliver of overlap with (or gap to) the neighbour, whose edge lacks the new corners."""
    u = np.subtract(b, a) / np.hypot(*np.subtract(b, a))
    n = np.array([-u[1], u[0]])
    if geom.contains(shapely.Point(np.add(a, u * 2 + n * 0.5))) == outward:
        n = -n
    apex, foot = tuple(np.add(a, u * 2 + n * 1.0)), tuple(np.add(a, u * 4))
    with_foot = rings.insert_vertex(geom, a, b, foot)
    return rings.insert_vertex(with_foot, a, foot, apex)


def _set(doc, fid: int, geom) -> None:
    g = doc["grids"]
    g.geom[g.row(fid)] = geom


def imported(seed: int = 3):
    """The demo as if drawn in CAD: two slivers (an overlap, a gap) between grids of one zone,
    then every grid's copy of every corner jittered by up to 0.2 m."""
    doc = build_demo()
    g = doc["grids"]
    level, parent = g.column("level"), g.column("parent")
    childless = set(g.column("code")) - set(parent[level == "micro"])
    done = 0
    for v, owners in shared_vertices(doc):
        f, h = sorted(owners)
        if done == 2 or g.value(f, "parent") != g.value(h, "parent") or not {g.value(f, "code"), g.value(h, "code")} <= childless:
            continue
        cf = [tuple(map(float, p)) for p in shapely.get_coordinates(g.geometry(f))[:-1]]
        i = cf.index(v)
        b = next((q for q in (cf[(i + 1) % len(cf)], cf[i - 1]) if rings.has_vertex(g.geometry(h), q)), None)
        if b is None or np.hypot(b[0] - v[0], b[1] - v[1]) < 10:
            continue
        _set(doc, f, _bulge(g.geometry(f), v, b, outward=done == 0))
        done += 1
    assert done == 2
    rng = np.random.default_rng(seed)
    for r in range(len(g)):
        g.geom[r] = _jitter(g.geom[r], rng)
    return doc


def _shapes(doc) -> dict[int, bytes]:
    g = doc["grids"]
    return {int(f): g.geometry(int(f)).wkb for f in g.fid}


def _partition_errors(doc) -> list[str]:
    return [message(p.key, "en", codes=list(p.codes), **p.params) for p in check(doc)
            if p.severity == ERROR and p.key in PARTITION_KEYS]


def assert_exact(doc) -> None:
    g = doc["grids"]
    for lv in ("zone", "grid", "micro"):
        geoms = g.geom[g.column("level") == lv]
        assert abs(shapely.union_all(geoms).area - shapely.area(geoms).sum()) < 1e-6, lv
    assert not _partition_errors(doc)


@pytest.fixture(scope="module")
def jittered():
    return imported()


def test_imported_grids_are_not_a_partition_and_cannot_be_edited_as_one(jittered):
    assert _partition_errors(jittered)  # slivers and jitter: gaps and overlaps
    assert not shared_vertices(jittered)  # no corner is shared exactly any more
    g = jittered["grids"]
    f = g.find("W01")
    corner = tuple(map(float, shapely.get_coordinates(g.geometry(f))[1]))
    with pytest.raises(EditError):  # moves W01's copy only: a gap or overlap opens
        P.move_vertex(jittered, corner, (corner[0] + 1.0, corner[1] + 1.0))


def test_tidy_makes_an_exact_partition_that_partition_editing_moves(jittered):
    doc = jittered
    before = _shapes(doc)
    tidied = tidy_grids(doc)
    r = tidied.report
    assert _shapes(doc) == before  # building the command changes nothing
    assert r.snapped > 100 and r.inserted >= 2 and r.slivers >= 2 and not r.remaining and not r.unfixable
    tidied.command.do(doc)
    assert_exact(doc)
    g = doc["grids"]
    assert all(abs(g.geometry(int(f)).area - shapely.from_wkb(before[int(f)]).area) < 0.01 * g.geometry(int(f)).area
               for f in g.fid)
    # A corner shared by two grids now moves in both, through partition.py.
    moved = 0
    for v, owners in shared_vertices(doc)[:20]:
        try:
            cmd = P.move_vertex(doc, v, (v[0] + 1.5, v[1] - 1.0))
        except EditError:
            continue
        cmd.do(doc)
        assert all(rings.has_vertex(g.geometry(f), (v[0] + 1.5, v[1] - 1.0)) for f in owners)
        assert_exact(doc)
        cmd.undo(doc)
        moved += 1
    assert moved >= 10
    # One undo step gives the imported grids back, bit for bit.
    tidied.command.undo(doc)
    assert _shapes(doc) == before


def test_tidy_refuses_when_a_grid_would_change_too_much_and_changes_nothing(jittered):
    before = _shapes(jittered)
    with pytest.raises(EditError) as err:
        tidy_grids(jittered, max_change=1e-7)
    assert err.value.key == "tidy_area_change"
    assert "未修改" in message(err.value.key, "zh", **err.value.params)
    assert _shapes(jittered) == before
    with pytest.raises(EditError) as err:
        tidy_grids(jittered, levels=())
    assert err.value.key == "tidy_bad_settings"


def test_tidy_reports_what_it_cannot_fix_and_a_clean_partition_needs_nothing():
    doc = build_demo()
    assert tidy_grids(doc).command is None  # exact already: nothing to do
    g = doc["grids"]
    f = g.find("W01")
    c = g.geometry(f).centroid
    hole = shapely.box(c.x - 5, c.y - 5, c.x + 5, c.y + 5)  # a 100 m² hole: a place, not a sliver
    _set(doc, f, g.geometry(f).difference(hole))
    tidied = tidy_grids(doc)
    assert tidied.command is None
    assert any(p.key == "grid_gap" for p in tidied.report.remaining)


def test_micro_grids_drawn_elsewhere_snap_to_their_exact_grids_which_stay_put():
    """Micro-grids tidied alone snap to the corners of the grids around them, which do not move."""
    doc = build_demo()
    g = doc["grids"]
    rng = np.random.default_rng(5)
    micro = np.nonzero(g.column("level") == "micro")[0]
    for r in micro:
        g.geom[r] = _jitter(g.geom[r], rng)
    assert _partition_errors(doc)
    tidied = tidy_grids(doc, levels=("micro",))
    changed = set(tidied.report.changed)
    assert changed == set(g.column("code")[micro]) and not tidied.report.remaining
    tidied.command.do(doc)
    assert_exact(doc)
