"""The "分级统计" dock: the community's headline figures, a sortable table of counts by grid, zone,
micro-grid, compound or building fed by the live counts, and the warnings the field asks for.

A row flashes when its figures change; clicking a row zooms the map to it. Warning thresholds are
kept in the file (`cmdmap_meta`, key `count_thresholds`), so every desk opening it warns alike.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QDate, QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDockWidget, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QSpinBox, QTableView, QVBoxLayout, QWidget)

from cmdmap.model.document import Document
from cmdmap.model.live_counts import LiveCounts
from cmdmap.model.placement import locate_points

THRESHOLDS_KEY = "count_thresholds"
DEFAULT_THRESHOLDS = {"households_per_worker": 200, "micro_min": 30, "micro_max": 100}
FLASH_S = 1.2
MAX_WARNINGS = 300  # a district may have thousands; the list shows the first ones and says how many
LEVELS = ("grid", "zone", "micro", "compound", "building")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def thresholds(doc: Document) -> dict[str, int]:
    """The warning thresholds kept in the file (defaults for what is not set)."""
    got = doc.meta.get(THRESHOLDS_KEY) or {}
    return {k: int(got.get(k, v)) for k, v in DEFAULT_THRESHOLDS.items()}


def warnings(doc: Document, live: LiveCounts) -> list[tuple[str, str, int]]:
    """(kind, code, figure) for every warning: overloaded grid workers, micro-grids out of range,
    buildings with households but no building head, grids without a grid worker."""
    th = thresholds(doc)
    out: list[tuple[str, str, int]] = []
    hh = live.column("grid", "households")
    # A grid worker's load: the households of every 网格-level grid they are assigned to.
    a = doc["assignments"]
    rows = live.a_rows["grid"][a.fid]
    grow = live.a_grow[a.fid]
    at_grid = np.zeros(len(grow), dtype=bool)  # assigned to a 网格 itself (not a zone or micro-grid)
    at_grid[grow >= 0] = doc["grids"].cols["level"][grow[grow >= 0]] == "grid"
    mine = (a.cols["role"] == "grid_worker") & at_grid & (rows >= 0)
    people, who = np.unique(a.cols["staff"][mine].astype(str), return_inverse=True)
    load = np.bincount(who, weights=hh[rows[mine]], minlength=len(people))
    over = np.nonzero(load > th["households_per_worker"])[0]
    out += [("worker_load", str(people[i]), int(load[i])) for i in over]
    mh = live.column("micro", "households")
    bad = np.nonzero((mh < th["micro_min"]) | (mh > th["micro_max"]))[0]
    out += [("micro_size", str(live.codes["micro"][i]), int(mh[i])) for i in bad]
    bh = live.column("building", "households")
    lacking = np.nonzero((bh > 0) & (live.column("building", "building_head") == 0))[0]
    out += [("no_head", str(live.codes["building"][i]), int(bh[i])) for i in lacking]
    unstaffed = np.nonzero(live.column("grid", "grid_worker") == 0)[0]
    out += [("no_worker", str(live.codes["grid"][i]), int(hh[i])) for i in unstaffed]
    return out


class CountsModel(QAbstractTableModel):
    """The rows of one level of the live counts, as a Qt table."""

    def __init__(self, doc: Document, live: LiveCounts, level: str = "grid", lang: str = "zh") -> None:
        super().__init__()
        self.doc, self.live, self.level, self.lang = doc, live, level, lang
        s = doc.schema
        kinds = {c.value: c.title.get(lang) for c in s["isolation"].field("kind").choices}
        roles = {r.value: r.title.get(lang) for r in s.roles}
        b = s["buildings"]
        # (column in the live counts, header); None for the code and name columns.
        self.cols: list[tuple[str | None, str]] = [
            (None, s["grids"].field("code").title.get(lang)), (None, s["grids"].field("name").title.get(lang)),
            ("buildings", s["buildings"].title.get(lang)),
            ("households", b.field("households").title.get(lang)), ("residents", b.field("residents").title.get(lang)),
            *[(k, kinds.get(k, k)) for k in ("hospital", "centralised", "home", "monitoring")],
            *[(r, roles.get(r, r)) for r in ("grid_worker", "building_head", "volunteer") if r in live.roles],
        ]
        self.flash_until: dict[int, float] = {}
        self._colours = self._row_colours()

    def set_level(self, level: str) -> None:
        """Show the rows of `level`."""
        self.beginResetModel()
        self.level = level
        self.flash_until.clear()
        self._colours = self._row_colours()
        self.endResetModel()

    def _row_colours(self) -> np.ndarray:
        """The grid row whose colour goes beside each row: its own for grids, the finest grid
        holding it for compounds and buildings (-1: none)."""
        doc, live, lv = self.doc, self.live, self.level
        if not live.ready:  # pending: no rows yet
            return np.zeros(0, dtype=np.int64)
        p = live.p
        if lv in ("zone", "grid", "micro"):
            rows = p.levels[lv].rows
        else:
            rows = np.full(live.n_rows(lv), -1)
            for g in ("zone", "grid", "micro"):  # the finest grid holding it wins
                if lv == "building":
                    where = p.where["buildings"][g]
                else:  # compounds are not placed in grids: locate their point on the surface
                    where = locate_points(doc["compounds"].geom, p.levels[g])
                got = where >= 0
                rows[got] = p.levels[g].rows[where[got]]
        return rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.live.n_rows(self.level)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cols)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if section < 2:  # the code and name titles of the level's own layer (楼栋编号, 小区名称…)
                if self.level == "building" or not self.live.ready:  # pending: no placement yet
                    layer = {"building": "buildings", "compound": "compounds"}.get(self.level, "grids")
                else:
                    layer = self.live.p.levels[self.level].layer
                spec = self.doc.schema[layer]
                name = "number" if layer == "buildings" and section == 1 else ("code", "name")[section]
                return spec.field(name).title.get(self.lang)
            return self.cols[section][1]
        return None

    def value(self, row: int, column: int) -> Any:
        """The plain value of a cell (str for code and name, int for figures)."""
        key = self.cols[column][0]
        if key is None:
            arr = self.live.codes if column == 0 else self.live.names
            v = arr[self.level][row]
            return "" if v is None else str(v)
        return int(self.live.column(self.level, key)[row])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self.value(r, c)
        if role == Qt.ItemDataRole.DecorationRole and c == 0 and r < len(self._colours):
            g = self._colours[r]
            colour = self.doc["grids"].cols["color"][g] if g >= 0 else None
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and c >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.flash_until.get(r, 0) > time.monotonic():
            return QColor("#ffe08a")
        return None

    def changed(self, rows: np.ndarray | None) -> None:
        """The live counts changed these rows (None: everything)."""
        if rows is None:
            self.set_level(self.level)
            return
        until = time.monotonic() + FLASH_S
        self._colours = self._row_colours()  # a building may have moved into another grid
        for r in rows.tolist():
            self.flash_until[r] = until
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.cols) - 1))

    def unflash(self) -> None:
        """Drop the highlight of rows whose flash is over."""
        now = time.monotonic()
        done = [r for r, t in self.flash_until.items() if t <= now]
        for r in done:
            del self.flash_until[r]
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.cols) - 1))


class CountsDock(QDockWidget):
    """Counts by level, with the community's headline figures and warnings."""

    rowChosen = Signal(str, int)  # layer, fid of the feature a clicked row stands for
    countsWanted = Signal()       # used while the counts are pending: build them now

    def __init__(self, doc: Document, live: LiveCounts, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Counts by level"))
        self.setObjectName("countsDock")
        self.doc, self.live, self.lang = doc, live, lang
        body = QWidget(self)
        box = QVBoxLayout(body)
        self.headline = QLabel(body)
        self.headline.setObjectName("countsHeadline")
        self.headline.setWordWrap(True)
        box.addWidget(self.headline)
        top = QHBoxLayout()
        self.level_box = QComboBox(body)
        titles = {"grid": self.tr("Grid"), "zone": self.tr("Zone"), "micro": self.tr("Micro-grid"),
                  "compound": self.tr("Compound"), "building": self.tr("Building")}
        for lv in LEVELS:
            self.level_box.addItem(titles[lv], lv)
        top.addWidget(QLabel(self.tr("Count by"), body))
        top.addWidget(self.level_box, 1)
        # "As of": isolation counts for any day, past or future (who is still isolated on Friday?).
        top.addWidget(QLabel(self.tr("As of"), body))
        self.as_of = QDateEdit(QDate(live.as_of.year, live.as_of.month, live.as_of.day), body)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.dateChanged.connect(lambda d: self.live.set_as_of(d.toPython()))
        top.addWidget(self.as_of)
        box.addLayout(top)
        self.model = CountsModel(doc, live, "grid", lang)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        # Rows stay where they are when figures change (re-sorting 10,000 grids after every edit
        # costs more than the edit, and a flashing row should not jump away); a header click sorts.
        self.proxy.setDynamicSortFilter(False)
        self.table = QTableView(body)
        self.table.setModel(self.proxy)
        # The rows come in the file's order already: no sort on opening (comparing 10,000 grids
        # through Python took 0.65 s of a district window's start); a header click sorts.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        # Widths fitted once per level shown, from the first rows (fitting after every change
        # would read every cell of a district's 200,000 buildings).
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        self.table.resizeColumnsToContents()
        box.addWidget(self.table, 3)
        box.addWidget(QLabel(self.tr("Warnings"), body))
        self.warning_list = QListWidget(body)
        box.addWidget(self.warning_list, 1)
        form = QFormLayout()
        th = thresholds(doc)
        self.spins: dict[str, QSpinBox] = {}
        for key, title in (("households_per_worker", self.tr("Households per grid worker, at most")),
                           ("micro_min", self.tr("Micro-grid households, at least")),
                           ("micro_max", self.tr("Micro-grid households, at most"))):
            spin = QSpinBox(body)
            spin.setRange(0, 100000)
            spin.setValue(th[key])
            spin.valueChanged.connect(lambda v, k=key: self._set_threshold(k, v))
            form.addRow(title, spin)
            self.spins[key] = spin
        box.addLayout(form)
        self.setWidget(body)
        self.level_box.currentIndexChanged.connect(self._level_chosen)
        self.visibilityChanged.connect(lambda shown: shown and self._want())
        self.as_of.dateChanged.connect(self._want)
        self._fitted = live.ready  # column widths fitted to the first rows
        self.table.clicked.connect(self._clicked)
        self._flash = QTimer(self)
        self._flash.setInterval(300)
        self._flash.timeout.connect(self._tick)
        # Warnings and the headline once per burst of changes, not once per change.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        # At midnight entries start and end: a desk left open on "today" moves to the new day.
        self._today = dt.date.today()
        self._midnight = QTimer(self)
        self._midnight.setInterval(60_000)
        self._midnight.timeout.connect(self._new_day)
        self._midnight.start()
        live.subscribe(self._on_counts)
        self.refresh()

    def _new_day(self) -> None:
        today = dt.date.today()
        if today != self._today:
            if self.live.as_of == self._today:
                self.as_of.setDate(QDate(today.year, today.month, today.day))
            self._today = today

    def detach(self) -> None:
        """Stop listening to the live counts."""
        self.live.unsubscribe(self._on_counts)

    def _want(self, *_args) -> None:
        if not self.live.ready:
            self.countsWanted.emit()

    def _level_chosen(self) -> None:
        self._want()
        self.model.set_level(self.level_box.currentData())
        self.table.resizeColumnsToContents()

    def _on_counts(self, changed: dict) -> None:
        lv = self.model.level
        if lv in changed:
            self.model.changed(changed[lv])
            self._flash.start()
        if not self._fitted:  # the counts were pending: their first rows are in now, shown at once
            self._fitted = True
            self.table.resizeColumnsToContents()
            self.refresh()
            return
        self._later.start()

    def _tick(self) -> None:
        self.model.unflash()
        if not self.model.flash_until:
            self._flash.stop()

    def _set_threshold(self, key: str, value: int) -> None:
        th = thresholds(self.doc)
        th[key] = int(value)
        self.doc.set_meta(THRESHOLDS_KEY, th)
        self._want()
        self.refresh()

    def refresh(self) -> None:
        """Show the headline figures and the warnings."""
        if not self.live.ready:
            self.headline.setText(self.tr("Counting…"))
            self.warning_list.clear()
            return
        t = self.live.row("community", 0)
        s = self.doc.schema
        kinds = {c.value: c.title.get(self.lang) for c in s["isolation"].field("kind").choices}
        roles = {r.value: r.title.get(self.lang) for r in s.roles}
        b = s["buildings"]
        parts = [f"{b.field('households').title.get(self.lang)} <b>{t['households']}</b>",
                 f"{b.field('residents').title.get(self.lang)} <b>{t['residents']}</b>"]
        parts += [f"{kinds[k]} <b>{t['isolated'][k]}</b>" for k in ("hospital", "centralised", "home")]
        parts += [f"{roles[r]} <b>{n}</b>" for r, n in t["staff"].items() if n]
        self.headline.setText(" · ".join(parts))
        self.warning_list.clear()
        found = warnings(self.doc, self.live)
        th = thresholds(self.doc)
        for kind, code, n in found[:MAX_WARNINGS]:
            self.warning_list.addItem(self._warning_text(kind, code, n, th))
        if len(found) > MAX_WARNINGS:
            self.warning_list.addItem(self.tr("… and %1 more").replace("%1", str(len(found) - MAX_WARNINGS)))

    def _warning_text(self, kind: str, code: str, n: int, th: dict[str, int]) -> str:
        if kind == "worker_load":
            return self.tr("Grid worker %1 serves %2 households (more than %3)").replace(
                "%1", code).replace("%2", str(n)).replace("%3", str(th["households_per_worker"]))
        if kind == "micro_size":
            return self.tr("Micro-grid %1 has %2 households (outside %3–%4)").replace("%1", code).replace(
                "%2", str(n)).replace("%3", str(th["micro_min"])).replace("%4", str(th["micro_max"]))
        if kind == "no_head":
            return self.tr("Building %1 has no building head").replace("%1", code)
        return self.tr("Grid %1 has no grid worker").replace("%1", code)

    def warning_texts(self) -> list[str]:
        """What the warning list shows."""
        return [self.warning_list.item(i).text() for i in range(self.warning_list.count())]

    def figures(self, code: str) -> dict[str, int] | None:
        """The figures of the row with `code` at the level shown (None when there is none)."""
        lv = self.model.level
        hit = np.nonzero(self.live.codes[lv] == code)[0]
        if len(hit) == 0:
            return None
        row = self.live.row(lv, int(hit[0]))
        return {"households": row["households"], "residents": row["residents"], **row["isolated"], **row["staff"]}

    def _clicked(self, index: QModelIndex) -> None:
        row = self.proxy.mapToSource(index).row()
        layer, fid = self.feature_of_row(row)
        if fid is not None:
            self.rowChosen.emit(layer, fid)

    def feature_of_row(self, row: int) -> tuple[str, int | None]:
        """The layer and fid of the feature row `row` of the level shown stands for."""
        lv = self.model.level
        if lv == "building":
            return "buildings", int(self.doc["buildings"].fid[row])
        t = self.live.p.levels[lv]
        return t.layer, int(self.doc[t.layer].fid[t.rows[row]])
