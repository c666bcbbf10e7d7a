"""GeoPackage geometry blobs: the 'GP' header (+ envelope) in front of standard WKB, many at a time.

Header (GeoPackage §2.1.3): 'GP', version 0, a flags byte (bit 0 byte order, bits 1–3 envelope
kind, bit 4 empty), the srs_id (int32), then 0, 4, 6 or 8 doubles of envelope. cmdmap writes
little-endian headers with an xy envelope [minx, maxx, miny, maxy]; empty geometries get the
empty flag and no envelope, as GDAL writes them.

Also the ST_* SQL functions the R-tree triggers of GDAL, QGIS and cmdmap files call.
"""

from __future__ import annotations

import sqlite3
import struct
from typing import Sequence

import numpy as np
import shapely

FLAG_LITTLE_ENDIAN = 0x01
FLAG_ENVELOPE_XY = 0x02  # envelope indicator 1, shifted into bits 1-3
FLAG_EMPTY = 0x10

_HEADER = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"),
                    ("srs_id", "<i4"), ("env", "<f8", (4,))])
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
# Header length for each possible flags byte; 0 for an invalid envelope code, so the blob is handed
# to WKB parsing whole (starting with 'GP') and fails there as damaged.
_HEADER_LEN = [8 + _ENVELOPE_BYTES[(f >> 1) & 7] if ((f >> 1) & 7) in _ENVELOPE_BYTES else 0
               for f in range(256)]


def encode(geoms: Sequence | np.ndarray, srs_id: int) -> list[bytes | None]:
    """GeoPackage blobs for an array of shapely geometries (None stays None), built in bulk."""
    g = np.asarray(geoms, dtype=object)
    n = len(g)
    if n == 0:
        return []
    missing = shapely.is_missing(g)
    empty = shapely.is_empty(g) & ~missing
    wkb = shapely.to_wkb(g, output_dimension=2, byte_order=1, include_srid=False)
    header = np.zeros(n, dtype=_HEADER)
    header["magic"] = b"GP"
    header["flags"] = FLAG_LITTLE_ENDIAN | FLAG_ENVELOPE_XY
    header["srs_id"] = srs_id
    header["env"] = shapely.bounds(g)[:, [0, 2, 1, 3]]  # (minx, miny, maxx, maxy) -> minx, maxx, miny, maxy
    raw = header.tobytes()
    size = _HEADER.itemsize
    out: list[bytes | None] = [raw[i * size:(i + 1) * size] + w if w is not None else None
                               for i, w in enumerate(wkb.tolist())]
    if empty.any():
        empty_header = b"GP\x00" + bytes([FLAG_LITTLE_ENDIAN | FLAG_EMPTY]) + struct.pack("<i", srs_id)
        for i in np.nonzero(empty)[0]:
            out[i] = empty_header + wkb[i]
    return out


def strip_headers(blobs: Sequence[bytes | None]) -> list[bytes | None]:
    """The WKB part of each blob (None stays None)."""
    hl = _HEADER_LEN
    return [None if b is None else b[hl[b[3]]:] for b in blobs]


def decode(blobs: Sequence[bytes | None]) -> np.ndarray:
    """Shapely geometries from GeoPackage blobs, with one `from_wkb` call for the whole array.

    Raises ValueError, TypeError, IndexError or shapely.errors.GEOSException on a malformed blob.
    """
    if len(blobs) == 0:
        return np.zeros(0, dtype=object)
    wkb = np.empty(len(blobs), dtype=object)
    wkb[:] = strip_headers(blobs)
    return shapely.from_wkb(wkb)


# -- SQL functions for R-tree triggers -----------------------------------------------------------

def envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of a GeoPackage blob, or None when it is NULL, empty or not a blob."""
    if not isinstance(blob, (bytes, bytearray, memoryview)) or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & FLAG_EMPTY:
        return None
    kind = (flags >> 1) & 7
    if kind in (1, 2, 3, 4) and len(blob) >= 40:
        order = "<" if flags & FLAG_LITTLE_ENDIAN else ">"
        return struct.unpack_from(order + "4d", blob, 8)
    # No envelope in the header (GDAL writes points that way): read the WKB itself.
    try:
        geom = shapely.from_wkb(bytes(blob[_HEADER_LEN[flags] or 8:]))
    except shapely.errors.GEOSException:
        return None
    if geom is None or geom.is_empty:
        return None
    minx, miny, maxx, maxy = geom.bounds
    return (minx, maxx, miny, maxy)


def _st_is_empty(blob):
    if blob is None:
        return None
    return 0 if envelope(blob) is not None else 1


def _coord(i: int):
    def f(blob):
        env = envelope(blob)
        return None if env is None else env[i]
    return f


def register_functions(conn: sqlite3.Connection) -> None:
    """Make ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY, ST_MaxY callable (the R-tree triggers need them)."""
    conn.create_function("ST_IsEmpty", 1, _st_is_empty, deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _coord(i), deterministic=True)
