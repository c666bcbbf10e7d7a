"""Read and write cmdmap documents as GeoPackages, with Python's sqlite3 and vectorised shapely.

- `create` writes a whole new file into a temporary file beside the target and moves it into place
  only when it is complete; `save_as` is `create` + "the document is saved".
- `open_document` opens read-only (`mode=ro`) and reads each table in one query, decoding all its
  geometries with one `shapely.from_wkb` call (DESIGN.md §4: the fastest read we measured).
- `save` writes only what changed since the last save, in one `BEGIN IMMEDIATE … COMMIT`
  transaction with the rollback journal, so a failure leaves the file as it was and a finished
  save leaves nothing beside the .gpkg.

Layout: one table per layer of layers/*.toml (plain names: buildings, grids, …) with `fid`, `geom`
and one column per field; an R-tree per feature table with GDAL's triggers; `cmdmap_meta`
(settings + format_version); `layer_styles` with a default QGIS style per feature layer.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sqlite3
import tempfile
import uuid
import weakref
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import shapely

from cmdmap.model.document import Document
from cmdmap.model.layer import Layer
from cmdmap.model.schema import FieldSpec, LayerSpec, Schema
from cmdmap.store import backdrop_table, backups, blob, crs, editlog, journal, qgis_style, recovery
from cmdmap.store.errors import StoreError

FORMAT_VERSION = 1
APPLICATION_ID = 0x47504B47  # 'GPKG'
# GeoPackage 1.2: what GDAL 3.6 (Debian 12, under QGIS 3.22) writes and reads without warnings;
# nothing cmdmap writes needs 1.3/1.4.
USER_VERSION = 10200
META_TABLE = "cmdmap_meta"
STYLE_TABLE = "layer_styles"
GEOM_COLUMN = "geom"
FID = "fid"
_INTERNAL_META = ("format_version", "file_id", "epsg")
_SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "real": "DOUBLE", "date": "DATE", "bool": "BOOLEAN"}
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
_RTREE_DEFINITION = "http://www.geopackage.org/spec120/#extension_rtree"

# Which file (real path, file_id) each document was last read from or written to: `save` writes
# only changes when the target is that very file, and the whole document otherwise.
_ORIGIN: "weakref.WeakKeyDictionary[Document, tuple[str, str]]" = weakref.WeakKeyDictionary()


def q(name: str) -> str:
    """A quoted SQL identifier (field names such as `end` are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


# -- the GeoPackage core tables (as GDAL creates them, so its validator and QGIS accept them) ----

_CORE_DDL = (
    "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL,srs_id INTEGER NOT NULL PRIMARY KEY,"
    "organization TEXT NOT NULL,organization_coordsys_id INTEGER NOT NULL,definition  TEXT NOT NULL,"
    "description TEXT)",
    "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY,data_type TEXT NOT NULL,"
    "identifier TEXT UNIQUE,description TEXT DEFAULT '',last_change DATETIME NOT NULL DEFAULT "
    "(strftime('%Y-%m-%dT%H:%M:%fZ','now')),min_x DOUBLE, min_y DOUBLE,max_x DOUBLE, max_y DOUBLE,"
    "srs_id INTEGER,CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))",
    "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL,column_name TEXT NOT NULL,"
    "geometry_type_name TEXT NOT NULL,srs_id INTEGER NOT NULL,z TINYINT NOT NULL,m TINYINT NOT NULL,"
    "CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),CONSTRAINT uk_gc_table_name "
    "UNIQUE (table_name),CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES "
    "gpkg_contents(table_name),CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES "
    "gpkg_spatial_ref_sys (srs_id))",
    "CREATE TABLE gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,"
    "definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
    "extension_name))",
)

# The columns QGIS gives `layer_styles` (QgsOgrUtils::saveStyle, through GDAL): QGIS finds a
# layer's default style there with f_table_schema = '' and useAsDefault = 1.
_STYLE_DDL = (
    f"CREATE TABLE {q(STYLE_TABLE)} ( \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
    "\"f_table_catalog\" TEXT(256), \"f_table_schema\" TEXT(256), \"f_table_name\" TEXT(256), "
    "\"f_geometry_column\" TEXT(256), \"styleName\" TEXT(30), \"styleQML\" TEXT, \"styleSLD\" TEXT, "
    "\"useAsDefault\" BOOLEAN, \"description\" TEXT, \"owner\" TEXT(30), \"ui\" TEXT(30), "
    f"\"update_time\" DATETIME DEFAULT ({_NOW}))"
)

# An attributes table must have an INTEGER primary key (GeoPackage Req 119), so `key` is UNIQUE.
_META_DDL = (f"CREATE TABLE {q(META_TABLE)} (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
             "\"key\" TEXT NOT NULL UNIQUE, \"value\" TEXT)")


def _rtree_sql(table: str, geom: str = GEOM_COLUMN, pk: str = FID) -> tuple[str, list[str]]:
    """The R-tree table and its six triggers, exactly as GDAL writes them (GeoPackage Annex F.3)."""
    rt = f"rtree_{table}_{geom}"
    t, g, i, r = q(table), q(geom), q(pk), q(rt)
    ins = (f"INSERT OR REPLACE INTO {r} VALUES (NEW.{i},ST_MinX(NEW.{g}), ST_MaxX(NEW.{g}),"
           f"ST_MinY(NEW.{g}), ST_MaxY(NEW.{g}))")
    create = f"CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)"
    triggers = [
        f"CREATE TRIGGER {q(rt + '_insert')} AFTER INSERT ON {t} WHEN (new.{g} NOT NULL AND NOT "
        f"ST_IsEmpty(NEW.{g})) BEGIN {ins}; END",
        f"CREATE TRIGGER {q(rt + '_update1')} AFTER UPDATE OF {g} ON {t} WHEN OLD.{i} = NEW.{i} AND "
        f"(NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) BEGIN {ins}; END",
        f"CREATE TRIGGER {q(rt + '_update2')} AFTER UPDATE OF {g} ON {t} WHEN OLD.{i} = NEW.{i} AND "
        f"(NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END",
        f"CREATE TRIGGER {q(rt + '_update3')} AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND "
        f"(NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM {r} WHERE id = OLD.{i}; {ins}; END",
        f"CREATE TRIGGER {q(rt + '_update4')} AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND "
        f"(NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) BEGIN DELETE FROM {r} WHERE id IN (OLD.{i}, NEW.{i}); END",
        f"CREATE TRIGGER {q(rt + '_delete')} AFTER DELETE ON {t} WHEN old.{g} NOT NULL BEGIN "
        f"DELETE FROM {r} WHERE id = OLD.{i}; END",
    ]
    return create, triggers


# -- connections ---------------------------------------------------------------------------------

def _uri(path: Path, mode: str) -> str:
    # as_uri() percent-encodes every name (Chinese, '?', '#', spaces) and gives file:///C:/… on
    # Windows, both of which SQLite's URI parser understands.
    return f"{path.resolve().as_uri()}?mode={mode}"


def _connect(path: Path, mode: str, shared: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN/COMMIT) with the ST_* functions registered.

    `shared`: usable from any thread, one at a time (a deferred read may be asked for by a worker).
    """
    conn = sqlite3.connect(_uri(path, mode), uri=True, isolation_level=None, timeout=5.0,
                           check_same_thread=not shared)
    blob.register_functions(conn)
    return conn


# -- values between numpy columns and SQLite -----------------------------------------------------

def _to_sql(ftype: str, col: np.ndarray) -> list:
    """Python values SQLite accepts (int, float, str, None) for one column slice."""
    n = len(col)
    if ftype in ("int", "real"):
        arr = np.asarray(col, dtype=np.float64)
        ok = ~np.isnan(arr)
        out = np.full(n, None, dtype=object)
        if ok.any():
            vals = np.rint(arr[ok]).astype(np.int64) if ftype == "int" else arr[ok]
            out[ok] = vals.tolist()
        return out.tolist()
    if ftype == "bool":
        return [None if v is None else int(bool(v)) for v in col.tolist()]
    if ftype == "date":
        return [None if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v))
                for v in col.tolist()]
    return [v if v is None or isinstance(v, str) else str(v) for v in col.tolist()]


def _from_sql(spec: FieldSpec, values: Sequence[Any]) -> np.ndarray:
    """A numpy column of the field's type from what SQLite returned."""
    n = len(values)
    if spec.type in ("int", "real", "bool"):
        try:
            arr = np.array(values, dtype=np.float64) if n else np.zeros(0)
        except (TypeError, ValueError):
            # Text in a number column (typed in by hand in QGIS): keep what parses, drop the rest.
            arr = np.array([_number_or_nan(v) for v in values], dtype=np.float64)
        if spec.type != "bool":
            return arr
        out = np.full(n, None, dtype=object)
        ok = ~np.isnan(arr)
        out[ok] = (arr[ok] != 0).tolist()
        return out
    out = np.empty(n, dtype=object)
    # A TEXT column comes back as str and None: take it as it is (one C pass; converting cell by
    # cell cost 0.6 s on a district's 2 million cells) and convert only when a number or a blob
    # slipped in (typed in by hand in QGIS).
    if n and set(map(type, values)) <= _TEXT_TYPES:
        out[:] = values
    else:
        out[:] = [v if v is None or isinstance(v, str) else str(v) for v in values] if n else []
    return out


_TEXT_TYPES = {str, type(None)}


def _number_or_nan(v: Any) -> float:
    try:
        return float(v) if v is not None else np.nan
    except (TypeError, ValueError):
        if isinstance(v, str) and v.strip().lower() in ("true", "false"):
            return 1.0 if v.strip().lower() == "true" else 0.0
        return np.nan


def _layer_rows(spec: LayerSpec, layer: Layer, rows: np.ndarray, srs_id: int) -> list[tuple]:
    """(fid, [geom blob,] field values…) tuples for the given row indices, built column-wise."""
    columns: list[list] = [layer.fid[rows].tolist()]
    if spec.is_spatial:
        assert layer.geom is not None
        columns.append(blob.encode(layer.geom[rows], srs_id))
    for f in spec.fields:
        columns.append(_to_sql(f.type, layer.cols[f.name][rows]))
    return list(zip(*columns))


def _column_names(spec: LayerSpec) -> list[str]:
    return [FID] + ([GEOM_COLUMN] if spec.is_spatial else []) + list(spec.field_names)


def _extent(layer: Layer) -> tuple[float | None, ...]:
    """(min_x, min_y, max_x, max_y) of a layer, Nones when it has no geometry."""
    if layer.geom is None or len(layer.geom) == 0:
        return (None, None, None, None)
    b = shapely.total_bounds(layer.geom)
    if not np.all(np.isfinite(b)):
        return (None, None, None, None)
    return tuple(float(v) for v in b)


# -- writing a whole document --------------------------------------------------------------------

def _create_schema_objects(conn: sqlite3.Connection, spec: LayerSpec, srs_id: int) -> None:
    """The table of one layer, its gpkg_contents / gpkg_geometry_columns rows and its code index."""
    cols = [f"{q(FID)} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"]
    if spec.is_spatial:
        cols.append(f"{q(GEOM_COLUMN)} {spec.geometry}")
    cols += [f"{q(f.name)} {_SQL_TYPES[f.type]}" for f in spec.fields]
    conn.execute(f"CREATE TABLE {q(spec.name)} ({', '.join(cols)})")
    conn.execute(f"CREATE UNIQUE INDEX {q(spec.name + '_code_unique')} ON {q(spec.name)} ({q('code')})")
    conn.execute(
        f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) "
        f"VALUES (?, ?, ?, ?, {_NOW}, ?)",
        (spec.name, "features" if spec.is_spatial else "attributes", spec.title.zh, spec.title.en,
         srs_id if spec.is_spatial else None))
    if spec.is_spatial:
        conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
                     (spec.name, GEOM_COLUMN, spec.geometry, srs_id))


def _create_rtree(conn: sqlite3.Connection, spec: LayerSpec, layer: Layer | None) -> None:
    """The R-tree of a feature table, filled in bulk from the layer's bounds, then its triggers.

    Filling before the triggers exist avoids five Python calls per row (ST_MinX …) on creation.
    """
    create, triggers = _rtree_sql(spec.name)
    conn.execute(create)
    if layer is not None and len(layer):
        assert layer.geom is not None
        b = shapely.bounds(layer.geom)
        ok = np.all(np.isfinite(b), axis=1)
        conn.executemany(f"INSERT INTO {q(f'rtree_{spec.name}_{GEOM_COLUMN}')} VALUES (?, ?, ?, ?, ?)",
                         zip(layer.fid[ok].tolist(), b[ok, 0].tolist(), b[ok, 2].tolist(),
                             b[ok, 1].tolist(), b[ok, 3].tolist()))
    for sql in triggers:
        conn.execute(sql)
    conn.execute("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')",
                 (spec.name, GEOM_COLUMN, _RTREE_DEFINITION))


def _ensure_srs(conn: sqlite3.Connection, epsg: int) -> None:
    if conn.execute("SELECT 1 FROM gpkg_spatial_ref_sys WHERE srs_id = ?", (epsg,)).fetchone():
        return
    conn.execute("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, NULL)",
                 (crs.crs_name(epsg), epsg, epsg, crs.wkt1(epsg)))


def _write_new(conn: sqlite3.Connection, doc: Document, file_id: str) -> None:
    """Everything of `doc` into an empty database."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    for sql in _CORE_DDL:
        conn.execute(sql)
    conn.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", [
        ("Undefined Cartesian SRS", -1, "NONE", -1, "undefined",
         "undefined Cartesian coordinate reference system"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined",
         "undefined geographic coordinate reference system"),
        ("WGS 84 geodetic", 4326, "EPSG", 4326, crs.wkt1(4326),
         "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
    ])
    _ensure_srs(conn, doc.epsg)
    for spec in doc.schema:
        layer = doc[spec.name]
        _create_schema_objects(conn, spec, doc.epsg)
        if len(layer):
            names = _column_names(spec)
            conn.executemany(
                f"INSERT INTO {q(spec.name)} ({', '.join(map(q, names))}) VALUES ({', '.join('?' * len(names))})",
                _layer_rows(spec, layer, np.arange(len(layer)), doc.epsg))
        if spec.is_spatial:
            _create_rtree(conn, spec, layer)
            _touch(conn, spec.name, _extent(layer))
    conn.execute(_META_DDL)
    conn.execute(f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                 f"VALUES (?, 'attributes', ?, ?, {_NOW})", (META_TABLE, META_TABLE, "cmdmap settings"))
    _write_meta(conn, doc, file_id)
    _write_styles(conn, doc)
    backdrop_table.write(conn, doc)


def _write_meta(conn: sqlite3.Connection, doc: Document, file_id: str) -> None:
    rows = {k: v for k, v in doc.meta.items() if k not in _INTERNAL_META}
    rows.update(format_version=FORMAT_VERSION, file_id=file_id, epsg=doc.epsg)
    conn.execute(f"DELETE FROM {q(META_TABLE)}")
    conn.executemany(f"INSERT INTO {q(META_TABLE)} (key, value) VALUES (?, ?)",
                     [(str(k), json.dumps(v, ensure_ascii=False, default=_json_default)) for k, v in rows.items()])
    _touch(conn, META_TABLE)


def _json_default(v: Any) -> Any:
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (set, tuple, np.ndarray)):
        return list(v)
    raise TypeError(f"cannot store {type(v).__name__} in the file's settings")


def _write_styles(conn: sqlite3.Connection, doc: Document, file_id: str | None = None) -> str | None:
    """(Re)write cmdmap's default QGIS style of each feature layer; other styles are left alone.

    Our style is made the default only when the layer has no default yet, so a style a QGIS user
    saved as default stays the default. A district's styles are ~40 MB of QML that take seconds to
    build, so a save skips them when nothing they depend on changed since this file's last save
    in this session. Returns the inputs' digest when it wrote them (for `_STYLES_SAVED`).
    """
    digest = qgis_style.inputs(doc)
    if file_id is not None and _STYLES_SAVED.get(file_id) == digest and _has_our_styles(conn, doc):
        return None
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (STYLE_TABLE,)).fetchone():
        conn.execute(_STYLE_DDL)
        conn.execute(f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                     f"VALUES (?, 'attributes', ?, '', {_NOW})", (STYLE_TABLE, STYLE_TABLE))
    description = "cmdmap 默认样式（每次保存时重新生成）"
    for name, qml in qgis_style.styles(doc).items():
        row = conn.execute(
            f"SELECT id FROM {q(STYLE_TABLE)} WHERE f_table_name = ? AND f_geometry_column = ? AND styleName = ?",
            (name, GEOM_COLUMN, qgis_style.STYLE_NAME)).fetchone()
        if row:
            conn.execute(f"UPDATE {q(STYLE_TABLE)} SET styleQML = ?, description = ?, update_time = {_NOW} "
                         "WHERE id = ?", (qml, description, row[0]))
            continue
        has_default = conn.execute(
            f"SELECT 1 FROM {q(STYLE_TABLE)} WHERE f_table_name = ? AND f_geometry_column = ? AND useAsDefault = 1",
            (name, GEOM_COLUMN)).fetchone()
        conn.execute(
            f"INSERT INTO {q(STYLE_TABLE)} (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
            f"styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
            f"VALUES ('', '', ?, ?, ?, ?, '', ?, ?, '', NULL, {_NOW})",
            (name, GEOM_COLUMN, qgis_style.STYLE_NAME, qml, 0 if has_default else 1, description))
    _touch(conn, STYLE_TABLE)
    return digest


# file_id -> digest of the style inputs last committed to that file by this process.
_STYLES_SAVED: dict[str, str] = {}


def _has_our_styles(conn: sqlite3.Connection, doc: Document) -> bool:
    """True when every feature layer still has cmdmap's style row (a QGIS user may delete one)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (STYLE_TABLE,)).fetchone():
        return False
    n = conn.execute(f"SELECT COUNT(DISTINCT f_table_name) FROM {q(STYLE_TABLE)} WHERE styleName = ?",
                     (qgis_style.STYLE_NAME,)).fetchone()[0]
    return n >= len(doc.schema.spatial)


def _touch(conn: sqlite3.Connection, table: str, extent: Sequence[float | None] | None = None) -> None:
    """Set gpkg_contents.last_change (and the extent, for feature tables) of one table."""
    if extent is None:
        conn.execute(f"UPDATE gpkg_contents SET last_change = {_NOW} WHERE table_name = ?", (table,))
    else:
        conn.execute(f"UPDATE gpkg_contents SET last_change = {_NOW}, min_x = ?, min_y = ?, max_x = ?, "
                     "max_y = ? WHERE table_name = ?", (*extent, table))


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
    try:  # the rename itself must reach the disk too (POSIX only; Windows has no directory fds)
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create(path: str | os.PathLike, doc: Document, overwrite: bool = False) -> None:
    """Write a new file holding the whole document (atomically: a temp file renamed into place)."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise StoreError("exists", path=str(target))
    if target.is_dir():
        raise StoreError("exists", path=str(target))
    folder = target.resolve().parent
    if not folder.is_dir():
        raise StoreError("not_found", path=str(folder))
    if not os.access(folder, os.W_OK):
        raise StoreError("read_only", path=str(target))
    doc.read_deferred()  # the whole document, registers left for later included
    doc.sync_derived()
    file_id = uuid.uuid4().hex
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = _connect(tmp, "rwc")
        try:
            # The temp file is thrown away on any error, so it needs no journal.
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            _write_new(conn, doc, file_id)
            conn.execute("COMMIT")
        finally:
            conn.close()
        _fsync(tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise _write_error(exc, target) from exc
        raise
    _ORIGIN[doc] = (os.path.realpath(target), file_id)


def save_as(doc: Document, path: str | os.PathLike) -> None:
    """Write the whole document to `path` (replacing any file there) and mark it saved."""
    create(path, doc, overwrite=True)
    doc.mark_saved()
    journal.discard(path)  # the unsaved work it held is in the file now


# -- reading -------------------------------------------------------------------------------------

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_file(path: Path) -> str:
    """Refuse what is not an SQLite database, and databases cut short, before SQLite sees them.

    Returns the URI mode to read it with. A WAL-mode file (written so by another tool) would get
    -wal/-shm files created beside it even by a read-only connection; when its WAL holds nothing,
    `immutable=1` reads it without touching anything.
    """
    if not path.exists():
        raise StoreError("not_found", path=str(path))
    if path.is_dir():
        raise StoreError("not_gpkg", path=str(path))
    if not os.access(path, os.R_OK):
        raise StoreError("no_access", path=str(path))
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(100)
    if len(head) < 16 or head[:16] != _SQLITE_MAGIC:
        raise StoreError("not_gpkg", path=str(path))
    if len(head) < 100:
        raise StoreError("damaged", path=str(path), detail="header")
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        raise StoreError("damaged", path=str(path), detail="page size")
    change_counter = int.from_bytes(head[24:28], "big")
    pages = int.from_bytes(head[28:32], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    # The in-header page count is trustworthy when it was written by the same change (SQLite §1.3.7).
    if size % page or (pages and valid_for == change_counter and size < pages * page):
        raise StoreError("damaged", path=str(path), detail="truncated")
    wal = Path(str(path) + "-wal")
    if head[18] == 2 and not (wal.exists() and wal.stat().st_size > 0):
        return "ro&immutable=1"
    return "ro"


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _read_meta(conn: sqlite3.Connection, path: Path) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, value in conn.execute(f"SELECT key, value FROM {q(META_TABLE)}"):
        try:
            meta[str(key)] = json.loads(value) if value is not None else None
        except (TypeError, ValueError):
            meta[str(key)] = value
    version = meta.get("format_version")
    if version is None:
        raise StoreError("not_cmdmap", path=str(path))
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError("damaged", path=str(path), detail="format_version")
    if version > FORMAT_VERSION:
        raise StoreError("newer_version", path=str(path), version=version, supported=FORMAT_VERSION)
    return meta


def _file_epsg(conn: sqlite3.Connection, schema: Schema, meta: dict[str, Any]) -> int:
    names = [s.name for s in schema.spatial]
    row = conn.execute(
        "SELECT s.organization, s.organization_coordsys_id, s.srs_id FROM gpkg_geometry_columns g "
        "JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id "
        f"WHERE g.table_name IN ({', '.join('?' * len(names))}) ORDER BY g.table_name", names).fetchone()
    if row is not None:
        org, code, srs_id = row
        return int(code) if str(org).upper() == "EPSG" else int(srs_id)
    return int(meta.get("epsg") or 4326)


def _read_layer(conn: sqlite3.Connection, spec: LayerSpec, layer: Layer) -> None:
    """Load one table into its layer: one SELECT, one from_wkb for all geometries."""
    info = conn.execute(f"PRAGMA table_info({q(spec.name)})").fetchall()
    present = {r[1] for r in info}
    pk = next((r[1] for r in info if r[5] == 1), FID)
    geom_col = None
    if spec.is_spatial:
        row = conn.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                           (spec.name,)).fetchone()
        geom_col = row[0] if row else (GEOM_COLUMN if GEOM_COLUMN in present else None)
    fields = [f for f in spec.fields if f.name in present]  # a field added to layers/ later reads empty
    select = [pk] + ([geom_col] if geom_col else []) + [f.name for f in fields]
    rows = conn.execute(f"SELECT {', '.join(map(q, select))} FROM {q(spec.name)} ORDER BY {q(pk)}").fetchall()
    # Rows to columns through one 2-D object array: 3x faster than zip(*rows) on a district's tables.
    columns = list(np.array(rows, dtype=object).T) if rows else [()] * len(select)
    fids = np.array(columns[0], dtype=np.int64)
    geoms = None
    if spec.is_spatial:
        geoms = blob.decode(columns[1]) if geom_col else np.full(len(fids), None, dtype=object)
    offset = 2 if geom_col else 1
    cols = {f.name: _from_sql(f, columns[offset + i]) for i, f in enumerate(fields)}
    layer.load(fids, geoms, cols)


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file whose pages are damaged (a bad disk, a copy cut short, another tool's bug).

    Reading alone would not notice a broken page in a table it skips, or could return some rows
    of a layer and not others: the map would open looking fine with features silently missing,
    and a save would then make that loss permanent. `quick_check` reads every page once (a few
    milliseconds per megabyte) and never writes.
    """
    try:
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.OperationalError:
        raise  # locked or busy: said so by the caller
    except sqlite3.DatabaseError as exc:
        raise StoreError("damaged", path=str(path), detail=str(exc)) from exc
    if rows != [("ok",)]:
        raise StoreError("damaged", path=str(path), detail="; ".join(str(r[0]) for r in rows)[:200])


@contextlib.contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while a file is read.

    Reading a district makes millions of row tuples that are all live until their table is
    turned into columns; the collector, triggered by that many allocations, walks them again and
    again and finds nothing (they hold no cycles): a third of the open time on a city file.
    Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def open_document(path: str | os.PathLike, schema: Schema | None = None,
                  defer_registers: bool = False) -> Document:
    """Read a cmdmap GeoPackage (read-only: the file is never written). Raises StoreError.

    With `defer_registers`, the map's layers are read now and the registers (the non-spatial
    tables: staff, assignments, isolation, snapshots) on first use (`Document.read_deferred`),
    from the same state of the file: the connection stays open in one read transaction until
    then (or until the document is dropped). The window draws the map before the registers are
    in; everything that counts, saves or exports reads them first by touching them.
    """
    with _collector_paused():
        return _open_document(path, schema, defer_registers)


def _read_error(exc: BaseException, path: Path) -> StoreError:
    """The StoreError for what went wrong while reading `path`."""
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc).lower() or "busy" in str(exc).lower()):
        # Another program holds the file exclusively (QGIS in the middle of a save): the file
        # is fine, only busy. Saying "damaged" would send the user to a backup for nothing.
        return StoreError("locked", path=str(path), detail=str(exc))
    return StoreError("damaged", path=str(path), detail=str(exc))


_READ_ERRORS = (sqlite3.Error, ValueError, TypeError, IndexError, shapely.errors.GEOSException)


def _open_document(path: str | os.PathLike, schema: Schema | None, defer_registers: bool = False) -> Document:
    p = Path(path)
    if p.is_file():
        recovery.recover(p)  # a save cut short is rolled back before anything reads the file
    mode = _check_file(p)
    # An immutable file is read without locks, so nothing would hold it still until the
    # registers are read: read everything now.
    defer = defer_registers and "immutable" not in mode
    try:
        conn = _connect(p, mode, shared=True) if defer else _connect(p, mode)
    except sqlite3.Error as exc:
        raise StoreError("damaged", path=str(p), detail=str(exc)) from exc
    later: _DeferredRead | None = None
    try:
        if defer:
            conn.execute("BEGIN")  # one read transaction: the registers read later see this file
        _check_integrity(conn, p)
        tables = _tables(conn)
        if "gpkg_contents" not in tables or "gpkg_spatial_ref_sys" not in tables:
            raise StoreError("not_gpkg", path=str(p))
        if META_TABLE not in tables:
            raise StoreError("not_cmdmap", path=str(p))
        meta = _read_meta(conn, p)
        doc = Document(0, schema=schema, meta={})
        doc.epsg = _file_epsg(conn, doc.schema, meta)
        doc.meta = {k: v for k, v in meta.items() if k not in _INTERNAL_META}
        present = [spec for spec in doc.schema if spec.name in tables]
        if defer:
            later = _DeferredRead(conn, p, [spec for spec in present if not spec.is_spatial])
            present = [spec for spec in present if spec.is_spatial]
        for spec in present:
            _read_layer(conn, spec, doc[spec.name])
        doc.backdrops = backdrop_table.read(conn)
        file_id = str(meta.get("file_id", ""))
    except StoreError:
        conn.close()
        raise
    except _READ_ERRORS as exc:
        conn.close()
        raise _read_error(exc, p) from exc
    except BaseException:
        conn.close()
        raise
    if later is not None and later.specs:
        doc.layers.defer([spec.name for spec in later.specs], later)
        # Dropped unread (a window closed at once, a test): let the file go.
        weakref.finalize(doc.layers, later.close)
    else:
        conn.close()
    _ORIGIN[doc] = (os.path.realpath(p), file_id)
    return doc


class _DeferredRead:
    """Reads the registers a deferred open left, from the transaction the open began, then ends it."""

    def __init__(self, conn: sqlite3.Connection, path: Path, specs: list[LayerSpec]) -> None:
        self.conn: sqlite3.Connection | None = conn
        self.path = path
        self.specs = specs
        self.error: StoreError | None = None

    def __call__(self, layers: dict[str, Layer]) -> None:
        if self.error is not None:  # the file could not be read: it still cannot
            raise self.error
        conn = self.conn
        if conn is None:
            raise StoreError("damaged", path=str(self.path), detail="closed")
        try:
            with _collector_paused():
                for spec in self.specs:
                    _read_layer(conn, spec, layers[spec.name])
        except _READ_ERRORS as exc:
            self.error = _read_error(exc, self.path)
            raise self.error from exc
        finally:
            self.close()

    def close(self) -> None:
        """End the read transaction and the connection (twice is fine)."""
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction:
                conn.execute("COMMIT")
        except sqlite3.Error:
            pass  # a read transaction has nothing to keep; closing ends it anyway
        finally:
            conn.close()


# -- saving changes ------------------------------------------------------------------------------

def _write_error(exc: BaseException, path: Path) -> StoreError:
    text = str(exc)
    low = text.lower()
    if isinstance(exc, sqlite3.IntegrityError) and "unique" in low and ".code" in low:
        layer = text.rsplit(":", 1)[-1].strip().split(".")[0]
        return StoreError("duplicate_code", path=str(path), layer=layer, detail=text)
    if "readonly" in low or "read-only" in low or isinstance(exc, PermissionError) and os.name != "nt":
        return StoreError("read_only", path=str(path), detail=text)
    if "locked" in low or "busy" in low or isinstance(exc, PermissionError):
        return StoreError("locked", path=str(path), detail=text)
    return StoreError("save_failed", path=str(path), detail=text)


def _same_file(conn: sqlite3.Connection, doc: Document, file_id: str) -> bool:
    """True when the open file is the one `doc` came from, in its CRS, and not newer than us."""
    tables = _tables(conn)
    if META_TABLE not in tables or "gpkg_contents" not in tables:
        return False
    meta = dict(conn.execute(f"SELECT key, value FROM {q(META_TABLE)}").fetchall())
    try:
        version = json.loads(meta.get("format_version", "null"))
        stored_id = json.loads(meta.get("file_id", "null"))
    except ValueError:
        return False
    if not isinstance(version, int) or version > FORMAT_VERSION or stored_id != file_id:
        return False
    return _file_epsg(conn, doc.schema, {}) == doc.epsg


def _ensure_tables(conn: sqlite3.Connection, doc: Document) -> None:
    """Add tables and columns declared in layers/ since the file was written (older files)."""
    tables = _tables(conn)
    for spec in doc.schema:
        if spec.name not in tables:
            _create_schema_objects(conn, spec, doc.epsg)
            if spec.is_spatial:
                _create_rtree(conn, spec, None)
            continue
        present = {r[1] for r in conn.execute(f"PRAGMA table_info({q(spec.name)})")}
        for f in spec.fields:
            if f.name not in present:
                conn.execute(f"ALTER TABLE {q(spec.name)} ADD COLUMN {q(f.name)} {_SQL_TYPES[f.type]}")


def _stored(conn: sqlite3.Connection, spec: LayerSpec, fids: list[int]) -> dict[int, tuple]:
    """fid -> (geometry blob or None, code) of the rows among `fids` that are in the file."""
    geom = q(GEOM_COLUMN) if spec.is_spatial else "NULL"
    out: dict[int, tuple] = {}
    for i in range(0, len(fids), 500):  # stay under SQLite's limit on bound parameters
        chunk = fids[i:i + 500]
        for fid, g, code in conn.execute(
                f"SELECT {q(FID)}, {geom}, {q('code')} FROM {q(spec.name)} "
                f"WHERE {q(FID)} IN ({', '.join('?' * len(chunk))})", chunk):
            out[fid] = (g, code)
    return out


def _write_layer_changes(conn: sqlite3.Connection, doc: Document, spec: LayerSpec) -> bool:
    """Apply one layer's added/updated/removed fids; True when something was written.

    Updated rows whose geometry blob is unchanged are written without their geometry, so the
    R-tree triggers (a Python call per row) only run for moved features: after a grid boundary is
    redrawn, thousands of buildings change only their derived `grid` column.
    """
    d = doc.dirty[spec.name]
    if not d:
        return False
    layer = doc[spec.name]
    t = q(spec.name)
    if d.removed:
        conn.executemany(f"DELETE FROM {t} WHERE {q(FID)} = ?", [(int(f),) for f in sorted(d.removed)])
    changed = sorted(int(f) for f in d.added | d.updated if layer.has(f))
    if changed:
        stored = _stored(conn, spec, changed)
        names = _column_names(spec)
        rows = _layer_rows(spec, layer, layer.rows(changed), doc.epsg)
        update = [r for r in rows if r[0] in stored]
        insert = [r for r in rows if r[0] not in stored]
        code = names.index("code")
        recoded = [(r[0],) for r in update if stored[r[0]][1] != r[code]]
        if recoded:
            # Codes may have been swapped between features: clear the old ones first so the
            # unique index only sees the final state.
            conn.executemany(f"UPDATE {t} SET {q('code')} = NULL WHERE {q(FID)} = ?", recoded)
        moved = [r for r in update if spec.is_spatial and stored[r[0]][0] != r[1]]
        if moved:
            sets = ", ".join(f"{q(n)} = ?" for n in names[1:])
            conn.executemany(f"UPDATE {t} SET {sets} WHERE {q(FID)} = ?", [r[1:] + r[:1] for r in moved])
        kept = [r for r in update if not (spec.is_spatial and stored[r[0]][0] != r[1])]
        if kept:
            first = 2 if spec.is_spatial else 1
            sets = ", ".join(f"{q(n)} = ?" for n in names[first:])
            conn.executemany(f"UPDATE {t} SET {sets} WHERE {q(FID)} = ?", [r[first:] + r[:1] for r in kept])
        if insert:
            # Not an UPSERT: its conflict clause would override the R-tree triggers' INSERT OR REPLACE.
            conn.executemany(
                f"INSERT INTO {t} ({', '.join(map(q, names))}) VALUES ({', '.join('?' * len(names))})", insert)
    _touch(conn, spec.name, _extent(layer) if spec.is_spatial else None)
    return True


def _write_changes(conn: sqlite3.Connection, doc: Document, file_id: str) -> str | None:
    """Everything `save` writes, inside the caller's transaction; the styles' digest if written."""
    _ensure_tables(conn, doc)
    editlog.record(conn, doc, lambda spec, fids: _layer_rows(spec, doc[spec.name], doc[spec.name].rows(fids), doc.epsg))
    for spec in doc.schema:
        _write_layer_changes(conn, doc, spec)
    if doc.meta_dirty:
        _write_meta(conn, doc, file_id)
    if doc.backdrops_dirty:
        backdrop_table.write(conn, doc)
    return _write_styles(conn, doc, file_id)


def save(doc: Document, path: str | os.PathLike) -> None:
    """Write what changed since the last save, in one transaction; then mark the document saved.

    When `path` is not the file the document was read from or written to, the whole document is
    written there instead (as `save_as`).
    """
    target = Path(path)
    # Registers left for later are read before anything is written: a save never loses them, and
    # the read transaction holding the file still (it would block this very save) ends.
    doc.read_deferred()
    doc.sync_derived()
    if target.is_file():
        try:  # the version on disk becomes a backup before anything overwrites it
            backups.rotate(target, backups.keep_count(doc.meta))
        except (OSError, sqlite3.Error) as exc:
            raise _write_error(exc, target) from exc
    origin = _ORIGIN.get(doc)
    if origin is None or not target.exists() or origin[0] != os.path.realpath(target):
        save_as(doc, target)
        return
    if not os.access(target, os.W_OK) or not os.access(target.resolve().parent, os.W_OK):
        raise StoreError("read_only", path=str(target))
    try:
        conn = _connect(target, "rw")
    except sqlite3.Error as exc:
        raise _write_error(exc, target) from exc
    try:
        try:
            same = _same_file(conn, doc, origin[1])
        except sqlite3.DatabaseError:
            same = False
        if not same:
            conn.close()
            save_as(doc, target)
            return
        try:
            # One file, no -wal/-shm beside it: the rollback journal, deleted after each commit.
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("BEGIN IMMEDIATE")
            try:
                styled = _write_changes(conn, doc, origin[1])
                conn.execute("COMMIT")
                if styled:  # only once committed: a rolled-back save wrote no styles
                    _STYLES_SAVED[origin[1]] = styled
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _write_error(exc, target) from exc
    finally:
        conn.close()
    doc.mark_saved()
    journal.discard(target)  # the unsaved work it held is in the file now


__all__ = ["FORMAT_VERSION", "create", "open_document", "save", "save_as", "StoreError"]
