"""The `cmdmap_backdrops` table: scanned plans kept in the GeoPackage with their transforms.

An attributes table registered in gpkg_contents (so GDAL's validator and QGIS see a proper table,
not a stray one) with the image file as a BLOB, its control points and the fitted 2×3 matrix as
JSON text. The whole list is rewritten when it changed: a desk has one or two plans, not thousands.
"""

from __future__ import annotations

import json
import sqlite3

from cmdmap.model.backdrops import Backdrop
from cmdmap.model.document import Document

TABLE = "cmdmap_backdrops"
_DDL = (f'CREATE TABLE "{TABLE}" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "code" TEXT NOT NULL UNIQUE, '
        '"name" TEXT, "format" TEXT NOT NULL, "image" BLOB NOT NULL, "width" INTEGER NOT NULL, '
        '"height" INTEGER NOT NULL, "kind" TEXT NOT NULL, "control_points" TEXT NOT NULL, '
        '"matrix" TEXT NOT NULL, "opacity" REAL NOT NULL, "position" INTEGER NOT NULL)')
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"


def write(conn: sqlite3.Connection, doc: Document) -> None:
    """Replace the stored backdrops with the document's (inside the caller's transaction)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone()
    if not exists:
        if not doc.backdrops:
            return  # files without plans get no empty table
        conn.execute(_DDL)
        conn.execute(f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                     f"VALUES (?, 'attributes', ?, ?, {_NOW})", (TABLE, TABLE, "cmdmap scanned plans / 底图"))
    conn.execute(f'DELETE FROM "{TABLE}"')
    conn.executemany(
        f'INSERT INTO "{TABLE}" (code, name, format, image, width, height, kind, control_points, matrix, '
        'opacity, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [(b.code, b.name, b.fmt, sqlite3.Binary(b.image), b.width, b.height, b.kind,
          json.dumps({"pixels": b.pixels, "world": b.world}), json.dumps(b.matrix), b.opacity, i)
         for i, b in enumerate(doc.backdrops)])
    conn.execute(f"UPDATE gpkg_contents SET last_change = {_NOW} WHERE table_name = ?", (TABLE,))


def read(conn: sqlite3.Connection) -> list[Backdrop]:
    """The stored backdrops, bottom first (none when the file has no table)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone():
        return []
    out = []
    for code, name, fmt, image, w, h, kind, points, matrix, opacity in conn.execute(
            f'SELECT code, name, format, image, width, height, kind, control_points, matrix, opacity '
            f'FROM "{TABLE}" ORDER BY position, id'):
        pts = json.loads(points)
        m = json.loads(matrix)
        out.append(Backdrop(str(code), str(name or code), bytes(image), str(fmt), int(w), int(h), str(kind),
                            tuple(tuple(p) for p in pts["pixels"]), tuple(tuple(p) for p in pts["world"]),
                            (tuple(m[0]), tuple(m[1])), float(opacity)))
    return out
