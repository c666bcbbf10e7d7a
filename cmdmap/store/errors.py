"""Why a file could not be opened or saved: a message key plus its parameters, never a traceback."""

from __future__ import annotations

from typing import Any

class StoreError(Exception):
    """A file problem the user must be told about: `key` names it, `params` fill the message."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")

    def message(self, lang: str | None = None) -> str:
        """The user-facing text, in `lang` or the user's language."""
        from cmdmap.messages import message
        return message(self.key, lang, **self.params)
