"""Fork server for the kill-during-save harness (tests/test_crash_save.py).

Run as `python3 crash_worker.py FILE [CACHE_PAGES]`: opens FILE, makes one large change in memory, prints
"ready". Then for every "go" line it forks a child that saves the change into FILE and exits,
prints the child's pid (so the parent can SIGKILL it) and then "exit STATUS" when the child is
gone. With CACHE_PAGES, SQLite's page cache is made that small, so a save spills pages into the
file before its commit (as a large change to a district file does) and the window in which the
file is half-written and the journal hot lasts most of the save. Forking after the change is made means each kill costs a fork, not an interpreter start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import shapely.affinity  # noqa: E402

from cmdmap.edit.commands import AddFeatures, DeleteFeatures, SetAttributes, SetGeometry  # noqa: E402
from cmdmap.store import gpkg  # noqa: E402


def large_change(doc) -> None:
    """Households of every building, every building moved, staff added, isolation rows deleted."""
    b = doc["buildings"]
    for fid in b.fid.tolist():
        hh = b.value(fid, "households")
        SetAttributes(doc, "buildings", fid, {"households": int(hh or 0) + 1}).do(doc)
    moved = {int(f): shapely.affinity.translate(g, 1.5, -0.5) for f, g in zip(b.fid, b.geom)}
    SetGeometry(doc, "buildings", moved).do(doc)
    staff = doc["staff"]
    template = staff.record(int(staff.fid[0]))
    records = [dict(template, code=f"CRASH{i:04d}") for i in range(300)]
    AddFeatures(doc, "staff", records).do(doc)
    iso = doc["isolation"]
    DeleteFeatures(doc, "isolation", iso.fid[: len(iso) // 2].tolist()).do(doc)


def main() -> None:
    path = sys.argv[1]
    if len(sys.argv) > 2:
        connect = gpkg._connect

        def small_cache(p, mode):
            conn = connect(p, mode)
            conn.execute(f"PRAGMA cache_size = {int(sys.argv[2])}")
            return conn
        gpkg._connect = small_cache
    doc = gpkg.open_document(path)
    large_change(doc)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                gpkg.save(doc, path)
            except BaseException:
                os._exit(1)
            os._exit(0)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print("exit", status, flush=True)


if __name__ == "__main__":
    main()
