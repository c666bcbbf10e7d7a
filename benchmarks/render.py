"""How fast the map draws a district: ~10,000 grids and ~200,000 buildings.

    python benchmarks/render.py [FILE.gpkg]

Makes the district file with `cmdmap demo --scale city` in a separate process (unless FILE is
given), so the peak memory below is the viewer's alone. Frames are 1920×1080 at 96 dpi, drawn by
the same renderer the canvas uses, complete (fills, borders, symbols, labels).
pan_frame_ms and zoom_frame_ms are what a hand gets in the window (see canvas_stalls): the
longest stretch the canvas keeps the GUI thread busy while it drags or turns the wheel at full
extent, 1:10,000 and 1:2,000 (a new view's tiles come in slices between events and paints), or
while it rests and the next rungs are drawn ahead.
The other pan_frame_* and zoom_frame_* figures (and render_*_frame_ms, their worst) time the
renderer alone, each frame complete at once: the mean per frame over a drag of 30 frames and a
wheel burst of 15 notches off the ladder (polygon layers kept as tiles, the frames that expose
new tiles drawing them at once); *_max_ms the slowest frame; *_vector_* the same frames drawn
whole, as paper gets them.
zoom_frame_ladder_* are the same burst along the canvas's ladder of scales, rungs recurring
(_ahead_: with the next rungs drawn ahead in idle time, zoom_draw_ahead_* that time per rest).
first_frame_s opens the file as the window does: registers (staff, assignments, isolation,
snapshots) left for later (`open_document(defer_registers=True)`), since no frame needs them.
window_first_frame_* is the same wait in the main window (the docks' counts and the legend too);
window_counts_ready_s the wait from opening until the registers are read, the counts built and
the docks filled (the window does that right after its first frame).
The canvas_* figures are what the window costs per frame while a hand drags or the wheel turns
(it shifts or scales its last frame and draws the map once the gesture rests).
Prints one `name: value unit` line per figure.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

W, H = 1920, 1080


def _frame(renderer, view, image, painter_cls, options=None) -> float:
    p = painter_cls(image)
    t0 = time.perf_counter()
    renderer.render(p, view, options)
    s = time.perf_counter() - t0
    p.end()
    return s


def window_first_frame(path: Path) -> None:
    """Time from opening `path` to the main window's first complete map frame, as a user waits
    for it: reading the file, building the window (counts, legend, docks), the first paint."""
    from PySide6.QtWidgets import QApplication

    from cmdmap.store.gpkg import open_document
    from cmdmap.ui.app import create_app
    from cmdmap.ui.window import MainWindow

    create_app(lang="zh")
    t0 = time.perf_counter()
    doc = open_document(path, defer_registers=True)  # as the window opens a file
    t1 = time.perf_counter()
    window = MainWindow(doc, str(path), lang="zh")
    t2 = time.perf_counter()
    frames: list[float] = []
    window.canvas.rendered.connect(lambda _stats: frames.append(time.perf_counter()))
    counted: list[float] = []  # told after the docks (they listen first), so they are filled by then
    window.live_counts.subscribe(lambda _rows: counted or counted.append(time.perf_counter()))
    window.resize(W, H)
    window.show()
    while not frames:
        QApplication.processEvents()
    while not counted:
        QApplication.processEvents()
    print(f"window_first_frame_s: {frames[0] - t0:.2f} s")
    print(f"window_counts_ready_s: {counted[0] - t0:.2f} s")
    print(f"window_first_frame_open_s: {t1 - t0:.2f} s")
    print(f"window_first_frame_build_s: {t2 - t1:.2f} s")  # the window: docks, legend (counts pending)
    print(f"window_first_frame_paint_s: {frames[0] - t2:.2f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            path = Path(sys.argv[1])
        else:
            path = Path(tmp) / "city.gpkg"
            subprocess.run([sys.executable, "-m", "cmdmap", "demo", str(path), "--scale", "city"],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        import shapely.affinity
        from PySide6.QtGui import QImage, QPainter

        from cmdmap.edit.commands import SetAttributes, SetGeometry
        from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
        from cmdmap.store.gpkg import open_document
        from cmdmap.ui.app import create_app

        create_app(lang="zh")  # the bundled CJK font, as the window has it
        image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)

        t0 = time.perf_counter()
        doc = open_document(path, defer_registers=True)  # as the window opens a file
        t1 = time.perf_counter()
        renderer = MapRenderer(doc)
        full = ViewTransform.fit(renderer.extent(), W, H)
        _frame(renderer, full, image, QPainter)
        t2 = time.perf_counter()
        doc.read_deferred()  # now, so that no figure below includes reading the registers
        print(f"first_frame_s: {t2 - t0:.2f} s")
        print(f"first_frame_open_s: {t1 - t0:.2f} s")    # reading the file
        print(f"first_frame_render_s: {t2 - t1:.2f} s")  # caches and the frame itself
        print(f"buildings: {len(doc['buildings'])} count")

        redraw = min(_frame(renderer, full, image, QPainter) for _ in range(5))
        print(f"full_redraw_ms: {redraw * 1000:.0f} ms")

        close = full.with_scale(2000)
        results: dict[str, float] = {}
        worst: dict[str, float] = {}
        # Complete frames as the canvas draws them (polygon layers from tiles, newly exposed
        # tiles rendered in the frame that exposes them, symbols and labels every frame), then the
        # same frames drawn whole as paper gets them. A pan starts from a view already on screen;
        # every zoom notch is a new scale, so its tiles are all new.
        for mode, opts in (("", RenderOptions(tiles=True)), ("vector_", RenderOptions())):
            for label, start in (("2000", close), ("full", full)):
                _frame(renderer, start, image, QPainter, opts)
                pans = [_frame(renderer, start.panned(40.0 * i, 25.0 * i), image, QPainter, opts) for i in range(1, 31)]
                zooms = []
                v = start
                for i in range(15):  # a wheel burst: in 5 notches, out 5, in again
                    v = v.zoom_about((W * 0.4, H * 0.6), 1.25 if (i // 5) % 2 == 0 else 0.8)
                    zooms.append(_frame(renderer, v, image, QPainter, opts))
                results[f"pan_frame_{mode}{label}_ms"] = statistics.mean(pans) * 1000
                results[f"zoom_frame_{mode}{label}_ms"] = statistics.mean(zooms) * 1000
                worst[f"pan_frame_{mode}{label}_max_ms"] = max(pans) * 1000
                worst[f"zoom_frame_{mode}{label}_max_ms"] = max(zooms) * 1000
        print(f"render_pan_frame_ms: {max(results['pan_frame_2000_ms'], results['pan_frame_full_ms']):.1f} ms")
        print(f"render_zoom_frame_ms: {max(results['zoom_frame_2000_ms'], results['zoom_frame_full_ms']):.1f} ms")
        for k, v in {**results, **worst}.items():
            print(f"{k}: {v:.1f} ms")

        # The canvas zooms along a ladder of scales (a notch is a rung, cmdmap/render/ladder.py),
        # so rungs recur and their tiles serve again. The same burst as above along the ladder:
        # with no drawing ahead (the first five notches new, the rest back on rungs already drawn),
        # then with the rungs either side drawn ahead while the hand rests after each notch, as the
        # canvas does in idle time (that time reported apart: it is not a frame anyone waits for).
        from cmdmap.render import ladder
        tiled = RenderOptions(tiles=True)
        for label, start in (("2000", close), ("full", full)):
            for ahead in (False, True):
                renderer._tiles.clear()
                v = start
                _frame(renderer, v, image, QPainter, tiled)
                cursor = (W * 0.4, H * 0.6)
                under = v.device_to_world(*cursor)
                zooms, idle = [], []
                for i in range(15):
                    if ahead:
                        t0 = time.perf_counter()
                        while renderer.prefetch(v, tiled, 1.0):
                            pass
                        idle.append(time.perf_counter() - t0)
                    notch = 1 if (i // 5) % 2 == 0 else -1
                    v = ladder.notched(v, cursor, under, notch)  # as the canvas does it
                    zooms.append(_frame(renderer, v, image, QPainter, tiled))
                name = f"zoom_frame_ladder_{'ahead_' if ahead else ''}{label}"
                results[f"{name}_ms"] = statistics.mean(zooms) * 1000
                worst[f"{name}_max_ms"] = max(zooms) * 1000
                if ahead:
                    results[f"zoom_draw_ahead_{label}_ms"] = statistics.mean(idle) * 1000
        for k in [k for k in results if "ladder" in k or "ahead" in k]:
            print(f"{k}: {results[k]:.1f} ms")
        for k in [k for k in worst if "ladder" in k]:
            print(f"{k}: {worst[k]:.1f} ms")

        # An edit, then the next frame at 1:2,000 (what a user waits for after moving a building),
        # with the live counts following the document as in the window (they keep the placement
        # up to date, which the map's colours read).
        from cmdmap.model.live_counts import LiveCounts
        live = LiveCounts(doc)
        b = doc["buildings"]
        fid = int(b.fid[len(b) // 2])
        geom = b.geometry(fid)
        near = ViewTransform(geom.centroid.x, geom.centroid.y, close.mpp, W, H)
        _frame(renderer, near, image, QPainter)
        cmd = SetGeometry(doc, "buildings", {fid: shapely.affinity.translate(geom, 2.0, 0.0)})
        t0 = time.perf_counter()
        cmd.do(doc)
        _frame(renderer, near, image, QPainter)
        print(f"building_edit_frame_ms: {(time.perf_counter() - t0) * 1000:.0f} ms")
        # The same edit as the canvas draws it (RenderOptions(tiles=True)): the frame at the same
        # view after it draws again only the tiles the building can reach (it used to draw all).
        _frame(renderer, near, image, QPainter, tiled)
        _frame(renderer, near, image, QPainter, tiled)  # the edge tiles the first frame left out
        cmd = SetGeometry(doc, "buildings", {fid: shapely.affinity.translate(geom, 4.0, 0.0)})
        t0 = time.perf_counter()
        cmd.do(doc)
        _frame(renderer, near, image, QPainter, tiled)
        print(f"building_edit_tiled_frame_ms: {(time.perf_counter() - t0) * 1000:.0f} ms")
        cmd = SetAttributes(doc, "grids", int(doc["grids"].fid[0]), {"color": "#123456"})
        t0 = time.perf_counter()
        cmd.do(doc)
        _frame(renderer, near, image, QPainter)
        print(f"grid_colour_edit_frame_ms: {(time.perf_counter() - t0) * 1000:.0f} ms")
        live.detach()

        # What the window shows while a hand drags or the wheel turns: the canvas shifts or scales
        # its last frame and draws the map once the gesture rests.
        from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
        from PySide6.QtGui import QMouseEvent, QWheelEvent
        from PySide6.QtWidgets import QApplication

        from cmdmap.ui.canvas import MapCanvas
        canvas = MapCanvas(doc)
        canvas.renderer.close()
        canvas.renderer = renderer  # the caches built above
        canvas.resize(W, H)
        canvas.show()
        QApplication.processEvents()
        gestures: dict[str, float] = {}
        for label, start in (("2000", close), ("full", full)):
            canvas.set_view(start.resized(canvas.width(), canvas.height()))
            canvas.repaint()
            c = QPointF(W / 2.0, H / 2.0)
            press = QMouseEvent(QEvent.Type.MouseButtonPress, c, canvas.mapToGlobal(c), Qt.MouseButton.LeftButton,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(canvas, press)
            times = []
            for i in range(1, 16):
                p = c + QPointF(8.0 * i, 5.0 * i)
                ev = QMouseEvent(QEvent.Type.MouseMove, p, canvas.mapToGlobal(p), Qt.MouseButton.NoButton,
                                 Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
                t0 = time.perf_counter()
                QApplication.sendEvent(canvas, ev)
                canvas.repaint()
                times.append(time.perf_counter() - t0)
            release = QMouseEvent(QEvent.Type.MouseButtonRelease, p, canvas.mapToGlobal(p), Qt.MouseButton.LeftButton,
                                  Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(canvas, release)
            canvas.repaint()
            gestures[f"canvas_drag_frame_{label}_ms"] = statistics.median(times) * 1000
            times = []
            for i in range(10):
                ev = QWheelEvent(c, canvas.mapToGlobal(c), QPoint(0, 0), QPoint(0, 120 if i < 5 else -120),
                                 Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                 Qt.ScrollPhase.NoScrollPhase, False)
                t0 = time.perf_counter()
                QApplication.sendEvent(canvas, ev)
                canvas.repaint()
                times.append(time.perf_counter() - t0)
            gestures[f"canvas_wheel_frame_{label}_ms"] = statistics.median(times) * 1000
            canvas._hand_rested()
            canvas.repaint()
        for k, v in gestures.items():
            print(f"{k}: {v:.1f} ms")
        canvas.hide()  # its drawing ahead would share the renderer with the next section's canvas
        frames = canvas_stalls(doc, renderer)
        # What a hand panning or zooming gets in the window: the longest stretch the canvas keeps
        # the GUI thread busy during the gesture, or drawing ahead while it rests (a gesture that
        # starts then waits for that slice).
        print(f"pan_frame_ms: {max(frames['pan'], frames['draw_ahead']):.1f} ms")
        print(f"zoom_frame_ms: {max(frames['zoom'], frames['draw_ahead']):.1f} ms")
        # The whole window, in a process of its own (its memory is not in peak_rss_mb below).
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--window", str(path)], cwd=ROOT, check=True)
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    ready_frames(renderer, full)


def ready_frames(renderer, full) -> None:
    """What a screen frame costs once every tile of its view is drawn (the canvas draws them
    ahead while the hand rests): at each rung of the zoom ladder from the full extent in to
    about 1:1,000, the best of 3 frames; the slowest rung, the mean over rungs and the slowest
    rung's scale. What is left per frame: the tiles' blit, the symbols' boxes kept off by
    labels, label placement and drawing, households and isolation markers at close zoom."""
    import math

    from PySide6.QtGui import QImage, QPainter

    from cmdmap.render import RenderOptions, ViewTransform, ladder

    opts = RenderOptions(tiles=True)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    renderer._tiles.clear()
    k = round(math.log2(full.mpp) * ladder.RUNGS_PER_DOUBLING)  # the rung nearest the full extent
    best: dict[float, float] = {}
    while True:
        view = ladder.on_pixels(ViewTransform(full.cx, full.cy, ladder.mpp_of(k), W, H, full.dpi))
        _frame(renderer, view, image, QPainter, opts)  # the scale's first frame: cut into tiles
        _frame(renderer, view, image, QPainter, opts)  # ... and the tiles at its edges drawn
        times = []
        for _ in range(3):
            times.append(_frame(renderer, view, image, QPainter, opts))
            assert renderer._tiles.rendered == 0  # every tile was there: only the frame is timed
        best[view.scale_denominator] = min(times)
        if view.scale_denominator <= 1000:
            break
        k -= 1
    worst = max(best, key=best.get)
    print(f"ready_frame_max_ms: {best[worst] * 1000:.1f} ms")
    print(f"ready_frame_mean_ms: {statistics.mean(best.values()) * 1000:.1f} ms")
    print(f"ready_frame_max_scale: {worst:.0f} 1:N")
    print(f"ready_frame_rungs: {len(best)} count")


def canvas_stalls(doc, renderer) -> dict[str, float]:
    """How long the GUI thread is busy at a stretch while a hand zooms and pans the canvas, and
    how long from the last notch or move until the complete frame is there.

    A real MapCanvas (1920×1080, offscreen) gets real wheel events (bursts of three notches, 30 ms
    apart) and mouse drags (30 moves, 16 ms apart, exposing new ground) at full extent, 1:10,000
    and 1:2,000, then rests until the frame is complete. Every stretch is timed with the wall
    clock: each event handler, each paint, each slice of tile drawing or drawing ahead.
    canvas_*_stall_max_ms is the longest stretch during the gestures, canvas_*_complete_ms the
    median time from the last notch or move to the complete frame (the hand's 120 ms rest included).
    canvas_stall_*_max_ms split the stretches by kind: event handlers, slices of tile drawing,
    paints of a frame in progress, the paint that draws the complete frame (symbols and labels
    over the tiles, one piece), and drawing ahead while the hand rests (after the frame).
    *_cpu_* are the same stretches in the GUI thread's CPU time: on a machine shared with other
    work the wall clock also counts the time other processes had the core.
    """
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent, QWheelEvent
    from PySide6.QtWidgets import QApplication

    from cmdmap.render import ViewTransform
    from cmdmap.ui.canvas import MapCanvas

    stretches: list[float] = []
    cpu: list[float] = []
    kinds: dict[str, float] = {}  # the longest stretch of each kind
    timing = [False]  # off while a view is set from code (drawn whole, not a gesture)

    def took(kind: str, seconds: float, cpu_seconds: float) -> None:
        if not timing[0]:
            return
        stretches.append(seconds)
        cpu.append(cpu_seconds)
        kinds[kind] = max(kinds.get(kind, 0.0), seconds * 1000)

    def timed(method, kind: str):
        def run(*args):
            t0, c0 = time.perf_counter(), time.thread_time()
            frames = len(done)
            try:
                return method(*args)
            finally:
                took("complete_paint" if kind == "paint" and len(done) > frames else kind,
                     time.perf_counter() - t0, time.thread_time() - c0)
        return run

    class TimedCanvas(MapCanvas):
        """The canvas, with every stretch of work on the GUI thread timed."""

        paintEvent = timed(MapCanvas.paintEvent, "paint")
        _draw_ahead = timed(MapCanvas._draw_ahead, "draw_ahead")
        _hand_rested = timed(MapCanvas._hand_rested, "event")
        if hasattr(MapCanvas, "_fill_slice"):  # (the canvas before frames were drawn in slices had none)
            _fill_slice = timed(MapCanvas._fill_slice, "tile_slice")

    done: list[float] = []
    canvas = TimedCanvas(doc)
    canvas.renderer.close()
    canvas.renderer = renderer  # caches built: what is timed is frames, not first builds
    canvas.resize(W, H)
    canvas.show()
    QApplication.processEvents()
    canvas.rendered.connect(lambda _stats: done.append(time.perf_counter()))

    def send(ev) -> None:
        t0, c0 = time.perf_counter(), time.thread_time()
        QApplication.sendEvent(canvas, ev)
        took("event", time.perf_counter() - t0, time.thread_time() - c0)

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            QApplication.processEvents()

    def complete() -> bool:
        return canvas._image_view == canvas.view and not canvas._stale and not canvas._settle.isActive()

    def rest(since: float) -> float:
        """Process events until the frame is complete; ms from `since` to that frame."""
        end = time.perf_counter() + 20.0
        while not complete() and time.perf_counter() < end:
            QApplication.processEvents()
        return (done[-1] - since) * 1000 if done and done[-1] > since else 0.0

    def idle() -> None:
        """Let drawing ahead finish (a hand resting a while); its slices are timed apart."""
        end = time.perf_counter() + 20.0
        while canvas._ahead.isActive() and time.perf_counter() < end:
            QApplication.processEvents()

    def wheel(c: QPointF, dy: int) -> None:
        send(QWheelEvent(c, canvas.mapToGlobal(c), QPoint(0, 0), QPoint(0, dy), Qt.MouseButton.NoButton,
                         Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))

    def mouse(kind, p: QPointF, buttons) -> None:
        send(QMouseEvent(kind, p, canvas.mapToGlobal(p), Qt.MouseButton.LeftButton, buttons,
                         Qt.KeyboardModifier.NoModifier))

    full = ViewTransform.fit(renderer.extent(), W, H)
    starts = (("full", full), ("10000", full.with_scale(10000)), ("2000", full.with_scale(2000)))
    stalls: dict[str, list[float]] = {"zoom": [], "pan": []}
    cpu_stalls: dict[str, list[float]] = {"zoom": [], "pan": []}
    completes: dict[str, list[float]] = {"zoom": [], "pan": []}
    renderer._tiles.clear()
    for label, start in starts:
        timing[0] = False
        canvas.set_view(start)
        canvas.repaint()  # a programmatic view: drawn whole at once, not a gesture
        idle()
        timing[0] = True
        for kind, moves in (("zoom", (120, -120)), ("pan", ((-20.0, -12.0), (30.0, 5.0)))):
            here = []
            for move in moves:
                del stretches[:]
                del cpu[:]
                if kind == "zoom":
                    c = QPointF(W * 0.4, H * 0.6)
                    for _ in range(3):
                        wheel(c, move)
                        pump(0.03)
                else:
                    p = QPointF(W / 2.0, H / 2.0)
                    mouse(QEvent.Type.MouseButtonPress, p, Qt.MouseButton.LeftButton)
                    for _ in range(30):
                        p = p + QPointF(*move)
                        mouse(QEvent.Type.MouseMove, p, Qt.MouseButton.LeftButton)
                        pump(0.016)
                    mouse(QEvent.Type.MouseButtonRelease, p, Qt.MouseButton.NoButton)
                last = time.perf_counter()
                completes[kind].append(rest(last))
                stalls[kind].append(max(stretches) * 1000)
                cpu_stalls[kind].append(max(cpu) * 1000)
                here.append(max(stretches) * 1000)
                idle()
            print(f"canvas_{kind}_stall_{label}_ms: {max(here):.1f} ms")
    print(f"canvas_zoom_stall_max_ms: {max(stalls['zoom']):.1f} ms")
    print(f"canvas_pan_stall_max_ms: {max(stalls['pan']):.1f} ms")
    print(f"canvas_zoom_stall_cpu_max_ms: {max(cpu_stalls['zoom']):.1f} ms")
    print(f"canvas_pan_stall_cpu_max_ms: {max(cpu_stalls['pan']):.1f} ms")
    print(f"canvas_zoom_complete_ms: {statistics.median(completes['zoom']):.0f} ms")
    print(f"canvas_pan_complete_ms: {statistics.median(completes['pan']):.0f} ms")
    for kind in ("event", "tile_slice", "paint", "complete_paint", "draw_ahead"):
        if kind in kinds:
            print(f"canvas_stall_{kind}_max_ms: {kinds[kind]:.1f} ms")
    canvas.detach()
    canvas.close()
    return {"zoom": max(stalls["zoom"]), "pan": max(stalls["pan"]), "draw_ahead": kinds.get("draw_ahead", 0.0)}


def canvas_only(path: Path) -> None:
    """Just the canvas_* stall figures on `path`, with the renderer's caches built first."""
    from PySide6.QtGui import QImage, QPainter

    from cmdmap.render import MapRenderer, ViewTransform
    from cmdmap.store.gpkg import open_document
    from cmdmap.ui.app import create_app

    create_app(lang="zh")
    doc = open_document(path)
    renderer = MapRenderer(doc)
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    full = ViewTransform.fit(renderer.extent(), W, H)
    for den in (None, 10000, 2000):
        _frame(renderer, full if den is None else full.with_scale(den), image, QPainter)
    canvas_stalls(doc, renderer)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--window"]:
        window_first_frame(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--canvas"]:  # only the canvas_*_stall figures: python benchmarks/render.py --canvas FILE
        canvas_only(Path(sys.argv[2]))
    else:
        main()
