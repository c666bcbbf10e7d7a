"""How the map looks: what layers/*.toml declare, plus the few rules of a printed plan that the
declarations do not carry (grid borders by level, site symbols by kind, when labels appear).

Sizes are in millimetres and points on the device, turned into pixels with the view's dpi, so the
screen and a sheet of paper at the same scale look alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from cmdmap.model.schema import LayerSpec
from cmdmap.render.view import ViewTransform

BACKGROUND = "#f7f5ef"  # the warm off-white of a printed plan
DEFAULT_GRID_COLOR = "#d9d9d9"
DEFAULT_FILL = "#cccccc"


@dataclass(frozen=True)
class LineStyle:
    """A border: colour, width in mm, dashed or not."""

    color: str
    width_mm: float
    dashed: bool = False

    def pen(self, view: ViewTransform, feature_px: float | None = None) -> QPen:
        """A cosmetic pen (width in device pixels whatever the world transform). Given the
        typical size of the features on the device, small ones get a hairline (see LINE_LOD)."""
        width = max(view.mm_to_px(self.width_mm), 0.5)
        if feature_px is not None and feature_px / LINE_LOD < width:
            width = max(1.0, feature_px / LINE_LOD)
            if width < HAIRLINE_BELOW_PX:
                width = 1.0
        pen = QPen(QColor(self.color), width)
        pen.setCosmetic(True)
        # Mitred corners: crisp like a drawn plan, and half the stroking time of round ones.
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if self.dashed:
            pen.setDashPattern([4.0, 3.0])
        return pen


# Borders of features smaller than LINE_LOD times the pen width on the device are drawn as
# hairlines: an overview of 10,000 grids is not a mesh of heavy lines, and Qt strokes a 1-pixel
# cosmetic pen on a fast path (15 ms for 10,000 grids; 0.2-0.5 s at 1.9 px, measured).
LINE_LOD = 25.0
# ... and so are the borders this level of detail thins to under 2 px (a border's own width is
# kept): 1.7 px borders round a district's 10,000 grids cost 140 ms at 1:26,000, 1 px ones 43 ms.
HAIRLINE_BELOW_PX = 2.0

# Grid borders are the strong lines of the map: zones heaviest, micro-grids thin and dashed.
GRID_BORDERS = {
    "zone": LineStyle("#1f1f1f", 0.9),
    "grid": LineStyle("#333333", 0.5),
    "micro": LineStyle("#555555", 0.25, dashed=True),
}


@dataclass(frozen=True)
class LabelStyle:
    """Text of one layer's labels, and from which scale on they appear."""

    size_pt: float
    color: str
    bold: bool = False
    priority: int = 0            # higher is placed first when labels compete for room
    max_scale: float = 1e12      # shown only at 1:N with N <= max_scale
    fit_inside: bool = False     # only when the text fits inside the feature (building numbers)
    min_feature_px: float = 0.0  # only when the feature is at least this wide on the device
    offset_mm: float = 0.0       # below the symbol, for point features


GATE_ARROW_MM = 4.2      # length of a gate's arrow on the device
SITE_MARKER_MM = 3.2     # size of a site's marker
HALO_MM = 0.3            # the white halo round gate arrows and markers (at least 1 px, mitred)

LABELS = {
    "compounds": LabelStyle(10.5, "#3d2b1f", bold=True, priority=50, min_feature_px=30),
    "gates": LabelStyle(7.5, "#1d4e89", priority=40, max_scale=6000, offset_mm=GATE_ARROW_MM + 0.6),
    "sites": LabelStyle(8.0, "#7b241c", priority=45, max_scale=15000, offset_mm=SITE_MARKER_MM / 2 + 0.4),
    "grids": LabelStyle(9.0, "#444444", priority=30, min_feature_px=60),
    "buildings": LabelStyle(7.5, "#222222", priority=10, max_scale=8000, fit_inside=True),
    "risk_zones": LabelStyle(9.0, "#a31515", priority=35, min_feature_px=40),
    "events": LabelStyle(7.5, "#5b2c6f", priority=20, max_scale=4000, offset_mm=SITE_MARKER_MM / 2 + 0.4),
}

GATE_MAX_SCALE = 25000   # arrows are noise on a district overview
POINT_MAX_SCALE = 20000  # sites and events: on a district overview they are noise

# Site symbols, distinct at a glance: (shape, fill colour). Shapes are drawn by symbols.py.
SITE_SYMBOLS = {
    "sampling": ("circle", "#2e86c1"),
    "isolation_hotel": ("square", "#e67e22"),
    "hospital": ("cross", "#c0392b"),
    "checkpoint": ("triangle", "#34495e"),
    "supply": ("diamond", "#1e8449"),
    "clinic": ("cross", "#16a085"),
    "other": ("circle", "#7f8c8d"),
}
GATE_COLORS = {"open": "#1d4e89", "guarded": "#1d4e89", "closed": "#922b21", "sealed": "#922b21"}


def qcolor(hex_color: str | None, alpha: float = 1.0, default: str = DEFAULT_FILL) -> QColor:
    """A QColor from '#rrggbb' (or the default when missing or malformed), with `alpha` 0..1."""
    c = QColor(hex_color) if isinstance(hex_color, str) and hex_color else QColor()
    if not c.isValid():
        c = QColor(default)
    c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def colour_groups(colors: np.ndarray, default: str) -> tuple[np.ndarray, list[str]]:
    """Group index per feature and the distinct colours ('#rrggbb'); missing or bad → default."""
    if len(colors) == 0:
        return np.zeros(0, dtype=np.int64), []
    raw = np.where(colors == None, "", colors).astype(str)  # noqa: E711 — elementwise
    values, inverse = np.unique(raw, return_inverse=True)
    # Only the few distinct values go through Python, never one call per feature.
    names = [QColor(v.strip()).name() if QColor(v.strip()).isValid() else QColor(default).name() for v in values]
    distinct, remap = np.unique(np.array(names, dtype=str), return_inverse=True)
    return remap[inverse].astype(np.int64), [str(v) for v in distinct]


def layer_line(spec: LayerSpec, default: str = "#333333") -> LineStyle:
    """The declared outline of a layer."""
    return LineStyle(str(spec.style.get("stroke", default)), float(spec.style.get("stroke_width", 0.3)))


def layer_fill(spec: LayerSpec) -> tuple[str, float]:
    """The declared fill colour and opacity of a layer."""
    return str(spec.style.get("fill", DEFAULT_FILL)), float(spec.style.get("fill_alpha", 1.0))
