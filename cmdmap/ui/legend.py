"""The "图例" dock: the map's layers with a tick to show or hide each, and the grids (片区 → 网格 →
微网格) with their colour swatch and household totals, kept current as the document changes.

Hiding a layer changes the canvas's RenderOptions.hidden, so the renderer leaves it out and clicks
go through it."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QDockWidget, QTreeWidget, QTreeWidgetItem, QWidget

from cmdmap.model.counts import count
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.live_counts import LiveCounts
from cmdmap.model.placement import GRID_LEVELS
from cmdmap.render.renderer import POINT_LAYERS, POLYGON_LAYERS
from cmdmap.render.style import DEFAULT_GRID_COLOR
from cmdmap.ui.canvas import MapCanvas

LAYER_ROLE = Qt.ItemDataRole.UserRole
# Legend order: what is drawn on top first, as in QGIS.
LEGEND_LAYERS = tuple(reversed((*POLYGON_LAYERS, *POINT_LAYERS)))


@lru_cache(maxsize=256)  # a district's 10,000 grids share a few colours: one icon each
def swatch(color: str | None, size: int = 14) -> QIcon:
    """A square of `color` with a dark edge."""
    pm = QPixmap(size, size)
    pm.fill(QColor(color or DEFAULT_GRID_COLOR))
    p = QPainter(pm)
    p.setPen(QColor("#404040"))
    p.drawRect(0, 0, size - 1, size - 1)
    p.end()
    return QIcon(pm)


class LegendDock(QDockWidget):
    """Layers with visibility ticks; grids with colours and household totals."""

    def __init__(self, canvas: MapCanvas, lang: str = "zh", parent: QWidget | None = None,
                 live: LiveCounts | None = None) -> None:
        super().__init__(parent)
        self.live = live  # the window's live counts: household totals without counting again
        self.setWindowTitle(self.tr("Legend"))
        self.setObjectName("legendDock")
        self.canvas = canvas
        self.doc: Document = canvas.doc
        self.lang = lang
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.setWidget(self.tree)
        self.layer_items: dict[str, QTreeWidgetItem] = {}
        self.grid_items: dict[str, QTreeWidgetItem] = {}
        self._build_layers()
        from cmdmap.ui.backdrop_legend import BackdropSection
        self.backdrops = BackdropSection(self, LAYER_ROLE)
        self.colouring_root = QTreeWidgetItem(self.tree, [self.tr("Buildings coloured by"), ""])
        self.colouring_root.setExpanded(True)
        self.colouring_root.setHidden(True)
        self.grids_root = QTreeWidgetItem(self.tree, [self.tr("Grids"), ""])
        self.grids_root.setExpanded(True)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self.refresh_grids)
        self.tree.itemChanged.connect(self._ticked)
        self.doc.subscribe(self._on_change)
        if live is not None:  # pending counts: the households come in when they are built
            live.subscribe(self._on_counts)
        self.refresh_grids()

    def detach(self) -> None:
        """Stop listening to the document."""
        self.doc.unsubscribe(self._on_change)
        if self.live is not None:
            self.live.unsubscribe(self._on_counts)
        self.backdrops.detach()

    def _on_change(self, change: Change) -> None:
        self._refresh.start()

    def _on_counts(self, changed: dict) -> None:
        if self.grids_root.text(1):  # still saying "Counting…": the figures are in now
            self.refresh_grids()

    def _build_layers(self) -> None:
        root = QTreeWidgetItem(self.tree, [self.tr("Layers"), ""])
        root.setExpanded(True)
        for name in LEGEND_LAYERS:
            if name not in self.doc.layers:
                continue
            spec = self.doc[name].spec
            item = QTreeWidgetItem(root, [spec.title.get(self.lang), ""])
            item.setData(0, LAYER_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            hidden = name in self.canvas.options.hidden
            item.setCheckState(0, Qt.CheckState.Unchecked if hidden else Qt.CheckState.Checked)
            fill = spec.style.get("fill") or spec.style.get("stroke")
            if fill:
                item.setIcon(0, swatch(str(fill)))
            self.layer_items[name] = item

    def _ticked(self, item: QTreeWidgetItem, column: int) -> None:
        name = item.data(0, LAYER_ROLE)
        if not name or column != 0:
            return
        self.set_layer_visible(name, item.checkState(0) == Qt.CheckState.Checked)

    def set_layer_visible(self, name: str, visible: bool) -> None:
        """Show or hide a layer on the map (and keep its tick in step)."""
        hidden = set(self.canvas.options.hidden)
        hidden.discard(name) if visible else hidden.add(name)
        self.canvas.set_options(replace(self.canvas.options, hidden=frozenset(hidden)))
        item = self.layer_items.get(name)
        if item is not None:
            want = Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked
            if item.checkState(0) != want:
                item.setCheckState(0, want)

    def show_colouring(self, mode: str) -> None:
        """List the classes of the building colouring in use (the grid list explains "grid")."""
        from cmdmap.render.colourings import ISOLATION_CLASSES, STAFF_CLASSES
        self.colouring_root.takeChildren()
        zh = self.lang == "zh"
        if mode == "isolation":
            self.colouring_root.setText(0, self.tr("Buildings: isolated residents"))
            classes = [(c[1], c[2] if zh else c[3]) for c in ISOLATION_CLASSES]
        elif mode == "staff":
            self.colouring_root.setText(0, self.tr("Buildings: building heads"))
            classes = [(c[0], c[1] if zh else c[2]) for c in STAFF_CLASSES]
        else:
            classes = []
        for colour, title in classes:
            item = QTreeWidgetItem(self.colouring_root, [title, ""])
            item.setIcon(0, swatch(colour))
        self.colouring_root.setHidden(not classes)

    def colouring_rows(self) -> list[tuple[str, str]]:
        """What the colouring section shows: (title, swatch colour) per class."""
        root = self.colouring_root
        return [(root.child(i).text(0), root.child(i).icon(0).pixmap(14, 14).toImage().pixelColor(7, 7).name())
                for i in range(root.childCount())] if not root.isHidden() else []

    def refresh_grids(self) -> None:
        """Rebuild the grid list: zones, their grids, their micro-grids, with households."""
        grids = self.doc.layers.get("grids")
        self.tree.blockSignals(True)
        self.grids_root.takeChildren()
        self.grid_items = {}
        # Pending counts: no list rather than households of zero (and a district's 10,000 grids
        # are listed once, when their figures are in, not before the first frame and again).
        pending = self.live is not None and not self.live.ready
        self.grids_root.setText(1, self.tr("Counting…") if pending else "")
        if grids is not None and len(grids) and not pending:
            households: dict[str, int] = {}
            for lv in GRID_LEVELS:
                if self.live is not None:  # kept up to date before this deferred refresh runs
                    households.update(zip(map(str, self.live.codes[lv]), self.live.column(lv, "households").astype(int).tolist()))
                else:
                    for row in count(self.doc, by=lv).rows:
                        households[str(row["code"])] = int(row["households"])
            codes = grids.column("code")
            names = grids.column("name")
            parents = grids.column("parent")
            colors = grids.column("color")
            levels = grids.column("level")
            order = sorted(range(len(grids)), key=lambda i: (GRID_LEVELS.index(levels[i]) if levels[i] in GRID_LEVELS
                                                            else 9, str(codes[i])))
            for i in order:
                code = str(codes[i])
                parent = self.grid_items.get(str(parents[i])) if parents[i] else None
                item = QTreeWidgetItem(parent or self.grids_root, [f"{names[i] or code}", str(households.get(code, 0))])
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setIcon(0, swatch(colors[i]))
                item.setToolTip(0, code)
                self.grid_items[code] = item
                if levels[i] == GRID_LEVELS[0]:
                    item.setExpanded(True)  # zones open: their grids show at a glance
        self.tree.blockSignals(False)
        self.tree.resizeColumnToContents(0)

    def grid_rows(self) -> dict[str, tuple[str, str, str]]:
        """What the grid list shows, by grid code: (name, colour of the swatch, households)."""
        return {code: (item.text(0), item.icon(0).pixmap(14, 14).toImage().pixelColor(7, 7).name(), item.text(1))
                for code, item in self.grid_items.items()}
