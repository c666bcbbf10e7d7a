"""How long the demo takes to build and a district file takes to write and open.

    python benchmarks/demo.py

Prints one `name: value unit` line per figure.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmdmap.demo import build_demo  # noqa: E402
from cmdmap.model.check import check  # noqa: E402
from cmdmap.model.counts import count  # noqa: E402
from cmdmap.store import gpkg  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        doc, s = timed(lambda: build_demo(1, "community", TODAY))
        print(f"demo_community_build_s: {s:.2f} s")
        path = Path(tmp) / "community.gpkg"
        _, s = timed(lambda: gpkg.create(path, doc))
        print(f"demo_community_write_s: {s:.2f} s")

        doc, s = timed(lambda: build_demo(1, "city", TODAY))
        print(f"demo_city_build_s: {s:.1f} s")
        print(f"demo_city_buildings: {len(doc['buildings'])} count")
        print(f"demo_city_grids: {int((doc['grids'].column('level') == 'grid').sum())} count")
        path = Path(tmp) / "city.gpkg"
        _, s = timed(lambda: gpkg.create(path, doc))
        print(f"demo_city_write_s: {s:.1f} s")
        print(f"city_file_mb: {path.stat().st_size / 1e6:.0f} MB")
        del doc
        doc, s = timed(lambda: gpkg.open_document(path))
        print(f"city_open_s: {s:.2f} s")
        _, s = timed(lambda: doc.placement)
        print(f"city_placement_s: {s:.2f} s")
        _, s = timed(lambda: count(doc, "grid", TODAY))
        print(f"city_counts_by_grid_s: {s:.2f} s")
        _, s = timed(lambda: check(doc))
        print(f"city_check_s: {s:.2f} s")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
