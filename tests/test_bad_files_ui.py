"""Bad and busy files met through File › Open, as a desk would meet them: a damaged page that
reading alone would not notice, a file another program holds exclusively, a damaged file that has
backups (offered back), each with a clear Chinese message and nothing written."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cmdmap.demo import build_demo
from cmdmap.edit.commands import SetAttributes
from cmdmap.store import backups, gpkg
from cmdmap.store.errors import StoreError


@pytest.fixture(scope="module")
def community(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("bad") / "果林社区.gpkg"
    gpkg.create(p, build_demo(1, "community", dt.date(2026, 11, 23)))
    return p


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture()
def told(monkeypatch):
    said: list[tuple[str, str]] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *a, k=kind: said.append((k, text)) or QMessageBox.StandardButton.Ok))
    return said


def damage(src: Path, dst: Path) -> None:
    """Overwrite one page in the middle with noise, header intact: the file still opens in SQLite."""
    data = bytearray(src.read_bytes())
    data[8192:8192 + 4096] = bytes((i * 97 + 13) % 256 for i in range(4096))
    dst.write_bytes(bytes(data))


def test_a_damaged_page_is_found_before_anything_is_read(community, tmp_path, cmdmap_app, told):
    from cmdmap.ui.window import open_in_window
    bad = tmp_path / "损坏.gpkg"
    damage(community, bad)
    before = sha(bad)
    with pytest.raises(StoreError) as err:
        gpkg.open_document(bad)
    assert err.value.key == "damaged"
    assert open_in_window(str(bad)) is None
    assert told and told[0][0] == "critical" and "已损坏" in told[0][1] and "文件未被修改" in told[0][1]
    assert sha(bad) == before and sorted(p.name for p in tmp_path.iterdir()) == ["损坏.gpkg"]


def test_a_file_held_exclusively_by_another_program_is_busy_not_damaged(community, tmp_path, cmdmap_app, told):
    from cmdmap.ui.window import open_in_window
    busy = tmp_path / "占用.gpkg"
    shutil.copy(community, busy)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(busy)!r}, isolation_level=None); c.execute('BEGIN EXCLUSIVE')\n"
         "c.execute('CREATE TABLE qgis_edit (x)')\n"  # a write in progress, as QGIS saving
         "print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert open_in_window(str(busy)) is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert "被其他程序" in told[0][1] and "损坏" not in told[0][1]
    assert gpkg.open_document(busy) is not None  # once it lets go, the file is fine


def test_a_damaged_file_with_backups_is_offered_its_newest_backup(community, tmp_path, cmdmap_app, told, monkeypatch):
    from cmdmap.edit import UndoStack
    from cmdmap.ui.window import open_in_window
    path = tmp_path / "果林社区.gpkg"
    shutil.copy(community, path)
    doc = gpkg.open_document(path)
    fid = int(doc["buildings"].fid[0])
    UndoStack(doc).push(SetAttributes(doc, "buildings", fid, {"households": 77}))
    gpkg.save(doc, path)  # keeps the version before as a backup
    UndoStack(doc).push(SetAttributes(doc, "buildings", fid, {"households": 78}))
    gpkg.save(doc, path)  # the newest backup holds 77
    damage(path, path)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes))
    win = open_in_window(str(path))
    assert asked and "已损坏" in asked[0] and "个备份" in asked[0] and "替换损坏的文件" in asked[0]
    assert win is not None and win.doc["buildings"].value(fid, "households") == 77
    # The damaged file is kept among the backups, not thrown away.
    refused = []
    for b in backups.list_backups(path):
        try:
            gpkg.open_document(b.path)
        except StoreError as err:
            refused.append(err.key)
    assert refused == ["damaged"]
    win.close()


def test_declining_the_backup_changes_nothing(community, tmp_path, cmdmap_app, told, monkeypatch):
    from cmdmap.edit import UndoStack
    from cmdmap.ui.window import open_in_window
    path = tmp_path / "果林社区.gpkg"
    shutil.copy(community, path)
    doc = gpkg.open_document(path)
    UndoStack(doc).push(SetAttributes(doc, "buildings", int(doc["buildings"].fid[0]), {"households": 77}))
    gpkg.save(doc, path)
    damage(path, path)
    before, kept = sha(path), sorted(p.name for p in backups.folder(path).iterdir())
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.No))
    assert open_in_window(str(path)) is None
    assert sha(path) == before and sorted(p.name for p in backups.folder(path).iterdir()) == kept


def test_a_raster_only_geopackage_is_not_offered_for_import(tmp_path, cmdmap_app, told, monkeypatch):
    """Another tool's GeoPackage that holds only tiles: say so, rather than offer an import that
    would then fail with GDAL's English."""
    from cmdmap.ui.window import open_in_window
    corpus = Path(__file__).resolve().parents[2] / "shared" / "data" / "gpkg-corpus" / "3857.gpkg"
    if not corpus.is_file():
        corpus = Path("/work/shared/data/gpkg-corpus/3857.gpkg")
    if not corpus.is_file():
        pytest.skip("corpus not present")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: asked.append(a) or QMessageBox.StandardButton.Yes))
    before = sha(corpus)
    assert open_in_window(str(corpus)) is None
    assert not asked
    assert "没有可导入的矢量图层" in told[0][1] and "tiles" in told[0][1]
    assert sha(corpus) == before
