"""Bringing other tools' vector data into a community: field mapping, reprojection (including
China's GCJ-02/BD-09 offsets), geometry repair, codes, and a report of what happened.

The result is one edit command (a Batch of AddFeatures), so an import is one undoable step, and
nothing changes until it is pushed. Geometry work is vectorised; only the building of records
is per feature.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pyproj
import shapely

from cmdmap.edit.commands import AddFeatures, Batch, Command
from cmdmap.edit.meta import SetMeta
from cmdmap.model.document import Document
from cmdmap.model.schema import FieldSpec, LayerSpec, coerce, validate
from cmdmap.store import chinacoords
from cmdmap.store.errors import StoreError
from cmdmap.store.sources import SourceLayer, list_layers, read_layer

GATE_SNAP_M = 30.0
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
OFFSET_SYSTEMS = ("gcj02", "bd09")

# Source field names (lower case) that mean a cmdmap field, beyond its own name and titles.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("code", "编号", "编码", "代码", "id_code"),
    "name": ("name", "name:zh", "名称", "名字", "小区名称", "小区名", "网格名称", "点位名称", "xqmc", "mc"),
    "number": ("number", "楼号", "楼栋号", "栋号", "楼栋", "楼栋名称", "addr:housenumber", "ref"),
    "households": ("households", "户数", "总户数", "住户数", "hs"),
    "residents": ("residents", "人数", "人口", "居住人数", "常住人口", "rk"),
    "floors": ("floors", "层数", "楼层数", "地上层数", "building:levels", "levels", "cs"),
    "units": ("units", "单元数", "building:units"),
    "address": ("address", "地址", "addr:full", "dz"),
    "bearing": ("bearing", "朝向", "方向", "方位角", "direction"),
    "capacity": ("capacity", "容量", "床位"),
    "note": ("note", "备注", "remark", "description", "说明"),
    "title": ("title", "标题", "name", "名称"),
}

# Layer names of other files that say which cmdmap layer they hold.
LAYER_NAMES: dict[str, tuple[str, ...]] = {
    "compounds": ("compounds", "compound", "xiaoqu", "小区", "residential", "estates",
                  "小区边界", "小区范围"),  # the last two: CAD layer names of property companies' plans
    "buildings": ("buildings", "building", "楼栋", "建筑", "房屋", "建筑物", "建筑轮廓", "楼栋轮廓"),
    "gates": ("gates", "gate", "大门", "出入口", "entrances"),
    "grids": ("grids", "grid", "网格"),
    "sites": ("sites", "site", "点位"),
    "risk_zones": ("risk_zones", "风险区"),
    "events": ("events", "事件"),
}

_BEARING_NAMES = ((45, "北门"), (135, "东门"), (225, "南门"), (315, "西门"), (360, "北门"))


@dataclass
class ImportReport:
    """What an import read, took in, repaired and left out (with the reason)."""

    source: str
    target: str
    read: int = 0
    imported: int = 0
    repaired: int = 0
    split: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    dropped_values: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    credit: str = ""

    def skip(self, reason: str, n: int = 1) -> None:
        """Count `n` features left out for `reason` (a message key)."""
        if n:
            self.skipped[reason] = self.skipped.get(reason, 0) + int(n)


@dataclass
class Prepared:
    """Records and geometries ready for one AddFeatures, with their report."""

    target: str
    records: list[dict[str, Any]]
    geoms: np.ndarray
    report: ImportReport


# -- field mapping ---------------------------------------------------------------------------------

def guess_mapping(spec: LayerSpec, source_fields: list[str], tag_keys: set[str] = frozenset()) -> dict[str, str]:
    """Target field → source field (or 'tag:KEY' for an OSM tag), by name, title or synonym."""
    lower = {f.lower(): f for f in source_fields}
    out: dict[str, str] = {}
    for f in spec.fields:
        if f.derived or f.personal:
            continue  # personal data is never guessed into a layer: the user must choose it
        names = (f.name, f.title.zh, f.title.en, *SYNONYMS.get(f.name, ()))
        for n in names:
            if n.lower() in lower:
                out[f.name] = lower[n.lower()]
                break
        else:
            for n in names:
                if n in tag_keys:
                    out[f.name] = f"tag:{n}"
                    break
    # Buildings have a number but no name: a KML placemark's or a GIS file's Name ("3号楼") is
    # then the number, unless a real number field (or OSM's addr:housenumber) was found.
    own = {f.name for f in spec.fields}
    if "number" in own and "name" not in own and "number" not in out:
        for n in ("name", "名称"):
            if n in lower:
                out["number"] = lower[n]
                break
    return out


def target_for_layer(name: str) -> str | None:
    """The cmdmap layer another file's layer name suggests, or None."""
    low = name.lower()
    for target, names in LAYER_NAMES.items():
        if low in names:
            return target
    return None


# -- geometry ----------------------------------------------------------------------------------------

def _transformer(source_crs: str | None, epsg: int) -> Callable[[np.ndarray], np.ndarray]:
    """A coordinate function from the source system into the document's CRS."""
    if source_crs in OFFSET_SYSTEMS:
        proj = pyproj.Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)

        def fn(xy: np.ndarray) -> np.ndarray:
            lng, lat = chinacoords.to_wgs84(source_crs, xy[:, 0], xy[:, 1])
            x, y = proj.transform(lng, lat)
            return np.column_stack([x, y])
        return fn
    src = pyproj.CRS.from_user_input(source_crs)
    if src.equals(pyproj.CRS.from_epsg(epsg)):
        return lambda xy: xy
    proj = pyproj.Transformer.from_crs(src, f"EPSG:{epsg}", always_xy=True)
    return lambda xy: np.column_stack(proj.transform(xy[:, 0], xy[:, 1]))


def _polygonal(g: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a repaired geometry (make_valid may add stray lines and points)."""
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def shape_for(spec: LayerSpec, geoms: np.ndarray, rep: ImportReport) -> tuple[np.ndarray, np.ndarray]:
    """Geometries of the kind the layer holds, and the source row of each (parts split out)."""
    idx = np.arange(len(geoms))
    gtype = shapely.get_type_id(geoms)
    polygonal = np.isin(gtype, [3, 6])
    if spec.geometry in ("POLYGON", "MULTIPOLYGON"):
        # CAD drawings hold outlines as closed polylines, not polygons: close them into areas.
        line = gtype == 1
        if line.any():
            closed = line & shapely.is_closed(geoms) & (shapely.get_num_coordinates(geoms) >= 4)
            if closed.any():
                geoms = geoms.copy()
                coords, ring = shapely.get_coordinates(geoms[closed], return_index=True)
                geoms[closed] = shapely.polygons(shapely.linearrings(coords, indices=ring))
                gtype = shapely.get_type_id(geoms)
                polygonal = np.isin(gtype, [3, 6])
        # GeometryCollections: keep their polygonal parts.
        coll = gtype == 7
        if coll.any():
            geoms = geoms.copy()
            geoms[coll] = [_polygonal(g) for g in geoms[coll]]
            polygonal = polygonal | (coll & ~shapely.is_empty(geoms))
        rep.skip("wrong_geometry_type", int((~polygonal).sum()))
        geoms, idx = geoms[polygonal], idx[polygonal]
        invalid = ~shapely.is_valid(geoms)
        if invalid.any():
            geoms = geoms.copy()
            geoms[invalid] = [_polygonal(g) for g in shapely.make_valid(geoms[invalid])]
            rep.repaired += int(invalid.sum())
        empty = shapely.is_empty(geoms) | (shapely.area(geoms) <= 0)
        rep.skip("empty_after_repair", int(empty.sum()))
        geoms, idx = geoms[~empty], idx[~empty]
        if spec.geometry == "POLYGON":
            parts, where = shapely.get_parts(geoms, return_index=True)
            rep.split += int(len(parts) - len(geoms))
            return parts, idx[where]
        return np.array([shapely.MultiPolygon([g]) if g.geom_type == "Polygon" else g for g in geoms], dtype=object), idx
    # POINT layers: points as they are, parts of multipoints, polygons by a point on their surface.
    pointish = np.isin(gtype, [0, 4]) | polygonal  # Point, MultiPoint
    rep.skip("wrong_geometry_type", int((~pointish).sum()))
    geoms, idx = geoms[pointish], idx[pointish]
    poly = np.isin(shapely.get_type_id(geoms), [3, 6])
    if poly.any():
        geoms = geoms.copy()
        geoms[poly] = shapely.point_on_surface(geoms[poly])
    parts, where = shapely.get_parts(geoms, return_index=True)
    rep.split += int(len(parts) - len(geoms))
    return parts, idx[where]


# -- records ----------------------------------------------------------------------------------------

def source_value(src: SourceLayer, row: int, source_field: str) -> Any:
    if source_field.startswith("tag:"):
        return src.tags[row].get(source_field[4:]) if src.tags else None
    col = src.columns.get(source_field)
    return None if col is None else col[row]


def _clean(f: FieldSpec, raw: Any, rep: ImportReport) -> Any:
    """The value coerced and validated, or None (counted) when it does not fit the field."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if f.type == "int" and raw.endswith(("层", "户", "人", "F", "f")):
            raw = raw[:-1]
    try:
        v = coerce(f, raw)
    except ValueError:
        v = None
    if v is not None and validate(f, v) is None:
        return v
    rep.dropped_values[f.name] = rep.dropped_values.get(f.name, 0) + 1
    return None


def _unique(code: str, taken: set[str]) -> str:
    if code not in taken:
        taken.add(code)
        return code
    k = 2
    while f"{code}（{k}）" in taken:
        k += 1
    taken.add(f"{code}（{k}）")
    return f"{code}（{k}）"


def bearing_out_of(polygon: shapely.Geometry, point: shapely.Geometry) -> float:
    """Degrees clockwise from north of the outward normal of `polygon`'s boundary nearest `point`."""
    ring = polygon.exterior if polygon.geom_type == "Polygon" else max(polygon.geoms, key=lambda g: g.area).exterior
    s = ring.project(point)
    a, b = ring.interpolate(max(s - 1.0, 0.0)), ring.interpolate(min(s + 1.0, ring.length))
    dx, dy = b.x - a.x, b.y - a.y
    norm = math.hypot(dx, dy) or 1.0
    nx, ny = dy / norm, -dx / norm
    q = ring.interpolate(s)
    if polygon.contains(shapely.Point(q.x + 3 * nx, q.y + 3 * ny)):
        nx, ny = -nx, -ny
    return round(math.degrees(math.atan2(nx, ny)) % 360.0, 1)


def gate_name(bearing: float) -> str:
    """东门/南门/西门/北门 from the direction a gate faces."""
    for limit, name in _BEARING_NAMES:
        if bearing < limit:
            return name
    return "北门"


@dataclass
class CompoundIndex:
    """Compounds known to the import: the document's and those being imported with it."""

    names: list[str]
    geoms: list[shapely.Geometry]

    @classmethod
    def of(cls, doc: Document) -> "CompoundIndex":
        c = doc["compounds"]
        return cls([str(n) for n in c.column("name")], list(c.geom))

    def holding(self, geoms: np.ndarray) -> np.ndarray:
        if not self.geoms:
            return np.full(len(geoms), -1)
        tree = shapely.STRtree(np.array(self.geoms, dtype=object))
        out = np.full(len(geoms), -1)
        i, j = tree.query(shapely.point_on_surface(geoms), predicate="intersects")
        out[i[::-1]] = j[::-1]
        return out

    def nearest(self, points: np.ndarray, max_distance: float) -> np.ndarray:
        if not self.geoms:
            return np.full(len(points), -1)
        tree = shapely.STRtree(shapely.boundary(np.array(self.geoms, dtype=object)))
        out = np.full(len(points), -1)
        i, j = tree.query_nearest(points, max_distance=max_distance, all_matches=False)
        out[i] = j
        return out


def prepare(doc: Document, src: SourceLayer, target: str, mapping: dict[str, str] | None = None,
            source_crs: str | None = None, compounds: CompoundIndex | None = None,
            rows: np.ndarray | None = None, source_name: str = "") -> Prepared:
    """Turn one source layer (or the `rows` of it) into records for layer `target`."""
    spec = doc.schema[target]
    rep = ImportReport(source_name or src.name, target)
    sel = np.arange(len(src)) if rows is None else np.asarray(rows)
    rep.read = len(sel)
    if "osm_id" in src.fields:
        rep.credit = OSM_CREDIT
    mapping = guess_mapping(spec, src.fields, {k for t in src.tags for k in t}) if mapping is None else mapping
    geoms = src.geoms[sel]
    rep.skip("geometry_unreadable", int(src.unreadable[sel].sum()))
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    rep.skip("geometry_null", int((missing & ~src.unreadable[sel]).sum()))
    keep = ~missing
    geoms, sel = geoms[keep], sel[keep]
    crs = source_crs or src.crs
    if crs is None:
        b = shapely.total_bounds(geoms) if len(geoms) else np.zeros(4)
        if len(geoms) and -180 <= b[0] <= b[2] <= 180 and -90 <= b[1] <= b[3] <= 90:
            crs = "EPSG:4326"
            rep.notes.append("assumed_wgs84")
        else:
            raise StoreError("no_crs", path=rep.source)
    to_doc = _transformer(crs, doc.epsg)
    geoms = shapely.transform(geoms, to_doc)
    # Coordinates PROJ cannot carry over (a CAD drawing read in the wrong zone): say so, rather
    # than "repaired" and "empty after repair".
    lost = ~np.all(np.isfinite(shapely.bounds(geoms)), axis=1)
    if lost.any():
        rep.skip("coordinates_out_of_range", int(lost.sum()))
        geoms, sel = geoms[~lost], sel[~lost]
    geoms, where = shape_for(spec, geoms, rep)
    src_rows = sel[where]
    compounds = compounds or CompoundIndex.of(doc)
    labels = cad_labels(spec, src, geoms, mapping, to_doc, rep)
    far = far_from_map(doc, geoms)
    if far:
        rep.notes.append(f"far_from_map:{far}")
    records = _records(doc, spec, src, src_rows, geoms, mapping, compounds, rep, labels)
    rep.imported = len(records)
    return Prepared(target, records, geoms, rep)


def far_from_map(doc: Document, geoms: np.ndarray) -> int:
    """How many imported geometries lie further than plausible.FAR_KM from the middle of the map's
    features (or, on an empty map, of the imported ones): the usual sign of a wrong source
    coordinate system (a CAD drawing with its zone prefix, degrees read as metres)."""
    from cmdmap.model.plausible import FAR_KM, _centres
    from cmdmap.store import crs
    if not len(geoms) or not crs.is_projected(doc.epsg):
        return 0
    have = [doc[s.name].geom for s in doc.schema.spatial if len(doc[s.name])]
    ref = _centres(np.concatenate(have)) if have else _centres(geoms)
    ref = ref[np.all(np.isfinite(ref), axis=1)]
    if not len(ref):
        return 0
    middle = np.median(ref, axis=0)
    c = _centres(geoms)
    return int((np.hypot(c[:, 0] - middle[0], c[:, 1] - middle[1]) > FAR_KM * 1000.0).sum())


# Which field of a polygon layer a CAD text label inside the outline names.
_LABEL_FIELD = {"buildings": "number", "compounds": "name"}


def cad_labels(spec: LayerSpec, src: SourceLayer, outlines: np.ndarray, mapping: dict[str, str],
               to_doc: Callable[[np.ndarray], np.ndarray], rep: ImportReport) -> list[str | None]:
    """The CAD text written inside each outline ("3号楼", "学士居"), or None where there is none.

    A property company's DXF holds the outlines as closed polylines and their names as separate
    TEXT entities placed inside them, often on a CAD layer of their own; without this every
    building would get a made-up number. Only when no source field was chosen for it.
    """
    field_name = _LABEL_FIELD.get(spec.name)
    if field_name is None or field_name in mapping or src.cad_text is None or not len(outlines):
        return [None] * len(outlines)
    points, words = src.cad_text
    if not len(points):
        return [None] * len(outlines)
    points = shapely.transform(points, to_doc)
    tree = shapely.STRtree(points)
    out_idx, pt_idx = tree.query(outlines, predicate="contains_properly")
    out: list[str | None] = [None] * len(outlines)
    # Several labels in one outline (a name and an area, say): the one nearest its middle.
    best: dict[int, float] = {}
    for o, q in zip(out_idx, pt_idx):
        d = shapely.distance(shapely.centroid(outlines[o]), points[q])
        if o not in best or d < best[o]:
            best[o] = d
            out[o] = str(words[q])
    used = sum(1 for v in out if v)
    if used:
        rep.notes.append(f"cad_labels:{used}")
    return out


def _records(doc: Document, spec: LayerSpec, src: SourceLayer, rows: np.ndarray, geoms: np.ndarray,
             mapping: dict[str, str], compounds: CompoundIndex, rep: ImportReport,
             labels: list[str | None] | None = None) -> list[dict[str, Any]]:
    layer = doc[spec.name]
    taken = {str(c) for c in layer.column("code") if c is not None}
    fields = [f for f in spec.fields if not f.derived]
    holder = np.full(len(geoms), -1)
    if spec.name == "buildings":
        holder = compounds.holding(geoms)
    elif spec.name == "gates":
        holder = compounds.nearest(geoms, GATE_SNAP_M)
        far = int((holder < 0).sum())
        if far:
            rep.notes.append(f"gates_far:{far}")
    per_compound: dict[int, int] = {}
    today = dt.date.today().isoformat()
    out = []
    parts_of: dict[int, int] = {}  # source row -> parts made from it so far
    for k, (row, g) in enumerate(zip(rows, geoms)):
        rec = {f.name: _clean(f, source_value(src, row, mapping[f.name]), rep) if f.name in mapping else None for f in fields}
        part = parts_of[int(row)] = parts_of.get(int(row), 0) + 1
        if part > 1 and spec.name == "buildings":
            # A building drawn in several pieces becomes several outlines: its households and
            # residents stay on the first, or the counts would hold them twice.
            for counted in ("households", "residents"):
                if rec.get(counted):
                    rec[counted] = None
                    rep.notes.append(f"split_counts:{int(row)}")
            if rec.get("number"):
                rec["number"] = f"{rec['number']}-{part}"
        h = int(holder[k])
        cname = compounds.names[h] if h >= 0 else None
        n = per_compound[h] = per_compound.get(h, 0) + 1
        label = labels[k] if labels else None
        if spec.name == "compounds":
            rec["name"] = rec["name"] or label or f"小区{len(compounds.names) + k + 1}"
            code = rec["code"] or rec["name"]
        elif spec.name == "buildings":
            rec["number"] = rec["number"] or label or f"{n}号楼"
            code = rec["code"] or (f"{cname}-{rec['number']}" if cname else rec["number"])
        elif spec.name == "gates":
            if rec["bearing"] is None:
                rec["bearing"] = bearing_out_of(compounds.geoms[h], g) if h >= 0 else 0.0
            # A gate far from every compound faces no known street: no direction in its name.
            rec["name"] = rec["name"] or (gate_name(rec["bearing"]) if h >= 0 else "大门")
            code = rec["code"] or (f"{cname}-{rec['name']}" if cname else rec["name"])
        else:
            generated = f"{spec.title.zh}{len(layer) + k + 1}"
            for req in ("name", "title"):
                if req in rec and not rec[req]:
                    rec[req] = generated
            code = rec["code"] or generated
            if spec.name == "events" and not rec.get("date"):
                rec["date"] = today
        for f in fields:
            if rec.get(f.name) is None and f.default is not None:
                rec[f.name] = f.default
            if f.required and rec.get(f.name) is None and f.choices:
                rec[f.name] = "other" if "other" in f.choice_values else f.choice_values[0]
        rec["code"] = _unique(str(code), taken)
        out.append(rec)
    split_rows = {n for n in rep.notes if n.startswith("split_counts:")}
    if split_rows:  # one note for the user: how many buildings, not which rows
        rep.notes = [n for n in rep.notes if not n.startswith("split_counts:")] + [f"split_counts:{len(split_rows)}"]
    if spec.name == "compounds":
        compounds.names += [r["name"] for r in out]
        compounds.geoms += list(geoms)
    return out


def command(doc: Document, prepared: list[Prepared]) -> Batch:
    """One undoable step adding everything prepared, and the credit its source asks for (data
    from OpenStreetMap carries "© OpenStreetMap contributors" wherever it is shown): undoing the
    import takes the credit away with the data."""
    cmds: list[Command] = [AddFeatures(doc, p.target, p.records, list(p.geoms)) for p in prepared if p.records]
    have = str(doc.meta.get("credits", "") or "")
    new = [c for c in dict.fromkeys(p.report.credit for p in prepared if p.records) if c and c not in have]
    if new:
        cmds.append(SetMeta(doc, "credits", "；".join(x for x in (have, *new) if x)))
    return Batch(cmds, text="导入")


# -- whole files -----------------------------------------------------------------------------------

def is_osm(path: Path) -> bool:
    """An OpenStreetMap XML or PBF extract."""
    return path.suffix.lower() in (".osm", ".pbf")


def plan_file(doc: Document, path: str | Path, layer: str | None = None, target: str | None = None,
              source_crs: str | None = None, encoding: str | None = None) -> list[Prepared]:
    """Prepare every layer of `path` that maps onto a cmdmap layer (or just `layer` → `target`)."""
    path = Path(path)
    if is_osm(path):
        return plan_osm(doc, path)
    names = [n for n, _ in list_layers(path, encoding)]
    if layer is not None:
        if layer not in names:
            raise StoreError("no_such_layer", path=str(path), layer=layer, layers="、".join(names))
        names = [layer]
    pairs = [(n, target or target_for_layer(n)) for n in names]
    if layer is None and target is not None and len(names) == 1:
        pairs = [(names[0], target)]
    if not any(t for _, t in pairs):
        raise StoreError("no_target_layer", path=str(path), layers="、".join(names))
    # Compounds before buildings and gates: their codes carry the compound's name.
    pairs.sort(key=lambda p: doc.schema[p[1]].order if p[1] else 1000)
    compounds = CompoundIndex.of(doc)
    out = []
    for name, tgt in pairs:
        if tgt is None:
            continue
        src = read_layer(path, name, encoding)
        out.append(prepare(doc, src, tgt, source_crs=source_crs, compounds=compounds, source_name=f"{path.name}:{name}"))
    return out


def plan_osm(doc: Document, path: Path) -> list[Prepared]:
    """OpenStreetMap: landuse=residential → compounds, building=* → buildings, gates and entrances → gates."""
    polys = read_layer(path, "multipolygons")
    points = read_layer(path, "points")
    compounds = CompoundIndex.of(doc)
    landuse = polys.columns.get("landuse", np.full(len(polys), None, dtype=object))
    building = polys.columns.get("building", np.full(len(polys), None, dtype=object))
    barrier = points.columns.get("barrier", np.full(len(points), None, dtype=object))
    is_gate = np.array([b in ("gate", "lift_gate", "swing_gate", "sliding_gate") or "entrance" in t
                        for b, t in zip(barrier, points.tags or [{}] * len(points))], dtype=bool)
    name = f"{path.name}"
    return [
        prepare(doc, polys, "compounds", rows=np.nonzero(landuse == "residential")[0], compounds=compounds, source_name=name),
        prepare(doc, polys, "buildings", rows=np.nonzero(building != None)[0], compounds=compounds, source_name=name),  # noqa: E711
        prepare(doc, points, "gates", rows=np.nonzero(is_gate)[0], compounds=compounds, source_name=name),
    ]


def lonlat_centre(path: str | Path, source_crs: str | None = None) -> tuple[float, float]:
    """Where a source file lies (longitude, latitude), to pick a new community file's CRS."""
    path = Path(path)
    layers = ["multipolygons"] if is_osm(path) else [n for n, _ in list_layers(path)]
    for name in layers:
        try:
            src = read_layer(path, name)
        except StoreError:
            continue  # a layer GDAL cannot read says nothing about where the others lie
        g = src.geoms[~shapely.is_missing(src.geoms)]
        if not len(g):
            continue
        x0, y0, x1, y1 = shapely.total_bounds(g)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        crs = source_crs or src.crs or "EPSG:4326"
        if crs in OFFSET_SYSTEMS:
            lng, lat = chinacoords.to_wgs84(crs, cx, cy)
            return float(lng), float(lat)
        t = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        lng, lat = t.transform(cx, cy)
        return float(lng), float(lat)
    raise StoreError("no_features", path=str(path))
