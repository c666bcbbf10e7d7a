"""A growing set of records for one layer, filled in bulk and turned into Layer columns at the end."""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np

from cmdmap.model.schema import LayerSpec


class Table:
    """Records of one layer as lists of column chunks (each chunk a numpy array or a list)."""

    def __init__(self) -> None:
        self.geoms: list[np.ndarray] = []
        self.chunks: dict[str, list[tuple[int, np.ndarray]]] = {}
        self.n = 0

    def add(self, n: int, geoms: Iterable[Any] | None = None, **cols: Any) -> None:
        """Append `n` records; a column given as a scalar is repeated, missing columns stay empty."""
        if n == 0:
            return
        if geoms is not None:
            g = np.empty(n, dtype=object)
            g[:] = list(geoms) if not isinstance(geoms, np.ndarray) else geoms
            self.geoms.append(g)
        for name, v in cols.items():
            if isinstance(v, np.ndarray) or isinstance(v, list):
                arr = np.empty(n, dtype=object)
                arr[:] = list(v) if isinstance(v, list) else v
                if len(arr) != n:
                    raise ValueError(f"column {name}: {len(arr)} values for {n} records")
            else:
                arr = np.full(n, v, dtype=object)
            self.chunks.setdefault(name, []).append((self.n, arr))
        self.n += n

    def set(self, name: str, values: Any) -> None:
        """Replace a whole column (a scalar is repeated)."""
        arr = np.empty(self.n, dtype=object)
        arr[:] = values if not isinstance(values, list) else np.array(values, dtype=object)
        self.chunks[name] = [(0, arr)]

    def column(self, name: str) -> np.ndarray:
        """The values of one column so far (None where not given)."""
        out = np.full(self.n, None, dtype=object)
        for start, arr in self.chunks.get(name, []):
            out[start:start + len(arr)] = arr
        return out

    def geometry(self) -> np.ndarray:
        """All geometries so far."""
        return np.concatenate(self.geoms) if self.geoms else np.zeros(0, dtype=object)

    def layer_columns(self, spec: LayerSpec) -> dict[str, np.ndarray]:
        """Columns typed as the Layer stores them (float64 with NaN for numbers, objects otherwise)."""
        out: dict[str, np.ndarray] = {}
        for f in spec.fields:
            col = self.column(f.name)
            if f.type in ("int", "real"):
                vals = np.full(len(col), np.nan)
                given = col != None  # noqa: E711 — elementwise on an object array
                vals[given] = col[given].astype(np.float64)
                out[f.name] = vals
            else:
                out[f.name] = col
        return out


def concat(tables: list[Table]) -> Table:
    """One table holding the records of all `tables`, in order."""
    out = Table()
    for t in tables:
        if t.n == 0:
            continue
        if t.geoms:
            out.geoms.append(t.geometry())
        for name, chunks in t.chunks.items():
            for start, arr in chunks:
                out.chunks.setdefault(name, []).append((out.n + start, arr))
        out.n += t.n
    return out
