"""Scanned site plans under the map (底图): the image, its control points and the fitted transform.

A backdrop is kept whole in the file (`cmdmap_backdrops`), so it reopens in place on another PC.
It is a document-level list rather than a layer: it has no features, no counts and no codes that
other tables point at. Changes go through the commands in `cmdmap.edit.backdrops` and are told to
listeners as `Change(BACKDROPS, "update", fields=("backdrop",))`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cmdmap.model.georef import Fit, fit

BACKDROPS = "backdrops"  # the Change.layer of backdrop edits (not a layer of the schema)


@dataclass(frozen=True)
class Backdrop:
    """One georeferenced image: `matrix` maps pixel (column, row) to world metres."""

    code: str
    name: str
    image: bytes                                   # the PNG or JPEG file as it was picked
    fmt: str                                       # "png" or "jpeg"
    width: int                                     # pixels
    height: int
    kind: str                                      # "affine" or "similarity"
    pixels: tuple[tuple[float, float], ...]        # control points on the image (column, row)
    world: tuple[tuple[float, float], ...]         # the same points on the map (x, y metres)
    matrix: tuple[tuple[float, float, float], tuple[float, float, float]]
    opacity: float = 0.6

    @classmethod
    def fitted(cls, code: str, name: str, image: bytes, fmt: str, width: int, height: int, kind: str,
               pixels, world, opacity: float = 0.6) -> "Backdrop":
        """A backdrop whose transform is fitted to the control points (GeorefError if it cannot be)."""
        f = fit(np.asarray(pixels, float), np.asarray(world, float), kind)
        return cls(code, name, image, fmt, int(width), int(height), kind,
                   tuple((float(c), float(r)) for c, r in pixels), tuple((float(x), float(y)) for x, y in world),
                   tuple(tuple(float(v) for v in row) for row in f.matrix), float(opacity))

    @property
    def fit(self) -> Fit:
        """The transform with the control points' residuals."""
        return fit(np.asarray(self.pixels), np.asarray(self.world), self.kind)

    def with_opacity(self, opacity: float) -> "Backdrop":
        """The same backdrop drawn at another opacity (0 transparent … 1 opaque)."""
        return replace(self, opacity=min(1.0, max(0.0, float(opacity))))

    def bounds(self) -> tuple[float, float, float, float]:
        """World bounds of the image's four corners."""
        m = np.asarray(self.matrix)
        corners = np.array([[0, 0, 1], [self.width, 0, 1], [0, self.height, 1], [self.width, self.height, 1]], float)
        w = corners @ m.T
        return (float(w[:, 0].min()), float(w[:, 1].min()), float(w[:, 0].max()), float(w[:, 1].max()))
