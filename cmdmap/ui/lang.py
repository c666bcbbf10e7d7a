"""Which language the user interface speaks: Chinese unless the environment asks for English.

Qt-free, so the CLI and the window decide the same way. The rule itself lives in
`cmdmap.messages.language()` (CMDMAP_LANG=en|zh first, then the first of LANGUAGE, LC_ALL,
LC_MESSAGES, LANG that is set and not C/POSIX: English when it starts with "en").
"""

from __future__ import annotations

from cmdmap.messages import language


def ui_language() -> str:
    """'zh' (the default) or 'en'."""
    return "en" if language() == "en" else "zh"
