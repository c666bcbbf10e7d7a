"""Writing layers and counts out for other tools: GeoJSON, Shapefile, KML; CSV and Excel.

Personal fields (declared `personal` in layers/) are left out unless the user asks for them.
GeoJSON and KML are written in WGS84 longitude/latitude, as their specs and web maps expect;
optionally shifted to GCJ-02/BD-09 for pasting into AMap or Baidu Maps. Shapefiles keep the
document's CRS and are written in UTF-8 with a .cpg so Chinese survives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely

from cmdmap.model.document import Document
from cmdmap.store import chinacoords
from cmdmap.store.errors import StoreError

DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "ESRI Shapefile", ".kml": "KML",
           ".csv": "CSV", ".xlsx": "XLSX"}


def export_fields(doc: Document, layer: str, include_personal: bool = False) -> list[str]:
    """The columns an export writes."""
    return [f.name for f in doc.schema[layer].fields if include_personal or not f.personal]


def export_layer(doc: Document, layer: str, out: str | Path, include_personal: bool = False,
                 target_system: str = "wgs84") -> int:
    """Write one layer to `out` (format from the suffix); the number of features written."""
    import pyogrio.raw
    out = Path(out)
    driver = DRIVERS.get(out.suffix.lower())
    if driver is None:
        raise StoreError("unknown_format", path=str(out), formats="、".join(sorted(DRIVERS)))
    lay = doc[layer]
    names = export_fields(doc, layer, include_personal)
    if driver in ("CSV", "XLSX") or lay.geom is None:
        return _write_table(out, [lay.record(f) for f in lay.fid], names, doc, layer)
    geoms = lay.geom
    crs = f"EPSG:{doc.epsg}"
    if driver in ("GeoJSON", "KML"):
        to_ll = pyproj.Transformer.from_crs(doc.epsg, 4326, always_xy=True)

        def fn(xy: np.ndarray) -> np.ndarray:
            lng, lat = to_ll.transform(xy[:, 0], xy[:, 1])
            return np.column_stack(chinacoords.from_wgs84(target_system, lng, lat))
        geoms = shapely.transform(geoms, fn)
        crs = "EPSG:4326"
    fields = []
    for n in names:
        col = lay.column(n)
        ftype = doc.schema[layer].field(n).type
        if ftype == "int":
            # Whole numbers stay integers in the output unless some are missing (then NaN → null).
            fields.append(col.astype(np.int64) if not np.isnan(col).any() else col)
        elif ftype == "real":
            fields.append(col)
        else:
            fields.append(np.array([None if v is None else str(int(v) if isinstance(v, bool) else v) for v in col], dtype=object))
    try:
        pyogrio.raw.write(str(out), np.array(shapely.to_wkb(geoms), dtype=object), fields, names, driver=driver,
                          geometry_type=doc.schema[layer].geometry.title().replace("polygon", "Polygon"),
                          crs=crs, encoding="UTF-8" if driver == "ESRI Shapefile" else None)
    except Exception as exc:
        raise StoreError("write_failed", path=str(out), detail=str(exc).splitlines()[0][:200]) from None
    return len(lay)


def _write_table(out: Path, rows: list[dict[str, Any]], names: list[str], doc: Document, layer: str) -> int:
    spec = doc.schema[layer]
    headers = [spec.field(n).title.zh for n in names]
    values = [[r.get(n) for n in names] for r in rows]
    write_rows(out, headers, values)
    return len(rows)


def write_rows(out: Path, headers: list[str], rows: list[list[Any]]) -> None:
    """A table as CSV (UTF-8 with BOM, so Excel shows Chinese) or .xlsx (codes kept as text)."""
    out = Path(out)
    try:
        if out.suffix.lower() == ".xlsx":
            from openpyxl import Workbook
            from openpyxl.styles import Font
            wb = Workbook()
            ws = wb.active
            ws.append(headers)
            for r in rows:
                ws.append(r)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            ws.freeze_panes = "A2"
            wb.save(out)
        else:
            import csv
            with open(out, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(headers)
                w.writerows(rows)
    except OSError as exc:
        raise StoreError("write_failed", path=str(out), detail=exc.strerror or str(exc)) from None


def export_counts(table, out: str | Path, lang: str = "zh") -> int:
    """Counts per row of a level to CSV or .xlsx with headers in the user's language."""
    from cmdmap.model.counts import flat_columns, flat_value
    cols = flat_columns(lang)
    rows = [[flat_value(r, k) for k, _ in cols] for r in table.rows]
    write_rows(Path(out), [h for _, h in cols], rows)
    return len(rows)


def export_bundle(doc: Document, folder: str | Path, layers: list[str], suffix: str, target_system: str = "wgs84",
                  include_personal: bool = False, count_levels: tuple[str, ...] = (), table_suffix: str = ".xlsx",
                  lang: str = "zh") -> list[tuple[Path, int]]:
    """Several layers (map layers as `<layer><suffix>`, attribute tables such as staff as
    `<layer><table_suffix>`) and counts per level (`counts-<level><table_suffix>`) into one
    folder, as the export dialog asks; (file, records written) for each."""
    from cmdmap.model.counts import count
    folder = Path(folder)
    if not folder.is_dir():
        raise StoreError("not_found", path=str(folder))
    out = []
    for name in layers:
        path = folder / f"{name}{suffix if doc.schema[name].is_spatial else table_suffix}"
        out.append((path, export_layer(doc, name, path, include_personal, target_system)))
    for level in count_levels:
        path = folder / f"counts-{level}{table_suffix}"
        out.append((path, export_counts(count(doc, by=level), path, lang)))
    return out
