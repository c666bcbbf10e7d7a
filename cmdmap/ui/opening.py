"""The map first, then the counts: what a window does once its first complete frame is drawn.

A district's registers take a second to read and its counts three to build, and none of it is
needed to draw the map. So the window shows the map with its counts pending ("正在统计…" in the
docks), and right after the first frame (or earlier, the moment anything needs the counts: saving,
printing, exporting, a counts dock being used) reads the registers, builds the counts, fills the
docks and checks the data's plausibility. `finish_opening` does all of that, once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer

from cmdmap.store.errors import StoreError


def after_first_frame(window) -> None:
    """Finish opening `window` once its map has been drawn completely for the first time."""
    def drawn(_stats) -> None:
        window.canvas.rendered.disconnect(drawn)
        # Queued, so the frame reaches the screen before the registers are read.
        QTimer.singleShot(0, window, window.finish_opening)
    window.canvas.rendered.connect(drawn)


def finish_opening(window) -> None:
    """Read the registers, count, fill the docks, check plausibility (nothing the second time)."""
    if window.live_counts.ready or getattr(window, "_finishing", False) or getattr(window, "_unreadable", False):
        return
    window._finishing = True  # a dock asking again while this runs must not start it twice
    bar = window.statusBar()
    bar.showMessage(QCoreApplication.translate("Opening", "Reading the registers and counting…"))
    bar.repaint()  # the GUI thread is busy until done: show the message now
    try:
        window.live_counts.build()  # touches the registers: a deferred open reads them here
    except StoreError as err:
        # Said once; the counts stay pending (never zeros) and a save refuses with the reason.
        window._unreadable = True
        bar.showMessage(err.message(window.lang))
        from cmdmap.ui.app import show_store_error
        show_store_error(window, err, window.lang)
        return
    finally:
        window._finishing = False
    bar.clearMessage()
    if not window.live_counts.ready:  # the window closed meanwhile
        return
    if window.path:
        from cmdmap.ui.file_access import warn_if_implausible
        warn_if_implausible(window)
    window.problems.start()
