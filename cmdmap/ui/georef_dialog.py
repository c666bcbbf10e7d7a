"""File → Add a scanned plan…: place a scanned site plan under the map by control points.

The plan is on the left, the map on the right. Click a point on the plan, then the same point on
the map: that makes a pair (the map coordinates can also be typed in the table). From 3 pairs the
transform is fitted (cmdmap.model.georef) and each pair's residual in metres is shown, the worst
in red: a wrong click stands out and can be deleted. The map side previews the plan in place.
Accepting adds the backdrop as one undoable command.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QTransform
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QSlider, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from cmdmap.messages import message
from cmdmap.model.backdrops import Backdrop
from cmdmap.model.document import Document
from cmdmap.model.georef import Fit, GeorefError, fit
from cmdmap.render import MapRenderer, RenderOptions, ViewTransform
from cmdmap.render.style import BACKGROUND
from cmdmap.ui.pick_pane import MARK_COLOR, PENDING_COLOR, WORST_COLOR, PickPane

MIN_PAIRS = 3
WORST_BACKGROUND = "#f8d0d0"


class GeorefDialog(QDialog):
    """Pairs of (plan pixel, map point), the fit and its residuals; `backdrop()` once accepted."""

    def __init__(self, doc: Document, image: bytes, name: str, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Place a scanned plan"))
        self.doc, self.data, self.name, self.lang = doc, image, name, lang
        self.image = QImage.fromData(image)
        self.fmt = "png" if image[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
        self.pixels: list[tuple[float, float]] = []
        self.world: list[tuple[float, float]] = []
        self.pending: tuple[float, float] | None = None   # clicked on the plan, waiting for the map
        self.current: Fit | None = None
        self.renderer = MapRenderer(doc)
        w, h = self.image.width(), self.image.height()
        self.plan = PickPane(self._draw_plan, (0, -h, w, 0), self)
        self.map = PickPane(self._draw_map, self.renderer.extent(), self)
        self.plan.picked.connect(self._plan_clicked)
        self.map.picked.connect(self._map_clicked)

        split = QSplitter(self)
        for title, pane in ((self.tr("Scanned plan"), self.plan), (self.tr("Map"), self.map)):
            box = QWidget(split)
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(QLabel(title, box))
            lay.addWidget(pane, 1)
            split.addWidget(box)

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels([self.tr("Plan column"), self.tr("Plan row"), self.tr("Map X (m)"),
                                              self.tr("Map Y (m)"), self.tr("Residual (m)"), ""])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(180)
        self.table.itemChanged.connect(self._typed)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Affine (scale, rotation and shear)"), "affine")
        self.kind.addItem(self.tr("Similarity (keeps the plan's shape)"), "similarity")
        self.kind.currentIndexChanged.connect(self._refit)
        self.delete_button = QPushButton(self.tr("Delete pair"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(60)
        self.opacity.valueChanged.connect(self.map.update)
        self.rms = QLabel(self)
        self.rms.setMinimumWidth(200)  # the hint beside it wraps instead of squeezing the figure
        self.rms.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("Transform:"), self))
        tools.addWidget(self.kind)
        tools.addWidget(self.delete_button)
        tools.addWidget(QLabel(self.tr("Opacity:"), self))
        tools.addWidget(self.opacity)
        tools.addStretch(1)
        # The map point of a pair can be typed instead of clicked: metres in the map's own system,
        # or longitude/latitude as GPS, AMap or Baidu give them.
        self.typed = QLineEdit(self)
        self.typed.setPlaceholderText(self.tr("x, y or longitude, latitude"))
        self.typed_system = QComboBox(self)
        self.typed_system.addItem(self.tr("Map metres"), "map")
        self.typed_system.addItem(self.tr("WGS84 (GPS)"), "wgs84")
        self.typed_system.addItem(self.tr("GCJ-02 (AMap, Tencent)"), "gcj02")
        self.typed_system.addItem(self.tr("BD-09 (Baidu)"), "bd09")
        self.typed_button = QPushButton(self.tr("Use as map point"), self)
        self.typed_button.clicked.connect(self.use_typed)
        self.typed.returnPressed.connect(self.use_typed)
        typed = QHBoxLayout()
        typed.addWidget(QLabel(self.tr("Or type the map point:"), self))
        typed.addWidget(self.typed, 1)
        typed.addWidget(self.typed_system)
        typed.addWidget(self.typed_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        status = QHBoxLayout()
        status.addWidget(self.hint, 1)
        status.addWidget(self.rms)
        layout.addLayout(status)
        layout.addLayout(tools)
        layout.addLayout(typed)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(1200, 800)
        self._refit()

    def done(self, result: int) -> None:
        self.renderer.close()  # stop following the document
        super().done(result)

    # -- drawing ---------------------------------------------------------------------------------

    def _draw_plan(self, p: QPainter, view: ViewTransform) -> None:
        # Plan world coordinates are (column, −row): pixel (0, 0) is at world (0, 0), rows go down.
        s = 1.0 / view.mpp
        p.save()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.setTransform(QTransform(s, 0, 0, s, -view.cx * s + view.width / 2.0, view.cy * s + view.height / 2.0))
        p.drawImage(QPointF(0, 0), self.image)
        p.restore()

    def _draw_map(self, p: QPainter, view: ViewTransform) -> None:
        p.fillRect(0, 0, view.width, view.height, QColor(BACKGROUND))
        if self.current is not None:  # the plan where the fit puts it, under the map
            (a, c, tx), (d, e, ty) = self.current.matrix
            ox, oy = self.renderer.origin
            p.save()
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            p.setTransform(QTransform(a, d, c, e, tx - ox, ty - oy) * self.renderer.world_transform(view))
            p.setOpacity(self.opacity.value() / 100.0)
            p.drawImage(QPointF(0, 0), self.image)
            p.restore()
        self.renderer.render(p, view, RenderOptions(labels=True, background=None, hidden=frozenset({"backdrops"})))

    # -- pairs -----------------------------------------------------------------------------------

    def _plan_clicked(self, x: float, y: float) -> None:
        self.pending = (x, -y)
        self._refit()

    def _map_clicked(self, x: float, y: float) -> None:
        if self.pending is None:
            self.hint.setText(self.tr("First click the point on the scanned plan, then the same point on the map."))
            return
        self.add_pair(self.pending, (x, y))

    def use_typed(self) -> None:
        """The typed coordinates as the map point of the pending plan point."""
        world = typed_point(self.typed.text(), self.typed_system.currentData(), self.doc.epsg)
        if world is None:
            self.hint.setText(self.tr("Type two numbers: x, y in metres, or longitude, latitude in degrees."))
            return
        if self.pending is None:
            self.hint.setText(self.tr("First click the point on the scanned plan, then the same point on the map."))
            return
        self.typed.clear()
        self.add_pair(self.pending, world)

    def add_pair(self, pixel: tuple[float, float], world: tuple[float, float]) -> None:
        """One more control point: `pixel` (column, row) on the plan is `world` (x, y) on the map."""
        self.pixels.append((float(pixel[0]), float(pixel[1])))
        self.world.append((float(world[0]), float(world[1])))
        self.pending = None
        self._refit()

    def delete_selected(self) -> None:
        """Delete the selected pairs (a wrong click)."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            del self.pixels[r]
            del self.world[r]
        self._refit()

    def _typed(self, item: QTableWidgetItem) -> None:
        """Map coordinates typed into the table replace the clicked ones."""
        if item.column() not in (2, 3):
            return
        try:
            value = float(item.text().replace(",", ""))
        except ValueError:
            self._refit()  # put the number back
            return
        x, y = self.world[item.row()]
        self.world[item.row()] = (value, y) if item.column() == 2 else (x, value)
        self._refit()

    def _refit(self) -> None:
        kind = self.kind.currentData()
        self.current, problem = None, ""
        if len(self.pixels) >= MIN_PAIRS:
            try:
                self.current = fit(np.array(self.pixels), np.array(self.world), kind)
            except GeorefError as err:
                problem = message(err.key, self.lang, **err.params)
        residuals = self.current.residuals if self.current is not None else None
        worst = self.current.worst if self.current is not None else -1
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.pixels))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, ((c, row), (x, y)) in enumerate(zip(self.pixels, self.world)):
            cells = [f"{c:.1f}", f"{row:.1f}", f"{x:.2f}", f"{y:.2f}",
                     f"{residuals[r]:.2f}" if residuals is not None else "–",
                     self.tr("largest") if r == worst and len(self.pixels) > MIN_PAIRS - 1 else ""]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col not in (2, 3):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if r == worst:
                    item.setBackground(QBrush(QColor(WORST_BACKGROUND)))
                    item.setFont(bold)
                self.table.setItem(r, col, item)
        self.table.blockSignals(False)
        self.plan.marks = [(c, -row, str(i + 1), WORST_COLOR if i == worst else MARK_COLOR)
                           for i, (c, row) in enumerate(self.pixels)]
        self.map.marks = [(x, y, str(i + 1), WORST_COLOR if i == worst else MARK_COLOR)
                          for i, (x, y) in enumerate(self.world)]
        if self.pending is not None:
            self.plan.marks.append((self.pending[0], -self.pending[1], str(len(self.pixels) + 1), PENDING_COLOR))
        self.rms.setText(self.tr("RMS error: %1 m").replace("%1", f"{self.current.rms:.2f}") if self.current else "")
        if problem:
            self.hint.setText(problem)
        elif self.pending is not None:
            self.hint.setText(self.tr("Now click the same point on the map."))
        elif len(self.pixels) < MIN_PAIRS:
            self.hint.setText(self.tr("Click a point on the scanned plan, then the same point on the map "
                                      "(%1 more pairs needed).").replace("%1", str(MIN_PAIRS - len(self.pixels))))
        else:
            self.hint.setText(self.tr("Add more pairs to check the fit, delete a pair with a large residual, or accept."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.current is not None)
        self.delete_button.setEnabled(bool(self.pixels))
        self.plan.update()
        self.map.update()

    def backdrop(self, code: str) -> Backdrop:
        """The georeferenced plan (after the dialog was accepted)."""
        return Backdrop.fitted(code, self.name, self.data, self.fmt, self.image.width(), self.image.height(),
                               self.kind.currentData(), self.pixels, self.world, self.opacity.value() / 100.0)


def typed_point(text: str, system: str, epsg: int) -> tuple[float, float] | None:
    """Map metres from typed text: "x, y" in the map's system, or "lng, lat" in `system`."""
    import re
    parts = [p for p in re.split(r"[\s,，;；]+", text.strip()) if p]
    try:
        a, b = (float(p) for p in parts)
    except ValueError:
        return None
    if system == "map":
        return a, b
    from cmdmap.store.chinacoords import parse_lnglat, to_wgs84
    if parse_lnglat(f"{a},{b}") is None:
        return None
    import pyproj
    lng, lat = to_wgs84(system, a, b)
    x, y = pyproj.Transformer.from_crs(4326, epsg, always_xy=True).transform(float(lng), float(lat))
    return float(x), float(y)


def add_scanned_plan(window, path: str | None = None) -> Backdrop | None:
    """Ask for a PNG/JPEG, georeference it, and add it as one undoable step; the backdrop or None."""
    from cmdmap.edit.backdrops import AddBackdrop
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, QCoreApplication.translate("GeorefDialog", "Add a scanned plan"), "",
                                              QCoreApplication.translate("GeorefDialog", "Images (*.png *.jpg *.jpeg);;All files (*)"))
        if not path:
            return None
    data = Path(path).read_bytes()
    if QImage.fromData(data).isNull():
        QMessageBox.warning(window, QCoreApplication.translate("GeorefDialog", "Add a scanned plan"),
                            QCoreApplication.translate("GeorefDialog", "%1 is not a PNG or JPEG image cmdmap can read.").replace("%1", Path(path).name))
        return None
    dialog = GeorefDialog(window.doc, data, Path(path).stem, window.lang, window)
    window.georef_dialog = dialog  # for tests: the dialog in progress
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    taken = {b.code for b in window.doc.backdrops}
    code = next(f"plan{i}" for i in range(1, len(taken) + 2) if f"plan{i}" not in taken)
    backdrop = dialog.backdrop(code)
    window.undo_stack.push(AddBackdrop(window.doc, backdrop))
    return backdrop
