"""Commands that add, remove and restyle scanned-plan backdrops (undoable like any edit)."""

from __future__ import annotations

import numpy as np

from cmdmap.edit.commands import Command, EditError
from cmdmap.model.backdrops import BACKDROPS, Backdrop
from cmdmap.model.document import Document
from cmdmap.model.events import Change


def _told(doc: Document) -> None:
    doc.notify(Change(BACKDROPS, "update", np.zeros(0, np.int64), ("backdrop",)))


def _index(doc: Document, code: str) -> int:
    for i, b in enumerate(doc.backdrops):
        if b.code == code:
            return i
    raise EditError("backdrop_missing", code=code)


class AddBackdrop(Command):
    """Put a georeferenced plan on top of the other backdrops (still under every layer)."""

    def __init__(self, doc: Document, backdrop: Backdrop) -> None:
        if any(b.code == backdrop.code for b in doc.backdrops):
            raise EditError("code_taken", code=backdrop.code)
        self.backdrop = backdrop
        self.text = f"底图 {backdrop.name}"

    def do(self, doc: Document) -> None:
        doc.backdrops.append(self.backdrop)
        _told(doc)

    def undo(self, doc: Document) -> None:
        doc.backdrops.pop(_index(doc, self.backdrop.code))
        _told(doc)


class RemoveBackdrop(Command):
    """Take a plan away; undo puts it back at the same place in the stack."""

    def __init__(self, doc: Document, code: str) -> None:
        self.at = _index(doc, code)
        self.backdrop = doc.backdrops[self.at]
        self.text = f"底图 {self.backdrop.name}"

    def do(self, doc: Document) -> None:
        doc.backdrops.pop(_index(doc, self.backdrop.code))
        _told(doc)

    def undo(self, doc: Document) -> None:
        doc.backdrops.insert(self.at, self.backdrop)
        _told(doc)


class SetBackdropOpacity(Command):
    """Draw a plan more or less transparent (0 … 1)."""

    def __init__(self, doc: Document, code: str, opacity: float) -> None:
        self.at = _index(doc, code)
        self.old = doc.backdrops[self.at]
        self.new = self.old.with_opacity(opacity)
        self.text = f"底图 {self.old.name}"

    def do(self, doc: Document) -> None:
        doc.backdrops[_index(doc, self.new.code)] = self.new
        _told(doc)

    def undo(self, doc: Document) -> None:
        doc.backdrops[_index(doc, self.old.code)] = self.old
        _told(doc)
