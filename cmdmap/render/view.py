"""Where the map sits on a device: world metres (projected CRS, north up) to device pixels.

Qt-free on purpose, so the canvas, the print layouts and the tests share one piece of arithmetic.
A view is immutable: panning or zooming returns a new one, which makes "has the view changed since
the last render?" a plain equality test.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

METRES_PER_INCH = 0.0254


@dataclass(frozen=True)
class ViewTransform:
    """`center` (world x, y in metres) at the middle of a `width` × `height` pixel device,
    `mpp` metres per device pixel, on a device of `dpi` pixels per inch (for the scale)."""

    cx: float
    cy: float
    mpp: float
    width: int
    height: int
    dpi: float = 96.0

    # -- construction --------------------------------------------------------------------------

    @classmethod
    def fit(cls, bounds: Sequence[float], width: int, height: int, dpi: float = 96.0,
            margin: float = 0.04) -> "ViewTransform":
        """The view showing `bounds` (xmin, ymin, xmax, ymax) whole, with a `margin` share spare."""
        xmin, ymin, xmax, ymax = (float(v) for v in bounds)
        if not np.all(np.isfinite([xmin, ymin, xmax, ymax])):
            xmin, ymin, xmax, ymax = 0.0, 0.0, 1000.0, 1000.0
        w = max(int(width), 1)
        h = max(int(height), 1)
        span_x = max(xmax - xmin, 1.0)
        span_y = max(ymax - ymin, 1.0)
        mpp = max(span_x / w, span_y / h) * (1.0 + 2.0 * margin)
        return cls((xmin + xmax) / 2.0, (ymin + ymax) / 2.0, mpp, w, h, float(dpi))

    def resized(self, width: int, height: int) -> "ViewTransform":
        """The same centre and scale on a device of another size."""
        return replace(self, width=max(int(width), 1), height=max(int(height), 1))

    def panned(self, dx: float, dy: float) -> "ViewTransform":
        """The view after dragging the map by (dx, dy) device pixels."""
        return replace(self, cx=self.cx - dx * self.mpp, cy=self.cy + dy * self.mpp)

    def zoom_about(self, device_point: Sequence[float], factor: float) -> "ViewTransform":
        """Zoom in by `factor` (> 1 in, < 1 out) keeping the world point under `device_point` put."""
        px, py = float(device_point[0]), float(device_point[1])
        wx, wy = self.device_to_world(px, py)
        mpp = self.mpp / float(factor)
        cx = wx - (px - self.width / 2.0) * mpp
        cy = wy + (py - self.height / 2.0) * mpp
        return replace(self, cx=cx, cy=cy, mpp=mpp)

    def with_scale(self, denominator: float) -> "ViewTransform":
        """The same centre at scale 1:`denominator`."""
        return replace(self, mpp=float(denominator) * METRES_PER_INCH / self.dpi)

    # -- mapping -------------------------------------------------------------------------------

    def world_to_device(self, x, y):
        """Device pixel coordinates of world points (scalars or numpy arrays)."""
        dx = (np.asarray(x, dtype=float) - self.cx) / self.mpp + self.width / 2.0
        dy = self.height / 2.0 - (np.asarray(y, dtype=float) - self.cy) / self.mpp
        if np.ndim(dx) == 0:
            return float(dx), float(dy)
        return dx, dy

    def device_to_world(self, px, py):
        """World coordinates (metres) of device pixels (scalars or numpy arrays)."""
        wx = self.cx + (np.asarray(px, dtype=float) - self.width / 2.0) * self.mpp
        wy = self.cy - (np.asarray(py, dtype=float) - self.height / 2.0) * self.mpp
        if np.ndim(wx) == 0:
            return float(wx), float(wy)
        return wx, wy

    @property
    def world_bounds(self) -> tuple[float, float, float, float]:
        """The world rectangle the device shows: (xmin, ymin, xmax, ymax)."""
        hw = self.width * self.mpp / 2.0
        hh = self.height * self.mpp / 2.0
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)

    @property
    def scale_denominator(self) -> float:
        """N in the map scale 1:N (ground metres per metre on the device at `dpi`)."""
        return self.mpp * self.dpi / METRES_PER_INCH

    def mm_to_px(self, mm: float) -> float:
        """Device pixels for a length in millimetres on the device (pen widths, symbol sizes)."""
        return mm * self.dpi / 25.4

    def pt_to_px(self, pt: float) -> float:
        """Device pixels for a font size in typographic points."""
        return pt * self.dpi / 72.0
