"""Snapping: the vertex or edge of a grid, compound or building near a map point.

Qt-free. A click meant for a corner of a grid lands a few pixels off it; snapping puts it on the
corner exactly, so a new boundary meets the old one with no sliver. Vertices win over edges
(a corner is what a user aims at); the nearest candidate wins within each kind. The layers'
STRtrees are pick.LayerTrees, shared with the canvas's picker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.pick import LayerTrees

SNAP_LAYERS = ("grids", "compounds", "buildings")


@dataclass(frozen=True)
class Snap:
    """Where a point snapped to: `kind` is "vertex" or "edge", on feature `fid` of `layer`."""

    x: float
    y: float
    kind: str
    layer: str
    fid: int


class Snapper:
    """Finds the vertex or edge nearest a point, among the shapes of some layers."""

    def __init__(self, doc: Document, layers: Iterable[str] = SNAP_LAYERS, trees: LayerTrees | None = None) -> None:
        self.doc = doc
        self.layers = tuple(layers)
        # A canvas shares its picker's trees; on its own the snapper keeps (and closes) its own.
        self._own_trees = trees is None
        self.trees = LayerTrees(doc) if trees is None else trees

    def close(self) -> None:
        """Stop listening to the document."""
        if self._own_trees:
            self.trees.close()

    def snap(self, x: float, y: float, tolerance: float, layers: Iterable[str] | None = None,
             skip: Iterable[tuple[float, float]] = ()) -> Snap | None:
        """The vertex, else the edge point, within `tolerance` metres of (x, y); None if there is
        none. Vertices at a `skip` coordinate (the one being dragged) do not count."""
        p = shapely.Point(x, y)
        skipped = {(float(a), float(b)) for a, b in skip}
        best_vertex: tuple[float, Snap] | None = None
        best_edge: tuple[float, Snap] | None = None
        for name in (self.layers if layers is None else layers):
            tree = self.trees.get(name)
            if tree is None:
                continue
            layer = self.doc[name]
            for row in tree.query(p, predicate="dwithin", distance=tolerance):
                geom = layer.geom[row]
                fid = int(layer.fid[row])
                boundary = shapely.boundary(geom) if shapely.get_dimensions(geom) == 2 else geom
                coords = shapely.get_coordinates(boundary)
                if len(coords):
                    d = np.hypot(coords[:, 0] - x, coords[:, 1] - y)
                    for i in np.argsort(d):
                        if d[i] > tolerance:
                            break
                        c = (float(coords[i, 0]), float(coords[i, 1]))
                        if c in skipped:
                            continue
                        if best_vertex is None or d[i] < best_vertex[0]:
                            best_vertex = (float(d[i]), Snap(c[0], c[1], "vertex", name, fid))
                        break
                if shapely.get_dimensions(boundary) >= 1:
                    q = shapely.line_interpolate_point(boundary, shapely.line_locate_point(boundary, p))
                    d_edge = float(shapely.distance(q, p))
                    if d_edge <= tolerance and (best_edge is None or d_edge < best_edge[0]):
                        best_edge = (d_edge, Snap(float(shapely.get_x(q)), float(shapely.get_y(q)), "edge", name, fid))
        if best_vertex is not None:
            return best_vertex[1]
        return best_edge[1] if best_edge is not None else None
