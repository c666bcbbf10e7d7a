"""One writer at a time: a second cmdmap, a QGIS write transaction, a read-only file and a network
share are each detected at once (never a wait), and the file opens read-only with the reason."""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cmdmap.demo import build_demo
from cmdmap.store import gpkg, lock

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def path(tmp_path) -> Path:
    p = tmp_path / "果林社区.gpkg"
    gpkg.create(p, build_demo(1, "community", dt.date(2026, 11, 23)))
    return p


def test_second_process_gets_read_only_and_is_told_who(path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
         "from cmdmap.store import lock\n"
         f"l = lock.acquire({str(path)!r}); print(type(l).__name__, flush=True); sys.stdin.read(); l.release()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "Lock"
        t0 = time.perf_counter()
        access = lock.claim(path)
        assert time.perf_counter() - t0 < 1.0
        assert access.read_only
        key, params = access.notices[-1]
        assert key == "held_by" and params["pid"] == holder.pid and params["host"] == socket.gethostname()
        assert params["user"] == lock.user_name()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    # Released on exit: now this process may edit, and a second claim here is refused.
    first = lock.claim(path)
    assert not first.read_only
    assert lock.claim(path).read_only
    first.lock.release()
    assert not lock.lock_path(path).exists()


def test_lock_of_a_dead_process_is_taken_over(path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    lock.lock_path(path).write_text(
        f'{{"user": "小王", "host": "{socket.gethostname()}", "pid": {dead}, "since": "2026-11-23T08:00:00"}}',
        encoding="utf-8")
    access = lock.claim(path)
    assert not access.read_only
    access.lock.release()


def test_qgis_write_transaction_is_detected_without_waiting(path):
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # what QGIS holds while a layer is being edited and saved
    try:
        t0 = time.perf_counter()
        access = lock.claim(path)
        assert time.perf_counter() - t0 < 1.0
        assert access.read_only and access.notices[-1][0] == "held_by_program"
        assert not lock.lock_path(path).exists()
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_read_only_file_opens_read_only_with_a_notice(path, monkeypatch):
    real = os.access
    monkeypatch.setattr(lock.os, "access", lambda p, m: False if m == os.W_OK else real(p, m))
    access = lock.claim(path)
    assert access.read_only and access.notices == [("opened_read_only", {"path": str(path)})]
    assert not lock.lock_path(path).exists()


def test_network_share_is_recognised(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n//nas/desk /mnt/desk\\040share cifs rw 0 0\n"
                      "server:/x /mnt/nfs nfs4 rw 0 0\n")
    assert lock.network_filesystem("/mnt/desk share/果林.gpkg", str(mounts)) == "cifs"
    assert lock.network_filesystem("/mnt/nfs/a.gpkg", str(mounts)) == "nfs4"
    assert lock.network_filesystem("/home/a.gpkg", str(mounts)) is None


def test_window_of_a_second_opener_is_read_only_and_says_so(path, cmdmap_app, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cmdmap.ui.window import MainWindow

    told = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda p, t, text: told.append(text)))
    first = MainWindow(gpkg.open_document(path), str(path), lang="zh")
    # not given to qtbot: closed below (a window deletes itself on close)
    assert not first.read_only and lock.lock_path(path).exists() and not told
    second = MainWindow(gpkg.open_document(path), str(path), lang="zh")
    qtbot.addWidget(second)
    assert second.read_only and second.windowTitle().endswith("（只读）")
    assert len(told) == 1 and "正在编辑这个文件" in told[0]
    # Said in the status bar too (the title bar is easy to miss), with who holds it on hover.
    from PySide6.QtWidgets import QLabel
    badge = second.statusBar().findChild(QLabel, "read_only_badge")
    assert badge is not None and badge.text() == "只读：修改不能保存到这个文件"
    assert "正在编辑这个文件" in badge.toolTip()
    assert first.statusBar().findChild(QLabel, "read_only_badge") is None
    first.close()
    assert not lock.lock_path(path).exists()
