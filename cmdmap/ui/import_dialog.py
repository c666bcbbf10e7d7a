"""File → 导入矢量数据…: pick a file, say which layer goes where and in which coordinates,
check the field mapping on a preview, and import it as one undoable step with a report."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from cmdmap.edit.commands import Command
from cmdmap.messages import message
from cmdmap.model.document import Document
from cmdmap.model.personal import is_personal, mask
from cmdmap.model.schema import default_schema
from cmdmap.store import chinacoords, vector_import
from cmdmap.store.errors import StoreError
from cmdmap.store.sources import SourceLayer, read_layer

TARGETS = ("compounds", "buildings", "gates", "grids", "sites", "risk_zones", "events")
PREVIEW_ROWS = 5


class ImportDialog(QDialog):
    """Import another tool's vector file into the document."""

    def __init__(self, doc: Document, push: Callable[[Command], None], lang: str = "zh",
                 parent: QWidget | None = None, path: str | None = None) -> None:
        super().__init__(parent)
        self.doc, self.push, self.lang = doc, push, lang
        self.sources: dict[str, SourceLayer] = {}
        self.mappings: dict[str, dict[str, str]] = {}
        self.reports: list[vector_import.ImportReport] = []
        self.unreadable: dict[str, str] = {}
        self.osm_plans: list[vector_import.Prepared] = []  # an OpenStreetMap file, read and prepared
        self.setWindowTitle(self.tr("Import vector data"))
        self.resize(900, 640)
        self._build()
        if path:
            self.load(path)

    # -- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        box.addLayout(row)

        form = QFormLayout()
        self.crs_combo = QComboBox(self)
        self.crs_combo.addItem(self.tr("As the file says"), None)
        # CAD drawings hold CGCS2000 metres and say nothing of it: offer the map's own system.
        self.crs_combo.addItem(self.tr("This map's own system (EPSG:%1, metres; CAD drawings)")
                               .replace("%1", str(self.doc.epsg)), f"EPSG:{self.doc.epsg}")
        for key, (zh, en) in chinacoords.SYSTEMS.items():
            self.crs_combo.addItem(en if self.lang == "en" else zh, "EPSG:4326" if key == "wgs84" else key)
        self.crs_combo.setToolTip(self.tr(
            "AMap, Tencent and Baidu coordinates are shifted by hundreds of metres from GPS; "
            "choose their system so the data lands in the right place."))
        form.addRow(self.tr("Coordinates of the source"), self.crs_combo)
        self.encoding_combo = QComboBox(self)
        for label, value in ((self.tr("Detect"), None), ("UTF-8", "UTF-8"), ("GBK", "GBK")):
            self.encoding_combo.addItem(label, value)
        self.encoding_combo.currentIndexChanged.connect(lambda _: self.load(self.path_edit.text()))
        form.addRow(self.tr("Text encoding"), self.encoding_combo)
        box.addLayout(form)

        box.addWidget(QLabel(self.tr("Layers of the file and where they go:"), self))
        self.layers_table = QTableWidget(0, 4, self)
        self.layers_table.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Geometry"), self.tr("Features"), self.tr("Import into")])
        self.layers_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.layers_table.currentCellChanged.connect(lambda r, *_: self._show_mapping(r))
        box.addWidget(self.layers_table, 1)

        box.addWidget(QLabel(self.tr("Fields (cmdmap field ← source field) and a preview:"), self))
        self.mapping_table = QTableWidget(0, 2 + PREVIEW_ROWS, self)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("cmdmap field"), self.tr("Source field")] + [str(i + 1) for i in range(PREVIEW_ROWS)])
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.mapping_table, 2)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        buttons.accepted.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import vector data"), "", self.tr(
            "Vector data (*.gpkg *.shp *.geojson *.json *.kml *.dxf *.osm *.pbf);;All files (*)"))
        if path:
            self.load(path)

    # -- reading the source ---------------------------------------------------------------------------

    def load(self, path: str) -> None:
        """Read the file's layers and guess where each goes."""
        if not path:
            return
        from cmdmap.store.sources import list_layers
        self.path_edit.setText(path)
        self.sources.clear()
        self.mappings.clear()
        self.layers_table.setRowCount(0)
        self.unreadable = {}  # layer -> why it cannot be read
        self.osm_plans = []
        if vector_import.is_osm(Path(path)):
            self._load_osm(path)
            return
        try:
            layers = list_layers(path, self.encoding_combo.currentData())
            for name, gtype in layers:
                try:
                    self.sources[name] = read_layer(path, name, self.encoding_combo.currentData())
                except StoreError as err:
                    if len(layers) == 1:
                        raise
                    # One layer GDAL cannot read must not keep the others out: it is listed as such.
                    self.unreadable[name] = err.message(self.lang)
        except StoreError as err:
            QMessageBox.warning(self, self.tr("Import vector data"), err.message(self.lang))
            self.import_button.setEnabled(False)
            return
        if not self.sources:
            QMessageBox.warning(self, self.tr("Import vector data"), "\n".join(self.unreadable.values())
                                or StoreError("no_features", path=path).message(self.lang))
            self.import_button.setEnabled(False)
            return
        layers = [(n, g) for n, g in layers if n in self.sources] + [(n, g) for n, g in layers if n in self.unreadable]
        for name, gtype in layers:
            r = self.layers_table.rowCount()
            self.layers_table.insertRow(r)
            count = str(len(self.sources[name])) if name in self.sources else self.tr("cannot be read")
            for c, text in enumerate((name, gtype, count)):
                item = QTableWidgetItem(text)
                if name in self.unreadable:
                    item.setToolTip(self.unreadable[name])
                self.layers_table.setItem(r, c, item)
            combo = QComboBox(self.layers_table)
            combo.addItem(self.tr("Do not import"), None)
            if name in self.sources:
                for t in TARGETS:
                    combo.addItem(self.doc.schema[t].title.get(self.lang), t)
                guess = vector_import.target_for_layer(name)
                if guess:
                    combo.setCurrentIndex(combo.findData(guess))
            else:
                combo.setEnabled(False)
            combo.currentIndexChanged.connect(lambda _, row=r: self._show_mapping(row))
            self.layers_table.setCellWidget(r, 3, combo)
        self.import_button.setEnabled(True)
        self.layers_table.setCurrentCell(0, 0)
        self._show_mapping(0)

    def _load_osm(self, path: str) -> None:
        """OpenStreetMap maps by tags, not by layer: show what will come in, by tag, with counts
        and the first records as they will be (names, numbers, gate directions)."""
        try:
            self.osm_plans = vector_import.plan_osm(self.doc, Path(path))
        except StoreError as err:
            QMessageBox.warning(self, self.tr("Import vector data"), err.message(self.lang))
            self.import_button.setEnabled(False)
            return
        what = (self.tr("Residential areas (landuse=residential)"), self.tr("Buildings (building=*)"),
                self.tr("Gates and entrances (barrier=gate, entrance=*)"))
        for r, (plan, label) in enumerate(zip(self.osm_plans, what)):
            self.layers_table.insertRow(r)
            gtype = "Point" if plan.target == "gates" else "MultiPolygon"
            for c, text in enumerate((label, gtype, str(plan.report.imported))):
                self.layers_table.setItem(r, c, QTableWidgetItem(text))
            combo = QComboBox(self.layers_table)
            combo.addItem(self.doc.schema[plan.target].title.get(self.lang), plan.target)
            combo.setEnabled(False)  # fixed by the tags
            self.layers_table.setCellWidget(r, 3, combo)
        self.import_button.setEnabled(any(p.records for p in self.osm_plans))
        self.layers_table.setCurrentCell(0, 0)
        self._show_mapping(0)

    def _show_osm_preview(self, row: int) -> None:
        plan = self.osm_plans[row]
        spec = self.doc.schema[plan.target]
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("cmdmap field"), self.tr("Source field")] + [str(i + 1) for i in range(PREVIEW_ROWS)])
        for f in spec.fields:
            values = [rec.get(f.name) for rec in plan.records[:PREVIEW_ROWS]]
            if f.derived or all(v in (None, "") for v in values):
                continue
            r = self.mapping_table.rowCount()
            self.mapping_table.insertRow(r)
            self.mapping_table.setItem(r, 0, QTableWidgetItem(f.title.get(self.lang)))
            self.mapping_table.setItem(r, 1, QTableWidgetItem("OpenStreetMap"))
            for i, v in enumerate(values):
                text = mask(v) if f.personal else ("" if v is None else str(v))
                self.mapping_table.setItem(r, 2 + i, QTableWidgetItem(text))

    def target_of(self, row: int) -> str | None:
        """The cmdmap layer chosen for a source layer row."""
        combo = self.layers_table.cellWidget(row, 3)
        return combo.currentData() if combo is not None else None

    def _show_mapping(self, row: int) -> None:
        if row < 0 or row >= self.layers_table.rowCount():
            return
        name = self.layers_table.item(row, 0).text()
        target = self.target_of(row)
        self.mapping_table.setRowCount(0)
        if self.osm_plans:
            self._show_osm_preview(row)
            return
        if target is None or name not in self.sources:
            return
        src = self.sources[name]
        spec = self.doc.schema[target]
        mapping = self.mappings.setdefault(name, {})
        if not mapping.get("__target") == target:
            mapping.clear()
            mapping.update(vector_import.guess_mapping(spec, src.fields, {k for t in src.tags for k in t}))
            mapping["__target"] = target
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("cmdmap field"), self.tr("Source field")] + [str(i + 1) for i in range(PREVIEW_ROWS)])
        fields = [f for f in spec.fields if not f.derived]
        options = [None, *src.fields, *sorted({f"tag:{k}" for t in src.tags for k in t})]
        for f in fields:
            r = self.mapping_table.rowCount()
            self.mapping_table.insertRow(r)
            label = f.title.get(self.lang) + ("（个人信息）" if f.personal and self.lang != "en" else "")
            self.mapping_table.setItem(r, 0, QTableWidgetItem(label))
            combo = QComboBox(self.mapping_table)
            for o in options:
                combo.addItem(o or self.tr("(none)"), o)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(f.name))))
            combo.currentIndexChanged.connect(
                lambda _, fn=f.name, cb=combo, n=name, rr=r: self._set_field(n, fn, cb.currentData(), rr))
            self.mapping_table.setCellWidget(r, 1, combo)
            self._fill_preview(name, f.name, r)

    def _set_field(self, layer: str, field: str, source: str | None, row: int) -> None:
        m = self.mappings[layer]
        if source is None:
            m.pop(field, None)
        else:
            m[field] = source
        self._fill_preview(layer, field, row)

    def _fill_preview(self, layer: str, field: str, row: int) -> None:
        src = self.sources[layer]
        source = self.mappings[layer].get(field)
        target = self.mappings[layer].get("__target")
        personal = target is not None and is_personal(self.doc.schema[target], field)
        for i in range(PREVIEW_ROWS):
            value = vector_import.source_value(src, i, source) if source and i < len(src) else None
            # A preview only has to show the mapping is right: personal values stay masked.
            text = mask(value) if personal else ("" if value is None else str(value))
            self.mapping_table.setItem(row, 2 + i, QTableWidgetItem(text))

    # -- importing ------------------------------------------------------------------------------------

    def run_import(self) -> None:
        """Prepare every chosen layer, push one command, and show the report."""
        path = Path(self.path_edit.text())
        crs = self.crs_combo.currentData()
        try:
            if self.osm_plans:
                plans = self.osm_plans  # prepared against this document when the file was read
            else:
                compounds = vector_import.CompoundIndex.of(self.doc)
                rows = sorted(range(self.layers_table.rowCount()),
                              key=lambda r: self.doc.schema[self.target_of(r)].order if self.target_of(r) else 1000)
                plans = []
                for r in rows:
                    target = self.target_of(r)
                    if target is None:
                        continue
                    name = self.layers_table.item(r, 0).text()
                    mapping = {k: v for k, v in self.mappings.get(name, {}).items() if k != "__target"}
                    plans.append(vector_import.prepare(self.doc, self.sources[name], target, mapping or None,
                                                       source_crs=crs, compounds=compounds,
                                                       source_name=f"{path.name}:{name}"))
            if not any(p.records for p in plans):
                raise StoreError("no_features", path=str(path))
            self.push(vector_import.command(self.doc, plans))
        except StoreError as err:
            text = err.message(self.lang)
            if err.key == "no_crs":  # the shared message speaks of the command line's --source-crs
                text = self.tr("%1 does not say which coordinate system it uses. Choose it under "
                               "“Coordinates of the source” and import again.").replace("%1", path.name)
            QMessageBox.warning(self, self.tr("Import vector data"), text)
            return
        self.reports = [p.report for p in plans]
        text = "\n".join([report_text(self.reports, self.lang), *self.unreadable.values()])
        QMessageBox.information(self, self.tr("Import report"), text)
        self.accept()


def report_text(reports: list[vector_import.ImportReport], lang: str) -> str:
    """The import report as lines for the user."""
    lines = []
    for rep in reports:
        lines.append(message("import_report", lang, source=rep.source, target=default_schema()[rep.target].title.get(lang),
                             read=rep.read, imported=rep.imported, repaired=rep.repaired, split=rep.split,
                             skipped=sum(rep.skipped.values())))
        lines += [f"  · {message(k, lang)}: {n}" for k, n in rep.skipped.items()]
        lines += [f"  · {message('values_dropped', lang, field=f, n=n)}" for f, n in rep.dropped_values.items()]
        lines += [f"  · {message(k.partition(':')[0], lang, n=k.partition(':')[2])}" for k in rep.notes]
    return "\n".join(lines)
