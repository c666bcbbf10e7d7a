"""The Problems dock: what `cmdmap check` finds (gaps, overlaps, invalid shapes, micro-grids
outside their grid, buildings without a 楼栋长, grids without a 网格员…), kept up to date after
every change; a click shows the place on the map.

On a district a check takes over a second, so it never runs on the GUI thread: the dock takes a
`check.snapshot` of the document (milliseconds), checks it on a worker thread (shapely lets go of
the GIL) together with the sentences to show, and puts the result in the list only if no edit came
in meanwhile; otherwise it checks again.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor

import shapely
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem, QWidget

from cmdmap.messages import message
from cmdmap.model.check import ERROR, Problem, check, describe, snapshot
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.pick import Picked

DEBOUNCE_MS = 250   # a burst of changes (a drag's command, an import) is checked once
POLL_MS = 25        # how often the GUI thread looks whether the worker has finished
ERROR_COLOR = "#b2182b"


def _checked(doc: Document, lang: str) -> tuple[list[Problem], list[str], float]:
    """Run on the worker thread: the problems of a snapshot, their sentences, and the time taken."""
    t = time.perf_counter()
    problems = check(doc)
    texts = [describe(doc, p, lang) for p in problems]
    return problems, texts, (time.perf_counter() - t) * 1000.0


class ProblemsDock(QDockWidget):
    """A live list of the document's problems, errors first."""

    def __init__(self, doc: Document, canvas, lang: str, parent: QWidget | None = None,
                 check_now: bool = True) -> None:
        """With `check_now=False` nothing is checked until `start()` (a window checks once its
        map is on screen: the check reads the registers and takes the CPU the first frame needs)."""
        super().__init__(QCoreApplication.translate("Problems", "Problems"), parent)
        self.setObjectName("problemsDock")
        self.doc, self.canvas, self.lang = doc, canvas, lang
        self.list = QListWidget(self)
        self.list.setMinimumHeight(36)  # one line or two: the map keeps the room
        self.list.itemActivated.connect(self._show)
        self.list.itemClicked.connect(self._show)
        self.setWidget(self.list)
        self.problems: list[Problem] = []
        self.last_ms = 0.0      # the last check, on the worker thread
        self.last_gui_ms = 0.0  # what the last check cost the GUI thread (snapshot + showing)
        self._edits = 0         # changes seen; a result is shown only if none came since its snapshot
        self._job: tuple[Future, int] | None = None
        self._snap_ms = 0.0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="check")
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self._stale = False
        self._started = check_now
        self.visibilityChanged.connect(self._shown)
        doc.subscribe(self._on_change)
        if check_now:
            self.refresh()

    def start(self) -> None:
        """Check now and after every change from now on (nothing more when already started)."""
        if not self._started:
            self._started = True
            self.refresh()

    def detach(self) -> None:
        """Stop following the document (the window is closing)."""
        self._timer.stop()
        self._poll.stop()
        self._job = None
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.doc.unsubscribe(self._on_change)

    def _shown(self, visible: bool) -> None:
        if visible and self._stale and self._started:
            self._timer.start()

    def _on_change(self, change: Change) -> None:
        self._edits += 1
        if not self._started:  # the first check, once started, sees this change
            return
        if not self.isVisible():  # closed: check once it is shown again, not after every edit
            self._stale = True
            return
        self._timer.start()

    def refresh(self) -> None:
        """Check the document (on the worker thread) and show what is found when it is done."""
        self._stale = False
        if self._job is not None:  # one check at a time: the one running will be found stale
            return
        t = time.perf_counter()
        snap = snapshot(self.doc)
        self._job = (self._pool.submit(_checked, snap, self.lang), self._edits)
        self._snap_ms = (time.perf_counter() - t) * 1000.0
        self._poll.start()

    def busy(self) -> bool:
        """True while a check is running (or waiting to run again after an edit)."""
        return self._job is not None or self._timer.isActive()

    def _collect(self) -> None:
        if self._job is None:
            self._poll.stop()
            return
        future, edits = self._job
        if not future.done():
            return
        self._job = None
        self._poll.stop()
        problems, texts, self.last_ms = future.result()  # a bug in check shows up here, on the GUI thread
        if edits != self._edits:  # the document changed while it was checked: check again
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True
            return
        t = time.perf_counter()
        self._show_problems(problems, texts)
        self.last_gui_ms = self._snap_ms + (time.perf_counter() - t) * 1000.0

    def _show_problems(self, problems: list[Problem], texts: list[str]) -> None:
        self.problems = problems
        self.list.clear()
        self.list.addItems(texts)  # one call: thousands of warnings on a district
        errors = sum(p.severity == ERROR for p in problems)
        for row in range(errors):  # errors come first
            self.list.item(row).setForeground(QBrush(QColor(ERROR_COLOR)))
        if not self.problems:
            self.list.addItem(QListWidgetItem(message("check_clean", self.lang)))
        self.setWindowTitle(QCoreApplication.translate("Problems", "Problems (%1 errors, %2 warnings)")
                            .replace("%1", str(errors)).replace("%2", str(len(self.problems) - errors)))

    def _show(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if row >= len(self.problems):
            return
        p = self.problems[row]
        layer = self.doc[p.layer]
        fids = [f for f in (layer.find(c) for c in p.codes) if f is not None]
        where = p.where
        if fids:
            self.canvas.select(Picked(p.layer, fids[0]))
            geoms = [layer.geometry(f) for f in fids]
            where = where if where is not None else shapely.union_all([g for g in geoms if g is not None])
        if where is not None and not where.is_empty:
            self.canvas.zoom_to_bounds(where.bounds, 120.0)
