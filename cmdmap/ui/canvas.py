"""The map canvas: renders the map into a cached image at paint time and blits it.

Dragging pans, the wheel zooms about the cursor. While a gesture is under way the last complete
image is shown moved and scaled into the new view, with the new view's polygon tiles drawn so far
on top. Once the hand rests, the tiles still missing are drawn a slice of a few milliseconds at a
time (nearest the centre first), each paint showing what is there, and the complete frame (with
symbols and labels) is drawn once they all are: the GUI thread is never held for a whole new frame
of a district of 200,000 buildings. Views set from code (search, zoom to the whole map) are drawn
whole at the next paint.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (QColor, QImage, QTransform, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QRegion,
                           QResizeEvent, QWheelEvent)
from PySide6.QtWidgets import QWidget

from cmdmap.edit.commands import Command, EditError
from cmdmap.messages import message
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.render import MapRenderer, RenderOptions, RenderStats, ViewTransform, ladder
from cmdmap.render.ladder import MAX_MPP, MIN_MPP
from cmdmap.render.style import BACKGROUND
from cmdmap.model.pick import Picked, Picker
from cmdmap.model.snap import Snapper
from cmdmap.ui.highlight import HOVER_COLOR, SELECT_COLOR, draw_highlight
from cmdmap.ui.tools.base import MapTool, SelectTool, ToolEvent

SETTLE_MS = 120    # redraw a dragged map once the hand has rested this long
FILL_SLICE_S = 0.008  # a slice of drawing a new view's tiles: the GUI stays free between slices
PROGRESS_PAINT_S = 0.03  # tiles drawn in slices are shown this often (a paint costs half a slice)
CLICK_SLOP_PX = 4  # a press and release closer than this is a click, not a drag
PICK_TOLERANCE_PX = 8  # how near a gate or site a click must land
SNAP_TOLERANCE_PX = 10
# Which way each arrow key moves the view over the map (x right, y down, in screen terms).
ARROW_PAN = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}  # how near a vertex or edge a point snaps to it


class MapCanvas(QWidget):
    """Shows a document's map; emits the view after every pan or zoom and the cursor's position."""

    viewChanged = Signal(object)          # ViewTransform
    cursorMoved = Signal(float, float)    # world x, y in metres
    rendered = Signal(object)             # RenderStats of the frame just drawn
    selectionChanged = Signal(object)     # Picked or None: the primary (last chosen) feature
    featureActivated = Signal(object)     # Picked: a feature double-clicked with a selecting tool
    toolChanged = Signal(object)          # the MapTool now active
    refused = Signal(str)                 # why a gesture changed nothing, in the user's language

    def __init__(self, doc: Document, parent: QWidget | None = None, options: RenderOptions | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.renderer = MapRenderer(doc)
        self.options = options or RenderOptions(tiles=True)  # pans redraw only what they expose
        self.view: ViewTransform | None = None
        self.last_stats = RenderStats()
        self._image: QImage | None = None
        self._spare: QImage | None = None  # the image the next frame is drawn into (see render_now)
        self._image_view: ViewTransform | None = None
        self._stale = True
        self._drag_from: QPointF | None = None
        self._drag_view: ViewTransform | None = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._hand_rested)
        self._full_frame_due = False
        self._wheeling = False  # a burst of wheel notches: show the last image scaled until it ends
        self._wheel_rest = 0.0  # a touchpad's part of a notch, kept until it makes a whole one
        self._zoom_point: tuple | None = None  # (device point, world point, view) of the last notch
        # While the hand rests, the tiles of the zoom ladder's next rungs are drawn a few ms at a
        # time (MapRenderer.prefetch), so that the next notch in or out is drawn from tiles.
        self._ahead = QTimer(self)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self._draw_ahead)
        # A view a gesture reached is drawn progressively: its missing tiles a slice at a time
        # (_fill_slice), each paint showing the old image moved into it under the tiles there.
        self._progressive = False
        self._shown_progress = 0.0  # when a frame in progress was last painted (time.monotonic)
        self._fill = QTimer(self)
        self._fill.setInterval(0)
        self._fill.timeout.connect(self._fill_slice)
        self.picker = Picker(doc)
        self.selected: Picked | None = None   # the primary feature: the last one chosen
        self.selection: list[Picked] = []     # all selected features (one layer), `selected` last
        self.hovered: Picked | None = None
        self.snapper = Snapper(doc, trees=self.picker.trees)
        self.snapping = True
        self.snap_tolerance_px = SNAP_TOLERANCE_PX
        self.lang: str | None = None      # the window sets the user's language
        # Where commands go: the window's undo stack; on its own the canvas just does them.
        self.push_command: Callable[[Command], None] = lambda cmd: cmd.do(doc)
        self.tool: MapTool = SelectTool(self)
        self._pan_button: Qt.MouseButton | None = None
        doc.subscribe(self._on_change)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setMinimumSize(200, 150)

    def sizeHint(self) -> QSize:
        return QSize(1000, 700)

    def detach(self) -> None:
        """Stop listening to the document (the window is closing)."""
        self.doc.unsubscribe(self._on_change)
        self._ahead.stop()
        self._fill.stop()
        self.tool.deactivate()
        self.renderer.close()
        self.picker.close()
        self.snapper.close()

    # -- tools ----------------------------------------------------------------------------------

    def set_tool(self, tool: MapTool) -> None:
        """Make `tool` the one that gets the mouse (the one before drops its gesture)."""
        if tool is self.tool:
            return
        self.tool.deactivate()
        self.tool = tool
        self.setCursor(tool.cursor)
        tool.activate()
        self.update()
        self.toolChanged.emit(tool)

    def push(self, cmd: Command) -> bool:
        """Do `cmd` as one undo step; False, with the reason shown, if it was refused."""
        try:
            self.push_command(cmd)
        except EditError as err:
            self.refuse(err.key, **err.params)
            return False
        return True

    def refuse(self, key: str, **params) -> None:
        """Say why a gesture changed nothing (key of cmdmap.messages)."""
        self.refused.emit(message(key, self.lang, **params))

    def _tool_event(self, event: QMouseEvent, button: Qt.MouseButton | None = None) -> ToolEvent:
        assert self.view is not None
        pos = event.position()
        rx, ry = self.view.device_to_world(pos.x(), pos.y())
        snap = None
        if self.tool.snaps and self.snapping:
            snap = self.snapper.snap(rx, ry, self.snap_tolerance_px * self.view.mpp,
                                     skip=self.tool.snap_skip())
        x, y = (snap.x, snap.y) if snap is not None else (rx, ry)
        return ToolEvent(pos, float(x), float(y), float(rx), float(ry), snap,
                         event.button() if button is None else button, event.modifiers())

    # -- the view -------------------------------------------------------------------------------

    def _dpi(self) -> float:
        return float(self.logicalDpiX() or 96)

    def set_view(self, view: ViewTransform) -> None:
        """Show `view` (kept within sensible zoom limits), drawn whole at the next paint."""
        if view.mpp < MIN_MPP or view.mpp > MAX_MPP:
            return
        self.view = view
        self._progressive = False
        self.update()
        self.viewChanged.emit(view)

    def _moved_by_hand(self) -> None:
        """The view just set came from a gesture: draw it progressively (never a long wait)."""
        self._progressive = True

    def zoom_full(self) -> None:
        """Show the whole map."""
        self.set_view(ViewTransform.fit(self.renderer.extent(), self.width(), self.height(), self._dpi()))

    def set_options(self, options: RenderOptions) -> None:
        """Draw with `options` from now on (e.g. a layer hidden from the legend)."""
        if options != self.options:
            self.options = options
            self._stale = True
            if self.hovered is not None and self.hovered.layer in options.hidden:
                self.hovered = None
            self.update()

    def zoom_to_bounds(self, bounds, min_span_m: float = 0.0) -> None:
        """Show the world box `bounds` (xmin, ymin, xmax, ymax), at least `min_span_m` across."""
        xmin, ymin, xmax, ymax = (float(v) for v in bounds)
        pad_x = max(0.0, min_span_m - (xmax - xmin)) / 2.0
        pad_y = max(0.0, min_span_m - (ymax - ymin)) / 2.0
        box = (xmin - pad_x, ymin - pad_y, xmax + pad_x, ymax + pad_y)
        self.set_view(ViewTransform.fit(box, max(self.width(), 1), max(self.height(), 1), self._dpi(), margin=0.1))

    def zoom_to_selection(self) -> None:
        """Show the selected feature (nothing happens when none is selected)."""
        if self.selected is None or not self.doc[self.selected.layer].has(self.selected.fid):
            return
        geom = self.doc[self.selected.layer].geometry(self.selected.fid)
        if geom is not None and not geom.is_empty:
            self.zoom_to_bounds(geom.bounds, 120.0)

    def zoom_about(self, device_point: QPointF, factor: float) -> None:
        """Zoom by `factor` keeping the map point under `device_point` where it is."""
        if self.view is not None:
            self.set_view(self.view.zoom_about((device_point.x(), device_point.y()), factor))

    def zoom_notches(self, device_point: QPointF, notches: int) -> None:
        """Zoom `notches` rungs of the scale ladder in (positive) or out, keeping the map point
        under `device_point` where it is (to within half a pixel: the view's corner goes on a
        whole pixel so that the rung's tiles line up exactly); rungs recur, so tiles serve again."""
        view = self.view
        if view is None or not notches:
            return
        px, py = device_point.x(), device_point.y()
        held = self._zoom_point
        if held is not None and held[0] == (px, py) and held[2] == view:
            wx, wy = held[1]  # the same burst: about the point first under the cursor (no drift)
        else:
            wx, wy = view.device_to_world(px, py)
        new = ladder.notched(view, (px, py), (wx, wy), notches)
        self.set_view(new)
        self._zoom_point = ((px, py), (wx, wy), new)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.view is None:
            self.zoom_full()  # on open: the whole community
        else:
            self.set_view(self.view.resized(self.width(), self.height()))
        super().resizeEvent(event)

    # -- drawing --------------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if self.renderer.affects_map(change):
            self._stale = True
            self.update()

    def redraw(self) -> None:
        """Draw the map again at the next paint (something the document does not hold changed)."""
        self._stale = True
        self.update()

    def render_now(self) -> RenderStats:
        """Draw the current view into the cached image (normally done at paint time)."""
        assert self.view is not None
        dpr = self.devicePixelRatioF()
        w, h = max(1, round(self.view.width * dpr)), max(1, round(self.view.height * dpr))
        # Two images in turn: the frame is drawn into the one not on screen. A fresh 8 MB image
        # for every frame cost 25-40 ms more on a district once the heap had grown (its pages
        # faulted in and zeroed while the tiles were drawn onto it), more than the frame itself.
        image = self._spare
        if image is None or image.width() != w or image.height() != h:
            image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        painter = QPainter(image)
        self.last_stats = self.renderer.render(painter, self.view, self.options)
        painter.end()
        self._spare = self._image
        self._image, self._image_view, self._stale = image, self.view, False
        self._progressive = False
        self._fill.stop()
        self.rendered.emit(self.last_stats)
        if self.options.tiles:
            self._ahead.start()
        return self.last_stats

    def _draw_ahead(self) -> None:
        """One slice of drawing ahead; stops once done, or when a gesture or a change is due."""
        busy = self._wheeling or self._drag_from is not None or self._stale or self._image_view != self.view
        if busy or self.view is None or not self.isVisible() or \
                not self.renderer.prefetch(self.view, self.options, self.devicePixelRatioF()):
            self._ahead.stop()

    def _fill_slice(self) -> None:
        """One slice of drawing the tiles the view still misses, then a paint showing them; once
        none is missing, a slice placing the labels and making their images, then the paint of
        the complete frame (which then only draws them). Stops while the wheel turns (its scale
        is about to change again)."""
        if self.view is None or not self.isVisible() or (self._wheeling and not self._full_frame_due) \
                or not self._outdated():
            self._fill.stop()
            return
        dpr = self.devicePixelRatioF()
        if self.renderer.missing_tiles(self.view, self.options, dpr):
            if self.renderer.fill_tiles(self.view, self.options, dpr, FILL_SLICE_S) and \
                    time.monotonic() - self._shown_progress >= PROGRESS_PAINT_S:
                self.update()
            return  # the last tiles are in: the labels get the next slice
        if self.options.labels and self.renderer.prepare_labels(self.view, self.options, dpr, FILL_SLICE_S):
            return  # more label images to make: the next slice
        self._fill.stop()
        self.update()  # the complete frame

    def _hand_rested(self) -> None:
        self._full_frame_due = True
        self._wheeling = False
        self.update()

    def _outdated(self) -> bool:
        """Whether the cached image is not the complete frame of the view shown."""
        return self._image is None or self._stale or self._image_view != self.view

    def _moving(self) -> bool:
        """Whether a drag or a wheel burst is under way (the hand has not rested yet)."""
        return (self._wheeling or self._drag_from is not None) and not self._full_frame_due

    def _old_to_new(self) -> QTransform | None:
        """Where the last image goes in the view shown (a scale and an offset), or None when
        the canvas has changed size since."""
        old, new = self._image_view, self.view
        if old is None or new is None or old.width != new.width or old.height != new.height:
            return None
        s = old.mpp / new.mpp
        # Old image pixel q shows world old.c + (q - size/2) * old.mpp; put it where `new` shows that.
        dx = (old.cx - new.cx) / new.mpp + new.width / 2.0 - s * old.width / 2.0
        dy = (new.cy - old.cy) / new.mpp + new.height / 2.0 - s * old.height / 2.0
        return QTransform(s, 0.0, 0.0, s, dx, dy)

    def _paint_in_progress(self, painter: QPainter) -> None:
        """The view while its frame is not complete: the background, the last image moved and
        scaled into it, and the view's polygon tiles drawn so far on top. At the same scale the
        old image keeps what it covers (its symbols and labels), the tiles fill what it does not."""
        assert self.view is not None and self._image is not None
        self._shown_progress = time.monotonic()
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        moved = self._old_to_new()
        kept = None
        if moved is not None:
            painter.setTransform(moved)
            painter.drawImage(0, 0, self._image)
            painter.resetTransform()
            if self._image_view is not None and self._image_view.mpp == self.view.mpp and not self._stale:
                kept = moved.mapRect(QRectF(0, 0, self.view.width, self.view.height)).toAlignedRect()
        if kept is not None:
            painter.setClipRegion(QRegion(self.rect()).subtracted(QRegion(kept)))
        self.renderer.draw_ready_tiles(painter, self.view, self.options)
        painter.setClipping(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.view is None:
            painter.fillRect(self.rect(), QColor(BACKGROUND))
            return
        if self._outdated():
            moving = self._image is not None and self._moving()
            missing = self.renderer.missing_tiles(self.view, self.options, self.devicePixelRatioF()) \
                if moving or self._progressive else 0
            if moving or (self._progressive and self._image is not None and missing):
                self._paint_in_progress(painter)
                if missing and (not self._wheeling or self._full_frame_due):
                    self._fill.start()  # a drag's exposed tiles fill in between mouse events
            else:
                self._full_frame_due = False
                self.render_now()
                painter.drawImage(0, 0, self._image)
        else:
            painter.drawImage(0, 0, self._image)
        if self.hovered != self.selected:
            draw_highlight(painter, self.doc, self.hovered, self.view, HOVER_COLOR, 0.5)
        for picked in self.selection:
            if picked != self.selected:
                draw_highlight(painter, self.doc, picked, self.view, SELECT_COLOR, 0.5)
        draw_highlight(painter, self.doc, self.selected, self.view, SELECT_COLOR, 0.8)
        self.tool.paint(painter, self.view)

    # -- gestures -------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.view is None:
            return
        button = event.button()
        # The middle button always pans, whatever the tool, so editing never traps the view.
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and not self.tool.press(self._tool_event(event))):
            self._drag_from = event.position()
            self._drag_view = self.view
            self._pan_button = button
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        elif button == Qt.MouseButton.RightButton:
            self.tool.press(self._tool_event(event))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag_from is not None and self._drag_view is not None:
            d = pos - self._drag_from
            self.set_view(self._drag_view.panned(d.x(), d.y()))
            self._moved_by_hand()
            self._full_frame_due = False  # the hand moves again: no full frame until it rests
            self._settle.start()
        elif self.view is not None:
            if not self.tool.move(self._tool_event(event, Qt.MouseButton.NoButton)):
                self._hover(self.feature_at(pos))
        if self.view is not None:
            self.cursorMoved.emit(*self.view.device_to_world(pos.x(), pos.y()))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None and event.button() == self._pan_button:
            moved = event.position() - self._drag_from
            self._drag_from = None
            self._drag_view = None
            self._pan_button = None
            if (event.button() == Qt.MouseButton.LeftButton and self.tool.click_selects
                    and abs(moved.x()) + abs(moved.y()) < CLICK_SLOP_PX):
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.toggle_selected(self.feature_at(event.position()))
                else:
                    self.select(self.feature_at(event.position()))
            self.setCursor(self.tool.cursor)
            self.update()  # now draw the map properly where it came to rest
        elif self.view is not None:
            self.tool.release(self._tool_event(event))
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.view is not None and self.tool.double_click(self._tool_event(event)):
            return
        if self.view is not None and self.tool.click_selects and event.button() == Qt.MouseButton.LeftButton:
            picked = self.feature_at(event.position())
            if picked is not None:
                self.featureActivated.emit(picked)
                return
        super().mouseDoubleClickEvent(event)

    # -- selection ------------------------------------------------------------------------------

    def feature_at(self, device_point: QPointF) -> Picked | None:
        """The feature a click at `device_point` means (buildings first, then gates and sites,
        compounds, grids), among the layers shown."""
        if self.view is None:
            return None
        x, y = self.view.device_to_world(device_point.x(), device_point.y())
        return self.picker.pick(x, y, PICK_TOLERANCE_PX * self.view.mpp, self.options.hidden)

    def select(self, picked: Picked | None) -> None:
        """Make `picked` the selection (None: nothing selected) and show it."""
        if picked != self.selected or len(self.selection) > 1:
            self.selected = picked
            self.selection = [] if picked is None else [picked]
            self.update()
            self.selectionChanged.emit(picked)

    def toggle_selected(self, picked: Picked | None) -> None:
        """Ctrl+click: add `picked` to the selection, or take it out; a feature of another layer
        starts a new selection (commands act on one layer at a time)."""
        if picked is None:
            return
        if not self.selection or self.selection[0].layer != picked.layer:
            self.select(picked)
            return
        if picked in self.selection:
            self.selection.remove(picked)
        else:
            self.selection.append(picked)
        self.selected = self.selection[-1] if self.selection else None
        self.update()
        self.selectionChanged.emit(self.selected)

    def selected_features(self) -> list[Picked]:
        """The selection, without features deleted since they were chosen."""
        return [p for p in self.selection if p.layer in self.doc.layers and self.doc[p.layer].has(p.fid)]

    def _hover(self, picked: Picked | None) -> None:
        if picked != self.hovered:
            self.hovered = picked
            self.update()

    def leaveEvent(self, event) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0  # one notch of a mouse wheel; touchpads send less
        if steps:
            # While the wheel turns the last frame is shown scaled about the cursor, and the map
            # is drawn once it rests: zooming keeps up whatever a full frame of a district costs.
            if self._image is not None and not self._stale:
                self._wheeling = True
                self._settle.start()
            self._wheel_rest += steps
            notches = int(self._wheel_rest)  # towards zero: a touchpad zooms once it adds up to a notch
            self._wheel_rest -= notches
            if notches:
                self._full_frame_due = False
                self.zoom_notches(event.position(), notches)
                self._moved_by_hand()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.tool.key(event):
            return
        key = event.key()
        centre = QPointF(self.width() / 2.0, self.height() / 2.0)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_notches(centre, 2)  # ×1.59, on the ladder like the wheel
        elif key == Qt.Key.Key_Minus:
            self.zoom_notches(centre, -2)
        elif key == Qt.Key.Key_Home:
            self.zoom_full()
        elif key in ARROW_PAN and self.view is not None:
            # An arrow moves the map a quarter of the window, like scrolling a page.
            fx, fy = ARROW_PAN[key]
            self.set_view(self.view.panned(-fx * self.width() / 4.0, -fy * self.height() / 4.0))
        else:
            super().keyPressEvent(event)
            return
        self._moved_by_hand()
