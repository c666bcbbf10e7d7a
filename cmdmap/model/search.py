"""Finding a grid, compound or building by what a desk calls it: "3栋", "果林溪谷", "果林溪谷3栋",
"W12", "第12网格". Qt-free; vectorised over numpy string arrays, so a district of 200,000
buildings answers while the user types.

Ranking: an exact code or name first, then names that start with the text, then names that
contain it; at equal quality grids before compounds before buildings, shorter names first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.events import Change

# Layer, the fields searched, the field shown.
SEARCHED = (
    ("grids", ("code", "name"), "name"),
    ("compounds", ("code", "name"), "name"),
    ("buildings", ("code", "number"), "code"),
)
EXACT, PREFIX, CONTAINS = 0, 1, 2


@dataclass(frozen=True)
class Hit:
    """One feature that matches: where it is, what to show, how well it matched (lower is better)."""

    layer: str
    fid: int
    text: str
    code: str
    quality: int


def normalise(text: str) -> str:
    """What comparisons see: case folded, no spaces, dashes or middle dots, no leading zeros in
    numbers ("果林溪谷-3栋" = "果林溪谷3栋", "W1" = "w01")."""
    out = str(text).casefold()
    for ch in " \t-_·—–－　":
        out = out.replace(ch, "")
    return re.sub(r"(?<!\d)0+(?=\d)", "", out)


def _norm_column(values: np.ndarray) -> np.ndarray:
    return np.array([normalise(v) if v is not None else "" for v in values], dtype=str) if len(values) \
        else np.zeros(0, dtype=str)


class SearchIndex:
    """Normalised names per layer, rebuilt only after that layer changes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._cols: dict[str, list[np.ndarray]] = {}
        doc.subscribe(self._on_change)

    def close(self) -> None:
        """Stop listening to the document."""
        self.doc.unsubscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        self._cols.pop(change.layer, None)

    def _columns(self, name: str, fields: tuple[str, ...]) -> list[np.ndarray]:
        cols = self._cols.get(name)
        if cols is None:
            layer = self.doc[name]
            cols = self._cols[name] = [_norm_column(layer.column(f)) for f in fields if f in layer.cols]
        return cols

    def search(self, text: str, limit: int = 30, near: tuple[float, float] | None = None) -> list[Hit]:
        """The best matches for `text`, best first (at most `limit`); among equals, those nearest
        `near` (the middle of the view: "3栋" means the 3栋 the user is looking at)."""
        q = normalise(text)
        if not q:
            return []
        found: list[tuple[tuple, Hit]] = []
        for order, (name, fields, shown) in enumerate(SEARCHED):
            if name not in self.doc.layers or len(self.doc[name]) == 0:
                continue
            layer = self.doc[name]
            quality = np.full(len(layer), 9, dtype=np.int8)
            for col in self._columns(name, fields):
                quality = np.minimum(quality, np.where(col == q, EXACT, 9))
                quality = np.minimum(quality, np.where(np.char.startswith(col, q), PREFIX, 9))
                quality = np.minimum(quality, np.where(np.char.find(col, q) >= 0, CONTAINS, 9))
            rows = np.nonzero(quality < 9)[0]
            dist = np.zeros(len(rows))
            if near is not None and len(rows) and layer.geom is not None:
                dist = np.nan_to_num(shapely.distance(layer.geom[rows], shapely.Point(*near)), nan=np.inf)
            # Keep this layer's best `limit` before building Python objects.
            keep = np.lexsort((dist, quality[rows]))[:limit]
            rows, dist = rows[keep], dist[keep]
            codes = layer.column("code")
            labels = layer.column(shown)
            for r, d in zip(rows.tolist(), dist.tolist()):
                label = str(labels[r] if labels[r] is not None else codes[r])
                hit = Hit(name, int(layer.fid[r]), label, str(codes[r]), int(quality[r]))
                found.append(((hit.quality, order, d, len(label), label), hit))
        found.sort(key=lambda kv: kv[0])
        return [h for _, h in found[:limit]]
