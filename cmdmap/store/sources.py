"""Reading other tools' vector files in bulk (pyogrio), with their text encoding worked out.

pyogrio reads a whole layer in one vectorised call (DESIGN.md §4: ~20× faster than fiona record
by record). Chinese Shapefiles very often carry GBK text with no .cpg file; GDAL would then
assume Latin-1 and garble every name, so the encoding is decided here from the data.
"""

from __future__ import annotations

import re
import sqlite3
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from cmdmap.store.errors import StoreError


@dataclass
class SourceLayer:
    """One layer of a source file, as read."""

    name: str
    fields: list[str]
    columns: dict[str, np.ndarray]
    geoms: np.ndarray           # shapely geometries, None where missing or unreadable
    unreadable: np.ndarray      # bool: a geometry was there but could not be decoded
    crs: str | None
    encoding: str | None = None
    tags: list[dict[str, str]] = field(default_factory=list)  # OSM other_tags, parsed
    # A DXF drawing's text (TEXT/MTEXT anywhere in it, on any CAD layer): insertion points and words.
    cad_text: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.geoms)


def list_layers(path: str | Path, encoding: str | None = None) -> list[tuple[str, str]]:
    """(name, geometry type) of each layer; StoreError when the file cannot be read.

    GDAL refuses to list a whole GeoPackage when one layer has a geometry type it does not
    support (GDAL's own samples have a "GEOMETRY Z" layer): the GeoPackage's table of contents
    is read instead, so the other layers still import and only that one is refused. A GeoPackage
    holding only rasters or tiles gets its own message rather than GDAL's "not recognized".
    """
    import pyogrio
    path = _existing(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's notes on M values etc. are not for the user
            layers = [(str(n), str(t)) for n, t in pyogrio.list_layers(str(path))]
        if path.suffix.lower() == ".dxf" and [n for n, _ in layers] == [DXF_ENTITIES]:
            return cad_layers(path, encoding) or layers
        return layers
    except Exception as exc:  # pyogrio raises DataSourceError and others for unreadable files
        contents = _geopackage_contents(path)
        if contents is not None:
            # ogr_empty_table: the placeholder GDAL puts into raster-only GeoPackages.
            features = [(name, gtype) for name, kind, gtype in contents
                        if kind == "features" and name != "ogr_empty_table"]
            if features:
                return features
            kinds = sorted({kind for name, kind, _ in contents if name != "ogr_empty_table"})
            raise StoreError("no_vector_layers", path=str(path), kinds=", ".join(kinds) or "-") from None
        raise _unreadable(path, exc) from None


def _geopackage_contents(path: Path) -> list[tuple[str, str, str]] | None:
    """(table, data type, geometry type) of each entry of a GeoPackage's gpkg_contents; None for
    anything that is not a readable GeoPackage. Read-only: the file is never written."""
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\0":
                return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except (OSError, sqlite3.Error):
        return None
    try:
        rows = conn.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall()
        gtypes: dict[str, str] = {}
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_geometry_columns'").fetchone():
            gtypes = dict(conn.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns"))
        rows = [(n, k, gtypes.get(n) or "") for n, k in rows]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return [(str(n), str(k), str(t)) for n, k, t in rows]


def detect_encoding(path: str | Path) -> str | None:
    """The text encoding of a Shapefile's .dbf: its .cpg, else UTF-8 or GBK from the bytes."""
    path = Path(path)
    if path.suffix.lower() not in (".shp", ".dbf"):
        return None
    cpg = path.with_suffix(".cpg")
    if not cpg.exists():
        cpg = path.with_suffix(".CPG")
    if cpg.exists():
        name = cpg.read_text(encoding="ascii", errors="ignore").strip()
        return {"936": "GBK", "CP936": "GBK", "65001": "UTF-8"}.get(name.upper(), name or None)
    dbf = path.with_suffix(".dbf")
    if not dbf.exists():
        return None
    data = dbf.read_bytes()
    if len(data) < 32:
        return None
    header_len = int.from_bytes(data[8:10], "little")
    body = data[header_len:]
    if all(b < 0x80 for b in body):
        return "UTF-8"
    try:
        body.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        body.decode("gb18030")
        return "GB18030"  # a superset of GBK: also reads the rarer characters of names
    except UnicodeDecodeError:
        return None


def detect_dxf_encoding(path: str | Path) -> str | None:
    """The text encoding of a DXF drawing when GDAL would get it wrong, else None.

    GDAL decodes DXF text from the code page the header names ($DWGCODEPAGE). Drawings from Chinese
    CAD are GBK but often say ANSI_1252 or nothing (converters, older tools), and AutoCAD 2007+
    files are UTF-8 whatever the header says (GDAL still reads them as 1252): either way every
    Chinese name comes out as Latin-1 mojibake. So unless the header says 936, the bytes decide:
    UTF-8 when they are valid UTF-8, else GB18030 when they are valid GB18030.
    """
    path = Path(path)
    if path.suffix.lower() != ".dxf":
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if all(b < 0x80 for b in data):
        return None
    head = data[:4096].upper()
    if re.search(rb"\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*(ANSI_936|GBK|GB2312|CP936)", head):
        return None
    try:
        data.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "GB18030"
    except UnicodeDecodeError:
        return None


DXF_ENTITIES = "entities"  # GDAL's one layer of a DXF drawing


def read_layer(path: str | Path, layer: str | int | None = None, encoding: str | None = None) -> SourceLayer:
    """Every feature of one layer, vectorised; StoreError for files that cannot be read.

    For a DXF drawing, `layer` may also be one of its CAD layers (楼栋, 小区边界…): the drawing's
    entities on that CAD layer only.
    """
    path = _existing(path)
    if path.suffix.lower() == ".dxf" and layer not in (None, 0, DXF_ENTITIES):
        whole = _read(path, DXF_ENTITIES, encoding)
        rows = np.nonzero(whole.columns.get("Layer", np.zeros(0, dtype=object)) == layer)[0]
        return SourceLayer(str(layer), whole.fields, {n: c[rows] for n, c in whole.columns.items()},
                           whole.geoms[rows], whole.unreadable[rows], whole.crs, whole.encoding,
                           cad_text=whole.cad_text)
    return _read(path, layer, encoding)


def _cad_text(columns: dict[str, np.ndarray], geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The drawing's text labels: points with a non-blank `Text` (GDAL's reading of TEXT/MTEXT)."""
    text = columns.get("Text")
    if text is None:
        return None
    keep = (shapely.get_type_id(geoms) == 0) & np.array([isinstance(t, str) and t.strip() != "" for t in text], bool)
    # A multi-line MTEXT ("5号楼\n（商住）"): its first line is the name.
    first = [next(line.strip() for line in t.splitlines() if line.strip()) for t in text[keep]]
    return geoms[keep], np.array(first, dtype=object)


def cad_layers(path: str | Path, encoding: str | None = None) -> list[tuple[str, str]]:
    """(CAD layer, geometry type) of a DXF drawing, in the order they first appear: property
    companies keep outlines, boundaries, roads and text on separate CAD layers, and each may go
    to a different cmdmap layer (or nowhere)."""
    whole = _read(Path(path), DXF_ENTITIES, encoding)
    out: dict[str, set[str]] = {}
    for name, g in zip(whole.columns.get("Layer", []), whole.geoms):
        if isinstance(name, str):
            out.setdefault(name, set()).add(g.geom_type if g is not None else "None")
    return [(n, types.pop() if len(types) == 1 else "/".join(sorted(types))) for n, types in out.items()]


def _read(path: Path, layer: str | int | None, encoding: str | None) -> SourceLayer:
    import pyogrio
    import pyogrio.raw
    dxf = path.suffix.lower() == ".dxf"
    encoding = encoding or (detect_dxf_encoding(path) if dxf else detect_encoding(path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if dxf:
                # GDAL decodes DXF text itself, from the header's code page unless told otherwise.
                pyogrio.set_gdal_config_options({"DXF_ENCODING": encoding})
                try:
                    meta, _fids, wkb, data = pyogrio.raw.read(str(path), layer=layer, force_2d=True)
                finally:
                    pyogrio.set_gdal_config_options({"DXF_ENCODING": None})
            else:
                meta, _fids, wkb, data = pyogrio.raw.read(str(path), layer=layer, encoding=encoding, force_2d=True)
    except Exception as exc:
        if layer is not None and "Geometry type is not supported" in str(exc):
            raise StoreError("unsupported_geometry_layer", path=str(path), layer=str(layer),
                             detail=_short(exc)) from None
        raise _unreadable(path, exc) from None
    names = [str(n) for n in meta["fields"]]
    columns = {n: np.asarray(col, dtype=object) for n, col in zip(names, data)}
    if wkb is None:
        wkb = np.full(len(data[0]) if data else 0, None, dtype=object)
    present = np.array([w is not None for w in wkb], dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NaN coordinates in a damaged file: counted, not printed
        geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    unreadable = present & shapely.is_missing(geoms)
    if path.suffix.lower() == ".kml" and any(re.fullmatch(r"_+", n) for n in names):
        extended = kml_extended_data(path, str(layer if layer is not None else meta.get("layer_name", "")), len(geoms))
        if extended:
            names = [n for n in names if not re.fullmatch(r"_+", n)] + list(extended)
            columns = {**{n: c for n, c in columns.items() if not re.fullmatch(r"_+", n)}, **extended}
    tags = [parse_osm_tags(t) for t in columns["other_tags"]] if "other_tags" in columns else []
    return SourceLayer(str(layer if layer is not None else meta.get("layer_name", "")), names, columns,
                       geoms, unreadable, meta.get("crs"), meta.get("encoding") or encoding, tags,
                       _cad_text(columns, geoms) if dxf else None)


def kml_extended_data(path: Path, layer: str, n: int) -> dict[str, np.ndarray] | None:
    """A KML layer's ExtendedData fields under their own names, or None when it cannot be matched.

    GDAL's LIBKML driver turns every non-ASCII byte of a field name into "_": 户数 and 层数 both
    become "______" and overwrite each other, so a Chinese KML's attributes would be lost. The
    Placemarks of the folder are read again here, in the same order GDAL read them.
    """
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def direct_name(el) -> str | None:
        for child in el:
            if local(child.tag) == "name":
                return (child.text or "").strip()
        return None

    containers = [el for el in root.iter() if local(el.tag) == "Folder" and direct_name(el) == layer]
    if not containers:  # a file without folders: GDAL names its one layer after the document
        containers = [el for el in root.iter() if local(el.tag) == "Document"]
    if len(containers) != 1:
        return None
    placemarks = [el for el in containers[0].iter() if local(el.tag) == "Placemark"]
    if len(placemarks) != n:
        return None
    rows: list[dict[str, str]] = []
    for pm in placemarks:
        row = {}
        for el in pm.iter():
            kind = local(el.tag)
            if kind == "Data" and el.get("name"):
                value = next((c.text for c in el if local(c.tag) == "value"), None)
                row[el.get("name")] = (value or "").strip()
            elif kind == "SimpleData" and el.get("name"):
                row[el.get("name")] = (el.text or "").strip()
        rows.append(row)
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return {k: np.array([r.get(k) for r in rows], dtype=object) for k in keys} or None


_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


def parse_osm_tags(text: Any) -> dict[str, str]:
    """GDAL's OSM `other_tags` ("k"=>"v","k2"=>"v2") as a dict."""
    if not isinstance(text, str):
        return {}
    return {k.replace('\\"', '"'): v.replace('\\"', '"') for k, v in _TAG.findall(text)}


def _existing(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise StoreError("not_found", path=str(p))
    return p


def _unreadable(path: Path, exc: Exception) -> StoreError:
    """The error for a file GDAL cannot read: its format not known, or damaged (with GDAL's words)."""
    text = str(exc)
    if ("not recognized as" in text and "supported file format" in text) or "required GeoPackage tables" in text:
        return StoreError("unknown_source_format", path=str(path))
    return StoreError("unreadable_source", path=str(path), detail=_short(exc))


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
