"""The edit log kept in the file (`cmdmap_edit_log`): what each save changed, when and by whom.

One row per feature a save added, changed or deleted: time, user, layer, fid, code, the action
and the names of the fields that changed — never their values, so residents' names, phones and
ID numbers are not copied into the log. The user is the name chosen in the window's preferences
(`set_editor_name`), else `CMDMAP_USER` when set, else the OS user name. Written inside the save's transaction: a save and its log
rows land together or not at all.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any


from cmdmap.model.document import Document
from cmdmap.model.schema import LayerSpec

TABLE = "cmdmap_edit_log"
_DDL = (f'CREATE TABLE "{TABLE}" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
        '"changed_at" DATETIME NOT NULL, "user" TEXT, "layer" TEXT NOT NULL, "fid" INTEGER, '
        '"code" TEXT, "action" TEXT NOT NULL, "fields" TEXT)')
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"


_chosen_name: str | None = None  # set by the UI from its preferences (Edit → Preferences…)


def set_editor_name(name: str | None) -> None:
    """The name the user chose for the edit log (None or blank: fall back to the default)."""
    global _chosen_name
    _chosen_name = (name or "").strip() or None


def editor() -> str:
    """Who is saving: the name chosen in preferences, else CMDMAP_USER, else the OS user."""
    return _chosen_name or default_editor()


def default_editor() -> str:
    """Who is saving when no name was chosen: CMDMAP_USER, else the OS user."""
    name = os.environ.get("CMDMAP_USER", "").strip()
    if name:
        return name
    from cmdmap.store.lock import user_name
    return user_name()


def _ensure(conn: sqlite3.Connection) -> None:
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone():
        return
    conn.execute(_DDL)
    conn.execute(f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                 f"VALUES (?, 'attributes', ?, ?, {_NOW})", (TABLE, TABLE, "cmdmap edit log / 修改记录"))


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return str(a) == str(b)


def _changed_fields(conn: sqlite3.Connection, spec: LayerSpec, rows: list[tuple], names: list[str]) -> dict[int, list[str]]:
    """fid -> names of the fields whose new value differs from the file's (rows as the store writes them)."""
    out: dict[int, list[str]] = {}
    fids = [r[0] for r in rows]
    stored: dict[int, tuple] = {}
    cols = ", ".join(f'"{n}"' for n in names)
    for i in range(0, len(fids), 500):
        chunk = fids[i:i + 500]
        for r in conn.execute(f'SELECT {cols} FROM "{spec.name}" WHERE "fid" IN ({", ".join("?" * len(chunk))})', chunk):
            stored[r[0]] = r
    for r in rows:
        old = stored.get(r[0])
        if old is None:
            continue
        out[r[0]] = [n for n, a, b in zip(names[1:], old[1:], r[1:]) if not _same(a, b)]
    return out


def record(conn: sqlite3.Connection, doc: Document, layer_rows) -> None:
    """Log what this save changes (call inside the save's transaction, before the layers are written).

    `layer_rows(spec, fids)` gives the rows the store will write, as (fid, [geom,] values…) tuples.
    """
    entries: list[tuple] = []
    user = editor()
    for spec in doc.schema:
        d = doc.dirty[spec.name]
        if not d:
            continue
        layer = doc[spec.name]
        present = [f for f in sorted(d.added | d.updated) if layer.has(f)]
        names = ["fid"] + (["geom"] if spec.is_spatial else []) + list(spec.field_names)
        rows = layer_rows(spec, present) if present else []
        changed = _changed_fields(conn, spec, rows, names) if rows else {}
        codes = dict(zip(present, layer.cols["code"][layer.rows(present)].tolist())) if present else {}
        for fid in present:
            if fid in changed:
                if changed[fid]:
                    entries.append((user, spec.name, fid, codes[fid], "update", ",".join(changed[fid])))
            else:
                entries.append((user, spec.name, fid, codes[fid], "add", None))
        if d.removed:
            gone = sorted(int(f) for f in d.removed)
            old_codes = {}
            for i in range(0, len(gone), 500):
                chunk = gone[i:i + 500]
                old_codes.update(conn.execute(
                    f'SELECT "fid", "code" FROM "{spec.name}" WHERE "fid" IN ({", ".join("?" * len(chunk))})', chunk))
            entries += [(user, spec.name, f, old_codes[f], "delete", None) for f in gone if f in old_codes]
    if not entries:
        return
    _ensure(conn)
    conn.executemany(f'INSERT INTO "{TABLE}" (changed_at, user, layer, fid, code, action, fields) '
                     f"VALUES ({_NOW}, ?, ?, ?, ?, ?, ?)", entries)
    conn.execute(f"UPDATE gpkg_contents SET last_change = {_NOW} WHERE table_name = ?", (TABLE,))
