"""How fast the counts follow an edit on the district demo (≈200,000 buildings, ≈10,000 grids).

    python benchmarks/counts.py

Prints one `name: value unit` line per figure:
- edit_to_counts_ms: one building's households edited (command built, done, live counts updated
  at every level, listeners told), median of 50;
- boundary_edit_ms: the edge between two neighbouring grids moved so that about 50 buildings
  change grid (SetGeometry on both grids; placement and counts updated), median of 10;
- add_building_ms: a new building drawn inside a grid (AddFeatures: placed, counted at every
  level, listeners told), median of 10; add_building_undo_ms: its undo (the building removed);
- full_recount_cold_ms: the full recount right after the layers' code -> row indexes were dropped
  (as after an edit that renames codes), once;
- full_recount_ms: `counts.count(doc, "grid")`, the full recount (the oracle), best of 3;
- live_build_ms: building the live counts from scratch, the placement already known;
- live_build_s: `LiveCounts(doc)` on a document just built, placement included (what opening a
  file costs before the first frame shows its counts), once;
- placement_s: `Placement(doc)`, where every building, point and grid lies at every level, from
  unprepared targets (as on a file just opened), best of 3.
The live counts are checked against the full recount after the edits.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmdmap.demo import build_demo  # noqa: E402
from cmdmap.edit.commands import AddFeatures, SetAttributes, SetGeometry  # noqa: E402
from cmdmap.edit.stack import UndoStack  # noqa: E402
from cmdmap.model.counts import count  # noqa: E402
from cmdmap.model.live_counts import LiveCounts  # noqa: E402
from cmdmap.model.placement import Placement  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def boundary_edit(doc, target: int = 50):
    """Two neighbouring grids and their new shapes, moving about `target` buildings from one to the other."""
    grids = doc["grids"]
    p = doc.placement
    t = p.levels["grid"]
    b_grid = p.where["buildings"]["grid"]
    b_pts = shapely.point_on_surface(doc["buildings"].geom)
    rng = np.random.default_rng(7)
    for gi in rng.permutation(len(t)):
        g = t.geoms[gi]
        for hj in t.tree.query(g, predicate="touches"):
            h = t.geoms[hj]
            if not shapely.length(shapely.intersection(g, h)) > 50:
                continue
            inside_h = np.nonzero(b_grid == hj)[0]
            if len(inside_h) < target + 5:
                continue
            d = shapely.distance(b_pts[inside_h], g)
            reach = np.sort(d)[target - 1] + 0.5
            strip = shapely.intersection(h, shapely.buffer(g, reach, join_style="mitre"))
            new_g = shapely.union(g, strip).buffer(0)
            new_h = shapely.difference(h, strip).buffer(0)
            if not (new_g.is_valid and new_h.is_valid and new_g.geom_type == "Polygon" and new_h.geom_type == "Polygon"):
                continue
            fg, fh = int(grids.fid[t.rows[gi]]), int(grids.fid[t.rows[hj]])
            return {fg: new_g, fh: new_h}
    raise RuntimeError("no pair of neighbouring grids found")


def unprepare(doc) -> None:
    """Drop what placing prepared on the grids and compounds, as on a file just opened."""
    for name in ("grids", "compounds"):
        shapely.destroy_prepared(doc[name].geom)


def main() -> None:
    doc = build_demo(1, "city", TODAY)
    print(f"buildings: {len(doc['buildings'])} count")
    unprepare(doc)
    doc.adopt_placement(None)  # forget the placement the demo was built with, as on a file opened
    t0 = time.perf_counter()
    LiveCounts(doc, TODAY).detach()
    print(f"live_build_s: {time.perf_counter() - t0:.2f} s")
    placement = []
    for _ in range(3):
        unprepare(doc)
        t0 = time.perf_counter()
        Placement(doc)
        placement.append(time.perf_counter() - t0)
    print(f"placement_s: {min(placement):.2f} s")
    live, t = None, 0.0
    t0 = time.perf_counter()
    live = LiveCounts(doc, TODAY)
    t = (time.perf_counter() - t0) * 1000
    print(f"live_build_ms: {t:.0f} ms")
    stack = UndoStack(doc)
    b = doc["buildings"]
    rng = np.random.default_rng(1)
    times = []
    for f in rng.choice(b.fid, 50, replace=False):
        v = int(b.value(int(f), "households") or 0) + 1
        times.append(ms(lambda: stack.push(SetAttributes(doc, "buildings", int(f), {"households": v}))))
    print(f"edit_to_counts_ms: {statistics.median(times):.2f} ms")

    before = doc.placement.where["buildings"]["grid"].copy()
    geoms = boundary_edit(doc)
    times = []
    for _ in range(10):
        times.append(ms(lambda: stack.push(SetGeometry(doc, "grids", geoms))))
        moved = int((doc.placement.where["buildings"]["grid"] != before).sum())
        stack.undo()
    print(f"boundary_edit_buildings_moved: {moved} count")
    print(f"boundary_edit_ms: {statistics.median(times):.1f} ms")
    stack.push(SetGeometry(doc, "grids", geoms))

    add, undo = [], []
    for k, f in enumerate(rng.choice(b.fid, 10, replace=False)):
        c = b.geometry(int(f)).centroid  # a small building beside an existing one, in its grid
        rec = {"code": f"bench-new-{k}", "number": "新1栋", "households": 24, "residents": 60}
        geom = shapely.box(c.x - 2, c.y - 2, c.x + 2, c.y + 2)
        add.append(ms(lambda: stack.push(AddFeatures(doc, "buildings", [rec], [geom]))))
        undo.append(ms(stack.undo))
    print(f"add_building_ms: {statistics.median(add):.1f} ms")
    print(f"add_building_undo_ms: {statistics.median(undo):.1f} ms")

    for name in ("buildings", "grids", "compounds"):
        doc[name]._forget_indexes()  # as after an edit of codes: the code -> row indexes rebuilt too
    print(f"full_recount_cold_ms: {ms(lambda: count(doc, 'grid', TODAY)):.0f} ms")
    best = min(ms(lambda: count(doc, "grid", TODAY)) for _ in range(3))
    print(f"full_recount_ms: {best:.0f} ms")
    same = live.table("grid").to_json() == count(doc, "grid", TODAY).to_json()
    print(f"live_equals_recount: {int(same)} bool")


if __name__ == "__main__":
    main()
