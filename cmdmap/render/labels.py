"""Map labels: which ones show at this scale, where they go, and drawing them with a halo.

The visible candidates are chosen with numpy (in view, big enough, scale allowed); only those go
through the Python loop, capped per layer, and a greedy check on label rectangles (in a grid of
buckets, so it stays linear) keeps labels from covering each other or the markers.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPaintEngine, QPen

from cmdmap.render.fonts import map_font
from cmdmap.render.style import LabelStyle
from cmdmap.render.view import ViewTransform

MAX_CANDIDATES = 4000  # per layer and frame: bounds the Python work on a dense close-up
HALO = QColor(255, 255, 255)
MAX_SPRITES = 4000     # label images kept (a few kB each)


@dataclass
class LabelSource:
    """Label anchors of one layer in world metres, with the feature's extent (0 for points)."""

    layer: str
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    h: np.ndarray
    text: np.ndarray
    style: LabelStyle
    bearing: np.ndarray | None = None  # for gates: put the label beyond the arrow's tip
    # Text widths in pixels by font (size, bold), NaN until measured: frames measure only their
    # candidates, and later frames compare them in bulk (the texts never change in place).
    widths: dict[tuple[int, bool], np.ndarray] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        t = np.asarray(self.text, dtype=object)
        self.has_text = np.asarray((t != None) & (t != ""), dtype=bool)  # noqa: E711 — elementwise


class Occupancy:
    """Rectangles already taken on the device, bucketed so each test looks at a few neighbours."""

    def __init__(self, cell: float = 64.0) -> None:
        self.cell = cell
        self.buckets: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def free(self, r: tuple[float, float, float, float]) -> bool:
        """True when `r` (x0, y0, x1, y1) meets no taken rectangle."""
        # The cells spelled out rather than through a generator: a frame asks a few thousand times.
        c, buckets = self.cell, self.buckets
        x0, y0, x1, y1 = r
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                for o in buckets.get((i, j), ()):
                    if x0 < o[2] and o[0] < x1 and y0 < o[3] and o[1] < y1:
                        return False
        return True

    def take(self, r: tuple[float, float, float, float]) -> None:
        """Mark `r` as taken."""
        c, buckets = self.cell, self.buckets
        for i in range(int(r[0] // c), int(r[2] // c) + 1):
            for j in range(int(r[1] // c), int(r[3] // c) + 1):
                buckets.setdefault((i, j), []).append(r)

    def take_many(self, rects: np.ndarray) -> None:
        """Mark every row (x0, y0, x1, y1) of `rects` taken, as `take` would one by one (the
        same buckets, in the same order), with one Python step per bucket instead of per box:
        a district shows a few thousand gate arrows and sites."""
        rects = np.asarray(rects, dtype=float).reshape(-1, 4)
        rects = rects[np.all(np.isfinite(rects), axis=1)]
        if len(rects) == 0:
            return
        c = self.cell
        i0, j0 = np.floor_divide(rects[:, 0], c).astype(np.int64), np.floor_divide(rects[:, 1], c).astype(np.int64)
        i1, j1 = np.floor_divide(rects[:, 2], c).astype(np.int64), np.floor_divide(rects[:, 3], c).astype(np.int64)
        ni, nj = i1 - i0 + 1, j1 - j0 + 1
        # One (box, cell) pair per cell each box touches.
        box = np.repeat(np.arange(len(rects)), ni * nj)
        k = np.arange(len(box)) - np.repeat(np.cumsum(ni * nj) - ni * nj, ni * nj)
        ci, cj = i0[box] + k // nj[box], j0[box] + k % nj[box]
        # By cell, boxes in their given order within one (`box` ascends; the sort is stable).
        order = np.argsort((ci - ci.min()) * (int(cj.max() - cj.min()) + 1) + (cj - cj.min()), kind="stable")
        ci, cj, box = ci[order], cj[order], box[order]
        cut = np.r_[0, np.nonzero((ci[1:] != ci[:-1]) | (cj[1:] != cj[:-1]))[0] + 1, len(box)]
        rows = rects[box].tolist()  # lists: read like the tuples `take` keeps, made 3x faster
        for a, b, i, j in zip(cut[:-1].tolist(), cut[1:].tolist(), ci[cut[:-1]].tolist(), cj[cut[:-1]].tolist()):
            self.buckets.setdefault((i, j), []).extend(rows[a:b])


@dataclass
class PlacedLabels:
    """Labels chosen for one frame, by layer: (x, baseline y, text) in device pixels."""

    groups: list[tuple[str, LabelStyle, list[tuple[float, float, str]]]] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(items) for _, _, items in self.groups)

    def texts(self, layer: str) -> list[str]:
        """The label texts shown for `layer`."""
        return [t for name, _, items in self.groups if name == layer for _, _, t in items]


class LabelEngine:
    """Places and draws labels; keeps text widths between frames (they cost a Qt call each)."""

    def __init__(self) -> None:
        self._widths: dict[tuple[int, bool], dict[str, float]] = {}
        # Labels with their halos as small images, for raster devices: one drawImage a label a
        # frame instead of nine drawTexts (7 ms a close-up frame of a district, measured).
        self._sprites: OrderedDict[tuple, tuple[QImage, float, float]] = OrderedDict()

    def _width(self, fm: QFontMetricsF, key: tuple[int, bool], text: str) -> float:
        cache = self._widths.setdefault(key, {})
        w = cache.get(text)
        if w is None:
            if len(cache) > 100_000:
                cache.clear()
            w = cache[text] = fm.horizontalAdvance(text)
        return w

    def place(self, sources: list[LabelSource], view: ViewTransform, taken: Occupancy) -> PlacedLabels:
        """Choose the labels to show, highest priority first, none overlapping.

        Only the test against labels already placed goes one candidate at a time; where the
        candidates can go, whether they fit and whether they stay inside the device is
        worked out for all of them at once (a district's close-up has thousands)."""
        placed = PlacedLabels()
        pad = max(view.mm_to_px(0.6), 1.0)
        for src in sorted(sources, key=lambda s: -s.style.priority):
            st = src.style
            if view.scale_denominator > st.max_scale or len(src.x) == 0:
                continue
            idx = self._candidates(src, view)
            if len(idx) == 0:
                continue
            size = max(int(round(view.pt_to_px(st.size_pt))), 1)
            font = map_font(size, st.bold)
            fm = QFontMetricsF(font)
            th = fm.height()
            ascent = fm.ascent()
            tw = self._text_widths(src, idx, fm, (size, st.bold))
            if st.fit_inside:
                fits = ~((tw + 2 > src.w[idx] / view.mpp) | (th > src.h[idx] / view.mpp))
                idx, tw = idx[fits], tw[fits]
            px, py = view.world_to_device(src.x[idx], src.y[idx])
            cx, cy = self._positions(src, idx, px, py, tw, th, view.mm_to_px(st.offset_mm), pad)
            half_w = (tw / 2)[:, None]
            rects = np.stack([cx - half_w - pad, cy - th / 2 - pad, cx + half_w + pad, cy + th / 2 + pad], axis=2)
            # A label cut by the edge of the map (or of a printed frame) reads as a mistake.
            inside = (rects[:, :, 0] >= 0) & (rects[:, :, 1] >= 0) & (rects[:, :, 2] <= view.width) \
                & (rects[:, :, 3] <= view.height)
            rows = np.nonzero(inside.any(axis=1))[0]
            texts = src.text[idx[rows]].tolist()
            items: list[tuple[float, float, str]] = []
            for text, tries, ok in zip(texts, rects[rows].tolist(), inside[rows].tolist()):
                for rect, inside_ in zip(tries, ok):
                    if inside_ and taken.free(rect):
                        taken.take(tuple(rect))
                        items.append((rect[0] + pad, rect[1] + pad + ascent, str(text)))
                        break
            if items:
                placed.groups.append((src.layer, st, items))
        return placed

    def _text_widths(self, src: LabelSource, idx: np.ndarray, fm: QFontMetricsF, key: tuple[int, bool]) -> np.ndarray:
        """The widths of the texts of rows `idx` of `src` in the font `key`, measured once."""
        known = src.widths.get(key)
        if known is None:
            known = src.widths[key] = np.full(len(src.x), np.nan)
        tw = known[idx]
        new = np.nonzero(np.isnan(tw))[0]
        if len(new):
            tw[new] = [self._width(fm, key, str(t)) for t in src.text[idx[new]].tolist()]
            known[idx[new]] = tw[new]
        return tw

    @staticmethod
    def _candidates(src: LabelSource, view: ViewTransform) -> np.ndarray:
        """Rows of `src` that may show a label in `view`, the biggest features first (at most
        MAX_CANDIDATES)."""
        # A cheap cut on world x first (a pixel wider than the test on the device after it):
        # the full test on a district's 200,000 buildings cost 2 ms a frame.
        x0, _, x1, _ = view.world_bounds
        near = np.nonzero((src.x > x0 - 51 * view.mpp) & (src.x < x1 + 51 * view.mpp))[0]
        px, py = view.world_to_device(src.x[near], src.y[near])
        wpx = src.w[near] / view.mpp
        hpx = src.h[near] / view.mpp
        m = (src.has_text[near] & np.isfinite(px) & np.isfinite(py) & (px > -50) & (py > -50)
             & (px < view.width + 50) & (py < view.height + 50) & (wpx >= src.style.min_feature_px))
        k = np.nonzero(m)[0]
        return near[k[np.argsort(-(wpx[k] * hpx[k]), kind="stable")][:MAX_CANDIDATES]]

    @staticmethod
    def _positions(src: LabelSource, idx: np.ndarray, x: np.ndarray, y: np.ndarray, tw: np.ndarray, th: float,
                   offset: float, pad: float) -> tuple[np.ndarray, np.ndarray]:
        """Label centres to try per row (n × 4, NaN where fewer), best first: on an area's
        anchor; beyond a gate's arrow; below, right of, above and left of a marker (markers are
        obstacles, so each clears it)."""
        n = len(idx)
        cx, cy = np.full((n, 4), np.nan), np.full((n, 4), np.nan)
        if not offset:
            cx[:, 0], cy[:, 0] = x, y
            return cx, cy
        gap = offset + pad
        cx[:] = np.c_[x, x + gap + tw / 2, x, x - gap - tw / 2]
        cy[:] = np.c_[y + gap + th / 2, y, y - gap - th / 2, y]
        if src.bearing is not None:
            bearing = np.asarray(src.bearing[idx], dtype=float)
            on = np.isfinite(bearing)
            b = np.radians(bearing[on])
            dx, dy = np.sin(b), -np.cos(b)
            reach = offset + pad + np.abs(dx) * tw[on] / 2 + np.abs(dy) * th / 2
            cx[on] = np.nan
            cy[on] = np.nan
            cx[on, 0], cy[on, 0] = x[on] + dx * reach, y[on] + dy * reach
        return cx, cy

    def _sprite(self, text: str, font: QFont, color: str, r: float, offsets: list[tuple[float, float]],
                dpr: float) -> tuple[QImage, float, float]:
        """`text` with its halo drawn into a transparent image, and where its baseline origin lies
        in it (made once, kept for later frames)."""
        key = _sprite_key(text, font, color, r, dpr)
        hit = self._sprites.get(key)
        if hit is not None:
            self._sprites.move_to_end(key)
            return hit
        fm = QFontMetricsF(font)
        pad = r + 2.0
        w, h = fm.horizontalAdvance(text) + 2 * pad, fm.ascent() + fm.descent() + 2 * pad
        image = QImage(max(1, math.ceil(w * dpr)), max(1, math.ceil(h * dpr)), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(0)
        ox, oy = pad, pad + fm.ascent()
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setFont(font)
        p.setPen(HALO)
        for dx, dy in offsets:
            p.drawText(QPointF(ox + dx, oy + dy), text)
        p.setPen(QColor(color))
        p.drawText(QPointF(ox, oy), text)
        p.end()
        hit = self._sprites[key] = (image, ox, oy)
        if len(self._sprites) > MAX_SPRITES:
            self._sprites.popitem(last=False)
        return hit

    @staticmethod
    def _halo(view: ViewTransform) -> tuple[float, list[tuple[float, float]]]:
        """The halo's radius in device pixels and the eight offsets its white copies go at."""
        r = max(view.mm_to_px(0.45), 1.2)
        return r, [(r * np.cos(a), r * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 8, endpoint=False)]

    def warm(self, placed: PlacedLabels, view: ViewTransform, dpr: float, deadline: float | None = None) -> bool:
        """Make the screen images (see _sprite) of `placed` now, drawing nothing, until the
        `deadline` (time.perf_counter; at least one image): done while the hand rests for the
        labels a notch of the wheel would show, so the frame there does not make them (a new
        rung's 300 labels cost 7 ms). True once all are made (call again to go on)."""
        r, offsets = self._halo(view)
        for _, st, items in placed.groups:
            font = map_font(max(int(round(view.pt_to_px(st.size_pt))), 1), st.bold)
            for _, _, text in items:
                if _sprite_key(text, font, st.color, r, dpr) in self._sprites:
                    continue
                self._sprite(text, font, st.color, r, offsets, dpr)
                if deadline is not None and time.perf_counter() > deadline:
                    return False
        return True

    def draw(self, painter: QPainter, placed: PlacedLabels, view: ViewTransform) -> None:
        """Draw the labels in device coordinates: a white halo, then the text."""
        r, offsets = self._halo(view)
        # On a raster device the halo is the text drawn eight times around its place in white:
        # glyphs come from Qt's cache, six times cheaper than stroking Chinese outlines (0.16 s for
        # 220 labels). Vector devices (PDF, SVG) get a true outline, which stays crisp at any zoom.
        raster = painter.paintEngine() is not None and painter.paintEngine().type() == QPaintEngine.Type.Raster
        halo = QPen(HALO, r * 2)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        # On a screen image drawn pixel for pixel, each label is a cached image (see _sprite); a
        # print layout scales the painter, and its glyphs are drawn at their own size instead.
        sprites = raster and painter.worldTransform().isIdentity() and painter.device() is not None
        dpr = painter.device().devicePixelRatioF() if sprites else 1.0
        for _, st, items in placed.groups:
            font = map_font(max(int(round(view.pt_to_px(st.size_pt))), 1), st.bold)
            painter.setFont(font)
            if sprites:
                for x, y, text in items:
                    image, ox, oy = self._sprite(text, font, st.color, r, offsets, dpr)
                    painter.drawImage(QPointF(round(x - ox), round(y - oy)), image)
                continue
            if raster:
                painter.setPen(HALO)
                for x, y, text in items:
                    for dx, dy in offsets:
                        painter.drawText(QPointF(x + dx, y + dy), text)
            else:
                for x, y, text in items:
                    outline = QPainterPath()
                    outline.addText(QPointF(x, y), font, text)
                    painter.strokePath(outline, halo)
            painter.setPen(QColor(st.color))
            for x, y, text in items:
                painter.drawText(QPointF(x, y), text)


def _sprite_key(text: str, font: QFont, color: str, r: float, dpr: float) -> tuple:
    """What a label image depends on: its text, font, colour, halo and pixel density."""
    return (text, font.pixelSize(), font.bold(), color, r, dpr)
