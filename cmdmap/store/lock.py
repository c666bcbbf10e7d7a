"""One writer at a time: who else has a file open for editing, and whether cmdmap may write it.

A cmdmap that opens a file for editing leaves `FILE.gpkg.cmdmap-lock` beside it (user, host, pid,
time), removed when it closes; a lock whose process is gone on this host is stale and taken over.
Another program (QGIS) holding a write transaction is found with `BEGIN IMMEDIATE` and a short
busy timeout. Nothing here waits more than a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

SUFFIX = ".cmdmap-lock"
NETWORK_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "afs", "9p", "davfs", "fuse.rclone"}


def lock_path(path: str | os.PathLike) -> Path:
    """Where the lock of a file lives."""
    return Path(str(path) + SUFFIX)


def user_name() -> str:
    """The OS user (what the lock and the edit log record)."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still say something
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


@dataclass(frozen=True)
class Holder:
    """Who holds a file open for editing."""

    user: str
    host: str
    pid: int
    since: str

    def is_stale(self) -> bool:
        """True when the holder was a process on this host that no longer runs."""
        if self.host != socket.gethostname():
            return False  # cannot tell for another machine: trust the lock
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # alive, another user's
        return False


def holder(path: str | os.PathLike) -> Holder | None:
    """The live holder of the file's lock, None when nobody (or only a dead process) holds it."""
    try:
        d = json.loads(lock_path(path).read_text(encoding="utf-8"))
        h = Holder(str(d["user"]), str(d["host"]), int(d["pid"]), str(d["since"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return Holder("?", "?", -1, "")  # unreadable: someone made it; do not overrule it
    return None if h.is_stale() else h


@dataclass
class Lock:
    """This process's hold on a file; `release` when the window closes."""

    path: Path
    released: bool = field(default=False)

    def release(self) -> None:
        """Remove the lock file (only ours)."""
        if self.released:
            return
        self.released = True
        try:
            d = json.loads(self.path.read_text(encoding="utf-8"))
            if d.get("pid") == os.getpid() and d.get("host") == socket.gethostname():
                self.path.unlink()
        except (OSError, ValueError):
            pass


def acquire(path: str | os.PathLike) -> Lock | Holder:
    """Take the file for editing: a Lock, or the Holder who has it. A stale lock is taken over."""
    lp = lock_path(path)
    for _ in range(2):
        try:
            fd = os.open(lp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            h = holder(path)
            if h is not None:
                return h
            lp.unlink(missing_ok=True)  # stale: its process is gone
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"user": user_name(), "host": socket.gethostname(), "pid": os.getpid(),
                       "since": dt.datetime.now().isoformat(timespec="seconds")}, fh, ensure_ascii=False)
        return Lock(lp)
    h = holder(path)
    return h if h is not None else Holder("?", "?", -1, "")


def held_by_other_program(path: str | os.PathLike, timeout: float = 0.2) -> bool:
    """True when another connection (QGIS, a script) holds a write transaction on the file."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, timeout=timeout,
                               isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc).lower() or "busy" in str(exc).lower()
    finally:
        conn.close()


def writable(path: str | os.PathLike) -> bool:
    """True when both the file and its folder may be written (SQLite needs the folder for its journal)."""
    p = Path(path)
    return os.access(p, os.W_OK) and os.access(p.resolve().parent, os.W_OK)


def network_filesystem(path: str | os.PathLike, mounts: str = "/proc/mounts") -> str | None:
    """The file system type when the file is on a network share (SQLite locking is unreliable there)."""
    try:
        lines = Path(mounts).read_text().splitlines()
    except OSError:
        return None
    real = os.path.realpath(path)
    best, kind = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (real == point or real.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, parts[2]
    return kind if kind in NETWORK_FS else None


@dataclass
class Access:
    """How a file may be opened: for editing (with our lock) or read-only, and what to tell the user."""

    lock: Lock | None
    notices: list[tuple[str, dict]]

    @property
    def read_only(self) -> bool:
        return self.lock is None


def claim(path: str | os.PathLike) -> Access:
    """Decide how to open `path` for this process: take the lock when we may edit, else say why not."""
    p = Path(path)
    notices: list[tuple[str, dict]] = []
    fs = network_filesystem(p)
    if fs:
        notices.append(("network_share", {"path": str(p), "fs": fs}))
    if not writable(p):
        notices.append(("opened_read_only", {"path": str(p)}))
        return Access(None, notices)
    got = acquire(p)
    if isinstance(got, Holder):
        notices.append(("held_by", {"path": str(p), "user": got.user, "host": got.host,
                                    "pid": got.pid, "since": got.since.replace("T", " ")}))
        return Access(None, notices)
    if held_by_other_program(p):
        got.release()
        notices.append(("held_by_program", {"path": str(p)}))
        return Access(None, notices)
    return Access(got, notices)
