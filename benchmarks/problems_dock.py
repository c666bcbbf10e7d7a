"""How long the Problems dock holds the window after a grid edit on the district demo.

    python benchmarks/problems_dock.py [--scale community|city]

The dock checks on a worker thread; the GUI thread only takes a snapshot and shows the result.
A 1 ms timer ticks on the GUI thread from the edit until the result is shown: the longest gap
between two ticks is how long the window could not answer (the worker's Python parts share the
GIL with it). Prints `name: value unit` lines, medians over a few splits (each undone):
- gui_block_max_ms: the longest the event loop stood still while the dock checked;
- dock_gui_ms: the dock's own work on the GUI thread (snapshot + filling the list);
- check_worker_ms: the check on the worker thread;
- shown_after_ms: from the edit to the new list (debounce + check);
- sync_check_ms: the same check run on the GUI thread, as the dock did before (for comparison).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cmdmap.demo import build_demo  # noqa: E402
from cmdmap.edit import partition as P  # noqa: E402
from cmdmap.edit.stack import UndoStack  # noqa: E402
from cmdmap.model.check import check  # noqa: E402
from cmdmap.model.live_counts import LiveCounts  # noqa: E402
from cmdmap.ui.problems import ProblemsDock  # noqa: E402


def settle(app: QApplication, dock: ProblemsDock) -> None:
    while dock.busy():
        app.processEvents()
        time.sleep(0.001)


def one_edit(app: QApplication, dock: ProblemsDock, stack: UndoStack, cmd) -> dict[str, float]:
    stack.push(cmd)
    t0 = time.perf_counter()
    ticks = [t0]
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    while dock.busy():
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    ticks.append(time.perf_counter())
    gaps = np.diff(ticks) * 1000
    out = {"gui_block_max_ms": float(gaps.max()), "dock_gui_ms": dock.last_gui_ms,
           "check_worker_ms": dock.last_ms, "shown_after_ms": (ticks[-1] - t0) * 1000}
    stack.undo()
    settle(app, dock)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="city", choices=("community", "city"))
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    doc = build_demo(scale=args.scale)
    live = LiveCounts(doc)
    stack = UndoStack(doc)
    dock = ProblemsDock(doc, None, "zh")
    dock.show()
    settle(app, dock)
    g = doc["grids"]
    rows = np.nonzero(g.column("level") == "grid")[0]
    runs = []
    for r in rows[:: max(1, len(rows) // 5)][:5]:
        x0, _, x1, _ = g.geom[r].bounds
        cy = g.geom[r].centroid.y
        try:
            cmd = P.split_grid(doc, int(g.fid[r]), [(x0 - 5, cy), (x1 + 5, cy)])
        except Exception:  # noqa: BLE001 — a grid this line cannot split: try the next
            continue
        runs.append(one_edit(app, dock, stack, cmd))
    print(f"problems: {len(dock.problems)} count")
    for key, unit in (("gui_block_max_ms", "ms"), ("dock_gui_ms", "ms"), ("check_worker_ms", "ms"),
                      ("shown_after_ms", "ms")):
        print(f"{key}: {statistics.median(x[key] for x in runs):.1f} {unit} ({len(runs)} splits)")
    t = time.perf_counter()
    check(doc)
    print(f"sync_check_ms: {(time.perf_counter() - t) * 1000:.1f} ms")
    dock.detach()
    live.detach()


if __name__ == "__main__":
    main()
