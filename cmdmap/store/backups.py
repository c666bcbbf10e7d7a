"""Rolling backups: before each save the version on disk is copied into a folder beside the file,
and only the newest few are kept (`backup_keep` in the document's settings, 3 unless set).

`FILE.gpkg` keeps them in `FILE.gpkg.backups/` as `YYYYMMDD-HHMMSS-ffffff.gpkg`, each a complete
GeoPackage that opens on its own. `restore` puts one back in place of the file (itself keeping
the version it replaces as a backup, so a restore can be undone).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from cmdmap.store.errors import StoreError

DEFAULT_KEEP = 3
MAX_KEEP = 20  # backups are whole files: a district file is large
_MAGIC = b"SQLite format 3\x00"
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class Backup:
    """One saved version: where it is and when it was the file."""

    path: Path
    saved_at: dt.datetime
    size: int


def folder(path: str | os.PathLike) -> Path:
    """The backups folder of a file."""
    return Path(str(path) + ".backups")


def keep_count(meta: Mapping[str, Any]) -> int:
    """How many backups the document asks for (0 turns them off), within 0..MAX_KEEP."""
    try:
        n = int(meta.get("backup_keep", DEFAULT_KEEP))
    except (TypeError, ValueError):
        n = DEFAULT_KEEP
    return max(0, min(MAX_KEEP, n))


def list_backups(path: str | os.PathLike) -> list[Backup]:
    """The backups of a file, newest first."""
    out = []
    d = folder(path)
    if not d.is_dir():
        return []
    for p in d.glob("*.gpkg"):
        try:
            when = dt.datetime.strptime(p.stem, _STAMP)
        except ValueError:
            continue  # not one of ours
        out.append(Backup(p, when, p.stat().st_size))
    return sorted(out, key=lambda b: b.saved_at, reverse=True)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == _MAGIC
    except OSError:
        return False


def _copy_database(src: Path, dst: Path) -> None:
    """A consistent copy through SQLite's backup API (a save cut short is rolled back first)."""
    source = sqlite3.connect(f"{src.resolve().as_uri()}?mode=rw", uri=True, timeout=5.0)
    try:
        target = sqlite3.connect(dst)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    with open(dst, "rb+") as fh:
        os.fsync(fh.fileno())


def _sweep(d: Path, older_than: float = 600.0) -> None:
    """Remove copies that a save killed mid-backup left behind (old enough to be nobody's)."""
    now = dt.datetime.now().timestamp()
    for p in d.glob(".*.tmp*"):
        try:
            if now - p.stat().st_mtime > older_than:
                p.unlink()
        except OSError:
            pass


def rotate(path: str | os.PathLike, keep: int) -> Path | None:
    """Copy the file as it is now into its backups folder and drop all but the newest `keep`."""
    p = Path(path)
    if keep <= 0 or not p.is_file() or not _is_sqlite(p):
        return None
    d = folder(p)
    d.mkdir(exist_ok=True)
    _sweep(d)
    name = dt.datetime.now().strftime(_STAMP) + ".gpkg"
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=d)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # SQLite writes a fresh database there
        try:
            _copy_database(p, tmp)
        except sqlite3.DatabaseError:
            # A damaged file (being replaced by a restore): SQLite cannot copy it page by page,
            # but its bytes are kept as they are, for whoever wants to rescue something from it.
            tmp.unlink(missing_ok=True)
            shutil.copyfile(p, tmp)
        os.replace(tmp, d / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for old in list_backups(p)[keep:]:
        old.path.unlink(missing_ok=True)
    return d / name


def restore(path: str | os.PathLike, backup: Backup | str | os.PathLike, keep: int = DEFAULT_KEEP) -> None:
    """Put a backup back in place of the file (atomically); the replaced version becomes a backup."""
    p = Path(path)
    src = backup.path if isinstance(backup, Backup) else Path(backup)
    if not src.is_file():
        raise StoreError("no_backup", path=str(p))
    folder_of_file = p.resolve().parent
    if not os.access(folder_of_file, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise StoreError("read_only", path=str(p))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=folder_of_file)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        _copy_database(src, tmp)
        # Keep the version being replaced, one more than asked so the restored-from one survives.
        rotate(p, max(keep, 1) + 1)
        os.replace(tmp, p)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError("save_failed", path=str(p), detail=str(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
