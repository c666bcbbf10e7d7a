"""Which language the user interface speaks: Chinese unless the environment or the saved
preference asks for English.

Qt-free, so the CLI and the window decide the same way. CMDMAP_LANG=en|zh wins; then the language
saved in preferences (`set_preferred`, read once when the application starts, so a change applies
on restart); then the rule of `cmdmap.messages.language()` (the first of LANGUAGE, LC_ALL,
LC_MESSAGES, LANG that is set and not C/POSIX: English when it starts with "en").
"""

from __future__ import annotations

import os

from cmdmap.messages import language

LANGUAGES = ("zh", "en")
_preferred: str | None = None


def set_preferred(lang: str | None) -> None:
    """The language saved in preferences (None: none saved)."""
    global _preferred
    _preferred = lang if lang in LANGUAGES else None


def ui_language() -> str:
    """'zh' (the default) or 'en'."""
    forced = os.environ.get("CMDMAP_LANG", "").strip().lower()
    if not forced.startswith(LANGUAGES) and _preferred is not None:
        return _preferred
    return "en" if language() == "en" else "zh"
