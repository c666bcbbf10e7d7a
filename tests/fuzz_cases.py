"""Mutating a small cmdmap file and reading it back: the one check both the CI fuzz test
(tests/test_fuzz_store.py) and the long run (tools/fuzz_readers.py) make. A reader may refuse a file (StoreError) but must not crash, hang or
write anything."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cmdmap.store import gpkg
from cmdmap.store.errors import StoreError


def mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    """`data` with bytes overwritten at (position, value) pairs and optionally cut short."""
    buf = bytearray(data)
    for pos, value in edits:
        if buf:
            buf[pos % len(buf)] = value & 0xFF
    if cut is not None and buf:
        del buf[cut % len(buf):]
    return bytes(buf)


def check_read(path: Path) -> str:
    """Open `path` as a community file; 'ok' or the StoreError key. Raises AssertionError when
    the reader wrote anything (the file's bytes or the files beside it changed)."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    beside = sorted(os.listdir(path.parent))
    try:
        gpkg.open_document(path)
        outcome = "ok"
    except StoreError as err:
        outcome = err.key
    after = hashlib.sha256(path.read_bytes()).hexdigest()
    assert after == before, f"the reader changed {path}"
    assert sorted(os.listdir(path.parent)) == beside, f"the reader left files beside {path}"
    return outcome


def small_file(folder: Path) -> Path:
    """A small valid cmdmap file (the shared test community) to mutate."""
    from small_doc import small_doc
    path = folder / "seed.gpkg"
    if not path.exists():
        gpkg.create(path, small_doc())
    return path


def write_case(target: Path, data: bytes, seed: Path | None = None) -> Path:
    """Write one mutated case (a fresh file each time: no -journal from a previous case)."""
    for extra in ("-journal", "-wal", "-shm"):
        Path(str(target) + extra).unlink(missing_ok=True)
    target.write_bytes(data)
    return target




def source_seed(kind: str, folder: Path) -> dict[str, bytes]:
    """Small valid import files of one kind: file name -> bytes (a Shapefile is several files)."""
    src = folder / "seed"
    src.mkdir(exist_ok=True)
    if kind == "csv":
        (src / "roster.csv").write_text("楼栋,户数,楼栋长,电话\n果林溪谷-1栋,36,张三,13812345678\n"
                                        "果林溪谷-2栋,40,李四,13912345678\n", encoding="utf-8")
    elif kind == "xlsx":
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.append(["楼栋", "户数", "楼栋长"])
        ws.append(["果林溪谷-1栋", 36, "张三"])
        wb.save(src / "roster.xlsx")
    elif kind == "shp":
        import numpy as np
        import shapely
        from pyogrio.raw import write
        geoms = shapely.to_wkb(np.array([shapely.box(0, 0, 10, 10), shapely.box(20, 0, 30, 10)]))
        write(src / "buildings.shp", geoms, [np.array(["1栋", "2栋"], dtype=object), np.array([36, 40])],
              ["name", "hh"], driver="ESRI Shapefile", geometry_type="Polygon", crs="EPSG:4543",
              encoding="UTF-8")
    elif kind in ("dxf", "kml"):
        import shutil
        data = Path(__file__).parent / "data"
        shutil.copy(data / "cad" / "plan_gbk_no_codepage.dxf" if kind == "dxf" else data / "kml" / "学士居.kml",
                    src / f"plan.{kind}")
    return {p.name: p.read_bytes() for p in sorted(src.iterdir())}


def check_source(kind: str, folder: Path, files: dict[str, bytes], change) -> str:
    """Write the seed files with the main one changed, read it; 'ok' or the StoreError key.
    AssertionError when the reader wrote anything."""
    case = folder / "case"
    case.mkdir(exist_ok=True)
    main = {"csv": "roster.csv", "xlsx": "roster.xlsx", "shp": "buildings.shp", "dxf": "plan.dxf", "kml": "plan.kml"}[kind]
    for old in case.iterdir():
        old.unlink()
    for name, data in files.items():
        (case / name).write_bytes(change(data) if name == main else data)
    sums = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in case.iterdir()}
    try:
        if kind == "shp":
            from cmdmap.store.sources import read_layer
            read_layer(case / main)
        elif kind in ("dxf", "kml"):  # as the import dialog reads them: every layer listed
            from cmdmap.store.sources import list_layers, read_layer
            for name, _ in list_layers(case / main):
                read_layer(case / main, name)
        else:
            from cmdmap.store.tables import read_table
            read_table(case / main)
        outcome = "ok"
    except StoreError as err:
        outcome = err.key
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in case.iterdir()}
    assert after == sums, f"the {kind} reader wrote beside or into the file"
    return outcome
