"""A view reached by a gesture is drawn progressively: the last frame moved into it, the new
view's tiles on top as they are drawn in short slices, then the complete frame, which looks like
the same view drawn at once. Views set from code are still drawn whole at the next paint."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import shapely
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from cmdmap.edit.grid_colour import SetGridColour
from cmdmap.model.pick import Picked
from cmdmap.render import MapRenderer
from cmdmap.render.style import BACKGROUND
from cmdmap.ui.highlight import SELECT_COLOR
from mouse import drag


def _wheel(canvas, pos: QPointF, notches: int) -> None:
    for _ in range(abs(notches)):
        ev = QWheelEvent(pos, canvas.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 if notches > 0 else -120),
                         Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(canvas, ev)


def _complete(canvas) -> bool:
    return canvas._image_view == canvas.view and not canvas._stale


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.width(), 4)[..., :3].astype(int)


def _shown(canvas) -> np.ndarray:
    return _pixels(canvas.grab().toImage())


def _drawn_at_once(canvas) -> np.ndarray:
    """The canvas's view drawn in one go by a renderer of its own."""
    view = canvas.view
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    renderer = MapRenderer(canvas.doc)
    renderer.render(p, view, canvas.options)
    p.end()
    renderer.close()
    return _pixels(image)


def _alike(a: np.ndarray, b: np.ndarray) -> float:
    """The share of pixels that differ by at most a few levels (antialiased edges and dash
    patterns may differ where tiles meet)."""
    return float(np.mean(np.abs(a - b).max(axis=2) <= 24))


def _blank(a: np.ndarray) -> float:
    """The share of pixels showing only the background."""
    bg = QColor(BACKGROUND)
    return float(np.mean(np.all(a == (bg.red(), bg.green(), bg.blue()), axis=2)))


def _start_refining(canvas, pos: QPointF, notches: int) -> None:
    """Wheel `notches` at `pos` from the whole map, then let the hand rest: the first paint
    shows the frame in progress (its tiles are drawn in slices after it)."""
    canvas.zoom_full()
    canvas.repaint()
    canvas._ahead.stop()  # nothing drawn ahead: the notches' tiles are all missing
    _wheel(canvas, pos, notches)
    canvas._hand_rested()
    canvas.repaint()


def test_after_wheel_notches_the_frame_completes_as_if_drawn_at_once(window, qtbot):
    canvas = window.canvas
    canvas.zoom_full()
    canvas.repaint()
    frames = []
    canvas.rendered.connect(frames.append)
    _wheel(canvas, QPointF(420.0, 310.0), 3)
    qtbot.waitUntil(lambda: _complete(canvas), timeout=5000)
    assert len(frames) == 1  # one complete frame, once every tile was there
    assert canvas.renderer.missing_tiles(canvas.view, canvas.options, canvas.devicePixelRatioF()) == 0
    assert _alike(_shown(canvas), _drawn_at_once(canvas)) > 0.995


def test_a_frame_in_progress_shows_the_old_one_under_the_tiles_drawn_so_far(window, qtbot):
    canvas = window.canvas
    frames = []
    _start_refining(canvas, QPointF(canvas.width() / 2.0, canvas.height() / 2.0), 3)
    canvas.rendered.connect(frames.append)
    dpr = canvas.devicePixelRatioF()
    missing = canvas.renderer.missing_tiles(canvas.view, canvas.options, dpr)
    assert missing > 0 and not _complete(canvas)  # the paint did not wait for the tiles
    placeholder = _shown(canvas)
    canvas._fill_slice()  # one slice: the piece nearest the centre first
    one_slice = _shown(canvas)
    qtbot.waitUntil(lambda: _complete(canvas), timeout=5000)
    assert len(frames) == 1
    final = _shown(canvas)
    assert _alike(final, _drawn_at_once(canvas)) > 0.995
    # The old frame scaled into the view stands in: nothing blank where the map will be.
    assert _blank(placeholder) < _blank(final) + 0.05
    assert _alike(placeholder, final) > 0.5
    # The slice's tiles show on top, at the centre, as the complete frame has them there.
    h, w = final.shape[:2]
    centre = (slice(h // 2 - 40, h // 2 + 40), slice(w // 2 - 40, w // 2 + 40))
    assert _alike(one_slice[centre], final[centre]) > _alike(placeholder[centre], final[centre])


def test_highlights_show_over_a_frame_in_progress(window, demo, qtbot):
    canvas = window.canvas
    canvas.zoom_full()
    middle = QPointF(canvas.width() / 2.0, canvas.height() / 2.0)
    x, y = canvas.view.device_to_world(middle.x(), middle.y())
    grids = demo["grids"]
    hit = [int(f) for f, g in zip(grids.fid, grids.geom) if g is not None and g.contains(shapely.Point(x, y))]
    canvas.select(Picked("grids", hit[0]))
    _start_refining(canvas, middle, 2)
    assert not _complete(canvas)
    shown = canvas.grab().toImage()
    red = QColor(SELECT_COLOR).name()
    hits = sum(shown.pixelColor(px, py).name() == red
               for px in range(0, shown.width(), 3) for py in range(0, shown.height(), 3))
    assert hits > 20


def test_a_drag_then_rest_completes(window, qtbot):
    canvas = window.canvas
    canvas.zoom_full()
    canvas.repaint()
    canvas.set_view(canvas.view.zoom_about((400.0, 300.0), 2.5))
    canvas.repaint()
    frames = []
    canvas.rendered.connect(frames.append)
    drag(canvas, QPointF(600.0, 400.0), QPointF(250.0, 180.0), steps=6)
    assert canvas.renderer.missing_tiles(canvas.view, canvas.options, canvas.devicePixelRatioF()) > 0
    canvas.repaint()
    assert frames == []  # the tiles the drag exposed are drawn in slices, not in this paint
    qtbot.waitUntil(lambda: _complete(canvas), timeout=5000)
    assert len(frames) == 1
    assert _alike(_shown(canvas), _drawn_at_once(canvas)) > 0.995


def test_an_arrow_key_pans_progressively(window, qtbot):
    canvas = window.canvas
    canvas.zoom_full()
    canvas.repaint()
    canvas._ahead.stop()
    frames = []
    canvas.rendered.connect(frames.append)
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    canvas.repaint()
    assert frames == []
    qtbot.waitUntil(lambda: _complete(canvas), timeout=5000)
    assert _alike(_shown(canvas), _drawn_at_once(canvas)) > 0.995


def test_an_edit_while_a_frame_is_in_progress_shows_in_it(own_window, qtbot):
    win = own_window
    canvas, doc = win.canvas, win.doc
    middle = QPointF(canvas.width() / 2.0, canvas.height() / 2.0)
    _start_refining(canvas, middle, 2)
    canvas._fill_slice()  # some tiles drawn before the edit
    x, y = canvas.view.device_to_world(middle.x(), middle.y())
    grids = doc["grids"]
    # The finest grid there: its buildings take its colour.
    fid = min((g.area, int(f)) for f, g in zip(grids.fid, grids.geom)
              if g is not None and g.contains(shapely.Point(x, y)))[1]
    before = _drawn_at_once(canvas)
    win.undo_stack.push(SetGridColour(doc, fid, "#1f78b4"))
    assert canvas.renderer.missing_tiles(canvas.view, canvas.options, canvas.devicePixelRatioF()) > 0
    qtbot.waitUntil(lambda: _complete(canvas), timeout=5000)
    after = _shown(canvas)
    differ = np.abs(after - before).max(axis=2) > 24
    assert differ.sum() > 2000
    # The edit everywhere: no tile drawn before it is left (a few pixels differ where tiles meet).
    assert (np.abs(after - _drawn_at_once(canvas)).max(axis=2) > 24)[differ].mean() < 0.1


def test_a_view_set_from_code_is_drawn_whole_at_the_next_paint(window, qtbot):
    canvas = window.canvas
    _start_refining(canvas, QPointF(300.0, 200.0), 3)
    assert not _complete(canvas)
    frames = []
    canvas.rendered.connect(frames.append)
    canvas.set_view(replace(canvas.view, mpp=canvas.view.mpp * 0.7))  # e.g. the search box
    canvas.grab()
    assert _complete(canvas) and len(frames) == 1
    canvas.zoom_full()
    canvas.grab()
    assert _complete(canvas) and len(frames) == 2
