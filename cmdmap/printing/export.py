"""Export a wall map, poster tiles or an atlas to PDF (vector, the CJK font embedded and
subset by Qt), PNG at a chosen dpi, or SVG. Settings in, an `ExportResult` out (as QGIS's
layout exporter does), with a progress callback that can cancel."""

from __future__ import annotations

import datetime as dt
import math
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from cmdmap.model.document import Document
from cmdmap.printing.atlas import atlas_grids, building_table, draw_atlas_sheet
from cmdmap.printing.layout import INK, MUTED, Sheet, draw_wall_map
from cmdmap.printing.settings import FORMATS, PAPERS, PrintSettings
from cmdmap.render.renderer import MapRenderer

PDF_DPI = 300      # device units of the PDF: vector, but pens and text are placed on this grid
SVG_DPI = 96
TILE_MARGIN_MM = 8.0  # office printers do not print to the edge

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


@dataclass
class ExportResult:
    """What an export wrote: `ok` False when cancelled (and nothing is left behind)."""

    ok: bool
    path: Path
    pages: int = 0
    seconds: float = 0.0
    bytes: int = 0
    size_px: tuple[int, int] = (0, 0)
    frame: tuple | None = None  # (view, device rect) of a single wall map's map frame


class ExportError(ValueError):
    """Settings that cannot be printed (message key for the user's language, and params)."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def validate(settings: PrintSettings) -> None:
    """Raise ExportError for settings that make no sheet."""
    if settings.paper != "custom" and settings.paper not in PAPERS:
        raise ExportError("print_bad_paper", paper=settings.paper)
    w, h = settings.page_mm()
    if not (50 <= w <= 5000 and 50 <= h <= 5000):
        raise ExportError("print_bad_size", width=w, height=h)
    if settings.format not in FORMATS:
        raise ExportError("print_bad_format", format=settings.format)
    if settings.tile and settings.tile not in PAPERS:
        raise ExportError("print_bad_paper", paper=settings.tile)
    if (settings.tile or settings.atlas) and settings.format != "pdf":
        raise ExportError("print_pages_need_pdf")
    if not (30 <= settings.dpi <= 1200):
        raise ExportError("print_bad_dpi", dpi=settings.dpi)
    if settings.scale and settings.scale < 10:
        raise ExportError("print_bad_scale", scale=settings.scale)
    if 2 * settings.margin_mm >= min(w, h) / 2:
        raise ExportError("print_bad_margin", margin=settings.margin_mm)


def tile_plan(settings: PrintSettings) -> tuple[tuple[float, float], tuple[float, float], int, int]:
    """For poster tiling: the tile sheet (w, h) in mm, the printable step, columns and rows —
    in whichever orientation of the tile paper needs fewer sheets."""
    W, H = settings.page_mm()
    best = None
    tw0, th0 = PAPERS[settings.tile]
    for tw, th in ((tw0, th0), (th0, tw0)):
        aw, ah = tw - 2 * TILE_MARGIN_MM, th - 2 * TILE_MARGIN_MM
        sx, sy = aw - settings.overlap_mm, ah - settings.overlap_mm
        cols = max(1, math.ceil((W - settings.overlap_mm) / sx))
        rows = max(1, math.ceil((H - settings.overlap_mm) / sy))
        if best is None or cols * rows < best[2] * best[3]:
            best = ((tw, th), (sx, sy), cols, rows)
    return best


def export(doc: Document, settings: PrintSettings, out: str | Path, progress: Progress | None = None,
           when: dt.datetime | None = None, renderer: MapRenderer | None = None) -> ExportResult:
    """Write the map as `settings` say to `out`; a cancelled export leaves no file."""
    validate(settings)
    t0 = time.perf_counter()
    out = Path(out)
    try:  # say so before drawing anything, not after (Qt's PDF and SVG writers fail silently)
        with out.open("ab"):
            pass
    except OSError:
        raise ExportError("print_write_failed", path=str(out)) from None
    when = when or dt.datetime.now()
    own = renderer is None
    renderer = renderer or MapRenderer(doc)
    try:
        if settings.format == "pdf":
            result = _pdf(doc, settings, out, renderer, progress, when)
        elif settings.format == "png":
            result = _png(doc, settings, out, renderer, progress, when)
        else:
            result = _svg(doc, settings, out, renderer, progress, when)
    finally:
        if own:
            renderer.close()
    if not result.ok:
        out.unlink(missing_ok=True)
    else:
        result.bytes = out.stat().st_size
    result.seconds = time.perf_counter() - t0
    return result


def _keep_going(progress: Progress | None, done: int, total: int) -> bool:
    return progress is None or progress(done, total) is not False


def _pdf(doc, settings, out, renderer, progress, when) -> ExportResult:
    if settings.atlas:
        rows = atlas_grids(doc, settings.atlas_level)
        pages = [(settings.page_mm(), ("atlas", k, int(r))) for k, r in enumerate(rows)]
        table = building_table(doc, settings.atlas_level, doc.today())
        # The index of each grid in placement's order of its level.
        placed = {int(r): i for i, r in enumerate(doc.placement.levels[settings.atlas_level].rows)}
    elif settings.tile:
        (tw, th), (sx, sy), cols, rows_n = tile_plan(settings)
        pages = [((tw, th), ("tile", r, c, rows_n, cols, sx, sy)) for r in range(rows_n) for c in range(cols)]
    else:
        pages = [(settings.page_mm(), ("map",))]
    if not pages:
        raise ExportError("print_no_grids", level=settings.atlas_level)
    writer = QPdfWriter(str(out))
    writer.setResolution(PDF_DPI)
    writer.setCreator("cmdmap")
    writer.setTitle(settings.title or str(doc.meta.get("title") or doc.name))
    first = pages[0][0]
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(*first), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    ok = True
    try:
        for i, ((w, h), what) in enumerate(pages):
            if not _keep_going(progress, i, len(pages)):
                ok = False
                break
            if i:
                writer.newPage()
            sheet = Sheet(painter, w, h, PDF_DPI)
            if what[0] == "map":
                draw_wall_map(sheet, doc, renderer, settings, when)
            elif what[0] == "atlas":
                draw_atlas_sheet(sheet, doc, renderer, settings, what[2], placed[what[2]], table, when)
            else:
                _draw_tile(sheet, doc, renderer, settings, when, *what[1:])
        if ok:
            _keep_going(progress, len(pages), len(pages))
    finally:
        painter.end()
    return ExportResult(ok, out, len(pages))


def _draw_tile(sheet: Sheet, doc, renderer, settings, when, r, c, rows, cols, sx, sy) -> None:
    """One sheet of a poster: its window of the big layout, cut marks, and where it goes."""
    p = sheet.painter
    m = TILE_MARGIN_MM
    aw, ah = sheet.width_mm - 2 * m, sheet.height_mm - 2 * m
    W, H = settings.page_mm()
    p.save()
    p.setClipRect(sheet.rect(m, m, aw, ah))
    p.translate(sheet.px(m - c * sx), sheet.px(m - r * sy))
    big = Sheet(p, W, H, sheet.dpi)
    draw_wall_map(big, doc, renderer, settings, when)
    p.restore()
    # Cut marks at the printable corners, outside the printed area.
    p.setPen(QPen(INK, sheet.px(0.2)))
    L = 5.0
    for x in (m, m + aw):
        for y in (m, m + ah):
            dx = -1 if x == m else 1
            dy = -1 if y == m else 1
            p.drawLine(sheet.rect(x, y + dy * 1, 0, 0).topLeft(), sheet.rect(x, y + dy * (1 + L), 0, 0).topLeft())
            p.drawLine(sheet.rect(x + dx * 1, y, 0, 0).topLeft(), sheet.rect(x + dx * (1 + L), y, 0, 0).topLeft())
    # Assembly index: row/column in words, and a small map of the sheets with this one filled.
    p.setPen(MUTED)
    p.setFont(sheet.font(7))
    label = (f"第 {r + 1} 行 第 {c + 1} 列（共 {rows} 行 × {cols} 列）· 重叠 {settings.overlap_mm:g} 毫米，"
             f"沿裁切线裁去右侧与下方的重叠部分后拼贴 · R{r + 1}C{c + 1}")
    p.drawText(sheet.rect(m + 8, sheet.height_mm - m + 0.8, aw - 30, m - 1.6),
               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
    cell = min(2.2, (m - 2) / rows)
    ix, iy = m + aw - cols * cell, sheet.height_mm - m + 1
    for rr in range(rows):
        for cc in range(cols):
            rect = sheet.rect(ix + cc * cell, iy + rr * cell, cell, cell)
            p.fillRect(rect, QColor("#b3261e") if (rr, cc) == (r, c) else QColor("#ffffff"))
            p.setPen(QPen(MUTED, sheet.px(0.1)))
            p.drawRect(rect)


BAND_BYTES = 128_000_000  # a PNG is drawn in bands of about this many bytes, so an A0 at 300 dpi
                           # (420 MB of pixels) never sits in memory whole; each band redraws the
                           # whole map frame, so fewer, bigger bands are faster
FILTER_BYTES = 8_000_000  # rows filtered and compressed at a time


def _png(doc, settings, out, renderer, progress, when) -> ExportResult:
    w_mm, h_mm = settings.page_mm()
    dpi = settings.dpi
    wpx, hpx = round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi)
    rows = max(16, min(hpx, BAND_BYTES // (wpx * 3)))
    rows = math.ceil(hpx / math.ceil(hpx / rows))  # as many bands, evenly tall (less memory)
    bands = list(range(0, hpx, rows))
    frame = None
    try:
        with out.open("wb") as fh:
            png = PngStream(fh, wpx, hpx, dpi)
            for k, y0 in enumerate(bands):
                if not _keep_going(progress, k, len(bands)):
                    return ExportResult(False, out)
                h = min(rows, hpx - y0)
                image = QImage(wpx, h, QImage.Format.Format_RGB888)
                if image.isNull():
                    raise ExportError("print_too_big", width=wpx, height=hpx)
                image.fill(QColor("#ffffff"))
                painter = QPainter(image)
                try:
                    # Every band draws the whole sheet shifted up: the renderer places labels for the
                    # whole frame the same way each time, so nothing is cut or doubled at the seams.
                    painter.translate(0, -y0)
                    frame = draw_wall_map(Sheet(painter, w_mm, h_mm, dpi), doc, renderer, settings, when)
                finally:
                    painter.end()
                png.write_rows(image)
                del image
            png.close()
    except OSError:
        raise ExportError("print_write_failed", path=str(out)) from None
    _keep_going(progress, len(bands), len(bands))
    return ExportResult(True, out, 1, size_px=(wpx, hpx), frame=frame)


class PngStream:
    """A PNG written a band of rows at a time (zlib, the Sub filter): QImage can only save whole."""

    def __init__(self, fh, width: int, height: int, dpi: float) -> None:
        self.fh, self.width = fh, width
        self.z = zlib.compressobj(6)
        fh.write(b"\x89PNG\r\n\x1a\n")
        self._chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        ppm = round(dpi / 0.0254)
        self._chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))

    def _chunk(self, kind: bytes, data: bytes) -> None:
        self.fh.write(struct.pack(">I", len(data)) + kind + data)
        self.fh.write(struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    def write_rows(self, image: QImage) -> None:
        """Append the rows of an RGB888 image as wide as the PNG."""
        h, bpl = image.height(), image.bytesPerLine()
        px = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * bpl).reshape(h, bpl)[:, :self.width * 3]
        # Filtered a slice of rows at a time: a second copy of a whole band would cost as much
        # memory as the band itself.
        step = max(1, FILTER_BYTES // (self.width * 3 + 1))
        out = np.empty((min(step, h), self.width * 3 + 1), dtype=np.uint8)
        for r0 in range(0, h, step):
            rows = px[r0:r0 + step]
            o = out[:len(rows)]
            o[:, 0] = 1  # Sub: each byte minus the same channel of the pixel to its left
            o[:, 1:4] = rows[:, :3]
            np.subtract(rows[:, 3:], rows[:, :-3], out=o[:, 4:])
            data = self.z.compress(memoryview(o))
            if data:
                self._chunk(b"IDAT", data)

    def close(self) -> None:
        """Finish the stream."""
        data = self.z.flush()
        if data:
            self._chunk(b"IDAT", data)
        self._chunk(b"IEND", b"")


def _svg(doc, settings, out, renderer, progress, when) -> ExportResult:
    from PySide6.QtSvg import QSvgGenerator

    w_mm, h_mm = settings.page_mm()
    gen = QSvgGenerator()
    gen.setFileName(str(out))
    gen.setResolution(SVG_DPI)
    size = QSize(round(w_mm / 25.4 * SVG_DPI), round(h_mm / 25.4 * SVG_DPI))
    gen.setSize(size)
    gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    gen.setTitle(settings.title or str(doc.meta.get("title") or doc.name))
    if not _keep_going(progress, 0, 1):
        return ExportResult(False, out)
    painter = QPainter(gen)
    try:
        draw_wall_map(Sheet(painter, w_mm, h_mm, SVG_DPI), doc, renderer, settings, when)
    finally:
        painter.end()
    _keep_going(progress, 1, 1)
    return ExportResult(True, out, 1)


def render_preview(doc: Document, settings: PrintSettings, renderer: MapRenderer, max_px: int = 720,
                   when: dt.datetime | None = None) -> QImage:
    """The sheet as it will print, small: the wall map (with the poster's sheet lines when tiling)
    or an atlas's first sheet, fitted in `max_px` pixels."""
    validate(settings)
    # To the minute, so that redrawing the preview as settings change does not recount a district
    # each time (the print dialog is modal: the counts cannot change while it is open).
    when = when or dt.datetime.now().replace(second=0, microsecond=0)
    w_mm, h_mm = settings.page_mm()
    dpi = max_px / (max(w_mm, h_mm) / 25.4)
    image = QImage(max(1, round(w_mm / 25.4 * dpi)), max(1, round(h_mm / 25.4 * dpi)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        sheet = Sheet(painter, w_mm, h_mm, dpi)
        if settings.atlas:
            rows = atlas_grids(doc, settings.atlas_level)
            if len(rows):
                placed = {int(r): i for i, r in enumerate(doc.placement.levels[settings.atlas_level].rows)}
                table = building_table(doc, settings.atlas_level, doc.today())
                draw_atlas_sheet(sheet, doc, renderer, settings, int(rows[0]), placed[int(rows[0])], table, when)
        else:
            draw_wall_map(sheet, doc, renderer, settings, when)
            if settings.tile:
                (_, _), (sx, sy), cols, rows_n = tile_plan(settings)
                pen = QPen(QColor("#b3261e"), 1.0, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                for c in range(1, cols):
                    painter.drawLine(sheet.rect(c * sx, 0, 0, h_mm).topLeft(), sheet.rect(c * sx, h_mm, 0, 0).topLeft())
                for r in range(1, rows_n):
                    painter.drawLine(sheet.rect(0, r * sy, 0, 0).topLeft(), sheet.rect(w_mm, r * sy, 0, 0).topLeft())
    finally:
        painter.end()
    return image
