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


