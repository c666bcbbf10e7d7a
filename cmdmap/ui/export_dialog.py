"""File → Export…: map layers to GeoJSON, Shapefile or KML (WGS84, or the labelled AMap/Baidu
offset systems), and counts per grid, compound or building to CSV/Excel with Chinese headers.
Personal fields (names, phones…) stay out unless the user ticks them; the tick starts unticked
every time, on purpose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QVBoxLayout)

from cmdmap.messages import message
from cmdmap.store import export
from cmdmap.store.errors import StoreError

DEFAULT_LAYERS = ("grids", "compounds", "buildings", "gates")


class ExportDialog(QDialog):
    """Which layers and counts go out, in which format and coordinate system, and where."""

    def __init__(self, window: Any, folder: str = "") -> None:
        super().__init__(window)
        self.window_ = window
        doc = window.doc
        self.setWindowTitle(self.tr("Export"))
        self.layers = QListWidget(self)
        for spec in doc.schema:
            item = QListWidgetItem(spec.title.get(window.lang), self.layers)
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if spec.name in DEFAULT_LAYERS else Qt.CheckState.Unchecked)
        self.format = QComboBox(self)
        self.format.addItem("GeoJSON (.geojson)", ".geojson")
        self.format.addItem("Shapefile (.shp)", ".shp")
        self.format.addItem("KML (.kml)", ".kml")
        self.system = QComboBox(self)
        self.system.addItem(self.tr("WGS84 longitude/latitude (GPS, standard)"), "wgs84")
        self.system.addItem(self.tr("GCJ-02 — for AMap / Tencent Maps (shifted, not a standard system)"), "gcj02")
        self.system.addItem(self.tr("BD-09 — for Baidu Maps (shifted, not a standard system)"), "bd09")
        self.system_note = QLabel(self)
        self.system_note.setWordWrap(True)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.personal = QCheckBox(self.tr("Include personal fields (names, phone numbers, ID numbers)"), self)
        self.personal.setChecked(False)
        layer_box = QGroupBox(self.tr("Layers and tables"), self)
        lform = QFormLayout(layer_box)
        lform.addRow(self.layers)
        lform.addRow(self.tr("Map format"), self.format)
        lform.addRow(self.tr("Coordinates"), self.system)
        lform.addRow(self.system_note)
        lform.addRow(self.personal)

        self.counts = QGroupBox(self.tr("Counts (households, residents, isolated, staff)"), self)
        self.counts.setCheckable(True)
        self.counts.setChecked(True)
        cform = QFormLayout(self.counts)
        self.levels: dict[str, QCheckBox] = {}
        for level, title in (("grid", self.tr("per grid")), ("micro", self.tr("per micro-grid")),
                             ("compound", self.tr("per compound")), ("building", self.tr("per building"))):
            box = QCheckBox(title, self.counts)
            box.setChecked(level == "grid")
            self.levels[level] = box
            cform.addRow(box)
        self.table_format = QComboBox(self)
        self.table_format.addItem(self.tr("Excel (.xlsx)"), ".xlsx")
        self.table_format.addItem(self.tr("CSV (.csv, opens in Excel)"), ".csv")

        self.folder = QLineEdit(folder, self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(QLabel(self.tr("Folder"), self))
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(layer_box, 1)
        layout.addWidget(self.counts)
        tables = QFormLayout()
        tables.addRow(self.tr("Tables and counts as"), self.table_format)
        layout.addLayout(tables)
        layout.addLayout(where)
        layout.addWidget(self.buttons)
        self.written: list[tuple[Path, int]] = []
        self._format_changed()

    def _format_changed(self) -> None:
        shp = self.format.currentData() == ".shp"
        self.system.setEnabled(not shp)
        self.system_note.setText(
            self.tr("Shapefiles keep the map's own coordinate system (%1).").replace("%1", f"EPSG:{self.window_.doc.epsg}")
            if shp else self.tr("GCJ-02 and BD-09 are the offset coordinates of Chinese web maps; choose them only "
                                "to paste the data into those maps."))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen_layers(self) -> list[str]:
        """The ticked layers."""
        return [self.layers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.layers.count())
                if self.layers.item(i).checkState() == Qt.CheckState.Checked]

    def run(self) -> None:
        """Write the files; report what was written (or what went wrong) and close on success."""
        lang = self.window_.lang
        levels = tuple(k for k, box in self.levels.items() if box.isChecked()) if self.counts.isChecked() else ()
        try:
            self.written = export.export_bundle(
                self.window_.doc, self.folder.text(), self.chosen_layers(), self.format.currentData(),
                self.system.currentData() if self.system.isEnabled() else "wgs84", self.personal.isChecked(),
                levels, self.table_format.currentData(), lang)
        except StoreError as err:
            QMessageBox.warning(self, self.tr("Export"), err.message(lang))
            return
        self.window_.statusBar().showMessage("；".join(message("exported", lang, n=n, path=p.name) for p, n in self.written), 10000)
        self.accept()
