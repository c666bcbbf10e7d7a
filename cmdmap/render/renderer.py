"""The one map renderer: the same code draws the canvas, an image and a sheet of paper.

`MapRenderer(doc).render(painter, view, options)` draws into any QPainter. Polygons are cached per
layer as chunked QPainterPaths in world metres (relative to a fixed origin near the data, so the
numbers stay small for any paint engine) and drawn through the painter's world transform with
cosmetic pens; markers and labels are drawn in device pixels. Caches are dropped from the
document's change events and rebuilt at the next render, so a burst of edits costs one rebuild.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QTransform

from cmdmap.model.backdrops import BACKDROPS, Backdrop
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.render.chunks import visible
from cmdmap.render.labels import LabelEngine, LabelSource, Occupancy, PlacedLabels
from cmdmap.render.layers import (PointCache, PolygonCache, build_buildings, build_grids, build_points,
                                  build_polygons, feature_sizes, leaf_grids, median_size)
from cmdmap.render.colourings import COLOURINGS, DEPENDS_ON, building_colours
from cmdmap.render.extents import Extents
from cmdmap.render.incremental import update_buildings
from cmdmap.render.overlays import RISK_BORDER_MM, SEALED_PEN_MM, Overlays
from cmdmap.render.paper import snapped, wants_snapping
from cmdmap.render.qpath import rotated_symbols_path, symbols_path
from cmdmap.render.style import (BACKGROUND, GATE_ARROW_MM, GATE_COLORS, GATE_MAX_SCALE, GRID_BORDERS, HALO_MM,
                                 POINT_MAX_SCALE, SITE_MARKER_MM, SITE_SYMBOLS, layer_line, qcolor)
from cmdmap.render.symbols import gate_arrow, marker
from cmdmap.render import ladder
from cmdmap.render.tiles import Region, TileCache
from cmdmap.render.view import ViewTransform

POLYGON_LAYERS = ("grids", "risk_zones", "compounds", "buildings")
ANTIALIAS_PX = 4.0         # fills of features smaller than this on the device are not antialiased
BUILDING_OUTLINE_PX = 5.0  # buildings smaller than this get no outline (it would hide the colour)
# Buildings smaller than this on the device are not drawn one by one: their grids' fills stand in
# for them (dense, in the same colours). At a district's full extent (1:50,000) a building is
# under a pixel; drawing 200,000 of them cost 0.1 s a frame and their paths 1.5 s to build (and
# the placement behind their colours 1.7 s), none of which the first frame then waits for.
BUILDING_LOD_PX = 2.0
MARKERS_PER_PATH = 16      # markers are batched: 1,446 sites cost 118 ms as one path, 26 ms in 16s
POINT_LAYERS = ("gates", "events", "sites")  # sites on top: events often happen at one

# A change to the key layer also changes how the listed layers look.
_DEPENDENTS = {"grids": ("buildings",)}
# Attribute edits that change nothing on the map do not drop caches.
_VISUAL_FIELDS = {
    "grids": {"code", "name", "level", "parent", "color"},
    "buildings": {"number"},
    "compounds": {"name"},
    "gates": {"name", "bearing", "state"},
    "sites": {"name", "kind"},
    "risk_zones": {"name"},
    "events": {"title"},
}
# Attribute edits that change an overlay (drawn from the columns, into the screen's tiles, which
# a change drops where it lies): they need a repaint but no cache rebuild.
_OVERLAY_FIELDS = {"buildings": {"sealed"}, "risk_zones": {"level"}}
# ... and these only while the last frame showed building details (close zoom).
_DETAIL_FIELDS = {"buildings": {"households"}}
# Attribute edits that change what the screen's tiles hold (MapRenderer._tile_job): grids' colours,
# levels and nesting (which grids are filled, the buildings' colours, the borders); a building's
# seal and its code (the colourings by isolation and by staff go by code); the points' looks; a
# risk zone's hatching. Labels are drawn over the tiles each frame: label fields are listed only
# because _VISUAL_FIELDS is (a few tiles drawn again after a rename cost nothing to speak of).
_TILE_FIELDS = {
    "grids": {"code", "level", "parent", "color"},
    "buildings": {"sealed", "code"},
    "gates": {"bearing", "state"},
    "sites": {"kind"},
    "events": {"kind"},
    "risk_zones": {"level"},
}
_COLOURING_AT = 4  # where the colouring is in a tile key (_tile_job)


@dataclass(frozen=True)
class RenderOptions:
    """What to draw: labels or not, the background (None: leave the device as it is), layers to
    leave out, antialiasing. `lang` is for text the renderer writes itself (none yet: the map's
    labels are the data's own names; the legend and scale bar of print layouts will use it)."""

    labels: bool = True
    background: str | None = BACKGROUND
    antialias: bool = True
    hidden: frozenset[str] = frozenset()
    lang: str = "zh"
    colouring: str = "grid"  # buildings by grid, by isolation load or by staff coverage (colourings.py)
    # Screen only: keep the polygon layers, the hatching and the point symbols as image tiles
    # between frames (tiles.py), so a pan draws only what it exposes. Paper leaves this off and
    # gets vectors.
    tiles: bool = False


@dataclass
class RenderStats:
    """What the last frame cost and drew (for tests, the status bar and benchmarks)."""

    seconds: float = 0.0
    paths: int = 0
    labels: int = 0
    placed: PlacedLabels | None = None
    rebuilt: list[str] = field(default_factory=list)
    details: int = 0  # buildings that showed households and isolation markers


class MapRenderer:
    """Draws a document's map; keeps per-layer caches in step with the document's changes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._cache: dict[str, PolygonCache | PointCache] = {}
        self._origin: tuple[float, float] | None = None
        self._labels = LabelEngine()
        self.overlays = Overlays(doc)
        self._colouring = "grid"  # of the last frame: which non-spatial edits change the map
        self._building_size_m: float | None = None  # median building size, for level of detail
        self._building_sizes: np.ndarray | None = None  # ... of these, by row (20 ms to compute on a district)
        self.stats = RenderStats()
        self._images: dict[str, tuple[bytes, QImage]] = {}  # backdrop code -> (its file, decoded)
        # Backdrop code -> opacity shown instead of the stored one (while a slider is dragged).
        self.preview_opacity: dict[str, float] = {}
        self._snap = False
        self._tiles = TileCache()
        # Each spatial layer's feature boxes as of the last change (kept from the first tiled
        # frame on): a change drops only the tiles where its features were and are.
        self._extents = Extents(doc, marks={"grids": leaf_grids})  # a grid with no children gets a fill
        self._reach = symbol_reach(doc)
        # What drawing ahead has made label images for: the view and options it was for, and
        # which notches (1 in, -1 out) are done.
        self._warm_for: tuple | None = None
        self._warm_done: set[int] = set()
        self._warm_placed: tuple | None = None  # (PlacedLabels, rung view) whose images are being made
        # From prepare_labels: (view, options, PlacedLabels, whether render would place them so).
        self._prepared: tuple | None = None
        self._changed_boxes: np.ndarray | None = None  # where reshaped grids were and are now
        doc.subscribe(self._on_change)

    def close(self) -> None:
        """Stop listening to the document (call when the view goes away)."""
        self.doc.unsubscribe(self._on_change)

    # -- caches ---------------------------------------------------------------------------------

    def affects_map(self, change: Change) -> bool:
        """True when `change` alters what the map shows (a new household count does not)."""
        if change.layer in DEPENDS_ON.get(self._colouring, ()) and change.layer not in ("grids",):
            return True
        if change.layer == "isolation":
            return self.stats.details > 0
        if change.layer not in self.doc.layers:
            return True
        if not self.doc[change.layer].spec.is_spatial:
            return False
        visual = _VISUAL_FIELDS.get(change.layer)
        if visual is not None:
            visual = visual | _OVERLAY_FIELDS.get(change.layer, set())
            if self.stats.details > 0:
                visual = visual | _DETAIL_FIELDS.get(change.layer, set())
            if change.layer == "buildings" and self._colouring != "grid":
                visual = visual | {"code"}  # the colourings by isolation and by staff go by code
        return not (change.kind == "update" and change.fields and visual is not None
                    and not set(change.fields) & visual)

    def _on_change(self, change: Change) -> None:
        self._prepared = None  # labels move with the features they name
        self._forget_tiles(change)
        if change.layer == BACKDROPS:  # drawn from the list every frame: only forget gone images
            codes = {b.code for b in self.doc.backdrops}
            self._images = {c: v for c, v in self._images.items() if c in codes}
            return
        if change.layer == "buildings" and change.kind == "geometry":
            self._building_size_m = None
            self._shapes_moved(change.fids)
        elif change.layer == "buildings" and change.kind != "update":
            self._building_size_m = None
            self._building_sizes = None
            self.overlays.forget_shapes()
        # Per-building isolation totals hang on the register and on building codes and rows,
        # not on shapes: moving a building keeps them.
        if change.layer == "isolation" or (change.layer == "buildings" and change.kind != "geometry" and (
                change.kind != "update" or not change.fields or "code" in change.fields)):
            self.overlays.invalidate()
        for mode, layers in DEPENDS_ON.items():
            if mode != "grid" and change.layer in layers:
                self._cache.pop(f"buildings@{mode}", None)
        if change.layer == "buildings" and change.kind == "update" and (not change.fields or "code" in change.fields):
            for mode in COLOURINGS:  # the colourings by isolation and by staff go by building code
                if mode != "grid":
                    self._cache.pop(f"buildings@{mode}", None)
        if not self.affects_map(change) or change.layer == "isolation":
            return
        visual = _VISUAL_FIELDS.get(change.layer)
        if change.kind == "update" and change.fields and visual is not None and not set(change.fields) & visual:
            return  # an overlay field: drawn from the columns at the next frame
        cache = self._cache.get("buildings")
        if change.layer == "grids" and change.kind == "update" and set(change.fields) == {"color"} \
                and isinstance(cache, PolygonCache):
            # A grid's new colour: its buildings change colour group, nothing else moves.
            self._cache.pop("grids", None)
            if self._recolour_buildings(cache, change.fids):
                return
        if change.layer == "grids" and change.kind == "geometry" and isinstance(cache, PolygonCache) \
                and self._changed_boxes is not None:
            # Grids reshaped: only buildings where the grids were or are now can change grid, so
            # only theirs are coloured again (on a district the whole layer cost 0.8 s to build).
            self._cache.pop("grids", None)
            if self._recolour_buildings_in(cache, self._changed_boxes):
                return
        if change.layer == "buildings" and change.kind == "geometry" and isinstance(cache, PolygonCache) \
                and update_buildings(cache, self.doc, change.fids, self.origin):
            for mode in COLOURINGS:  # the other colourings are rebuilt when next shown
                self._cache.pop(f"buildings@{mode}", None)
            # A new shape may shift the median size behind the outlines, as a rebuild would
            # (a move does not); the tiles' key follows it.
            cache.typical_size_m = self._building_size()
            return
        self._drop_caches(change.layer if change.layer in self.doc.layers else None)

    def _forget_tiles(self, change: Change) -> None:
        """Drop the tiles `change` can have altered: where its features were and are (plus, for
        grids, the buildings they colour and the grids it made or unmade leaves); for a table the
        tiles of the colourings drawn from it; every tile when that is not known."""
        name = change.layer
        if name == BACKDROPS or name not in self.doc.layers:  # scanned plans lie under every tile
            self._tiles.clear()
            return
        if not self.doc.layers[name].spec.is_spatial:
            for mode, layers in DEPENDS_ON.items():
                if mode != "grid" and name in layers:
                    self._tiles.clear(lambda key, mode=mode: key[_COLOURING_AT] == mode)
            return
        boxes = self._extents.changed(change)  # keeps the boxes in step whatever happens next
        self._changed_boxes = boxes if name == "grids" and change.kind == "geometry" else None
        if boxes is None:
            self._tiles.clear()
            return
        if change.kind == "update" and change.fields and not set(change.fields) & (
                _TILE_FIELDS.get(name, set()) | _VISUAL_FIELDS.get(name, set())):
            return
        if name == "grids" and len(boxes):
            # A building takes the colour of the grid it lies in (it meets that grid): its box lies
            # within the grid's grown by the building's size.
            if not self._extents.tracked("buildings") and "buildings" in self.doc.layers:
                self._tiles.clear()
                return
            w = self._extents.widest("buildings")
            boxes = boxes + np.array([-w, -w, w, w])
        if len(boxes) > 64:  # a bulk change: one box round it all
            boxes = np.array([[boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()]])
        for b in boxes.tolist():
            self._tiles.forget(tuple(b), *self._reach)

    def _track_extents(self) -> None:
        """Keep the boxes of the layers tiles draw (from the first tiled frame on)."""
        for name in (*POLYGON_LAYERS, *POINT_LAYERS):
            if name in self.doc.layers:
                self._extents.track(name)

    def _shapes_moved(self, fids) -> None:
        """Bring what is kept per building row (sizes, boxes) up to date after buildings
        changed shape; rows stay (a few rows' worth, not a district's 200,000)."""
        layer = self.doc["buildings"]
        try:
            rows = layer.rows(int(f) for f in fids)
        except KeyError:
            self._building_sizes = None
            self.overlays.forget_shapes()
            return
        if self._building_sizes is not None and len(self._building_sizes) == len(layer):
            self._building_sizes[rows] = feature_sizes(layer.geom[rows])
        else:
            self._building_sizes = None
        self.overlays.shapes_moved(rows)

    def _recolour_buildings(self, cache: PolygonCache, grid_fids) -> bool:
        """Rebuild only the building chunks the buildings of grids `grid_fids` leave or join
        (on a district 1.5 s for all of them, a few milliseconds for one grid's)."""
        grids, p = self.doc["grids"], self.doc.placement
        level = grids.column("level")
        rows: list[np.ndarray] = []
        for fid in grid_fids:
            row = grids.row(int(fid))
            lv = level[row]
            if lv not in p.levels:
                return False
            k = np.nonzero(p.levels[lv].rows == row)[0]
            if len(k):
                rows.append(np.nonzero(p.where["buildings"][lv] == k[0])[0])
        inside = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return update_buildings(cache, self.doc, self.doc["buildings"].fid[inside], self.origin)

    def _recolour_buildings_in(self, cache: PolygonCache, boxes: np.ndarray) -> bool:
        """Colour again the buildings whose boxes meet `boxes` (k, 4): rebuild only the chunks
        they leave or join."""
        b = self.overlays.building_bounds()
        hit = np.zeros(len(b), dtype=bool)
        for x0, y0, x1, y1 in np.asarray(boxes, dtype=float).reshape(-1, 4).tolist():
            hit |= (b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0)
        return update_buildings(cache, self.doc, self.doc["buildings"].fid[hit], self.origin)

    def invalidate(self, layer: str | None = None) -> None:
        """Forget what was built for `layer` and the layers drawn from it (None: everything),
        and every tile."""
        self._tiles.clear()
        self._drop_caches(layer)

    def _drop_caches(self, layer: str | None) -> None:
        """Forget what was built for `layer` and the layers drawn from it (None: everything)."""
        if layer is None:
            self._cache.clear()
            self._building_size_m = None
            self._building_sizes = None
            self.overlays.forget_shapes()
            return
        for name in (layer, *_DEPENDENTS.get(layer, ())):
            self._cache.pop(name, None)
            if name == "buildings":
                for mode in COLOURINGS:
                    self._cache.pop(f"buildings@{mode}", None)

    def _layer(self, name: str) -> PolygonCache | PointCache:
        c = self._cache.get(name)
        if c is None:
            origin = self.origin
            if name == "grids":
                c = build_grids(self.doc, origin)
            elif name == "buildings":
                c = build_buildings(self.doc, origin)
            elif name in POLYGON_LAYERS:
                c = build_polygons(self.doc, name, origin)
            else:
                c = build_points(self.doc, name)
            self._cache[name] = c
            self.stats.rebuilt.append(name)
        return c

    def _layer_for(self, name: str, opts: RenderOptions) -> PolygonCache | PointCache:
        """The cache to draw `name` with under `opts` (buildings differ by colouring)."""
        if name != "buildings" or opts.colouring == "grid" or opts.colouring not in COLOURINGS:
            return self._layer(name)
        key = f"buildings@{opts.colouring}"
        c = self._cache.get(key)
        if c is None:
            c = self._cache[key] = build_buildings(self.doc, self.origin, building_colours(self.doc, opts.colouring))
            self.stats.rebuilt.append(key)
        return c

    def buildings_as_grid_fills(self, view: ViewTransform, opts: RenderOptions) -> bool:
        """True when `view` shows buildings too small to draw one by one, so their grids' dense
        fills stand in for them (only when buildings are coloured by grid and grids are shown)."""
        if opts.colouring != "grid" or "buildings" in opts.hidden or "grids" in opts.hidden \
                or "buildings" not in self.doc.layers or "grids" not in self.doc.layers:
            return False
        return self._building_size() / view.mpp < BUILDING_LOD_PX

    def _building_size(self) -> float:
        """The buildings' typical size (layers.typical_size), from the sizes kept by row."""
        if self._building_size_m is None:
            layer = self.doc["buildings"]
            if self._building_sizes is None or len(self._building_sizes) != len(layer):
                self._building_sizes = feature_sizes(layer.geom)
            self._building_size_m = median_size(self._building_sizes)
        return self._building_size_m

    @property
    def origin(self) -> tuple[float, float]:
        """The world point paths are stored relative to (fixed for the renderer's life)."""
        if self._origin is None:
            b = self.extent()
            self._origin = (float(np.floor(b[0] / 1000.0) * 1000.0), float(np.floor(b[1] / 1000.0) * 1000.0))
        return self._origin

    def extent(self) -> tuple[float, float, float, float]:
        """The world bounds of everything on the map (xmin, ymin, xmax, ymax)."""
        boxes = []
        for name in (*POLYGON_LAYERS, *POINT_LAYERS):
            layer = self.doc.layers.get(name)
            if layer is not None and len(layer):
                b = shapely.total_bounds(layer.geom)
                if np.all(np.isfinite(b)):
                    boxes.append(b)
        if not boxes:
            return (0.0, 0.0, 1000.0, 1000.0)
        a = np.array(boxes)
        return (float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 2].max()), float(a[:, 3].max()))

    # -- drawing --------------------------------------------------------------------------------

    def world_transform(self, view: ViewTransform) -> QTransform:
        """Path coordinates (world minus origin) to device pixels for `view`."""
        ox, oy = self.origin
        s = 1.0 / view.mpp
        return QTransform(s, 0.0, 0.0, -s, (ox - view.cx) * s + view.width / 2.0,
                          (view.cy - oy) * s + view.height / 2.0)

    def render(self, painter: QPainter, view: ViewTransform, options: RenderOptions | None = None) -> RenderStats:
        """Draw the map as `view` sees it into `painter`'s device area (0, 0, width, height)."""
        t0 = time.perf_counter()
        opts = options or RenderOptions()
        self.stats = RenderStats()
        self._colouring = opts.colouring
        painter.save()
        base = painter.worldTransform()  # a print layout may have placed the map frame already
        painter.setClipRect(QRectF(0, 0, view.width, view.height), Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, opts.antialias)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        tiled = opts.tiles and base.isIdentity()
        if opts.background and not tiled:  # tiles carry the background
            painter.fillRect(QRectF(0, 0, view.width, view.height), QColor(opts.background))
        layers, dense = self._layers_to_draw(view, opts)

        self._snap = wants_snapping(painter)  # vector paper: paths go out on the device grid
        if tiled:
            dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
            key, region = self._tile_job(view, opts, dpr)
            self._tiles.draw(painter, view, key, dpr, region)
        else:
            self._draw_polygons(painter, view, opts, layers, dense, base)

        painter.setWorldTransform(base)
        if not tiled:  # tiles hold the overlays and symbols too (_tile_job)
            self.overlays.draw_areas(painter, view, opts.hidden)
        taken = Occupancy()
        for name in layers:
            cache = self._layer_for(name, opts)
            if isinstance(cache, PointCache):
                if not tiled:
                    self._draw_points(painter, name, cache, view)
                self._take_points(name, cache, view, taken)
        self.stats.details = self.overlays.draw_details(painter, view, opts.hidden, taken)
        if opts.labels:
            prepared = self._prepared
            if tiled and prepared is not None and prepared[0] == view and prepared[1] == opts and prepared[3]:
                placed = prepared[2]  # placed by prepare_labels since the last change, as here
            else:
                placed = self._labels.place(self._label_sources(layers, opts), view, taken)
            self._labels.draw(painter, placed, view)
            self.stats.labels = len(placed)
            self.stats.placed = placed
        painter.restore()
        self.stats.seconds = time.perf_counter() - t0
        return self.stats

    def _layers_to_draw(self, view: ViewTransform, opts: RenderOptions) -> tuple[list[str], bool]:
        """The layers `view` shows, and whether buildings go in as grid fills (level of detail)."""
        layers = [n for n in (*POLYGON_LAYERS, *POINT_LAYERS) if n in self.doc.layers and n not in opts.hidden]
        dense = self.buildings_as_grid_fills(view, opts)
        if dense:
            layers.remove("buildings")
        return layers, dense

    def _tile_job(self, view: ViewTransform, opts: RenderOptions, dpr: float) -> tuple[tuple, Region]:
        """The tile key of `view`'s scale and what draws a tile there: the polygon layers, then
        the risk zones' hatching, the sealed buildings' marks and the point symbols over them, in
        the order a frame drawn whole has them. Hatching and symbols sit on the scale's world-pixel
        grid, and every tile draws the symbols that reach into it, so tiles join seamlessly."""
        layers, dense = self._layers_to_draw(view, opts)
        self._track_extents()

        def region(p: QPainter, v: ViewTransform) -> None:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, opts.antialias)
            if opts.background:
                p.fillRect(QRectF(0, 0, v.width, v.height), QColor(opts.background))
            self._draw_polygons(p, v, opts, layers, dense, QTransform())
            p.setWorldTransform(QTransform())
            self.overlays.draw_areas(p, v, opts.hidden)
            for name in layers:
                if name in POINT_LAYERS:
                    self._draw_points(p, name, self._layer_for(name, opts), v)
        # Scanned plans are inside the tiles (under the polygons): their state keys the tiles.
        plans = (tuple((b.code, b.opacity) for b in self.doc.backdrops),
                 tuple(sorted(self.preview_opacity.items())))
        # What the level of detail hangs on: whether grids stand for the buildings, and the typical
        # sizes behind the pens and antialiasing. An edit that shifts them changes every tile of
        # a scale, which then keys tiles of its own (those of the old sizes are never shown again).
        lod = (dense, *((c.typical_size_m, tuple(c.outline_sizes_m))
                        for c in (self._layer_for(n, opts) for n in layers if n in POLYGON_LAYERS)))
        key = (view.mpp, view.dpi, dpr, opts.hidden, opts.colouring, opts.antialias, opts.background, plans, lod)
        return key, region

    def prefetch(self, view: ViewTransform, options: RenderOptions, dpr: float, budget_s: float = 0.008) -> bool:
        """Draw tiles of the ladder rungs next to `view`'s scale (ladder.py) that a notch of the
        wheel would show, for about `budget_s` (at least one tile); False once all are there.

        Called while the hand rests, so that the next notch in or out is served from tiles. A
        notch in about any point of the view stays inside it; a notch out about one reaches a
        rung's step beyond its edges: the tiles covering that much are drawn, the rung in first."""
        t0 = time.perf_counter()
        if not options.tiles:
            return False
        grow = ladder.mpp_of(1) - 1.0  # how far past the edges a notch out can reach, per side
        targets = (
            (ladder.stepped(view.mpp, 1), view.world_bounds),
            (ladder.stepped(view.mpp, -1), _grown(view.world_bounds, grow)),
        )
        for mpp, (x0, y0, x1, y1) in targets:
            if not ladder.MIN_MPP <= mpp <= ladder.MAX_MPP:
                continue
            # On whole pixels, as the notched views it stands for (the tile grid starts at its corner).
            area = ladder.on_pixels(replace(view, cx=(x0 + x1) / 2.0, cy=(y0 + y1) / 2.0, mpp=mpp,
                                            width=math.ceil((x1 - x0) / mpp) + 1, height=math.ceil((y1 - y0) / mpp) + 1))
            # The key and region as the frame at that rung will have them (its own level of detail).
            key, region = self._tile_job(replace(area, width=view.width, height=view.height), options, dpr)
            if self._fill(area, key, dpr, region, t0 + budget_s):
                return True
        # Then the labels a notch in or out about the middle would show, placed (a slice) and
        # made as screen images (slices of the budget): the frame at the next rung finds most of
        # its labels ready.
        if options.labels:
            if self._warm_for != (view, options, dpr):
                self._warm_for, self._warm_done, self._warm_placed = (view, options, dpr), set(), None
            if self._warm_placed is not None:
                placed, rung = self._warm_placed
                if self._labels.warm(placed, rung, dpr, t0 + budget_s):
                    self._warm_placed = None
                return True
            centre = (view.width / 2.0, view.height / 2.0)
            for notches in (1, -1):
                if notches in self._warm_done:
                    continue
                self._warm_done.add(notches)
                rung = ladder.notched(view, centre, (view.cx, view.cy), notches)
                if ladder.MIN_MPP <= rung.mpp <= ladder.MAX_MPP:
                    self._warm_placed = (self._place_for(rung, options)[0], rung)
                    return True
        return False

    def prepare_labels(self, view: ViewTransform, options: RenderOptions, dpr: float,
                       budget_s: float = 0.008) -> bool:
        """Place the labels of `view` and make their screen images, drawing nothing, for about
        `budget_s` a call (placing is one piece); True while images remain to be made. A canvas
        calls this in slices of its own once a view's tiles are all there, so the frame's paint
        only draws them (placing and making 300 labels cost 7 + 7 ms at 1:6,000 on a district).
        Where `render` would place them the same way, it takes these placements."""
        t0 = time.perf_counter()
        prepared = self._prepared
        if prepared is None or prepared[0] != view or prepared[1] != options:
            placed, exact = self._place_for(view, options)
            prepared = self._prepared = (view, options, placed, exact)
            if time.perf_counter() - t0 > budget_s / 2:
                return True  # placing took the slice: the images get the next
        return not self._labels.warm(prepared[2], view, dpr, t0 + budget_s)

    def _place_for(self, view: ViewTransform, opts: RenderOptions) -> tuple[PlacedLabels, bool]:
        """The labels `view` shows, placed clear of its symbols; and whether `render` would place
        them exactly so (it also keeps them clear of buildings' details, where those show)."""
        taken = Occupancy()
        layers = self._layers_to_draw(view, opts)[0]
        for name in layers:
            cache = self._layer_for(name, opts)
            if isinstance(cache, PointCache):
                self._take_points(name, cache, view, taken)
        exact = not self.overlays.shows_details(view, opts.hidden)
        return self._labels.place(self._label_sources(layers, opts), view, taken), exact

    def _label_sources(self, layers: list[str], opts: RenderOptions) -> list[LabelSource]:
        """The label anchors of `layers` (those a view shows, see _layers_to_draw)."""
        caches = (self._layer_for(name, opts) for name in layers)
        return [c.labels for c in caches if c.labels is not None]

    def backdrop_image(self, backdrop: Backdrop) -> QImage:
        """The decoded image of a backdrop (decoded once, kept while the backdrop is there)."""
        held = self._images.get(backdrop.code)
        if held is None or held[0] is not backdrop.image:
            held = self._images[backdrop.code] = (backdrop.image, QImage.fromData(backdrop.image))
        return held[1]

    def _draw_backdrops(self, painter: QPainter, world: QTransform, opts: RenderOptions) -> None:
        """Scanned plans under everything, each through its fitted pixel → world transform."""
        if not self.doc.backdrops or BACKDROPS in opts.hidden:
            return
        ox, oy = self.origin
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for b in self.doc.backdrops:
            image = self.backdrop_image(b)
            if image.isNull():
                continue
            (a, c, tx), (d, e, ty) = b.matrix  # x = a·col + c·row + tx ; y = d·col + e·row + ty
            painter.setWorldTransform(QTransform(a, d, c, e, tx - ox, ty - oy) * world)
            painter.setOpacity(self.preview_opacity.get(b.code, b.opacity))
            painter.drawImage(QPointF(0.0, 0.0), image)
            self.stats.paths += 1
        painter.restore()

    def _draw_polygons(self, painter: QPainter, view: ViewTransform, opts: RenderOptions, layers: list[str],
                       dense: bool, base: QTransform) -> None:
        """The polygon layers' fills, in drawing order, then their outlines on top (so grid
        borders are never buried), through the world transform of `view` after `base`."""
        ox, oy = self.origin
        xmin, ymin, xmax, ymax = view.world_bounds
        m = 8 * view.mpp  # strokes reach a little outside their paths
        bounds = (xmin - ox - m, ymin - oy - m, xmax - ox + m, ymax - oy + m)
        world = self.world_transform(view) * base
        self._draw_backdrops(painter, world, opts)
        painter.setWorldTransform(world)
        for name in layers:
            if name in POLYGON_LAYERS:
                self._draw_fills(painter, self._layer_for(name, opts), view, bounds, opts,
                                 dense=dense and name == "grids")
        for name in layers:
            if name in POLYGON_LAYERS:
                self._draw_outlines(painter, self._layer_for(name, opts), view, bounds)

    def _draw_fills(self, painter: QPainter, cache: PolygonCache, view: ViewTransform,
                    bounds: tuple[float, float, float, float], opts: RenderOptions, dense: bool = False) -> None:
        if not cache.fills:
            return
        colors = cache.dense_fill_colors if dense else cache.fill_colors
        size_px = cache.typical_size_m / view.mpp
        pen = QPen(Qt.PenStyle.NoPen)
        if cache.fill_outline is not None and size_px >= BUILDING_OUTLINE_PX:
            pen = cache.fill_outline.pen(view)
        # Antialiasing features a few pixels wide costs 3-8x the time and shows next to nothing.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing,
                              opts.antialias and cache.fill_antialias and size_px >= ANTIALIAS_PX)
        painter.setPen(pen)
        for chunk in visible(cache.fills, bounds):
            painter.setBrush(QBrush(colors[chunk.group]))
            self._draw_path(painter, chunk.path)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, opts.antialias)

    def _draw_outlines(self, painter: QPainter, cache: PolygonCache, view: ViewTransform,
                       bounds: tuple[float, float, float, float]) -> None:
        if not cache.outlines:
            return
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pens = [s.pen(view, size / view.mpp) for s, size in zip(cache.outline_styles, cache.outline_sizes_m)]
        for chunk in sorted(visible(cache.outlines, bounds), key=lambda c: c.group):
            painter.setPen(pens[chunk.group])
            self._draw_path(painter, chunk.path)

    def _draw_path(self, painter: QPainter, path) -> None:
        """One world path; on PDF paper snapped to the device grid first (see render/paper.py)."""
        self.stats.paths += 1
        if self._snap:
            device = snapped(path, painter.worldTransform())
            if device is not None:
                world = painter.worldTransform()
                painter.setWorldTransform(QTransform())
                painter.drawPath(device)
                painter.setWorldTransform(world)
                return
        painter.drawPath(path)

    def _points_in(self, name: str, cache: PointCache, view: ViewTransform, reach: float) -> np.ndarray:
        """Rows of the points of `name` drawn at `view`'s scale within `reach` pixels of it."""
        limit = GATE_MAX_SCALE if name == "gates" else POINT_MAX_SCALE
        if view.scale_denominator > limit or len(cache.x) == 0:
            return np.zeros(0, dtype=np.int64)
        px, py = view.world_to_device(cache.x, cache.y)
        return np.nonzero(np.isfinite(px) & (px > -reach) & (py > -reach)
                          & (px < view.width + reach) & (py < view.height + reach))[0]

    def _draw_points(self, painter: QPainter, name: str, cache: PointCache, view: ViewTransform) -> None:
        """The gate arrows or markers of a point layer reaching into `view`, in device pixels."""
        # Under 1.5 px the halo is drawn 1 px wide: Qt strokes a 1-pixel cosmetic pen on a fast
        # path, a 1.13-pixel one (0.3 mm at 96 dpi) through its general stroker, 3x slower for
        # a district's 5,000 gate arrows.
        width = view.mm_to_px(HALO_MM)
        halo = width if width >= 1.5 else 1.0
        scale = view.mm_to_px(1.0)
        # A symbol whose point lies off the device still reaches in by its size (an arrow's
        # length from its tail, a marker's tips 0.55 of its size from its centre) and its halo
        # (mitred corners: up to twice the pen's width); a tile draws those its neighbour holds.
        size = GATE_ARROW_MM if name == "gates" else SITE_MARKER_MM * 0.6
        idx = self._points_in(name, cache, view, view.mm_to_px(size) + 2.0 * halo + 1.0)
        if len(idx) == 0:
            return
        px, py = view.world_to_device(cache.x[idx], cache.y[idx])
        batch_of = idx if cache.fid is None else cache.fid[idx]
        outline = QPen(QColor("#ffffff"), halo)
        outline.setCosmetic(width < 1.5)
        outline.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(outline)
        if name == "gates":
            template = gate_arrow(GATE_ARROW_MM) * scale
            bearing = np.nan_to_num(cache.attrs["bearing"][idx].astype(float)) if "bearing" in cache.attrs \
                else np.zeros(len(idx))
            for color, sel in _groups(cache.attrs.get("state"), idx, lambda s: GATE_COLORS.get(s, GATE_COLORS["open"])):
                painter.setBrush(QColor(color))
                for part in _batches(batch_of, sel):
                    painter.drawPath(rotated_symbols_path(template, px[part], py[part], bearing[part]))
                    self.stats.paths += 1
        else:
            default = ("diamond", str(self.doc[name].spec.style.get("fill", "#7f8c8d")))
            symbol = (lambda k: SITE_SYMBOLS.get(k, SITE_SYMBOLS["other"])) if name == "sites" else (lambda k: default)
            for (shape, color), sel in _groups(cache.attrs.get("kind"), idx, symbol):
                painter.setBrush(qcolor(color))
                for part in _batches(batch_of, sel):
                    painter.drawPath(symbols_path(marker(shape, SITE_MARKER_MM) * scale, px[part], py[part]))
                    self.stats.paths += 1

    def _take_points(self, name: str, cache: PointCache, view: ViewTransform, taken: Occupancy) -> None:
        """Mark the device boxes of a point layer's symbols taken, so labels keep off them: an
        arrow's middle, a marker's square (in bulk: a district has thousands in view)."""
        if name == "gates":
            half = view.mm_to_px(GATE_ARROW_MM / 2)
        else:
            half = view.mm_to_px(SITE_MARKER_MM / 2)
        # Labels lie inside the device: boxes wholly outside it stop none.
        idx = self._points_in(name, cache, view, 3.0 * half)
        if len(idx) == 0:
            return
        mx, my = view.world_to_device(cache.x[idx], cache.y[idx])
        if name == "gates":
            r = np.radians(np.nan_to_num(cache.attrs["bearing"][idx].astype(float))) if "bearing" in cache.attrs \
                else np.zeros(len(idx))
            mx, my = mx + np.sin(r) * half, my - np.cos(r) * half
        taken.take_many(np.c_[mx - half, my - half, mx + half, my + half])

    # -- a frame in progress (the canvas draws a new view's tiles a slice at a time) ------------

    def missing_tiles(self, view: ViewTransform, options: RenderOptions, dpr: float) -> int:
        """How many polygon tiles `view` needs that are not drawn yet (0 without tiles: then a
        frame is drawn whole, as paper is)."""
        if not options.tiles:
            return 0
        key, _region = self._tile_job(view, options, dpr)
        return self._tiles.missing(view, key, dpr)

    def fill_tiles(self, view: ViewTransform, options: RenderOptions, dpr: float, budget_s: float = 0.008) -> bool:
        """Draw missing tiles of `view`, nearest its centre first, for about `budget_s` (at least
        one tile; no tile is started that would likely overrun it); True while some are missing.
        They are the tiles `render` then blits: same key, region and grid."""
        if not options.tiles:
            return False
        t0 = time.perf_counter()
        key, region = self._tile_job(view, options, dpr)
        self._fill(view, key, dpr, region, t0 + budget_s)
        return self._tiles.missing(view, key, dpr) > 0

    def _fill(self, area: ViewTransform, key: tuple, dpr: float, region, deadline: float) -> bool:
        """Draw missing tile pieces of `area` at scale `key` until the `deadline`
        (time.perf_counter), starting none that would likely overrun it (at least one); True
        when stopped for time, False once none is missing."""
        longest = 0.0  # the slowest piece so far
        while True:
            t1 = time.perf_counter()
            if not self._tiles.fill_one(area, key, dpr, region):
                return False
            now = time.perf_counter()
            longest = max(longest, now - t1)
            if now + longest > deadline:  # another piece would likely overrun the slice
                return True

    def draw_ready_tiles(self, painter: QPainter, view: ViewTransform, options: RenderOptions) -> None:
        """Blit the polygon tiles of `view` already drawn, at device (0, 0), rendering nothing."""
        if not options.tiles:
            return
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        key, region = self._tile_job(view, options, dpr)
        self._tiles.draw(painter, view, key, dpr, region, ready_only=True)


def symbol_reach(doc: Document) -> tuple[float, float]:
    """How far past a feature's bounding box what a tile draws for it can reach on the device,
    as (mm, px): a gate's arrow from its tail, a marker's tips, the widest pens with their mitred
    corners (Qt's miter limit: twice the pen's width), each with the pixels the thinnest pens
    are held at, antialiasing and a little more."""
    pens = [s.width_mm for s in GRID_BORDERS.values()]
    pens += [layer_line(doc.layers[n].spec).width_mm for n in POLYGON_LAYERS if n in doc.layers]
    mm = max(GATE_ARROW_MM + 2.0 * HALO_MM,          # the arrow's length, its halo's mitred tip
             0.55 * SITE_MARKER_MM + 2.0 * HALO_MM,  # a diamond's tips: 1.1 of its half size
             2.0 * max(pens), 2.0 * SEALED_PEN_MM, RISK_BORDER_MM)
    px = 2.0 * 2.0 + 1.0  # the sealed border's 2 px at least, mitred; antialiasing
    return mm + 0.5, px + 2.0


def _grown(bounds: tuple[float, float, float, float], share: float) -> tuple[float, float, float, float]:
    """`bounds` grown by `share` of its width and height on every side."""
    x0, y0, x1, y1 = bounds
    dx, dy = (x1 - x0) * share, (y1 - y0) * share
    return (x0 - dx, y0 - dy, x1 + dx, y1 + dy)


def _batches(fids: np.ndarray, sel: np.ndarray) -> list[np.ndarray]:
    """The positions in `fids` (the symbols' fids) where `sel`, in batches by fid in blocks of
    MARKERS_PER_PATH, in block order: a symbol goes in the same batch whichever tile or frame
    draws it, and whichever symbols were added or removed elsewhere (rows shift, fids stay), so
    where symbols overlap, each tile stacks their fills and halos as the others do, and a tile
    kept from before an edit far away as one drawn after it."""
    where = np.nonzero(sel)[0]
    if len(where) == 0:
        return []
    block = fids[where] // MARKERS_PER_PATH
    order = np.argsort(block, kind="stable")
    where, block = where[order], block[order]
    cut = np.nonzero(block[1:] != block[:-1])[0] + 1
    return np.split(where, cut)


def _groups(values: np.ndarray | None, idx: np.ndarray, key_of) -> list[tuple[object, np.ndarray]]:
    """Split the points `idx` by `key_of(value)`, calling it once per distinct value."""
    if values is None:
        return [(key_of(None), np.ones(len(idx), dtype=bool))]
    v = values[idx]
    raw = np.where(v == None, "", v).astype(str)  # noqa: E711 — elementwise
    distinct, inverse = np.unique(raw, return_inverse=True)
    keys = [key_of(d or None) for d in distinct]
    out: dict[object, np.ndarray] = {}
    for k, key in enumerate(keys):
        out[key] = out.get(key, np.zeros(len(idx), dtype=bool)) | (inverse == k)
    return sorted(out.items(), key=lambda kv: str(kv[0]))
