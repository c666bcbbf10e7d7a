"""Where the data folders are: beside the package in a checkout, inside it in a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The `layers` or `resources` folder, from a wheel (cmdmap/_data/NAME) or a checkout."""
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cmdmap data folder {name!r} not found beside {_PKG}")


def layers_dir() -> Path:
    """The layer declarations (one TOML file per layer kind)."""
    return data_dir("layers")


def resources_dir() -> Path:
    """Fonts, translations, icons."""
    return data_dir("resources")
