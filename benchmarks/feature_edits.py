"""What the feature-editing tools cost on the district demo (≈200,000 buildings, ≈10,000 grids),
with live counts attached as in the window.

    python benchmarks/feature_edits.py

Prints one `name: value unit` line per figure (medians):
- gate_spot_ms: where a click near a fence puts a gate (nearest compound boundary, outward normal);
- new_building_prefill_ms: a new outline's compound and grid and the compound's next free number;
- move_building_ms: a building dragged 40 m (command built and done, placement and counts updated);
- move_undo_ms: undoing that move;
- properties_ms: the 属性 panel's values of the moved building (derived fields from the placement).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmdmap.demo import build_demo  # noqa: E402
from cmdmap.edit.stack import UndoStack  # noqa: E402
from cmdmap.model.describe import attributes  # noqa: E402
from cmdmap.model.live_counts import LiveCounts  # noqa: E402
from cmdmap.model.pick import Picked  # noqa: E402
from cmdmap.model.placing import gate_spot, locate, next_building_number  # noqa: E402
from cmdmap.ui.tools.move_tool import move_command  # noqa: E402


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    doc = build_demo(scale="city")
    live = LiveCounts(doc)
    stack = UndoStack(doc)
    rng = np.random.default_rng(7)
    comp = doc["compounds"]
    b = doc["buildings"]
    print(f"buildings: {len(b)} count")
    print(f"compounds: {len(comp)} count")

    rows = rng.choice(len(comp), 30, replace=False)
    pts = [shapely.get_coordinates(comp.geom[r].exterior)[0] + 3.0 for r in rows]
    t = [timed(lambda p=p: gate_spot(doc, p[0], p[1])) for p in pts]
    print(f"gate_spot_ms: {statistics.median(t):.1f} ms")

    brow = rng.choice(len(b), 20, replace=False)
    centres = shapely.get_coordinates(shapely.centroid(b.geom[brow]))
    sq = [shapely.box(x + 5, y + 5, x + 15, y + 15) for x, y in centres]

    def prefill(g) -> None:
        where = locate(doc, g)
        next_building_number(doc, where["compound"])
    prefill(sq[0])  # the first call builds the placement once, as opening the window does
    t = [timed(lambda g=g: prefill(g)) for g in sq]
    print(f"new_building_prefill_ms: {statistics.median(t):.1f} ms")

    moves, undos, props = [], [], []
    for r in brow[:10]:
        picked = Picked("buildings", int(b.fid[r]))
        moves.append(timed(lambda: stack.push(move_command(doc, picked, 40.0, 0.0, "zh"))))
        props.append(timed(lambda: attributes(doc, picked)))
        undos.append(timed(stack.undo))
    print(f"move_building_ms: {statistics.median(moves):.1f} ms")
    print(f"move_undo_ms: {statistics.median(undos):.1f} ms")
    print(f"properties_ms: {statistics.median(props):.1f} ms")
    live.detach()


if __name__ == "__main__":
    main()
