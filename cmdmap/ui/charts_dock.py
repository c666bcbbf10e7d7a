"""The "统计图" dock (pyqtgraph): households and isolated residents per grid, sorted and in each
grid's colour, and the trend of isolated residents by kind from the daily snapshots, with the
difference from yesterday. It follows the live counts (redrawn once per burst of changes).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cmdmap.model import snapshots
from cmdmap.model.document import Document
from cmdmap.model.live_counts import LiveCounts

KIND_COLOURS = {"hospital": "#d62728", "centralised": "#ff7f0e", "home": "#1f77b4", "monitoring": "#2ca02c"}
ISOLATED = ("hospital", "centralised", "home")  # in isolation; health monitoring is shown apart


class ChartsDock(QDockWidget):
    """Bar charts per grid and the isolation trend."""

    countsWanted = Signal()  # used while the counts are pending: build them now

    def __init__(self, doc: Document, live: LiveCounts, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Charts"))
        self.setObjectName("chartsDock")
        self.doc, self.live, self.lang = doc, live, lang
        s = doc.schema
        self.kind_titles = {c.value: c.title.get(lang) for c in s["isolation"].field("kind").choices}
        body = QWidget(self)
        box = QVBoxLayout(body)
        self.households_plot = pg.PlotWidget(body, background="w")
        self.households_plot.setTitle(s["buildings"].field("households").title.get(lang) + self.tr(" per grid"), color="k")
        self.isolated_plot = pg.PlotWidget(body, background="w")
        self.isolated_plot.setTitle(self.tr("Isolated residents per grid"), color="k")
        self.isolated_plot.setXLink(self.households_plot)
        self.trend_plot = pg.PlotWidget(body, background="w")
        self.trend_plot.setTitle(self.tr("Isolated residents by kind, day by day"), color="k")
        self.trend_plot.addLegend(offset=(5, 5))
        for p in (self.households_plot, self.isolated_plot, self.trend_plot):
            p.setMinimumHeight(140)
            box.addWidget(p)
        row = QHBoxLayout()
        self.diff_label = QLabel(body)
        self.diff_label.setWordWrap(True)
        row.addWidget(self.diff_label, 1)
        self.snapshot_button = QPushButton(self.tr("Take today's snapshot"), body)
        self.snapshot_button.clicked.connect(self.take_snapshot)
        self.snapshot_button.setEnabled("snapshots" in doc.layers)
        row.addWidget(self.snapshot_button)
        box.addLayout(row)
        self.setWidget(body)
        self.households_bars: pg.BarGraphItem | None = None
        self.isolated_bars: pg.BarGraphItem | None = None
        self.order = np.zeros(0, dtype=np.int64)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(100)
        self._later.timeout.connect(self.refresh)
        live.subscribe(self._on_counts)
        doc.subscribe(self._on_change)
        self.visibilityChanged.connect(lambda shown: shown and not self.live.ready and self.countsWanted.emit())
        self.refresh()

    def detach(self) -> None:
        """Stop listening."""
        self.live.unsubscribe(self._on_counts)
        self.doc.unsubscribe(self._on_change)

    def _on_counts(self, changed: dict) -> None:
        if self.households_bars is None:  # the counts were pending: the bars at once
            self.refresh()
            return
        self._later.start()

    def _on_change(self, change) -> None:
        if change.layer == "snapshots":
            self._later.start()

    # -- data -----------------------------------------------------------------------------------

    def grid_figures(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Grid codes, households and isolated residents, sorted by households (most first)."""
        hh = self.live.column("grid", "households")
        iso = sum(self.live.column("grid", k) for k in ISOLATED)
        self.order = np.argsort(-hh, kind="stable")
        return self.live.codes["grid"][self.order], hh[self.order], np.asarray(iso)[self.order]

    def refresh(self) -> None:
        """Redraw the charts from the live counts and the snapshots."""
        if not self.live.ready:  # pending: no bars rather than bars of zero
            for plot in (self.households_plot, self.isolated_plot, self.trend_plot):
                plot.clear()
            self.diff_label.setText(self.tr("Counting…"))
            return
        codes, hh, iso = self.grid_figures()
        self.codes = codes
        grids = self.doc["grids"]
        rows = self.live.p.levels["grid"].rows[self.order]
        made: dict = {}  # one brush per colour, not per grid (a district has 10,000 grids)
        brushes = []
        for c in grids.cols["color"][rows]:
            if c not in made:
                made[c] = pg.mkBrush(QColor(c) if c else QColor("#cccccc"))
            brushes.append(made[c])
        x = np.arange(len(codes))
        for plot in (self.households_plot, self.isolated_plot):
            plot.clear()
        self.households_bars = pg.BarGraphItem(x=x, height=hh, width=0.8, brushes=brushes, pen=pg.mkPen("#555555"))
        self.isolated_bars = pg.BarGraphItem(x=x, height=iso, width=0.8, brushes=brushes, pen=pg.mkPen("#555555"))
        self.households_plot.addItem(self.households_bars)
        self.isolated_plot.addItem(self.isolated_bars)
        if len(codes) <= 20:  # grid codes under the bars while they can be read
            ticks = [[(i, str(c)) for i, c in enumerate(codes)]]
            for plot in (self.households_plot, self.isolated_plot):
                plot.getAxis("bottom").setTicks(ticks)
        self._draw_trend()

    def _draw_trend(self) -> None:
        self.trend_plot.clear()
        days, vals = snapshots.series(self.doc)
        if days:
            x = np.array([d.toordinal() for d in days], dtype=float)
            for kind, colour in KIND_COLOURS.items():
                self.trend_plot.plot(x, vals[kind], pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5,
                                     symbolBrush=colour, name=self.kind_titles.get(kind, kind))
            self.trend_plot.getAxis("bottom").setTicks(
                [[(float(d.toordinal()), d.strftime("%m-%d")) for d in days[:: max(1, len(days) // 8)]]])
        total = self.live.row("community", 0)
        diff = snapshots.since_yesterday(self.doc, self.live.as_of, total)
        if diff is None:
            self.diff_label.setText(self.tr("No snapshot of yesterday to compare with"))
        else:
            parts = [f"{self.kind_titles[k]} {diff[k]:+d}" for k in KIND_COLOURS]
            self.diff_label.setText(self.tr("Since yesterday: %1").replace("%1", " · ".join(parts)))

    def take_snapshot(self) -> None:
        """Record today's figures (on demand)."""
        if not self.live.ready:
            self.countsWanted.emit()
        if not self.live.ready:  # the registers could not be read: nothing true to record
            return
        snapshots.take(self.doc, self.live.as_of, self.live.row("community", 0))
        self.refresh()

    def bar_heights(self) -> dict[str, tuple[int, int]]:
        """What the bars drawn show: grid code -> (households, isolated)."""
        hh, iso = self.households_bars.opts["height"], self.isolated_bars.opts["height"]
        return {str(c): (int(h), int(i)) for c, h, i in zip(self.codes, hh, iso)}

