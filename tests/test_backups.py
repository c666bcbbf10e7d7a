"""Rolling backups: each save keeps the version it replaces, only the newest few stay, and any of
them can be put back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from cmdmap.demo import build_demo
from cmdmap.edit.commands import SetAttributes
from cmdmap.model.counts import count
from cmdmap.store import backups, gpkg
from cmdmap.store.errors import StoreError


from test_crash_save import state_digest


def sha(path: Path) -> str:
    """The file's content: every table's rows (a backup is a page-by-page copy, not a byte copy)."""
    return state_digest(path)


def households(doc) -> float:
    return float(np.nansum(doc["buildings"].numeric("households")))


@pytest.fixture()
def path(tmp_path) -> Path:
    p = tmp_path / "果林社区.gpkg"
    gpkg.create(p, build_demo(1, "community", dt.date(2026, 11, 23)))
    return p


def bump(doc, n: int) -> None:
    fid = int(doc["buildings"].fid[0])
    SetAttributes(doc, "buildings", fid, {"households": n}).do(doc)


def test_each_save_keeps_the_previous_version_and_only_the_newest_few(path):
    doc = gpkg.open_document(path)
    versions = [sha(path)]
    for n in range(1, 6):
        bump(doc, 10 + n)
        gpkg.save(doc, path)
        versions.append(sha(path))
    kept = backups.list_backups(path)
    assert len(kept) == backups.DEFAULT_KEEP == 3
    # Newest first: the versions before the last three saves, byte for byte.
    assert [sha(b.path) for b in kept] == versions[-2:-5:-1]
    assert all(b.path.parent == backups.folder(path) for b in kept)


def test_backup_count_is_a_document_setting(path):
    doc = gpkg.open_document(path)
    doc.set_meta("backup_keep", 1)
    for n in range(3):
        bump(doc, 20 + n)
        gpkg.save(doc, path)
    assert len(backups.list_backups(path)) == 1
    doc.set_meta("backup_keep", 0)
    bump(doc, 30)
    gpkg.save(doc, path)
    assert len(backups.list_backups(path)) == 1  # none added; the old one is left alone
    assert backups.keep_count({"backup_keep": "many"}) == 3 and backups.keep_count({"backup_keep": 999}) == 20


def test_restore_brings_back_an_older_version_and_can_itself_be_undone(path):
    doc = gpkg.open_document(path)
    original = households(doc)
    first = sha(path)
    bump(doc, 50)
    gpkg.save(doc, path)
    edited = sha(path)
    assert households(gpkg.open_document(path)) != original
    backups.restore(path, backups.list_backups(path)[0])
    restored = gpkg.open_document(path)
    assert sha(path) == first and households(restored) == original
    assert count(restored, "community").total["households"] == original
    # The edited version that the restore replaced is now the newest backup.
    assert sha(backups.list_backups(path)[0].path) == edited
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_restore_without_a_backup_is_refused(path):
    before = sha(path)
    with pytest.raises(StoreError) as err:
        backups.restore(path, path.parent / "nothing.gpkg")
    assert err.value.key == "no_backup" and "备份" in err.value.message("zh")
    assert sha(path) == before
