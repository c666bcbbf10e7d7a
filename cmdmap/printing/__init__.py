"""Wall maps on paper: layouts, poster tiles, atlas sheets, and PDF/PNG/SVG export (Qt)."""

from cmdmap.printing.settings import PAPERS, PrintSettings  # noqa: F401
