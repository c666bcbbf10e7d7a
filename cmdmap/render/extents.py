"""Where each feature of the spatial layers was as of the last change told, so that a change's
world box covers where its features were before it as well as where they are now (a change is
told after the document changed: the "before" has to be kept from earlier).

Per layer: the fids and bounding boxes by row, in the layer's row order, kept in step with each
change (a move updates a few rows, an add appends, a remove drops rows) rather than recomputed
(200,000 buildings' boxes cost ~10 ms). Optionally a per-row mark whose change alters how a
feature looks although the feature was not the one changed (a grid becomes a leaf, and so gets
a fill, when its last micro-grid goes): the rows whose mark changed are in the change's boxes too.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.events import Change

Mark = Callable[[Document], np.ndarray]


class Extents:
    """Feature boxes per tracked layer, brought up to date by `changed`."""

    def __init__(self, doc: Document, marks: dict[str, Mark] | None = None) -> None:
        self.doc = doc
        self.marks = marks or {}
        # layer -> (fids, boxes (n, 4), marks or None), all by row
        self._held: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray | None]] = {}

    def track(self, name: str) -> None:
        """Start keeping `name`'s boxes (nothing when already kept)."""
        if name not in self._held:
            self._take(name)

    def tracked(self, name: str) -> bool:
        """Whether `name`'s boxes are kept."""
        return name in self._held

    def widest(self, name: str) -> float:
        """The largest width or height of a feature of `name` (0 when none, or not tracked)."""
        held = self._held.get(name)
        if held is None or len(held[1]) == 0:
            return 0.0
        b = held[1]
        span = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
        span = span[np.isfinite(span)]
        return float(span.max()) if len(span) else 0.0

    def changed(self, change: Change) -> np.ndarray | None:
        """The boxes (k, 4) of the features `change` touched, before and after it, plus those
        whose mark it changed; None when that cannot be known (the layer was not tracked, or it
        changed in a way not told). Either way the layer's boxes are up to date afterwards."""
        name = change.layer
        held = self._held.get(name)
        if held is None:
            return None
        try:
            out = self._update(name, change, *held)
        except (KeyError, ValueError, IndexError):
            out = None
        if out is None:
            self._take(name)
        return out

    # -- keeping ---------------------------------------------------------------------------------

    def _take(self, name: str) -> None:
        layer = self.doc[name]
        mark = self.marks.get(name)
        self._held[name] = (layer.fid.copy(), _bounds(layer.geom), None if mark is None else mark(self.doc))

    def _update(self, name: str, change: Change, fids: np.ndarray, boxes: np.ndarray,
                marks: np.ndarray | None) -> np.ndarray | None:
        layer = self.doc[name]
        told = np.asarray(change.fids, dtype=np.int64)
        mark = self.marks.get(name)
        new_marks = None if mark is None else mark(self.doc)
        if change.kind in ("geometry", "update"):
            if not np.array_equal(layer.fid, fids):
                return None
            rows = layer.rows(told)
            after = _bounds(layer.geom[rows])
            out = [boxes[rows], after]
            boxes[rows] = after
            kept = np.arange(len(fids))
        elif change.kind == "add":
            n = len(fids)
            if len(layer) != n + len(told) or not np.array_equal(layer.fid[:n], fids) \
                    or not np.array_equal(np.sort(layer.fid[n:]), np.sort(told)):
                return None
            after = _bounds(layer.geom[n:])
            out = [after]
            boxes = np.concatenate([boxes, after])
            kept = np.arange(n)
        elif change.kind == "remove":
            gone = np.isin(fids, told)
            if not np.array_equal(layer.fid, fids[~gone]):
                return None
            out = [boxes[gone]]
            boxes = boxes[~gone]
            kept = np.nonzero(~gone)[0]
        else:
            return None
        if marks is not None and new_marks is not None:
            # Rows that stayed, by their old and new positions: where their mark changed.
            flipped = np.nonzero(marks[kept] != new_marks[:len(kept)])[0]
            out.append(boxes[flipped])
        self._held[name] = (layer.fid.copy(), boxes, new_marks)
        found = np.concatenate(out) if out else np.zeros((0, 4))
        return found[np.all(np.isfinite(found), axis=1)]


def _bounds(geoms: np.ndarray | None) -> np.ndarray:
    """(xmin, ymin, xmax, ymax) per geometry (NaN for missing or empty ones)."""
    if geoms is None or len(geoms) == 0:
        return np.zeros((0, 4))
    return shapely.bounds(np.asarray(geoms, dtype=object)).astype(float)
