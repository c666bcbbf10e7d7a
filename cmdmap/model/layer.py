"""A layer's features held column by column (numpy arrays), so bulk work stays vectorised.

Rows are addressed by `fid` (the GeoPackage primary key). Text, date and bool columns are object
arrays with None for missing; int and real columns are float64 with NaN for missing, so sums and
masks are one numpy call. Only `edit` commands call the mutating methods (they keep undo data);
everything else reads.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import shapely

from cmdmap.model.schema import LayerSpec

_NUMERIC = ("int", "real")


def empty_column(ftype: str, n: int) -> np.ndarray:
    """A column of `n` missing values of type `ftype`."""
    if ftype in _NUMERIC:
        return np.full(n, np.nan, dtype=np.float64)
    return np.full(n, None, dtype=object)


def to_column(ftype: str, values: Sequence[Any]) -> np.ndarray:
    """A numpy column from Python values (None for missing)."""
    if ftype in _NUMERIC:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


class Layer:
    """The features (or records) of one layer kind."""

    def __init__(self, spec: LayerSpec) -> None:
        self.spec = spec
        self.fid = np.zeros(0, dtype=np.int64)
        self.geom: np.ndarray | None = np.zeros(0, dtype=object) if spec.is_spatial else None
        self.cols: dict[str, np.ndarray] = {f.name: empty_column(f.type, 0) for f in spec.fields}
        self._row_of: dict[int, int] | None = None
        self._code_row: dict[str, int] | None = None
        self.next_fid = 1

    # -- reading --------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The table name."""
        return self.spec.name

    def __len__(self) -> int:
        return len(self.fid)

    def row(self, fid: int) -> int:
        """Row index of `fid` (KeyError when absent)."""
        if self._row_of is None:
            self._row_of = {int(f): i for i, f in enumerate(self.fid)}
        return self._row_of[int(fid)]

    def rows(self, fids: Iterable[int]) -> np.ndarray:
        """Row indices of several fids."""
        return np.fromiter((self.row(f) for f in fids), dtype=np.int64)

    def has(self, fid: int) -> bool:
        """True when `fid` is a feature of this layer."""
        try:
            self.row(fid)
        except KeyError:
            return False
        return True

    def code_rows(self) -> dict[str, int]:
        """Row of each code (kept until codes or rows change; do not modify it)."""
        if self._code_row is None:
            codes = self.cols["code"].tolist()
            self._code_row = {c: i for i, c in enumerate(codes) if c is not None}
        return self._code_row

    def find(self, code: str) -> int | None:
        """The fid of the feature whose `code` is `code`, or None."""
        i = self.code_rows().get(code)
        return None if i is None else int(self.fid[i])

    def column(self, name: str) -> np.ndarray:
        """The whole column (do not modify it: go through an edit command)."""
        return self.cols[name]

    def value(self, fid: int, name: str) -> Any:
        """One value as a plain Python object (int for int fields, None for missing)."""
        return self._py(name, self.cols[name][self.row(fid)])

    def _py(self, name: str, v: Any) -> Any:
        ftype = self.spec.field(name).type
        if ftype in _NUMERIC:
            if v != v:  # NaN
                return None
            return int(v) if ftype == "int" else float(v)
        return v

    def record(self, fid: int) -> dict[str, Any]:
        """All attribute values of one feature."""
        r = self.row(fid)
        return {n: self._py(n, c[r]) for n, c in self.cols.items()}

    def geometry(self, fid: int) -> shapely.Geometry | None:
        """The feature's geometry."""
        assert self.geom is not None, f"{self.name} has no geometry"
        return self.geom[self.row(fid)]

    def numeric(self, name: str) -> np.ndarray:
        """A numeric column with missing values as 0 (what counts add up)."""
        return np.nan_to_num(self.cols[name], nan=0.0)

    # -- changing (called by edit commands and loaders only) -----------------------------------

    def _forget_indexes(self, codes_too: bool = True) -> None:
        self._row_of = None
        if codes_too:
            self._code_row = None

    def load(self, fids: np.ndarray, geoms: np.ndarray | None, cols: Mapping[str, np.ndarray]) -> None:
        """Replace the whole content (used when reading a file or building the demo)."""
        self.fid = np.asarray(fids, dtype=np.int64)
        n = len(self.fid)
        if self.spec.is_spatial:
            self.geom = np.asarray(geoms, dtype=object) if geoms is not None else np.full(n, None, object)
        for f in self.spec.fields:
            c = cols.get(f.name)
            self.cols[f.name] = empty_column(f.type, n) if c is None else np.asarray(c, dtype=self.cols[f.name].dtype)
        self.next_fid = int(self.fid.max()) + 1 if n else 1
        self._forget_indexes()

    def insert(self, records: Sequence[Mapping[str, Any]], geoms: Sequence[Any] | None = None,
               fids: Sequence[int] | None = None) -> np.ndarray:
        """Append records; returns their fids (new ones unless `fids` restores old ones)."""
        n = len(records)
        if fids is None:
            new = np.arange(self.next_fid, self.next_fid + n, dtype=np.int64)
        else:
            new = np.asarray(fids, dtype=np.int64)
        self.fid = np.concatenate([self.fid, new])
        if self.geom is not None:
            g = np.empty(n, dtype=object)
            g[:] = list(geoms) if geoms is not None else [None] * n
            self.geom = np.concatenate([self.geom, g])
        for f in self.spec.fields:
            self.cols[f.name] = np.concatenate(
                [self.cols[f.name], to_column(f.type, [r.get(f.name) for r in records])])
        if n:
            self.next_fid = max(self.next_fid, int(new.max()) + 1)
        self._forget_indexes()
        return new

    def delete(self, fids: Sequence[int]) -> None:
        """Remove features."""
        keep = np.ones(len(self.fid), dtype=bool)
        keep[self.rows(fids)] = False
        self.fid = self.fid[keep]
        if self.geom is not None:
            self.geom = self.geom[keep]
        for k in self.cols:
            self.cols[k] = self.cols[k][keep]
        self._forget_indexes()

    def set_values(self, fid: int, values: Mapping[str, Any]) -> None:
        """Set attribute values of one feature (already validated)."""
        r = self.row(fid)
        for k, v in values.items():
            col = self.cols[k]
            col[r] = np.nan if (v is None and col.dtype == np.float64) else v
            if k == "code":
                self._code_row = None

    def set_column(self, name: str, rows: np.ndarray, values: np.ndarray) -> None:
        """Set one column at many rows at once (bulk updates of derived fields)."""
        self.cols[name][rows] = values
        if name == "code":
            self._code_row = None

    def set_geometry(self, fid: int, geom: shapely.Geometry | None) -> None:
        """Replace one feature's geometry."""
        assert self.geom is not None
        self.geom[self.row(fid)] = geom
