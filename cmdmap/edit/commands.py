"""The basic commands: set attributes, set a geometry, add and delete features.

Each holds old and new values so undo restores the exact previous state, and validates against
the layer declarations before anything is stored (bad input changes nothing).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.schema import LayerSpec, coerce, validate


class EditError(ValueError):
    """A change was refused: `key` and `params` for messages.message(); nothing was changed."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def validate_values(spec: LayerSpec, values: Mapping[str, Any], lang: str = "zh") -> dict[str, Any]:
    """Coerce and check values against the declarations; EditError on the first bad one."""
    out: dict[str, Any] = {}
    for name, raw in values.items():
        f = spec.field(name)
        title = f.title.get(lang)
        try:
            v = coerce(f, raw)
        except ValueError as exc:
            raise EditError(str(exc), field=title) from None
        problem = validate(f, v)
        if problem:
            raise EditError(problem, field=title, min=f.min, max=f.max, max_length=f.max_length,
                            choices="、".join(c.title.get(lang) for c in f.choices))
        out[name] = v
    return out


class Command:
    """One user gesture's change; `do` and `undo` must be exact inverses."""

    text = ""

    def do(self, doc: Document) -> None:
        """Apply the change."""
        raise NotImplementedError

    def undo(self, doc: Document) -> None:
        """Revert the change."""
        raise NotImplementedError


class SetAttributes(Command):
    """Set some attribute values of one feature."""

    def __init__(self, doc: Document, layer: str, fid: int, values: Mapping[str, Any]) -> None:
        lay = doc[layer]
        self.layer, self.fid = layer, int(fid)
        self.new = validate_values(lay.spec, values)
        if "code" in self.new:
            other = lay.find(self.new["code"])
            if other is not None and other != self.fid:
                raise EditError("code_taken", code=self.new["code"])
        self.old = {k: lay.value(fid, k) for k in self.new}
        self.text = f"{lay.spec.title.zh} {lay.value(fid, 'code')}"

    def _apply(self, doc: Document, values: Mapping[str, Any]) -> None:
        doc[self.layer].set_values(self.fid, values)
        doc.notify(Change(self.layer, "update", np.array([self.fid]), tuple(values)))

    def do(self, doc: Document) -> None:
        self._apply(doc, self.new)

    def undo(self, doc: Document) -> None:
        self._apply(doc, self.old)


class SetGeometry(Command):
    """Replace the geometries of some features (one gesture may move several: a shared edge)."""

    def __init__(self, doc: Document, layer: str, geoms: Mapping[int, shapely.Geometry]) -> None:
        lay = doc[layer]
        for g in geoms.values():
            if g is None or g.is_empty or not g.is_valid:
                raise EditError("geometry_invalid", layer=lay.spec.title.zh, codes=[], reason=shapely.is_valid_reason(g) if g is not None else "")
        self.layer = layer
        self.new = {int(f): g for f, g in geoms.items()}
        self.old = {f: lay.geometry(f) for f in self.new}
        self.text = lay.spec.title.zh

    def _apply(self, doc: Document, geoms: Mapping[int, shapely.Geometry]) -> None:
        lay = doc[self.layer]
        for f, g in geoms.items():
            lay.set_geometry(f, g)
        doc.notify(Change(self.layer, "geometry", np.array(list(geoms), dtype=np.int64)))

    def do(self, doc: Document) -> None:
        self._apply(doc, self.new)

    def undo(self, doc: Document) -> None:
        self._apply(doc, self.old)


class AddFeatures(Command):
    """Add features (records for attribute tables)."""

    def __init__(self, doc: Document, layer: str, records: Sequence[Mapping[str, Any]],
                 geoms: Sequence[shapely.Geometry] | None = None) -> None:
        lay = doc[layer]
        spec = lay.spec
        self.layer = layer
        self.records = []
        for r in records:
            full = {f.name: r.get(f.name, f.default) for f in spec.fields if not f.derived}
            self.records.append(validate_values(spec, full))
        codes = [r["code"] for r in self.records]
        if len(set(codes)) != len(codes) or any(lay.find(c) is not None for c in codes):
            raise EditError("code_taken", code=next((c for c in codes if lay.find(c) is not None or codes.count(c) > 1), ""))
        self.geoms = list(geoms) if geoms is not None else None
        if spec.is_spatial and (self.geoms is None or len(self.geoms) != len(self.records)):
            raise EditError("geometry_missing", layer=spec.title.zh, codes=codes)
        self.fids: np.ndarray | None = None
        self.text = spec.title.zh

    def do(self, doc: Document) -> None:
        lay = doc[self.layer]
        self.fids = lay.insert(self.records, self.geoms, fids=self.fids)
        doc.notify(Change(self.layer, "add", self.fids))

    def undo(self, doc: Document) -> None:
        assert self.fids is not None
        doc[self.layer].delete(self.fids)
        doc.notify(Change(self.layer, "remove", self.fids))


class DeleteFeatures(Command):
    """Delete features; undo puts them back with the same fids and values."""

    def __init__(self, doc: Document, layer: str, fids: Sequence[int]) -> None:
        lay = doc[layer]
        self.layer = layer
        self.fids = np.asarray(fids, dtype=np.int64)
        self.records = [lay.record(f) for f in self.fids]
        self.geoms = [lay.geometry(f) for f in self.fids] if lay.spec.is_spatial else None
        self.text = lay.spec.title.zh

    def do(self, doc: Document) -> None:
        doc[self.layer].delete(self.fids)
        doc.notify(Change(self.layer, "remove", self.fids))

    def undo(self, doc: Document) -> None:
        doc[self.layer].insert(self.records, self.geoms, fids=self.fids)
        doc.notify(Change(self.layer, "add", self.fids))


class Batch(Command):
    """Several commands done and undone as one user step (an import, a split)."""

    def __init__(self, commands: Sequence[Command], text: str = "") -> None:
        self.commands = list(commands)
        self.text = text or "、".join(c.text for c in self.commands)

    def do(self, doc: Document) -> None:
        for c in self.commands:
            c.do(doc)

    def undo(self, doc: Document) -> None:
        for c in reversed(self.commands):
            c.undo(doc)
