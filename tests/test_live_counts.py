"""Live counts stay equal to the full recount through any sequence of edits (isolation entries
added, released early, extended), undos, redos and days."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cmdmap.edit import partition as P
from cmdmap.edit.commands import AddFeatures, DeleteFeatures, EditError, SetAttributes, SetGeometry
from cmdmap.edit.stack import UndoStack
from cmdmap.model.counts import count
from cmdmap.model.live_counts import LiveCounts
from cmdmap.model.placement import COUNT_LEVELS, Placement
from small_doc import small_doc

DAY = dt.date(2026, 11, 12)
BUILDINGS = ["甲园-1栋", "甲园-2栋", "甲园-3栋", "乙园-1栋", "乙园-2栋", "乙园-3栋", "无此楼"]
# Pairs of neighbouring grids and the x of their shared edge, with their other sides.
EDGES = [("W1", "W2", 0, 50, 100), ("W3", "W4", 100, 150, 200), ("P1", "P2", 0, 100, 200)]


def assert_same(doc, live):
    """Every level's live counts equal the full recount, and the placement is still true."""
    for lv in COUNT_LEVELS:
        assert live.table(lv).to_json() == count(doc, lv, live.as_of).to_json(), lv
    fresh = Placement(doc)
    for layer, levels in fresh.where.items():
        for lv, idx in levels.items():
            assert np.array_equal(doc.placement.where[layer][lv], idx), (layer, lv)
    for lv, idx in fresh.grid_in.items():
        assert np.array_equal(doc.placement.grid_in[lv], idx), lv


def _fid(doc, layer, code):
    return doc[layer].find(code)


def building_number(doc, stack, i, v):
    f = _fid(doc, "buildings", BUILDINGS[i % 6])
    if f is None:
        return  # deleted by an earlier step
    stack.push(SetAttributes(doc, "buildings", f, {"households": v, "residents": 2 * v + 1}))


def move_building(doc, stack, i, dx, dy):
    f = _fid(doc, "buildings", BUILDINGS[i % 6])
    if f is None:
        return
    g = shapely.affinity.translate(doc["buildings"].geometry(f), dx, dy)
    stack.push(SetGeometry(doc, "buildings", {f: g}))


def move_edge(doc, stack, e, x):
    west, east, x0, _, x1 = EDGES[e % len(EDGES)]
    if _fid(doc, "grids", west) is None or _fid(doc, "grids", east) is None:
        return  # renamed by an earlier step
    # Keep the grid's other sides: only the shared edge moves (SetGeometry on both at once).
    gw = doc["grids"].geometry(_fid(doc, "grids", west))
    ge = doc["grids"].geometry(_fid(doc, "grids", east))
    _, y0, _, y1 = gw.bounds
    x = min(max(x, x0 + 5), x1 - 5)
    stack.push(SetGeometry(doc, "grids", {
        _fid(doc, "grids", west): shapely.box(gw.bounds[0], y0, x, y1),
        _fid(doc, "grids", east): shapely.box(x, ge.bounds[1], ge.bounds[2], ge.bounds[3]),
    }))


def add_isolation(doc, stack, n, b, kind, persons, start, days):
    s = DAY + dt.timedelta(days=start)
    stack.push(AddFeatures(doc, "isolation", [{
        "code": f"H{n}", "building": BUILDINGS[b], "kind": kind, "persons": persons,
        "start": s.isoformat(), "end": (s + dt.timedelta(days=days)).isoformat()}]))


def release_isolation(doc, stack, i, day):
    iso = doc["isolation"]
    if len(iso):
        f = int(iso.fid[i % len(iso)])
        stack.push(SetAttributes(doc, "isolation", f, {"released": (DAY + dt.timedelta(days=day)).isoformat()}))


def extend_isolation(doc, stack, i, days):
    """Move an entry's end date (extend, or shorten with days < 0), as the register's 延期 does."""
    iso = doc["isolation"]
    if len(iso):
        f = int(iso.fid[i % len(iso)])
        if not iso.value(f, "end"):
            return
        end = dt.date.fromisoformat(iso.value(f, "end")) + dt.timedelta(days=days)
        stack.push(SetAttributes(doc, "isolation", f, {"end": end.isoformat()}))


def delete_record(doc, stack, layer, i):
    lay = doc[layer]
    if len(lay):
        stack.push(DeleteFeatures(doc, layer, [int(lay.fid[i % len(lay)])]))


def add_assignment(doc, stack, n, person, role, target):
    tl, code = target
    stack.push(AddFeatures(doc, "assignments", [{
        "code": f"X{n}", "staff": f"S{person}", "role": role, "target_layer": tl, "target": code}]))


def add_building(doc, stack, n, x):
    stack.push(AddFeatures(doc, "buildings", [{"code": f"新楼{n}", "number": f"{n}栋", "households": 7,
                                               "residents": 9}], [shapely.box(x, 20, x + 8, 28)]))


def split_grid(doc, stack, i, across, at):
    """Split a grid (any level) by a straight line across it, vertical or horizontal."""
    g = doc["grids"]
    if not len(g):
        return
    f = int(g.fid[i % len(g)])
    x0, y0, x1, y1 = g.geometry(f).bounds
    line = ([(x0 + (x1 - x0) * at, y0 - 5), (x0 + (x1 - x0) * at, y1 + 5)] if across
            else [(x0 - 5, y0 + (y1 - y0) * at), (x1 + 5, y0 + (y1 - y0) * at)])
    try:
        stack.push(P.split_grid(doc, f, line))
    except EditError:
        pass  # refused (it would cut a micro-grid): nothing changed


def merge_grids(doc, stack, i, j):
    """Merge a grid with one of its neighbours of the same level and parent."""
    g = doc["grids"]
    if not len(g):
        return
    r = i % len(g)
    same = (g.column("level") == g.column("level")[r]) & (g.column("parent") == g.column("parent")[r])
    near = [k for k in np.nonzero(same & shapely.touches(g.geom, g.geom[r]))[0] if k != r]
    if not near:
        return
    try:
        stack.push(P.merge_grids(doc, [int(g.fid[r]), int(g.fid[near[j % len(near)]])]))
    except EditError:
        pass  # the two do not make one polygon


def add_compound(doc, stack, n, x):
    stack.push(AddFeatures(doc, "compounds", [{"code": f"新园{n}", "name": f"新园{n}"}],
                           [shapely.box(x, 50, x + 30, 98)]))


TARGETS = st.sampled_from([("grids", c) for c in ("P1", "P2", "W1", "W2", "W3", "W4", "W1-1", "W1-2", "W9")]
                          + [("buildings", c) for c in BUILDINGS]
                          + [("compounds", c) for c in ("甲园", "乙园", "无园")])
STEP = st.one_of(
    st.tuples(st.just("number"), st.integers(0, 5), st.integers(0, 300)),
    st.tuples(st.just("move"), st.integers(0, 5), st.integers(-60, 60), st.integers(-30, 30)),
    st.tuples(st.just("edge"), st.integers(0, 2), st.integers(0, 200)),
    st.tuples(st.just("iso"), st.integers(0, 6), st.sampled_from(["hospital", "centralised", "home", "monitoring"]),
              st.integers(1, 5), st.integers(-10, 10), st.integers(1, 14)),
    st.tuples(st.just("release"), st.integers(0, 20), st.integers(-5, 5)),
    st.tuples(st.just("extend"), st.integers(0, 20), st.integers(-3, 7)),
    st.tuples(st.just("del_iso"), st.integers(0, 20)),
    st.tuples(st.just("asg"), st.integers(1, 4), st.sampled_from(["grid_worker", "building_head", "volunteer"]),
              TARGETS),
    st.tuples(st.just("del_asg"), st.integers(0, 20)),
    st.tuples(st.just("add_building"), st.integers(0, 190)),
    st.tuples(st.just("compound"), st.integers(0, 1), st.integers(-40, 40), st.integers(-20, 20)),
    st.tuples(st.just("rename"), st.integers(0, 7), st.booleans()),
    st.tuples(st.just("iso_kind"), st.integers(0, 20), st.sampled_from(["hospital", "home"]), st.integers(0, 6)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
    st.tuples(st.just("day"), st.integers(-10, 20)),
    # Features added and removed: splits and merges of grids, buildings, compounds, gates, and
    # plain deletes of grids (a hole in the partition must still count right).
    st.tuples(st.just("split"), st.integers(0, 20), st.booleans(), st.floats(0.2, 0.8)),
    st.tuples(st.just("merge"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("delete"), st.sampled_from(["buildings", "grids", "compounds", "gates"]), st.integers(0, 20)),
    st.tuples(st.just("add_compound"), st.integers(0, 160)),
    st.tuples(st.just("redo")),
)


def run(doc, stack, live, n, step):
    kind, *a = step
    if kind == "number":
        building_number(doc, stack, *a)
    elif kind == "move":
        move_building(doc, stack, *a)
    elif kind == "edge":
        move_edge(doc, stack, *a)
    elif kind == "iso":
        add_isolation(doc, stack, n, *a)
    elif kind == "release":
        release_isolation(doc, stack, *a)
    elif kind == "extend":
        extend_isolation(doc, stack, *a)
    elif kind == "del_iso":
        delete_record(doc, stack, "isolation", *a)
    elif kind == "asg":
        add_assignment(doc, stack, n, *a)
    elif kind == "del_asg":
        delete_record(doc, stack, "assignments", *a)
    elif kind == "add_building":
        add_building(doc, stack, n, *a)
    elif kind == "compound":
        f = _fid(doc, "compounds", ("甲园", "乙园")[a[0]])
        if f is None:
            return
        g = shapely.affinity.translate(doc["compounds"].geometry(f), a[1], a[2])
        stack.push(SetGeometry(doc, "compounds", {f: g}))
    elif kind == "rename":  # a grid's name (a label) or its code (what assignments point at)
        if not len(doc["grids"]):
            return
        f = int(doc["grids"].fid[a[0] % len(doc["grids"])])  # merges and deletes leave fewer
        field = "code" if a[1] else "name"
        stack.push(SetAttributes(doc, "grids", f, {field: f"改{n}"}))
    elif kind == "iso_kind":  # move an entry to another kind and building
        iso = doc["isolation"]
        if len(iso):
            f = int(iso.fid[a[0] % len(iso)])
            stack.push(SetAttributes(doc, "isolation", f, {"kind": a[1], "building": BUILDINGS[a[2]]}))
    elif kind == "split":
        split_grid(doc, stack, *a)
    elif kind == "merge":
        merge_grids(doc, stack, *a)
    elif kind == "delete":
        delete_record(doc, stack, *a)
    elif kind == "add_compound":
        add_compound(doc, stack, n, *a)
    elif kind == "undo":
        stack.undo()
    elif kind == "redo":
        stack.redo()
    elif kind == "day":
        live.set_as_of(DAY + dt.timedelta(days=a[0]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=12))
@example(steps=[("merge", 0, 0), ("rename", 7, False)])  # fewer grids than the step's index
def test_any_edits_undos_and_days_keep_live_counts_true(steps):
    doc = small_doc()
    stack = UndoStack(doc)
    live = LiveCounts(doc, DAY)
    for n, step in enumerate(steps):
        run(doc, stack, live, n, step)
        assert_same(doc, live)


def test_adding_and_removing_features_never_rebuilds_everything(monkeypatch):
    """A split, a merge, a new building and their undos are followed row by row: listeners hear
    "all rows" only for the levels whose rows were added or removed."""
    doc = small_doc()
    live = LiveCounts(doc, DAY)
    stack = UndoStack(doc)
    monkeypatch.setattr(live, "_rebuild", lambda: pytest.fail("rebuilt everything"))
    seen = []
    live.subscribe(seen.append)
    add_building(doc, stack, 1, 160)  # in W4, 乙园
    assert seen[-1]["building"] is None and list(seen[-1]["grid"]) == [3]
    split_grid(doc, stack, 3, True, 0.5)  # W2 split at x=75: 甲园-3栋 (x 60–90) stays in W2
    assert any(ch.get("grid", 0) is None for ch in seen[-3:])
    assert_same(doc, live)
    merge_grids(doc, stack, 3, len(doc["grids"]) - 1)
    assert_same(doc, live)
    for _ in range(3):
        stack.undo()
        assert_same(doc, live)
    for _ in range(3):
        stack.redo()
        assert_same(doc, live)


def test_a_household_edit_changes_only_the_rows_holding_the_building():
    doc = small_doc()
    live = LiveCounts(doc, DAY)
    seen = []
    live.subscribe(seen.append)
    f = doc["buildings"].find("甲园-3栋")
    SetAttributes(doc, "buildings", f, {"households": 31}).do(doc)
    changed = seen[-1]
    codes = {lv: {live.codes[lv][i] for i in rows} for lv, rows in changed.items()}
    assert codes == {"community": {"T"}, "zone": {"P1"}, "grid": {"W2"}, "compound": {"甲园"},
                     "building": {"甲园-3栋"}}
    assert live.table("grid").rows[1]["households"] == 31


def test_moving_a_grid_edge_moves_the_building_between_grids():
    doc = small_doc()
    live = LiveCounts(doc, DAY)
    stack = UndoStack(doc)
    move_edge(doc, stack, 0, 95)  # W1 now reaches x=95: 甲园-3栋 (x 60–90) is in W1
    grid = {r["code"]: r for r in live.table("grid").rows}
    assert grid["W1"]["households"] == 60 and grid["W2"]["households"] == 0
    stack.undo()
    grid = {r["code"]: r for r in live.table("grid").rows}
    assert grid["W1"]["households"] == 30 and grid["W2"]["households"] == 30


def test_as_of_counts_who_is_still_isolated_on_a_later_day():
    doc = small_doc()
    live = LiveCounts(doc, DAY)
    assert live.table().total["isolated"]["monitoring"] == 3
    live.set_as_of(dt.date(2026, 11, 19))  # G4 ends on the 19th
    assert live.table().total["isolated"]["monitoring"] == 0


def test_a_zone_edge_moved_over_a_grid_moves_its_grid_worker_to_the_other_zone():
    doc = small_doc()
    live = LiveCounts(doc, DAY)
    move_edge(doc, UndoStack(doc), 2, 60)  # P2 now starts at x=60: W2 (x 50–100) lies in P2
    zone = {r["code"]: r for r in live.table("zone").rows}
    assert zone["P2"]["staff"]["grid_worker"] == 1
    assert_same(doc, live)


def test_on_the_demo_community_live_counts_give_the_cli_figures():
    """`cmdmap counts` runs counts.count(); the dock shows LiveCounts: they must agree, every level."""
    from cmdmap.demo import build_demo

    doc = build_demo(1, "community", dt.date(2026, 11, 23))
    live = LiveCounts(doc, dt.date(2026, 11, 23))
    for day in (dt.date(2026, 11, 23), dt.date(2026, 11, 27)):  # today, and who is left by Friday
        live.set_as_of(day)
        for lv in COUNT_LEVELS:
            assert live.table(lv).to_json() == count(doc, lv, day).to_json(), (lv, day)
