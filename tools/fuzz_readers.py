#!/usr/bin/env python3
"""Long fuzz run of cmdmap's file readers, outside CI: mutated copies of a small valid file (bytes
overwritten, files cut short) are read until the time is up — a cmdmap GeoPackage (--reader gpkg,
the default), or an import source: CSV, Excel, Shapefile, DXF, KML (--reader csv|xlsx|shp|dxf|kml). Every case must
be read or refused with a StoreError, within --hang seconds, without writing anything.

    python3 tools/fuzz_readers.py --minutes 10 [--reader gpkg|csv|xlsx|shp|dxf|kml] [--seed N]

Prints one `name: value unit` line per figure; exits 1 and keeps the failing case in --keep on
the first crash, hang or write.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzz_cases import check_read, check_source, mutate, small_file, source_seed, write_case  # noqa: E402


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--reader", choices=["gpkg", "csv", "xlsx", "shp", "dxf", "kml"], default="gpkg")
    ap.add_argument("--hang", type=float, default=10.0, help="seconds one case may take")
    ap.add_argument("--keep", default="fuzz-failures", help="folder for failing cases")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="cmdmap-fuzz-"))
    if args.reader == "gpkg":
        data = small_file(folder).read_bytes()
    else:
        files = source_seed(args.reader, folder)
        data = max(files.values(), key=len)  # only its length is used below
    signal.signal(signal.SIGALRM, _alarm)
    outcomes: Counter = Counter()
    end = time.monotonic() + args.minutes * 60
    n = 0
    try:
        while time.monotonic() < end:
            k = rng.randint(1, 16)
            edits = [(rng.randrange(8192) if rng.random() < 0.5 else rng.randrange(len(data)),
                      rng.randrange(256)) for _ in range(k)]
            cut = rng.randrange(len(data)) if rng.random() < 0.15 else None
            case = folder / "case"
            signal.setitimer(signal.ITIMER_REAL, args.hang)
            try:
                if args.reader == "gpkg":
                    case = write_case(folder / "case.gpkg", mutate(data, edits, cut))
                    outcomes[check_read(case)] += 1
                else:
                    outcomes[check_source(args.reader, folder, files, lambda d: mutate(d, edits, cut))] += 1
            except BaseException as exc:
                signal.setitimer(signal.ITIMER_REAL, 0)
                keep = Path(args.keep)
                keep.mkdir(exist_ok=True)
                if case.is_dir():
                    shutil.copytree(case, keep / f"case-{args.reader}-{seed}-{n}")
                else:
                    shutil.copy(case, keep / f"case-{seed}-{n}.gpkg")
                kind = "hang" if isinstance(exc, Hang) else "crash"
                print(f"{kind} on case {n} (seed {seed}), kept in {keep}", file=sys.stderr)
                traceback.print_exc()
                return 1
            signal.setitimer(signal.ITIMER_REAL, 0)
            n += 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    r = args.reader
    print(f"fuzz_{r}_cases: {n} cases")
    print(f"fuzz_{r}_minutes: {args.minutes:g} min")
    print(f"fuzz_{r}_seed: {seed} seed")
    for key, count in sorted(outcomes.items()):
        print(f"fuzz_{r}_{key}: {count} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
