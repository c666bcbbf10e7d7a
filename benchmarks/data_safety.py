"""What data safety costs on a district file (~200,000 buildings): a small save with and without
the rolling backup, the recovery of a save cut short, and journaling an edit.

    python3 benchmarks/data_safety.py

Prints one `name: value unit` line per figure.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmdmap.demo import build_demo  # noqa: E402
from cmdmap.edit.commands import SetAttributes  # noqa: E402
from cmdmap.store import gpkg, journal, lock  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="cmdmap-safety-"))
    path = folder / "district.gpkg"
    gpkg.create(path, build_demo(1, "city", dt.date(2026, 11, 23)))
    print(f"district_file_size: {os.path.getsize(path) / 1e6:.1f} MB")
    doc = gpkg.open_document(path)
    fid = int(doc["buildings"].fid[0])

    def one_edit_save(n: int) -> float:
        SetAttributes(doc, "buildings", fid, {"households": n}).do(doc)
        return timed(lambda: gpkg.save(doc, path))

    doc.set_meta("backup_keep", 0)
    one_edit_save(10)
    print(f"save_one_edit_no_backup: {min(one_edit_save(11 + i) for i in range(2)) * 1000:.0f} ms")
    doc.set_meta("backup_keep", 3)
    one_edit_save(20)
    print(f"save_one_edit_with_backup: {min(one_edit_save(21 + i) for i in range(2)) * 1000:.0f} ms")

    rj = journal.RecoveryJournal(doc, path)
    n = 500
    t = timed(lambda: [SetAttributes(doc, "buildings", int(f), {"households": 5}).do(doc)
                       for f in doc["buildings"].fid[:n]])
    rj.close(keep=False)
    print(f"edit_with_journal: {t / n * 1e6:.0f} us per edit")
    t = timed(lambda: [SetAttributes(doc, "buildings", int(f), {"households": 6}).do(doc)
                       for f in doc["buildings"].fid[:n]])
    print(f"edit_without_journal: {t / n * 1e6:.0f} us per edit")
    print(f"lock_claim: {timed(lambda: lock.claim(path).lock.release()) * 1000:.1f} ms")
    print(f"open_district: {timed(lambda: gpkg.open_document(path)):.2f} s")
    # Part of every open: the damaged-page check (reads every page once, writes nothing).
    conn = gpkg._connect(path, "ro")
    try:
        print(f"open_integrity_check: {timed(lambda: gpkg._check_integrity(conn, path)) * 1000:.0f} ms")
    finally:
        conn.close()
    # A scanned plan in the recovery journal: its image once, then only the list on each change.
    from cmdmap.edit.backdrops import AddBackdrop, SetBackdropOpacity
    from cmdmap.model.backdrops import Backdrop
    image = os.urandom(2_000_000)  # the size of a scanned A3 plan as PNG; the journal does not decode it
    plan = Backdrop.fitted("p1", "总平面图", image, "png", 4000, 3000, "affine",
                           [(0, 0), (4000, 0), (0, 3000)], [(0, 3000), (4000, 3000), (0, 0)])
    rj = journal.RecoveryJournal(doc, path)
    t_add = timed(lambda: AddBackdrop(doc, plan).do(doc))
    t_fade = timed(lambda: SetBackdropOpacity(doc, "p1", 0.3).do(doc))
    size = journal.journal_path(path).stat().st_size
    rj.close(keep=False)
    print(f"journal_add_plan_2MB: {t_add * 1000:.0f} ms")
    print(f"journal_fade_plan: {t_fade * 1000:.1f} ms")
    print(f"journal_size_after_plan: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
