"""Several commands as one gesture: one undo step (e.g. a new person and their assignment)."""

from __future__ import annotations

from typing import Sequence

from cmdmap.edit.commands import Command
from cmdmap.model.document import Document


class Batch(Command):
    """Commands done in order and undone in reverse, as one step on the undo stack."""

    def __init__(self, commands: Sequence[Command], text: str = "") -> None:
        self.commands = list(commands)
        self.text = text or (self.commands[0].text if self.commands else "")

    def do(self, doc: Document) -> None:
        for c in self.commands:
            c.do(doc)

    def undo(self, doc: Document) -> None:
        for c in reversed(self.commands):
            c.undo(doc)
