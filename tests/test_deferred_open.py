"""Opening with the registers left for later (`open_document(defer_registers=True)`): the map's
layers now, the staff, assignments, isolation and snapshot registers on first touch, from the same
state of the file; nothing can count, save or export a document whose registers are missing."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest

from cmdmap.edit.commands import SetAttributes
from cmdmap.model.counts import count
from cmdmap.model.live_counts import LiveCounts
from cmdmap.model.placement import COUNT_LEVELS
from cmdmap.store import gpkg
from cmdmap.store.errors import StoreError
from test_store import assert_same

REGISTERS = ("staff", "assignments", "isolation", "snapshots")


@pytest.fixture()
def reads(monkeypatch) -> list[str]:
    """The tables the store reads from now on, in order."""
    seen: list[str] = []
    real = gpkg._read_layer

    def spy(conn, spec, layer):
        seen.append(spec.name)
        real(conn, spec, layer)
    monkeypatch.setattr(gpkg, "_read_layer", spy)
    return seen


def writable_now(path: Path) -> bool:
    """True when another connection can commit a write to the file at once."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE gpkg_contents SET description = description")
        conn.execute("COMMIT")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        conn.close()


def test_registers_are_read_later_and_the_same_as_a_full_open(demo_file, reads):
    doc = gpkg.open_document(demo_file, defer_registers=True)
    assert doc.layers.unread == frozenset(REGISTERS)
    assert not set(reads) & set(REGISTERS)
    assert all(len(doc[name]) for name in ("grids", "buildings", "gates"))
    assert all(len(gpkg.open_document(demo_file)[name]) for name in REGISTERS)  # the demo has them all
    assert_same(doc, gpkg.open_document(demo_file))  # touching every layer reads the registers
    assert not doc.layers.unread


@pytest.mark.parametrize("touch", [
    lambda doc: doc["isolation"],
    lambda doc: doc.layers["staff"],
    lambda doc: doc.layers.get("snapshots"),
    lambda doc: list(doc.layers.values()),
    lambda doc: dict(doc.layers.items()),
    lambda doc: doc.read_deferred(),
    lambda doc: count(doc),
], ids=["doc[name]", "layers[name]", "layers.get", "values", "items", "read_deferred", "count"])
def test_the_first_touch_reads_every_register_once(demo_file, reads, touch):
    doc = gpkg.open_document(demo_file, defer_registers=True)
    # What the map needs, and asking which layers there are, reads nothing more.
    assert "staff" in doc.layers and list(doc.layers) == [s.name for s in doc.schema]
    doc["buildings"], doc.layers.get("grids"), doc.placement  # noqa: B018
    before = len(reads)
    touch(doc)
    touch(doc)
    doc["staff"], doc.read_deferred(), list(doc.layers.values())  # noqa: B018
    assert sorted(reads[before:]) == sorted(REGISTERS)
    assert not doc.layers.unread


def test_the_file_is_held_still_until_read_and_let_go_after(own_file):
    doc = gpkg.open_document(own_file, defer_registers=True)
    assert not writable_now(own_file)  # the read transaction: the registers will match the map
    doc.read_deferred()
    assert writable_now(own_file)


def test_a_document_dropped_unread_lets_the_file_go(own_file):
    doc = gpkg.open_document(own_file, defer_registers=True)
    assert not writable_now(own_file)
    del doc
    gc.collect()
    assert writable_now(own_file)


def test_save_as_writes_every_register_row(demo_file, tmp_path):
    doc = gpkg.open_document(demo_file, defer_registers=True)
    copy = tmp_path / "copy.gpkg"
    gpkg.save_as(doc, copy)
    full, written = gpkg.open_document(demo_file), gpkg.open_document(copy)
    for name in REGISTERS:
        assert len(written[name]) == len(full[name]) > 0
    assert_same(written, full)


def test_saving_an_edit_before_the_registers_were_read_keeps_them(own_file, demo_file):
    doc = gpkg.open_document(own_file, defer_registers=True)
    fid = int(doc["buildings"].fid[0])
    SetAttributes(doc, "buildings", fid, {"households": 77}).do(doc)
    assert doc.layers.unread  # nothing has touched them yet
    gpkg.save(doc, own_file)  # would wait on its own read transaction if it did not read first
    assert not doc.layers.unread
    saved, original = gpkg.open_document(own_file), gpkg.open_document(demo_file)
    assert saved["buildings"].numeric("households")[0] == 77
    for name in REGISTERS:
        a, b = saved[name], original[name]
        assert a.fid.tolist() == b.fid.tolist()
        assert all(a.cols[f].tolist() == b.cols[f].tolist() for f in a.cols)


def test_a_failing_deferred_read_says_so_every_time_and_nothing_is_saved(own_file, monkeypatch, tmp_path):
    doc = gpkg.open_document(own_file, defer_registers=True)

    def broken(conn, spec, layer):
        raise sqlite3.DatabaseError("database disk image is malformed")
    monkeypatch.setattr(gpkg, "_read_layer", broken)
    with pytest.raises(StoreError) as err:
        doc["staff"]  # noqa: B018
    assert err.value.key == "damaged"
    with pytest.raises(StoreError):
        doc.read_deferred()  # not silently empty the second time
    with pytest.raises(StoreError):
        gpkg.save_as(doc, tmp_path / "copy.gpkg")
    assert not (tmp_path / "copy.gpkg").exists()
    assert writable_now(own_file)  # the connection was closed all the same


def test_a_damaged_file_is_refused_at_once(own_file):
    data = bytearray(own_file.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[5 * page:6 * page] = b"\xff" * page  # one page of garbage
    own_file.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        gpkg.open_document(own_file, defer_registers=True)
    assert err.value.key == "damaged"  # quick_check first, as without deferring


def test_a_refused_file_is_let_go(own_file):
    conn = sqlite3.connect(own_file)
    conn.execute("DROP TABLE cmdmap_meta")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as err:
        gpkg.open_document(own_file, defer_registers=True)
    assert err.value.key == "not_cmdmap"
    assert writable_now(own_file)


def test_pending_live_counts_are_empty_until_built(demo_file):
    doc = gpkg.open_document(demo_file, defer_registers=True)
    live = LiveCounts(doc, build=False)
    assert not live.ready and doc.layers.unread  # pending reads nothing
    assert all(live.n_rows(lv) == 0 for lv in COUNT_LEVELS if lv != "community")
    assert live.table("grid").rows == [] and live.row("community", 0)["households"] == 0
    heard: list[dict] = []
    live.subscribe(heard.append)
    SetAttributes(doc, "buildings", int(doc["buildings"].fid[0]), {"households": 5}).do(doc)
    assert heard == []  # changes are not followed while pending
    live.build()
    assert live.ready and not doc.layers.unread
    assert heard == [{lv: None for lv in COUNT_LEVELS}]
    for lv in COUNT_LEVELS:
        assert live.table(lv) == count(doc, lv)
    live.build()
    assert len(heard) == 1  # once
    SetAttributes(doc, "buildings", int(doc["buildings"].fid[0]), {"households": 9}).do(doc)
    assert live.table("grid") == count(doc, "grid")  # followed from now on


def test_journaled_work_restores_onto_a_deferred_document_with_its_registers(own_file, demo_file):
    from cmdmap.store import journal
    doc = gpkg.open_document(own_file, defer_registers=True)
    file_id = gpkg._ORIGIN[doc][1]
    rec = journal.RecoveryJournal(doc, own_file, file_id)
    fid = int(doc["isolation"].fid[0])  # an edit of a register: read first, then changed
    SetAttributes(doc, "isolation", fid, {"persons": 9}).do(doc)
    rec.close(keep=True)  # cmdmap crashed: the journal stays
    again = gpkg.open_document(own_file, defer_registers=True)
    journal.replay(again, journal.pending(own_file, file_id))
    iso = again["isolation"]
    assert iso.numeric("persons")[iso.row(fid)] == 9
    gpkg.save(again, own_file)
    saved, original = gpkg.open_document(own_file), gpkg.open_document(demo_file)
    assert all(len(saved[name]) == len(original[name]) for name in REGISTERS)
    assert saved["isolation"].numeric("persons")[saved["isolation"].row(fid)] == 9
