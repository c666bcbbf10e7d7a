"""The CJK font shipped in resources/fonts, so Chinese never turns into boxes on a machine (or a
printer driver) without a Chinese font, and screen and paper use the same glyphs."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from cmdmap.paths import resources_dir

FONT_FAMILY = "Noto Sans SC cmdmap"
FONT_FILES = ("NotoSansSC-cmdmap-Regular.ttf", "NotoSansSC-cmdmap-Bold.ttf")

_loaded: list[str] | None = None


def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts with Qt (once; needs a QGuiApplication); their family names."""
    global _loaded
    if _loaded is not None:
        return _loaded
    if QGuiApplication.instance() is None:
        raise RuntimeError("load_bundled_fonts() needs a QGuiApplication")
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for name in FONT_FILES:
        path = folder / name
        if not path.is_file():
            continue
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            families.extend(f for f in QFontDatabase.applicationFontFamilies(fid) if f not in families)
    _loaded = families
    return families


def map_font(pixel_size: float, bold: bool = False) -> QFont:
    """The map's font at a size in device pixels (the renderer sizes text from the view's dpi)."""
    load_bundled_fonts()
    font = QFont(FONT_FAMILY)
    # Fall back to whatever CJK font the system has if the bundled one is missing.
    font.setFamilies([FONT_FAMILY, "Noto Sans CJK SC", "Noto Sans SC", "sans-serif"])
    font.setPixelSize(max(1, round(pixel_size)))
    font.setBold(bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
