"""What the renderer keeps per layer between frames: chunked paths in world metres, colours, label
anchors. Built in bulk from the document's columns, rebuilt only when that layer changes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from PySide6.QtGui import QColor

from cmdmap.model.document import Document
from cmdmap.model.placement import GRID_LEVELS
from cmdmap.render.chunks import Chunk, build_chunks, tile_at, tile_grid, tile_of
from cmdmap.render.labels import LabelSource
from cmdmap.render.qpath import RingArrays
from cmdmap.render.style import (DEFAULT_GRID_COLOR, GRID_BORDERS, LABELS, LabelStyle, LineStyle,
                                 colour_groups, layer_fill, layer_line, qcolor)


@dataclass
class PolygonCache:
    """One polygon layer ready to draw: fills by colour group and tile, outlines by style group."""

    fills: list[Chunk] = field(default_factory=list)
    fill_colors: list[QColor] = field(default_factory=list)
    outlines: list[Chunk] = field(default_factory=list)
    outline_styles: list[LineStyle] = field(default_factory=list)
    outline_sizes_m: list[float] = field(default_factory=list)  # median feature size per style
    fill_outline: LineStyle | None = None  # stroke drawn with the fill (buildings)
    # Fills whose edges are covered by an outline drawn on top need no antialiasing, which costs
    # 5x the time of a plain fill (0.2 s against 0.04 s for 10,000 grids).
    fill_antialias: bool = True
    typical_size_m: float = 0.0            # median feature size, for level of detail
    labels: LabelSource | None = None
    # For rebuilding only the chunks an edit touches (buildings): each feature's colour group
    # and tile, the colours by group, and the tiling.
    feature_group: np.ndarray | None = None
    feature_tile: np.ndarray | None = None
    group_colors: list[str] = field(default_factory=list)
    tiling: tuple[int, float, float, float, float] | None = None
    fill_alpha: float = 1.0
    # Grids: the fills that stand for their buildings where those are too small to see (level of
    # detail at overview scales), as dense as the buildings would look from afar.
    dense_fill_colors: list[QColor] = field(default_factory=list)


@dataclass
class PointCache:
    """One point layer: world coordinates plus what picks each marker's look."""

    x: np.ndarray
    y: np.ndarray
    attrs: dict[str, np.ndarray]
    labels: LabelSource | None = None
    fid: np.ndarray | None = None  # by row: symbols are batched by fid (renderer._batches)


def _present(geoms: np.ndarray) -> np.ndarray:
    return ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) if len(geoms) else np.zeros(0, bool)


def _label_source(doc: Document, name: str, geoms: np.ndarray, style: LabelStyle | None = None) -> LabelSource | None:
    """Anchors inside each polygon (its centroid when inside, else a point on its surface)."""
    layer = doc[name]
    field_name = layer.spec.style.get("label")
    if not field_name or field_name not in layer.cols:
        return None
    n = len(geoms)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    w = np.zeros(n)
    h = np.zeros(n)
    ok = _present(geoms)
    if ok.any():
        g = geoms[ok]
        c = shapely.get_coordinates(shapely.centroid(g))
        inside = shapely.contains_xy(g, c[:, 0], c[:, 1])
        if not inside.all():
            c[~inside] = shapely.get_coordinates(shapely.point_on_surface(g[~inside]))
        x[ok], y[ok] = c[:, 0], c[:, 1]
        b = shapely.bounds(g)
        w[ok], h[ok] = b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]
    text = layer.column(field_name)
    return LabelSource(name, x, y, w, h, text, style or LABELS.get(name, LabelStyle(8.0, "#333333")))


def typical_size(geoms: np.ndarray) -> float:
    """The median of the square roots of the polygons' areas (metres): how big a feature is."""
    return median_size(feature_sizes(geoms))


def feature_sizes(geoms: np.ndarray) -> np.ndarray:
    """The square root of each polygon's area (metres; NaN where missing or empty)."""
    out = np.full(len(geoms), np.nan)
    ok = _present(geoms)
    if ok.any():
        out[ok] = np.sqrt(np.maximum(shapely.area(geoms[ok]), 0.0))
    return out


def median_size(sizes: np.ndarray) -> float:
    """typical_size from feature_sizes (kept, and updated where features change)."""
    known = sizes[~np.isnan(sizes)]
    return float(np.median(known)) if len(known) else 0.0


# Features per tile (measured on 200,000 buildings and 4,000 grids at 1920x1080). Qt rasterises a
# path's edges all together and the cost grows faster than the number of rings: a wide
# antialiased border round 4,000 grids costs 0.73 s as one path, 0.04 s as paths of ~12 rings.
# Large translucent fills want fewer, bigger paths (0.10 s at 400 grids a path, 0.16 s at 12);
# tiny building fills are cheap either way and 4,000 a path keeps the path count low.
# Buildings: ~500 a tile, so a close-up draws the few tiles it shows rather than tiles of 4,000
# that reach far off screen (Qt transforms every vertex of a path it draws). Overviews do not
# draw buildings one by one (see DENSE_GRID_ALPHA), so the extra paths cost them nothing.
BUILDING_TILE = 500
AREA_TILE = 400
# Opacity of a grid's fill standing in for its buildings at overview scales: buildings at 0.85
# cover about a third of a residential grid, over the grid's own light fill.
DENSE_GRID_ALPHA = 0.5
LINE_TILE = 12


def _tiles(geoms: np.ndarray, per_tile: int) -> np.ndarray:
    """A tile per feature from its bounding-box centre (missing geometries: tile 0)."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=np.int64)
    b = shapely.bounds(geoms)
    cx = np.nan_to_num((b[:, 0] + b[:, 2]) / 2.0)
    cy = np.nan_to_num((b[:, 1] + b[:, 3]) / 2.0)
    return tile_of(cx, cy, per_tile)


def _centres(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounding-box centres (missing geometries: 0, 0)."""
    if len(geoms) == 0:
        return np.zeros(0), np.zeros(0)
    b = shapely.bounds(geoms)
    return np.nan_to_num((b[:, 0] + b[:, 2]) / 2.0), np.nan_to_num((b[:, 1] + b[:, 3]) / 2.0)


def leaf_grids(doc: Document) -> np.ndarray:
    """Mask of grids no other grid names as parent: the finest grids, the ones filled in colour."""
    grids = doc["grids"]
    parents = grids.column("parent")
    named = parents[parents != None]  # noqa: E711 — elementwise on an object array
    return ~np.isin(grids.column("code").astype(str), np.asarray(named, dtype=str))


def building_grid_colors(doc: Document, rows: np.ndarray | None = None) -> np.ndarray:
    """The colour of the finest grid holding each building ('#rrggbb' or None): a micro-grid's
    colour where it has one, else its grid's, else its zone's. `rows`: of those buildings only
    (a few after an edit: all of a district's cost 18 ms)."""
    p = doc.placement
    gcolor = doc["grids"].column("color")
    out = np.full(len(doc["buildings"]) if rows is None else len(rows), None, dtype=object)
    for lv in GRID_LEVELS:  # coarse to fine: finer levels overwrite
        idx = p.where["buildings"][lv]
        if rows is not None:
            idx = idx[rows]
        grid_rows = p.levels[lv].rows
        inside = np.nonzero(idx >= 0)[0]
        c = gcolor[grid_rows[idx[inside]]]
        has = (c != None) & (c != "")  # noqa: E711
        out[inside[has]] = c[has]
    return out


def build_grids(doc: Document, origin: tuple[float, float]) -> PolygonCache:
    """Grids: light fills in each finest grid's colour; borders by level (zones strongest)."""
    layer = doc["grids"]
    geoms = layer.geom
    rings = RingArrays(geoms, origin)
    alpha = float(layer.spec.style.get("fill_alpha", 0.18))
    group, colors = colour_groups(layer.column("color"), DEFAULT_GRID_COLOR)
    group = np.where(leaf_grids(doc), group, -1)
    level = layer.column("level")
    # Draw order of borders: micro first, zones last (on top).
    level_order = ("micro", "grid", "zone")
    lv_group = np.full(len(layer), level_order.index("grid"), dtype=np.int64)
    for i, lv in enumerate(level_order):
        lv_group[level == lv] = i
    cache = PolygonCache(
        fills=build_chunks(rings, group, _tiles(geoms, AREA_TILE)),
        fill_colors=[qcolor(c, alpha) for c in colors],
        dense_fill_colors=[qcolor(c, DENSE_GRID_ALPHA) for c in colors],
        outlines=build_chunks(rings, lv_group, _tiles(geoms, LINE_TILE)),
        outline_styles=[GRID_BORDERS[lv] for lv in level_order],
        outline_sizes_m=[typical_size(geoms[lv_group == i]) for i in range(len(level_order))],
        fill_antialias=False,
        typical_size_m=typical_size(geoms),
    )
    cache.labels = _label_source(doc, "grids", _label_geoms(doc, geoms))
    return cache


def _label_geoms(doc: Document, geoms: np.ndarray) -> np.ndarray:
    """Only the finest grids are labelled (a zone's name would sit on one of its grids')."""
    out = geoms.copy()
    out[~leaf_grids(doc)] = None
    return out


def build_buildings(doc: Document, origin: tuple[float, float], colours: np.ndarray | None = None) -> PolygonCache:
    """Buildings filled in the colour of the grid they lie in (or in `colours`, one per row),
    one path per colour and tile."""
    layer = doc["buildings"]
    geoms = layer.geom
    rings = RingArrays(geoms, origin)
    alpha = float(layer.spec.style.get("fill_alpha", 0.85))
    group, colors = colour_groups(building_grid_colors(doc) if colours is None else colours, DEFAULT_GRID_COLOR)
    cx, cy = _centres(geoms)
    tiling = tile_grid(cx, cy, BUILDING_TILE)
    tiles = tile_at(cx, cy, tiling)
    cache = PolygonCache(
        fills=build_chunks(rings, group, tiles),
        fill_colors=[qcolor(c, alpha) for c in colors],
        fill_outline=layer_line(layer.spec, "#404040"),
        typical_size_m=typical_size(geoms),
        feature_group=group, feature_tile=tiles, group_colors=list(colors), tiling=tiling, fill_alpha=alpha,
    )
    cache.labels = _label_source(doc, "buildings", geoms)
    return cache


def build_polygons(doc: Document, name: str, origin: tuple[float, float]) -> PolygonCache:
    """Any other polygon layer (compounds, risk zones) in its declared style."""
    layer = doc[name]
    geoms = layer.geom
    rings = RingArrays(geoms, origin)
    ones = np.zeros(len(layer), dtype=np.int64)
    fill, alpha = layer_fill(layer.spec)
    cache = PolygonCache(
        fills=build_chunks(rings, ones, _tiles(geoms, AREA_TILE)) if alpha > 0 else [],
        fill_colors=[qcolor(fill, alpha)],
        outlines=build_chunks(rings, ones, _tiles(geoms, LINE_TILE)),
        outline_styles=[layer_line(layer.spec)],
        outline_sizes_m=[typical_size(geoms)],
        fill_antialias=False,
        typical_size_m=typical_size(geoms),
    )
    cache.labels = _label_source(doc, name, geoms)
    return cache


def build_points(doc: Document, name: str) -> PointCache:
    """A point layer's coordinates (missing ones as NaN) and the attributes its markers use."""
    layer = doc[name]
    geoms = layer.geom
    n = len(layer)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    ok = _present(geoms)
    if ok.any():
        # A multipoint or a polygon given where a point belongs still gets one marker.
        c = shapely.get_coordinates(shapely.point_on_surface(geoms[ok]))
        x[ok], y[ok] = c[:, 0], c[:, 1]
    attrs = {k: layer.column(k) for k in ("kind", "state", "bearing") if k in layer.cols}
    cache = PointCache(x, y, attrs, fid=layer.fid.copy())
    label_field = layer.spec.style.get("label")
    if label_field in layer.cols:
        zeros = np.zeros(n)
        cache.labels = LabelSource(name, x, y, zeros, zeros, layer.column(label_field),
                                   LABELS.get(name, LabelStyle(8.0, "#333333")),
                                   bearing=attrs.get("bearing") if name == "gates" else None)
    return cache
