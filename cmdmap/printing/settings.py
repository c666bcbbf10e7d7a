"""What to print, as one plain dataclass (Qt-free, so it can be stored in the file's meta)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

# ISO 216 sizes in millimetres, portrait (width, height).
PAPERS: dict[str, tuple[float, float]] = {
    "A0": (841.0, 1189.0), "A1": (594.0, 841.0), "A2": (420.0, 594.0),
    "A3": (297.0, 420.0), "A4": (210.0, 297.0),
}
FORMATS = ("pdf", "png", "svg")


@dataclass
class PrintSettings:
    """A wall map's paper, layout and output. `scale` 0 means fit the community to the frame."""

    paper: str = "A3"                       # a key of PAPERS, or "custom"
    custom_mm: tuple[float, float] = (0.0, 0.0)
    landscape: bool = True
    margin_mm: float = 10.0
    title: str = ""                         # empty: community name + 作战图
    scale: float = 0.0                      # 1:scale; 0: fit
    dpi: int = 300                          # PNG pixels per inch (PDF/SVG are vector)
    format: str = "pdf"
    tile: str = ""                          # print on sheets of this paper with overlap ("" none)
    overlap_mm: float = 10.0
    atlas: bool = False                     # one sheet per grid
    atlas_level: str = "grid"               # or "micro": one sheet per micro-grid
    # The grid worker's name is what an atlas sheet is for (#8: whom the sheet belongs to, whom to
    # call per building); staff phones stay off unless ticked, residents' names never print.
    show_staff_names: bool = True
    show_staff_phones: bool = False         # their phone numbers too (personal; never remembered)
    counts_by: str = "auto"                 # "zone", "grid" or auto
    backdrop: bool = True                   # the scanned plans under the map (off: a clean map)

    def page_mm(self, paper: str | None = None) -> tuple[float, float]:
        """The sheet's (width, height) in mm, oriented."""
        name = paper or self.paper
        w, h = self.custom_mm if name == "custom" else PAPERS[name]
        if paper is None and name == "custom":
            return float(w), float(h)
        return (max(w, h), min(w, h)) if self.landscape else (min(w, h), max(w, h))

    def to_meta(self) -> dict[str, Any]:
        """The settings as JSON-friendly values (for doc.set_meta)."""
        d = asdict(self)
        d["custom_mm"] = list(self.custom_mm)
        # Phone numbers are a per-print choice: the next print starts without them again.
        d.pop("show_staff_phones")
        return d

    @classmethod
    def from_meta(cls, data: Any) -> "PrintSettings":
        """Settings from stored values; unknown or bad keys are ignored."""
        s = cls()
        if not isinstance(data, dict):
            return s
        for f in fields(cls):
            if f.name in data and f.name != "show_staff_phones":
                v = data[f.name]
                if f.name == "custom_mm":
                    try:
                        v = (float(v[0]), float(v[1]))
                    except (TypeError, ValueError, IndexError):
                        continue
                elif not isinstance(v, type(getattr(s, f.name))) and not (
                        isinstance(getattr(s, f.name), float) and isinstance(v, int)):
                    continue
                setattr(s, f.name, v)
        return s
