"""The document: one community (or district) — its layers, CRS, settings and change tracking."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from cmdmap.model.events import Change, Listener
from cmdmap.model.layer import Layer
from cmdmap.model.schema import Schema, default_schema


@dataclass
class Dirty:
    """What changed in one layer since the last save (fids)."""

    added: set[int] = field(default_factory=set)
    updated: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class Layers(dict):
    """name -> Layer, where some layers may not be read yet (`open_document(defer_registers=True)`).

    The first touch of an unread layer (`layers[name]`, `get`, `values`, `items`) reads all of
    them, once; `name in layers` and iterating the names never read. So the map can be drawn
    before the registers are in, and nothing can see, count or save the registers empty.
    """

    def __init__(self, layers: Iterable[tuple[str, Layer]] = ()) -> None:
        super().__init__(layers)
        self._unread: frozenset[str] = frozenset()
        self._reader: Callable[[dict[str, Layer]], None] | None = None
        # A deferred read may be asked for from a worker thread too: one reader at a time.
        self._lock = threading.RLock()

    def defer(self, names: Iterable[str], reader: Callable[[dict[str, Layer]], None]) -> None:
        """Leave the layers `names` empty until first touched; then `reader({name: layer})`
        loads them (raising if it cannot: they stay unread and the next touch tries again)."""
        self._unread = frozenset(names) & frozenset(self.keys())
        self._reader = reader if self._unread else None

    @property
    def unread(self) -> frozenset[str]:
        """The layers not read yet."""
        return self._unread

    def read_deferred(self) -> None:
        """Read the layers not read yet (nothing when all are in)."""
        if not self._unread:
            return
        with self._lock:
            if not self._unread or self._reader is None:
                return
            self._reader({name: dict.__getitem__(self, name) for name in sorted(self._unread)})
            self._unread, self._reader = frozenset(), None

    def __getitem__(self, name: str) -> Layer:
        if name in self._unread:
            self.read_deferred()
        return super().__getitem__(name)

    def __setitem__(self, name: str, layer: Layer) -> None:
        if name in self._unread:  # replacing a layer wholesale: what it held before does not matter
            self.read_deferred()
        super().__setitem__(name, layer)

    def get(self, name: str, default: Any = None) -> Any:
        if name in self._unread:
            self.read_deferred()
        return super().get(name, default)

    def values(self):  # type: ignore[override]
        self.read_deferred()
        return super().values()

    def items(self):  # type: ignore[override]
        self.read_deferred()
        return super().items()


class Document:
    """All layers of one file, plus what is needed to save only what changed."""

    def __init__(self, epsg: int, schema: Schema | None = None, meta: dict[str, Any] | None = None) -> None:
        self.schema = schema or default_schema()
        self.epsg = int(epsg)
        self.layers = Layers((spec.name, Layer(spec)) for spec in self.schema)
        # Settings kept in the file (community name, thresholds, print settings, …): str -> JSON value.
        self.meta: dict[str, Any] = dict(meta or {})
        self.dirty: dict[str, Dirty] = {name: Dirty() for name in self.layers}
        self.meta_dirty = False
        # Scanned plans under the map (cmdmap.model.backdrops.Backdrop), bottom first.
        self.backdrops: list = []
        self.backdrops_dirty = False
        self._listeners: list[Listener] = []
        self._first: list[Listener] = []  # the listeners subscribed `first`, in order
        # Told the key of every setting changed (the recovery journal): settings are not a layer,
        # so the layer listeners are not disturbed by them.
        self.meta_listeners: list[Callable[[str], None]] = []
        self._placement = None  # cmdmap.model.placement.Placement, computed on demand

    # -- access ---------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> Layer:
        return self.layers[name]

    def read_deferred(self) -> None:
        """Read the layers a deferred open left for later (nothing when all are read)."""
        self.layers.read_deferred()

    @property
    def name(self) -> str:
        """The community's name (社区名称)."""
        return str(self.meta.get("community_name", ""))

    @property
    def code(self) -> str:
        """The community's code (used as the code of the community row in counts)."""
        return str(self.meta.get("community_code", self.name or "community"))

    def today(self) -> dt.date:
        """The day counts are for when nobody asks for another (today)."""
        return dt.date.today()

    @property
    def placement(self):
        """Which grid (every level) and compound each feature lies in; recomputed after changes."""
        if self._placement is None:
            from cmdmap.model.placement import Placement
            self._placement = Placement(self)
        return self._placement

    def adopt_placement(self, placement) -> None:
        """Keep a placement that a listener (live counts) brought up to date after a change."""
        self._placement = placement

    def is_modified(self) -> bool:
        """True when something changed since the last save."""
        return self.meta_dirty or self.backdrops_dirty or any(self.dirty.values())

    # -- change notification --------------------------------------------------------------------

    def subscribe(self, listener: Listener, first: bool = False) -> None:
        """Call `listener(change)` after every change. `first`: before the listeners that are not
        first — for the live counts, which bring the placement up to date (a few buildings'
        worth of work) and hand it back to the document: a view that asks for the placement
        before that would have it recomputed whole (0.6 s on a district, at every edit)."""
        if first:
            self._listeners.insert(sum(1 for fn in self._listeners if fn in self._first), listener)
            self._first.append(listener)
        else:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling `listener` (nothing happens when it was not listening: closing twice is fine)."""
        if listener in self._listeners:
            self._listeners.remove(listener)
        if listener in self._first:
            self._first.remove(listener)

    def notify(self, change: Change) -> None:
        """Record a change that was just made to a layer and tell listeners (edit commands call this)."""
        if change.layer == "backdrops":  # not a layer: the store rewrites the whole list
            self.backdrops_dirty = True
            for listener in list(self._listeners):
                listener(change)
            return
        d = self.dirty[change.layer]
        fids = [int(f) for f in change.fids]
        if change.kind == "add":
            for f in fids:
                if f in d.removed:  # undo of a delete: the row exists in the file again
                    d.removed.discard(f)
                    d.updated.add(f)
                else:
                    d.added.add(f)
        elif change.kind == "remove":
            for f in fids:
                if f in d.added:
                    d.added.discard(f)
                else:
                    d.updated.discard(f)
                    d.removed.add(f)
        elif change.kind in ("update", "geometry"):
            d.updated.update(f for f in fids if f not in d.added)
        if change.kind != "update" or set(change.fields) & self._placement_fields(change.layer):
            self._placement = None
        for listener in list(self._listeners):
            listener(change)

    def _placement_fields(self, layer: str) -> set[str]:
        # Attribute changes that move things between rows of the counts.
        return {"level", "code", "parent", "building", "target", "target_layer"}

    def set_meta(self, key: str, value: Any) -> None:
        """Change one setting kept in the file."""
        self.meta[key] = value
        self.meta_dirty = True
        for listener in list(self.meta_listeners):
            listener(key)

    def del_meta(self, key: str) -> None:
        """Remove one setting kept in the file (nothing happens when it is not there)."""
        if key in self.meta:
            del self.meta[key]
            self.meta_dirty = True
            for listener in list(self.meta_listeners):
                listener(key)

    def mark_saved(self) -> None:
        """Forget what changed (called by the store after a successful save)."""
        for d in self.dirty.values():
            d.added.clear()
            d.updated.clear()
            d.removed.clear()
        self.meta_dirty = False
        self.backdrops_dirty = False

    # -- derived fields -------------------------------------------------------------------------

    def sync_derived(self) -> None:
        """Write the placement (grid, compound) into the derived columns, marking changed rows."""
        p = self.placement
        for layer_name, fields in p.derived_values().items():
            layer = self.layers[layer_name]
            for fname, values in fields.items():
                old = layer.cols[fname]
                differ = np.asarray(old != values, dtype=bool).reshape(-1)
                if differ.any():
                    rows = np.nonzero(differ)[0]
                    layer.set_column(fname, rows, values[rows])
                    d = self.dirty[layer_name]
                    d.updated.update(int(f) for f in layer.fid[rows] if int(f) not in d.added)
