"""The recovery journal: edits not yet saved, written beside the file as they happen, so that a
crash loses nothing the user did.

`FILE.gpkg.cmdmap-journal` holds one JSON line per change the document reports (an edit, an undo
or a redo): the layer, the kind and the new state of the features it touched — values, and
geometries as WKB hex — never copies of the file. Each line reaches the operating system at once
(a crash of cmdmap loses nothing); fsync runs in batches (a power cut loses at most the last
`SYNC_EVERY` changes or `SYNC_SECONDS`). Entries are states, not deltas, so replaying them onto
the file is idempotent: a journal left by a crash just after a save still restores the same map.
A save removes the journal (`discard`).

Scanned plans (backdrops) and the file's settings (credits, thresholds, print settings) are not
layers but are saved with the file too, so they are journaled as well: the whole list of plans
after each change (an image's bytes only once per journal, by digest, so that fading a plan does
not copy it again) and each setting's new value.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from cmdmap.model.backdrops import BACKDROPS, Backdrop
from cmdmap.model.document import Document
from cmdmap.model.events import Change

SUFFIX = ".cmdmap-journal"
SYNC_EVERY = 20
SYNC_SECONDS = 2.0
VERSION = 1
META = "meta"  # the journal's name for the file's settings (not a layer either)


def journal_path(path: str | os.PathLike) -> Path:
    """Where the recovery journal of a file lives."""
    return Path(str(path) + SUFFIX)


def _json_value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    if isinstance(v, np.generic):
        return v.item()
    return v


def _py_value(v: Any) -> Any:
    if isinstance(v, dict) and set(v) == {"date"}:
        return dt.date.fromisoformat(v["date"])
    return v


def _file_id(path: Path) -> str:
    """The file's cmdmap file_id ('' when it cannot be read): a journal applies to its own file."""
    from cmdmap.store import gpkg
    for doc, (real, fid) in list(gpkg._ORIGIN.items()):
        if real == os.path.realpath(path):
            return fid
    return ""


class RecoveryJournal:
    """Journals every change of `doc` into the journal of `path` until `close`."""

    def __init__(self, doc: Document, path: str | os.PathLike, file_id: str | None = None) -> None:
        self.doc = doc
        self.path = journal_path(path)
        self.file_id = file_id if file_id is not None else _file_id(Path(path))
        self._fh = None
        self._unsynced = 0
        self._last_sync = time.monotonic()
        self._images: set[str] = set()  # digests of plan images already in this journal file
        doc.subscribe(self.record)
        doc.meta_listeners.append(self.record_meta)

    def _open(self) -> Any:
        # A save removes the journal file: the next change starts a fresh one.
        if self._fh is not None and not self.path.exists():
            self._fh.close()
            self._fh = None
        if self._fh is None:
            self._fh = open(self.path, "a", encoding="utf-8")
            if self._fh.tell() == 0:
                self._images.clear()  # a fresh journal: images must be written into it again
                self._write({"cmdmap_journal": VERSION, "file_id": self.file_id,
                             "started": dt.datetime.now().isoformat(timespec="seconds")})
        return self._fh

    def _write(self, entry: dict) -> None:
        assert self._fh is not None
        self._fh.write(json.dumps(entry, ensure_ascii=False, default=_json_value) + "\n")
        self._fh.flush()  # to the OS now: a crash of cmdmap itself loses nothing

    def record(self, change: Change) -> None:
        """Write one change (the document calls this after every change)."""
        if change.layer == BACKDROPS:
            self._record_backdrops()
            return
        if change.kind not in ("add", "remove", "update", "geometry") or change.layer not in self.doc.layers:
            return
        layer = self.doc[change.layer]
        fids = [int(f) for f in change.fids]
        entry: dict[str, Any] = {"layer": change.layer, "kind": change.kind, "fids": fids}
        if change.kind in ("add", "update"):
            names = list(layer.cols) if change.kind == "add" else list(change.fields)
            rows = layer.rows(fids)
            entry["values"] = {n: [_json_value(layer._py(n, v)) for v in layer.cols[n][rows]] for n in names}
        if change.kind in ("add", "geometry") and layer.geom is not None:
            geoms = layer.geom[layer.rows(fids)]
            entry["geoms"] = [None if g is None else shapely.to_wkb(g, hex=True) for g in geoms]
        self._open()
        self._write(entry)
        self._written()

    def record_meta(self, key: str) -> None:
        """Write the new value of one setting of the file (the document calls this)."""
        self._open()
        if key in self.doc.meta:
            self._write({"layer": META, "kind": "set", "fids": [], "key": key, "value": self.doc.meta[key]})
        else:
            self._write({"layer": META, "kind": "delete", "fids": [], "key": key})
        self._written()

    def _record_backdrops(self) -> None:
        # The whole list, bottom first: a removal or a reordering is a state like any other.
        self._open()
        plans = []
        for b in self.doc.backdrops:
            digest = hashlib.sha256(b.image).hexdigest()
            if digest not in self._images:
                self._write({"layer": BACKDROPS, "kind": "image", "fids": [], "sha256": digest,
                             "data": base64.b64encode(b.image).decode("ascii")})
                self._images.add(digest)
            plans.append({"code": b.code, "name": b.name, "image": digest, "fmt": b.fmt, "width": b.width,
                          "height": b.height, "kind": b.kind, "pixels": b.pixels, "world": b.world,
                          "matrix": b.matrix, "opacity": b.opacity})
        self._write({"layer": BACKDROPS, "kind": "plans", "fids": [], "plans": plans})
        self._written()

    def _written(self) -> None:
        self._unsynced += 1
        if self._unsynced >= SYNC_EVERY or time.monotonic() - self._last_sync >= SYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        """Make what was written survive a power cut (the UI also calls this when idle)."""
        if self._fh is not None and self._unsynced:
            os.fsync(self._fh.fileno())
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def close(self, keep: bool = True) -> None:
        """Stop journaling; `keep=False` also removes the journal (the work was saved or dropped)."""
        self.doc.unsubscribe(self.record)
        if self.record_meta in self.doc.meta_listeners:
            self.doc.meta_listeners.remove(self.record_meta)
        if self._fh is not None:
            self.sync()
            self._fh.close()
            self._fh = None
        if not keep:
            self.path.unlink(missing_ok=True)


def discard(path: str | os.PathLike) -> None:
    """Remove the journal of a file (its edits were just saved into it)."""
    journal_path(path).unlink(missing_ok=True)


@dataclass
class Pending:
    """Unsaved work found beside a file: when it began and what it is, per layer and kind."""

    started: str
    entries: list[dict] = field(default_factory=list)

    def summary(self) -> dict[tuple[str, str], int]:
        """(layer, kind) -> number of features, net of undos: a feature added then deleted is
        not listed, one deleted and undeleted only if it was also changed. Scanned plans count
        their changes as ("backdrops", "plans"), settings the keys changed as ("meta", "settings")."""
        seen: dict[tuple[str, int], list[str]] = {}
        out: Counter = Counter()
        settings: set[str] = set()
        for e in self.entries:
            if e["layer"] == BACKDROPS and e["kind"] == "plans":
                out[(BACKDROPS, "plans")] += 1
            elif e["layer"] == META:
                settings.add(str(e.get("key")))
            for f in e["fids"]:
                seen.setdefault((e["layer"], int(f)), []).append(e["kind"])
        if settings:
            out[(META, "settings")] = len(settings)
        for (layer, _), kinds in seen.items():
            first, last = kinds[0], kinds[-1]
            if last == "remove":
                if first != "add":
                    out[(layer, "remove")] += 1
            elif first == "add":
                out[(layer, "add")] += 1
            else:
                for k in ("update", "geometry"):
                    if k in kinds:
                        out[(layer, k)] += 1
        return dict(out)


def pending(path: str | os.PathLike, file_id: str | None = None) -> Pending | None:
    """The unsaved work journaled for the file at `path`, or None when there is none that applies.

    A line cut short by the crash (the last one) is ignored; a journal from another file (its
    file_id differs) or a newer cmdmap is not offered.
    """
    jp = journal_path(path)
    try:
        text = jp.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.split("\n")
    try:
        head = json.loads(lines[0])
    except ValueError:
        return None
    if not isinstance(head, dict) or head.get("cmdmap_journal") != VERSION:
        return None
    if file_id is not None and head.get("file_id") not in (file_id, ""):
        return None
    entries = []
    for line in lines[1:]:
        try:
            e = json.loads(line)
        except ValueError:
            break  # the line the crash cut short, and nothing after it
        if not (isinstance(e, dict) and {"layer", "kind", "fids"} <= set(e)):
            break
        entries.append(e)
    if not entries:
        return None
    return Pending(str(head.get("started", "")), entries)


def replay(doc: Document, work: Pending) -> int:
    """Apply journaled changes to a document just read from its file; the number applied.

    The document reports each change as an edit would, so it shows as modified and saves normally.
    """
    applied = 0
    images: dict[str, bytes] = {}
    for e in work.entries:
        if e["layer"] == BACKDROPS:
            applied += _replay_backdrops(doc, e, images)
            continue
        if e["layer"] == META:
            if isinstance(e.get("key"), str):
                if e["kind"] == "delete":
                    doc.del_meta(e["key"])
                else:
                    doc.set_meta(e["key"], e.get("value"))
                applied += 1
            continue
        if e["layer"] not in doc.layers:
            continue
        layer = doc[e["layer"]]
        fids = [int(f) for f in e["fids"]]
        geoms = [None if g is None else shapely.from_wkb(g) for g in e.get("geoms") or []]
        values = {k: [_py_value(v) for v in vs] for k, vs in (e.get("values") or {}).items()
                  if k in layer.cols}
        kind = e["kind"]
        if kind == "remove":
            present = [f for f in fids if layer.has(f)]
            if present:
                layer.delete(present)
                doc.notify(Change(layer.name, "remove", np.array(present, dtype=np.int64)))
        elif kind == "add":
            records = [{k: vs[i] for k, vs in values.items()} for i in range(len(fids))]
            new = [i for i, f in enumerate(fids) if not layer.has(f)]
            for i, f in enumerate(fids):
                if layer.has(f):  # already in the file (saved just before the crash)
                    layer.set_values(f, records[i])
                    if layer.geom is not None:
                        layer.set_geometry(f, geoms[i] if geoms else None)
                    doc.notify(Change(layer.name, "update", np.array([f]), tuple(records[i])))
            if new:
                fids_new = layer.insert([records[i] for i in new],
                                        [geoms[i] for i in new] if layer.geom is not None else None,
                                        fids=[fids[i] for i in new])
                doc.notify(Change(layer.name, "add", fids_new))
        elif kind == "update":
            for i, f in enumerate(fids):
                if layer.has(f):
                    vals = {k: vs[i] for k, vs in values.items()}
                    layer.set_values(f, vals)
                    doc.notify(Change(layer.name, "update", np.array([f]), tuple(vals)))
        elif kind == "geometry" and layer.geom is not None:
            present = [(f, g) for f, g in zip(fids, geoms) if layer.has(f)]
            for f, g in present:
                layer.set_geometry(f, g)
            doc.notify(Change(layer.name, "geometry", np.array([f for f, _ in present], dtype=np.int64)))
        applied += 1
    return applied


def _replay_backdrops(doc: Document, e: dict, images: dict[str, bytes]) -> int:
    """Apply one backdrop entry: an image kept for the lists after it, or the list of plans."""
    if e["kind"] == "image":
        images[str(e.get("sha256"))] = base64.b64decode(e.get("data", ""))
        return 1
    if e["kind"] != "plans":
        return 0
    plans = []
    for p in e.get("plans") or []:
        if p.get("image") not in images:
            return 0  # cannot happen unless the journal was edited: keep the plans the file has
        plans.append(Backdrop(str(p["code"]), str(p["name"]), images[p["image"]], str(p["fmt"]), int(p["width"]),
                              int(p["height"]), str(p["kind"]), tuple(tuple(map(float, q)) for q in p["pixels"]),
                              tuple(tuple(map(float, q)) for q in p["world"]),
                              tuple(tuple(map(float, r)) for r in p["matrix"]), float(p["opacity"])))
    doc.backdrops[:] = plans
    doc.notify(Change(BACKDROPS, "update", np.zeros(0, np.int64), ("backdrop",)))
    return 1
