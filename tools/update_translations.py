#!/usr/bin/env python3
"""Refresh the UI translations: collect the English source strings from cmdmap/ui and cmdmap/render
into resources/i18n/cmdmap_zh_CN.ts (pyside6-lupdate), then compile the .qm (pyside6-lrelease).

Translate new strings by editing the .ts (Qt Linguist, or by hand: fill each <translation> and drop
type="unfinished"), then run this again. Field, layer and choice titles are not here: they come
from layers/*.toml.

    python3 tools/update_translations.py           # update and compile
    python3 tools/update_translations.py --check   # also fail when a string is untranslated
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("cmdmap/ui", "cmdmap/render")
TS = ROOT / "resources" / "i18n" / "cmdmap_zh_CN.ts"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} not found on PATH (it comes with PySide6)")
    return path


def source_files() -> list[str]:
    """The Python files whose self.tr()/translate() strings are collected, relative to the root."""
    return sorted(str(p.relative_to(ROOT)) for d in SOURCES for p in (ROOT / d).rglob("*.py"))


def unfinished(ts: Path) -> list[str]:
    """Source strings still without a translation."""
    root = ET.parse(ts).getroot()
    return [m.findtext("source") or "" for m in root.iter("message")
            if (m.find("translation") is None or m.find("translation").get("type") == "unfinished")]


def main(argv: list[str] | None = None) -> int:
    """Run lupdate and lrelease; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a string is untranslated")
    args = parser.parse_args(argv)
    TS.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([_tool("pyside6-lupdate"), *source_files(), "-ts", str(TS.relative_to(ROOT)),
                    "-source-language", "en", "-target-language", "zh_CN",
                    "-no-obsolete", "-locations", "relative"], cwd=ROOT, check=True)
    subprocess.run([_tool("pyside6-lrelease"), str(TS.relative_to(ROOT)),
                    "-qm", str(TS.with_suffix(".qm").relative_to(ROOT))], cwd=ROOT, check=True)
    missing = unfinished(TS)
    for text in missing:
        print(f"untranslated: {text}", file=sys.stderr)
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
