"""The toolbar's search box: type "3栋", "果林溪谷" or "W12", pick from the list (or press Enter
for the best match) and the map zooms to that feature and selects it."""

from __future__ import annotations

import shapely
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from cmdmap.model.pick import Picked
from cmdmap.model.search import Hit, SearchIndex
from cmdmap.ui.canvas import MapCanvas

MIN_SPAN_M = {"buildings": 120.0, "compounds": 300.0, "grids": 300.0}  # context round small features


class SearchBox(QLineEdit):
    """Finds grids, compounds and buildings; shows the chosen one on `canvas`."""

    notFound = Signal(str)

    def __init__(self, canvas: MapCanvas, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.lang = lang
        self.index = SearchIndex(canvas.doc)
        self.hits: list[Hit] = []
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Search grids, compounds, buildings (3栋, 果林溪谷, W12)"))
        self.setMinimumWidth(280)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        # The index has ranked and filtered already: show its list as it is.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated[str].connect(self._chosen)
        self.setCompleter(completer)
        self.textEdited.connect(self._refresh)
        self.returnPressed.connect(self.go)

    def detach(self) -> None:
        """Stop listening to the document."""
        self.index.close()

    def _near(self) -> tuple[float, float] | None:
        v = self.canvas.view
        return None if v is None else (v.cx, v.cy)

    def _entry(self, hit: Hit) -> str:
        kind = self.canvas.doc[hit.layer].spec.title.get(self.lang)
        return f"{hit.text}  · {kind}" if hit.text == hit.code else f"{hit.text} ({hit.code}) · {kind}"

    def _refresh(self, text: str) -> None:
        self.hits = self.index.search(text, limit=30, near=self._near())
        self._model.setStringList([self._entry(h) for h in self.hits])

    def _chosen(self, entry: str) -> None:
        for hit in self.hits:
            if self._entry(hit) == entry:
                self.show_hit(hit)
                return

    def go(self) -> Hit | None:
        """Show the best match for the text typed (tell the window when there is none)."""
        if self.completer().popup().isVisible() and self.completer().popup().currentIndex().isValid():
            return None  # the completer's activated signal handles a highlighted entry
        hits = self.index.search(self.text(), limit=1, near=self._near())
        if not hits:
            if self.text().strip():
                self.notFound.emit(self.text().strip())
            return None
        self.show_hit(hits[0])
        return hits[0]

    def show_hit(self, hit: Hit) -> None:
        """Zoom the map to `hit` and select it."""
        geom = self.canvas.doc[hit.layer].geometry(hit.fid)
        if geom is None or shapely.is_empty(geom):
            return
        self.canvas.zoom_to_bounds(shapely.bounds(geom), MIN_SPAN_M.get(hit.layer, 100.0))
        self.canvas.select(Picked(hit.layer, hit.fid))
        self.canvas.setFocus()
