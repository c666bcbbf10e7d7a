"""The undo stack: a Qt-free list of done commands (the UI mirrors it in the Edit menu)."""

from __future__ import annotations

from typing import Callable

from cmdmap.edit.commands import Command
from cmdmap.model.document import Document


class UndoStack:
    """Commands done on one document, with undo and redo."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.done: list[Command] = []
        self.undone: list[Command] = []
        self.listeners: list[Callable[[], None]] = []

    def push(self, cmd: Command) -> None:
        """Do `cmd` and remember it (clears the redo list)."""
        cmd.do(self.doc)
        self.done.append(cmd)
        self.undone.clear()
        self._changed()

    def undo(self) -> bool:
        """Undo the last command; False when there is none."""
        if not self.done:
            return False
        cmd = self.done.pop()
        cmd.undo(self.doc)
        self.undone.append(cmd)
        self._changed()
        return True

    def redo(self) -> bool:
        """Redo the last undone command; False when there is none."""
        if not self.undone:
            return False
        cmd = self.undone.pop()
        cmd.do(self.doc)
        self.done.append(cmd)
        self._changed()
        return True

    def _changed(self) -> None:
        for fn in list(self.listeners):
            fn()
