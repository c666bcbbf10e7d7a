"""A command that changes one of the file's settings (cmdmap_meta), undoably.

Used where a setting belongs to an edit: an OpenStreetMap import adds the ODbL credit, and undoing
the import must take the credit away with the data.
"""

from __future__ import annotations

from typing import Any

from cmdmap.edit.commands import Command
from cmdmap.model.document import Document

_ABSENT = object()


class SetMeta(Command):
    """Set `key` to `value`; undo restores the old value, or removes the key if there was none."""

    def __init__(self, doc: Document, key: str, value: Any, text: str = "") -> None:
        self.key, self.value = key, value
        self.old = doc.meta.get(key, _ABSENT)
        self.text = text or key

    def do(self, doc: Document) -> None:
        doc.set_meta(self.key, self.value)

    def undo(self, doc: Document) -> None:
        if self.old is _ABSENT:
            doc.del_meta(self.key)
        else:
            doc.set_meta(self.key, self.old)
