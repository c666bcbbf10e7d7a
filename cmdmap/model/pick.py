"""What lies under a map point: the feature a click selects, and the one the cursor hovers.

Qt-free. One shapely STRtree per layer, built at the first pick and dropped when that layer
changes, so a pick on a district of 200,000 buildings is a tree query, not a scan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.events import Change

# Buildings sit on top of everything a user points at; then the point features drawn over them,
# then compounds, then grids (the finest grid holding the point).
AREA_ORDER_BEFORE_POINTS = ("buildings",)
POINT_LAYERS = ("gates", "sites")
AREA_ORDER_AFTER_POINTS = ("compounds", "grids")


@dataclass(frozen=True)
class Picked:
    """One feature: its layer and fid."""

    layer: str
    fid: int


class LayerTrees:
    """One STRtree per layer, built at first use and dropped when that layer's shapes change
    (shared by picking and snapping, so a canvas indexes each layer once)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._trees: dict[str, shapely.STRtree] = {}
        doc.subscribe(self._on_change)

    def close(self) -> None:
        """Stop listening to the document."""
        self.doc.unsubscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.kind != "update":  # attribute edits leave the shapes where they were
            self._trees.pop(change.layer, None)
        if change.layer not in self.doc.layers:
            self._trees.clear()

    def get(self, name: str) -> shapely.STRtree | None:
        """The tree of layer `name` (rows as in the layer), None when it has no shapes."""
        layer = self.doc.layers.get(name)
        if layer is None or layer.geom is None or len(layer) == 0:
            return None
        tree = self._trees.get(name)
        if tree is None:
            geoms = np.where(shapely.is_missing(layer.geom), None, layer.geom)
            tree = self._trees[name] = shapely.STRtree(geoms)
        return tree


class Picker:
    """Finds features under world points; keeps its spatial indexes in step with the document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.trees = LayerTrees(doc)

    def close(self) -> None:
        """Stop listening to the document."""
        self.trees.close()

    def _area_at(self, name: str, x: float, y: float) -> Picked | None:
        tree = self.trees.get(name)
        if tree is None:
            return None
        rows = tree.query(shapely.Point(x, y), predicate="intersects")
        if len(rows) == 0:
            return None
        layer = self.doc[name]
        # Nested features (a micro-grid inside its grid inside its zone): the smallest wins.
        best = rows[int(np.argmin(shapely.area(layer.geom[rows])))]
        return Picked(name, int(layer.fid[best]))

    def _point_near(self, name: str, x: float, y: float, tolerance: float) -> Picked | None:
        tree = self.trees.get(name)
        if tree is None:
            return None
        p = shapely.Point(x, y)
        rows = tree.query(p, predicate="dwithin", distance=tolerance)
        if len(rows) == 0:
            return None
        layer = self.doc[name]
        best = rows[int(np.argmin(shapely.distance(layer.geom[rows], p)))]
        return Picked(name, int(layer.fid[best]))

    def pick(self, x: float, y: float, tolerance: float = 0.0, hidden: frozenset[str] = frozenset()) -> Picked | None:
        """The feature a click at world (x, y) means; point features count within `tolerance` metres."""
        for name in AREA_ORDER_BEFORE_POINTS:
            if name not in hidden and (hit := self._area_at(name, x, y)):
                return hit
        for name in POINT_LAYERS:
            if name not in hidden and (hit := self._point_near(name, x, y, tolerance)):
                return hit
        for name in AREA_ORDER_AFTER_POINTS:
            if name not in hidden and (hit := self._area_at(name, x, y)):
                return hit
        return None
