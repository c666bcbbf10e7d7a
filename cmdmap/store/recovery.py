"""Finishing what a killed save left behind: a hot rollback journal is rolled back before reading.

A save that is cut short (kill, crash, power cut) leaves `FILE-journal` beside the file, holding
the pages as they were before the save. SQLite rolls it back on the next read, but only through a
connection that may write: a read-only (`mode=ro`) connection fails on it, and the file itself may
look truncated until then. So `open_document` calls `recover` first.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from cmdmap.store.errors import StoreError


def journal_path(path: str | os.PathLike) -> Path:
    """Where SQLite keeps the rollback journal of `path`."""
    return Path(str(path) + "-journal")


def recover(path: str | os.PathLike) -> bool:
    """Roll back an unfinished save of `path`, if one was left; True when there was one to undo.

    A journal that another live program is using (it holds the write lock) is not hot, and SQLite
    leaves it alone; we wait at most a few seconds for that program, never forever.
    """
    p = Path(path)
    journal = journal_path(p)
    try:
        empty = journal.stat().st_size == 0
    except OSError:
        return False
    folder = p.resolve().parent
    if not (os.access(p, os.W_OK) and os.access(folder, os.W_OK)):
        if empty:
            return False  # an empty journal restores nothing (SQLite ignores it too)
        # Rolling back writes the file and deletes the journal: without write access the last
        # save's half-written pages cannot be undone, so nothing may be read.
        raise StoreError("needs_recovery", path=str(p))
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=rw", uri=True, timeout=5.0,
                               isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError("damaged", path=str(p), detail=str(exc)) from exc
    try:
        # The first read takes a shared lock, finds the journal hot and plays it back.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if journal.exists():
            _remove_cold_journal(conn, journal)
    except sqlite3.Error as exc:
        low = str(exc).lower()
        key = "locked" if "locked" in low or "busy" in low else "damaged"
        raise StoreError(key, path=str(p), detail=str(exc)) from exc
    finally:
        conn.close()
    return not journal.exists()


def _remove_cold_journal(conn: sqlite3.Connection, journal: Path) -> None:
    """Delete a journal SQLite did not play back because it is not hot.

    A save killed before it touched the file leaves a journal whose header is still zeroed (SQLite
    writes the magic only just before it writes the file); SQLite ignores it but leaves it beside
    the file. Holding the write lock proves no live program is using it; a busy lock means one
    is, and then it is theirs.
    """
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return
    try:
        journal.unlink(missing_ok=True)
    finally:
        conn.execute("ROLLBACK")
