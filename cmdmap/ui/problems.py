"""The Problems dock: what `cmdmap check` finds (gaps, overlaps, invalid shapes, micro-grids
outside their grid, buildings without a 楼栋长, grids without a 网格员…), kept up to date after
every change; a click shows the place on the map."""

from __future__ import annotations

import time

import shapely
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem, QWidget

from cmdmap.messages import message
from cmdmap.model.check import ERROR, Problem, check, describe
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.pick import Picked

DEBOUNCE_MS = 250   # a burst of changes (a drag's command, an import) is checked once
MAX_DEBOUNCE_MS = 5000
ERROR_COLOR = "#b2182b"


class ProblemsDock(QDockWidget):
    """A live list of the document's problems, errors first."""

    def __init__(self, doc: Document, canvas, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("Problems", "Problems"), parent)
        self.setObjectName("problemsDock")
        self.doc, self.canvas, self.lang = doc, canvas, lang
        self.list = QListWidget(self)
        self.list.setMinimumHeight(36)  # one line or two: the map keeps the room
        self.list.itemActivated.connect(self._show)
        self.list.itemClicked.connect(self._show)
        self.setWidget(self.list)
        self.problems: list[Problem] = []
        self.last_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self._stale = False
        self.visibilityChanged.connect(self._shown)
        doc.subscribe(self._on_change)
        self.refresh()

    def detach(self) -> None:
        """Stop following the document (the window is closing)."""
        self._timer.stop()
        self.doc.unsubscribe(self._on_change)

    def _shown(self, visible: bool) -> None:
        if visible and self._stale:
            self._timer.start()

    def _on_change(self, change: Change) -> None:
        if not self.isVisible():  # closed: check once it is shown again, not after every edit
            self._stale = True
            return
        # On a district a check takes seconds: wait for twice that after the last change, so a
        # run of edits is not held up by a check after each one.
        self._timer.setInterval(int(min(MAX_DEBOUNCE_MS, max(DEBOUNCE_MS, 2 * self.last_ms))))
        self._timer.start()

    def refresh(self) -> None:
        """Check the document now and show what was found."""
        t = time.perf_counter()
        self._stale = False
        self.problems = check(self.doc)
        self.last_ms = (time.perf_counter() - t) * 1000.0
        self.list.clear()
        errors = 0
        for p in self.problems:
            item = QListWidgetItem(describe(self.doc, p, self.lang))
            if p.severity == ERROR:
                errors += 1
                item.setForeground(QBrush(QColor(ERROR_COLOR)))
            self.list.addItem(item)
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
