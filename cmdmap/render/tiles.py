"""Rendered polygon layers kept as image tiles, so a screen frame after a pan is a blit of the
tiles it already has plus a render of only the newly exposed ones.

Tiles are TILE_PX square, on a grid anchored in the world at each scale (at the corner of the
first frame drawn at that scale, which is drawn whole and cut into tiles), so the same tile serves
every later frame at that scale wherever a drag takes the view (or at the corner of the first
area `fill_one` draws there). What a pan exposes is rendered in one call per strip and cut into
tiles; tiles drawn ahead, or for a canvas that spreads a new view over short slices (fill_one),
are drawn a quarter at a time. The polygon fills and outlines, the risk zones' hatching and the
point symbols go into tiles (MapRenderer._tile_job); labels are placed per frame over them, since
label placement depends on the whole view. Paper never uses tiles (see RenderOptions).
An edit drops, at every scale, only the tiles what it changed can reach (`forget`), so the frame
after it draws those few again and the tiles drawn ahead at other scales stay.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Callable, Hashable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from cmdmap.render.view import ViewTransform

TILE_PX = 512     # a 1920×1080 view needs 12–20; a pan of a few pixels exposes one row or column
# Tile memory: a screenful at this scale, the rungs of the zoom ladder either side drawn ahead
# (ladder.py, ~45 tiles) and the last few scales zoomed through (1 MB a tile at 1:1 pixels).
MAX_BYTES = 192 * 1024 * 1024
MAX_SCALES = 64   # tile grids remembered
FREE_TILES = 16   # tiles let go kept to draw new ones into
# Tiles drawn ahead or for a frame in progress are drawn a quarter at a time: a whole tile of a
# district at 1:6,000 costs 15-60 ms (its cost goes with its area), a quarter a slice's worth.
PIECES = 2        # per side
MAX_PENDING = 16  # tiles begun and not finished (a view moved on before they were)

Region = Callable[[QPainter, ViewTransform], None]


class TileCache:
    """Tiles by (key, i, j), least recently used dropped first."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._tiles: OrderedDict[tuple, QImage] = OrderedDict()
        self._bytes = 0
        self._anchors: dict[Hashable, tuple[float, float]] = {}  # per scale: where its tile grid starts
        self._scales: dict[Hashable, tuple[float, float]] = {}  # per scale: its mpp and dpi (for forget)
        self._pending: OrderedDict[tuple, tuple[QImage, frozenset[int]]] = OrderedDict()  # begun: image, pieces drawn
        self.rendered = 0  # tiles rendered by the last draw; -1: drawn whole (a new scale)
        self._free: list[QImage] = []  # tiles let go, to draw new ones into (see _blank)
        self._piece: QImage | None = None  # the image pieces are drawn into before they go in a tile

    def clear(self, where: Callable[[Hashable], bool] | None = None) -> None:
        """Forget every tile (the map changed, nobody knows where), or those of the scales whose
        key passes `where` (e.g. the tiles of one colouring)."""
        if where is None:
            self._tiles.clear()
            self._pending.clear()
            self._anchors.clear()
            self._scales.clear()
            self._bytes = 0
            return
        for k in [k for k in self._anchors if where(k)]:
            self._drop_scale(k)

    def forget(self, box: tuple[float, float, float, float], reach_mm: float, reach_px: float) -> int:
        """Forget, at every scale, the tiles (and tiles begun) that what is drawn for a feature
        inside the world `box` (xmin, ymin, xmax, ymax) can reach: a tile's world rectangle
        grown by `reach_mm` on the device plus `reach_px` (the longest symbol, the widest pen
        with its mitred corners) meets the box. How many went."""
        xmin, ymin, xmax, ymax = box
        gone = 0
        t = TILE_PX
        for key, (gx, gy) in self._anchors.items():
            mpp, dpi = self._scales[key]
            m = reach_mm * dpi / 25.4 + reach_px  # device pixels
            # The tile columns and rows whose rectangle, grown by m, meets the box: world pixel
            # x = world / mpp (tile i spans gx + i·t .. gx + (i+1)·t), y = -world / mpp (down).
            i0 = math.floor((xmin / mpp - m - gx) / t)
            i1 = math.floor((xmax / mpp + m - gx) / t)
            j0 = math.floor((-ymax / mpp - m - gy) / t)
            j1 = math.floor((-ymin / mpp + m - gy) / t)
            if (i1 - i0 + 1) * (j1 - j0 + 1) > len(self._tiles) + len(self._pending):
                ks = [k for k in (*self._tiles, *self._pending)
                      if k[0] == key and i0 <= k[1] <= i1 and j0 <= k[2] <= j1]
            else:
                ks = [(key, i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1)]
            for k in ks:
                tile = self._tiles.pop(k, None)
                if tile is not None:
                    self._bytes -= tile.sizeInBytes()
                    gone += 1
                self._pending.pop(k, None)
        return gone

    def __len__(self) -> int:
        return len(self._tiles)

    def draw(self, painter: QPainter, view: ViewTransform, key: Hashable, dpr: float, render: Region,
             ready_only: bool = False) -> None:
        """Draw the polygon layers of `view` at device (0, 0)-(width, height) from tiles, with
        `render(painter, region_view)` drawing what no tile holds yet.

        The first frame at a scale (`key`) is drawn whole, straight into `painter`, and the tiles
        it covers entirely are cut from it; the tile grid of that scale starts at its top-left
        corner, so every later frame there (a drag moves by whole pixels) sits on the same grid.
        `ready_only`: draw only the tiles already there and render nothing (a frame in progress).
        """
        t = TILE_PX
        x0, y0 = _corner(view)
        anchor = self._anchors.get(key)
        if ready_only:
            if anchor is not None:
                gx, gy = anchor
                cols, rows = _span(x0 - gx, y0 - gy, view)
                for i in cols:
                    for j in rows:
                        tile = self._tiles.get((key, i, j))
                        if tile is not None:  # in use: the last to go while the rest is drawn
                            self._tiles.move_to_end((key, i, j))
                        else:  # a tile begun shows its pieces drawn (clear elsewhere)
                            tile = self._pending.get((key, i, j), (None, 0))[0]
                        if tile is not None:
                            painter.drawImage(QPointF(round(gx + i * t - x0), round(gy + j * t - y0)), tile)
            return
        if anchor is None:
            self._anchor(key, x0, y0, view)
            render(painter, view)
            self._cut(painter, view, key, dpr)
            self._trim()
            self.rendered = -1
            return
        gx, gy = anchor
        cols, rows = _span(x0 - gx, y0 - gy, view)
        missing = {(i, j) for i in cols for j in rows if (key, i, j) not in self._tiles}
        self.rendered = len(missing)
        for i0, i1, j0, j1 in _strips(missing, cols, rows):
            self._render(key, i0, i1, j0, j1, gx, gy, view, dpr, render)
        for i in cols:
            for j in rows:
                k = (key, i, j)
                self._tiles.move_to_end(k)
                painter.drawImage(QPointF(round(gx + i * t - x0), round(gy + j * t - y0)), self._tiles[k])
        self._trim()

    def fill_one(self, area: ViewTransform, key: Hashable, dpr: float, render: Region) -> bool:
        """Render a piece (a quarter) of a tile of `area` at scale `key` that is not there yet,
        nearest its centre first (drawing ahead while the hand rests, a frame in progress); False
        when all are there, or when `area` does not fit (see fits).

        A new scale's grid starts at `area`'s top-left corner, as `draw` starts it at its first
        frame's: a view put on whole pixels (ladder.on_pixels) then lines up with its tiles."""
        x0, y0 = _corner(area)
        if not self.fits(area, dpr):
            return False
        gx, gy = self._anchors.get(key) or self._anchor(key, x0, y0, area)
        cols, rows = _span(x0 - gx, y0 - gy, area)
        # The area's centre in tiles from the grid's origin; the piece nearest it goes first.
        ci, cj = (x0 - gx + area.width / 2.0) / TILE_PX, (y0 - gy + area.height / 2.0) / TILE_PX
        best: tuple[float, int, int, int] | None = None
        for i in cols:
            for j in rows:
                if (key, i, j) in self._tiles:
                    continue
                done = self._pending.get((key, i, j), (None, frozenset()))[1]
                for q in range(PIECES * PIECES):
                    if q not in done:
                        d = (i + (q % PIECES + 0.5) / PIECES - ci) ** 2 + (j + (q // PIECES + 0.5) / PIECES - cj) ** 2
                        if best is None or d < best[0]:
                            best = (d, i, j, q)
        if best is None:
            return False
        self._render_piece(key, *best[1:], gx, gy, area, dpr, render)
        self._trim()
        return True

    def fits(self, area: ViewTransform, dpr: float) -> bool:
        """Whether the tiles of `area` take at most half the tile memory (more would push out
        what is on screen while they are drawn)."""
        side = round(TILE_PX * dpr)
        cols = math.ceil(area.width / TILE_PX) + 1
        rows = math.ceil(area.height / TILE_PX) + 1
        return cols * rows * side * side * 4 <= self.max_bytes // 2

    def missing(self, view: ViewTransform, key: Hashable, dpr: float) -> int:
        """How many tiles of `view` at scale `key` are not there yet (0 when it does not fit:
        such a view is drawn whole)."""
        if not self.fits(view, dpr):
            return 0
        x0, y0 = _corner(view)
        gx, gy = self._anchors.get(key) or (x0, y0)
        cols, rows = _span(x0 - gx, y0 - gy, view)
        return sum((key, i, j) not in self._tiles for i in cols for j in rows)

    def _anchor(self, key: Hashable, x0: float, y0: float, view: ViewTransform) -> tuple[float, float]:
        """Start the tile grid of a new scale (that of `view`) at world pixel (x0, y0)."""
        self._anchors[key] = (x0, y0)
        self._scales[key] = (view.mpp, view.dpi)
        while len(self._anchors) > MAX_SCALES:
            self._drop_scale(next(iter(self._anchors)))
        return x0, y0

    def _drop_scale(self, key: Hashable) -> None:
        """Forget a scale's grid and its tiles (a grid started again elsewhere would misplace them)."""
        del self._anchors[key]
        del self._scales[key]
        for k in [k for k in (*self._tiles, *self._pending) if k[0] == key]:
            if k in self._tiles:
                self._bytes -= self._tiles.pop(k).sizeInBytes()
            self._pending.pop(k, None)

    def _put(self, k: tuple, tile: QImage) -> None:
        self._pending.pop(k, None)
        old = self._tiles.pop(k, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()
        self._tiles[k] = tile
        self._bytes += tile.sizeInBytes()

    def _trim(self) -> None:
        """Drop the least recently used tiles down to the memory allowed (a few kept for reuse)."""
        while self._bytes > self.max_bytes and self._tiles:
            tile = self._tiles.popitem(last=False)[1]
            self._bytes -= tile.sizeInBytes()
            if len(self._free) < FREE_TILES:
                self._free.append(tile)

    def _blank(self, side: int, dpr: float) -> QImage:
        """A transparent `side`² image for a tile: one the cache let go if there is one. Fresh
        1 MB images cost page faults and zeroing on top of drawing once the heap has grown
        (a tile slice of a district took up to 28 ms instead of 15)."""
        while self._free:
            tile = self._free.pop()
            if tile.width() == side and tile.height() == side:
                break
        else:
            tile = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        tile.setDevicePixelRatio(dpr)
        tile.fill(0)
        return tile

    def _cut(self, painter: QPainter, view: ViewTransform, key: Hashable, dpr: float) -> None:
        """Keep the tiles wholly inside a frame just drawn into an image (other devices: none)."""
        image = painter.device()
        if not isinstance(image, QImage):
            return
        side = round(TILE_PX * dpr)
        for i in range(view.width // TILE_PX):
            for j in range(view.height // TILE_PX):
                tile = image.copy(i * side, j * side, side, side)
                tile.setDevicePixelRatio(dpr)
                self._put((key, i, j), tile)

    def _render(self, key: Hashable, i0: int, i1: int, j0: int, j1: int, gx: float, gy: float,
                view: ViewTransform, dpr: float, render: Region) -> None:
        t, mpp = TILE_PX, view.mpp
        w, h = (i1 - i0 + 1) * t, (j1 - j0 + 1) * t
        region = ViewTransform((gx + i0 * t + w / 2.0) * mpp, -(gy + j0 * t + h / 2.0) * mpp, mpp, w, h, view.dpi)
        image = QImage(round(w * dpr), round(h * dpr), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(0)  # transparent where `render` leaves the background alone
        p = QPainter(image)
        render(p, region)
        p.end()
        side = round(t * dpr)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                tile = image.copy(round((i - i0) * t * dpr), round((j - j0) * t * dpr), side, side)
                tile.setDevicePixelRatio(dpr)
                self._put((key, i, j), tile)

    def _render_piece(self, key: Hashable, i: int, j: int, q: int, gx: float, gy: float, view: ViewTransform,
                      dpr: float, render: Region) -> None:
        """Render piece `q` of tile (i, j) (row by row); the tile is kept once all its pieces are."""
        k = (key, i, j)
        t, mpp = TILE_PX, view.mpp
        h = t // PIECES
        image, done = self._pending.pop(k, (None, frozenset()))
        if image is None:
            image = self._blank(round(t * dpr), dpr)  # transparent until drawn: a tile begun shows over what is under it
        qx, qy = (q % PIECES) * h, (q // PIECES) * h
        region = ViewTransform((gx + i * t + qx + h / 2.0) * mpp, -(gy + j * t + qy + h / 2.0) * mpp, mpp, h, h, view.dpi)
        piece = self._piece
        if piece is None or piece.width() != round(h * dpr):
            piece = self._piece = QImage(round(h * dpr), round(h * dpr), QImage.Format.Format_ARGB32_Premultiplied)
        piece.setDevicePixelRatio(dpr)
        piece.fill(0)
        p = QPainter(piece)
        render(p, region)
        p.end()
        p = QPainter(image)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        p.drawImage(QPointF(qx, qy), piece)
        p.end()
        done = done | {q}
        if len(done) == PIECES * PIECES:
            self._put(k, image)
        else:
            self._pending[k] = (image, done)
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)


def _corner(view: ViewTransform) -> tuple[float, float]:
    """The view's top-left corner in world pixels (x right, y down) at its scale."""
    return view.cx / view.mpp - view.width / 2.0, -view.cy / view.mpp - view.height / 2.0


def _span(dx: float, dy: float, view: ViewTransform) -> tuple[range, range]:
    """The tile columns and rows a view covers whose top-left corner is (dx, dy) pixels from
    its scale's tile grid origin."""
    t = TILE_PX
    return (range(math.floor(dx / t), math.floor((dx + view.width) / t) + 1),
            range(math.floor(dy / t), math.floor((dy + view.height) / t) + 1))


def _strips(missing: set[tuple[int, int]], cols: range, rows: range) -> list[tuple[int, int, int, int]]:
    """The missing tiles as rectangles (i0, i1, j0, j1) to render one call each: whole missing
    columns in runs, then what is left row by row in runs (a diagonal pan exposes an L)."""
    out: list[tuple[int, int, int, int]] = []
    left = set(missing)
    full = [i for i in cols if all((i, j) in left for j in rows)]
    for run in _runs(full):
        out.append((run[0], run[-1], rows[0], rows[-1]))
        left -= {(i, j) for i in run for j in rows}
    for j in rows:
        for run in _runs(sorted(i for i, jj in left if jj == j)):
            out.append((run[0], run[-1], j, j))
    return out


def _runs(values: list[int]) -> list[list[int]]:
    """Consecutive integers grouped: [1, 2, 4] -> [[1, 2], [4]]."""
    runs: list[list[int]] = []
    for v in values:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return runs
