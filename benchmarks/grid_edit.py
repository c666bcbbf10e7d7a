"""What re-dividing grids costs, on the community demo and the district demo (≈10,000 grids).

    python benchmarks/grid_edit.py [--scale community|city]

Prints one `name: value unit` line per figure (medians over a few shared corners / grids):
- preview_ms: one mouse move while dragging a shared corner (proposed shapes + which buildings
  change grid), what the tooltip costs;
- move_vertex_ms: building the command for a corner move (all checks) and doing it, with the
  live counts following;
- split_ms / merge_ms: building and doing a split of a grid, and the merge back;
- check_ms: the whole `check` (what the Problems dock runs after a change).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmdmap.demo import build_demo  # noqa: E402
from cmdmap.edit import partition as P  # noqa: E402
from cmdmap.edit.commands import EditError  # noqa: E402
from cmdmap.model.check import check  # noqa: E402
from cmdmap.model.live_counts import LiveCounts  # noqa: E402
from cmdmap.model.reassign import reassignment  # noqa: E402


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def shared_corners(doc, n: int) -> list[tuple[float, float]]:
    g = doc["grids"]
    owners: dict[tuple[float, float], int] = defaultdict(int)
    for r in np.nonzero(g.column("level") == "grid")[0]:
        for c in shapely.get_coordinates(g.geom[r])[:-1]:
            owners[(float(c[0]), float(c[1]))] += 1
    shared = [c for c, k in owners.items() if k >= 2]
    return shared[:: max(1, len(shared) // n)][:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="community", choices=("community", "city"))
    args = ap.parse_args()
    doc = build_demo(scale=args.scale)
    live = LiveCounts(doc)
    g = doc["grids"]
    print(f"grids: {len(g)} count")
    print(f"buildings: {len(doc['buildings'])} count")
    preview, move = [], []
    for v in shared_corners(doc, 20):
        target = (v[0] + 8.0, v[1] + 5.0)
        preview.append(ms(lambda: reassignment(doc, P.proposed_vertex_moves(doc, {v: target}))))
        try:
            t0 = time.perf_counter()
            cmd = P.move_vertex(doc, v, target)
            cmd.do(doc)
            move.append((time.perf_counter() - t0) * 1000)
            cmd.undo(doc)
        except EditError:
            continue
    split, merge = [], []
    rows = np.nonzero(g.column("level") == "grid")[0]
    for r in rows[:: max(1, len(rows) // 10)]:
        f = int(g.fid[r])
        poly = g.geom[r]
        x0, _, x1, _ = poly.bounds
        cy = poly.centroid.y
        try:
            t0 = time.perf_counter()
            s = P.split_grid(doc, f, [(x0 - 5, cy), (x1 + 5, cy)])
            s.do(doc)
            split.append((time.perf_counter() - t0) * 1000)
            new = g.find(s.commands[1].records[0]["code"])
            t0 = time.perf_counter()
            m = P.merge_grids(doc, [f, new])
            m.do(doc)
            merge.append((time.perf_counter() - t0) * 1000)
            m.undo(doc)
            s.undo(doc)
        except EditError:
            continue
    checks = [ms(lambda: check(doc)) for _ in range(3)]
    print(f"preview_ms: {statistics.median(preview):.1f} ms")
    print(f"move_vertex_ms: {statistics.median(move):.1f} ms ({len(move)} corners)")
    print(f"split_ms: {statistics.median(split):.1f} ms ({len(split)} grids)")
    print(f"merge_ms: {statistics.median(merge):.1f} ms")
    print(f"check_ms: {min(checks):.1f} ms")
    live.detach()


if __name__ == "__main__":
    main()
