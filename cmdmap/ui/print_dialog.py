"""File → Print…: paper, layout and output on the left, a live preview of the sheet on the right;
the last settings are kept in the file; a long export shows progress and can be cancelled."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QProgressDialog, QSpinBox, QVBoxLayout, QWidget)

from cmdmap.messages import message
from cmdmap.model.document import Document
from cmdmap.printing.export import ExportError, export, render_preview
from cmdmap.printing.layout import default_title, forget_counts
from cmdmap.printing.settings import PAPERS, PrintSettings
from cmdmap.render.renderer import MapRenderer

META_KEY = "print_settings"
PREVIEW_PX = 640


class PrintDialog(QDialog):
    """Choose how to print the wall map, see it, and export it to PDF, PNG or SVG."""

    def __init__(self, doc: Document, path: str | None = None, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.path, self.lang = doc, path, lang
        self.renderer = MapRenderer(doc)
        forget_counts()  # edits since the last print must show in the preview
        self.setWindowTitle(self.tr("Print the battle map"))
        s = PrintSettings.from_meta(doc.meta.get(META_KEY))
        form = QFormLayout()
        self.paper = QComboBox(self)
        for name in ("A0", "A1", "A2", "A3", "A4"):
            self.paper.addItem(name, name)
        self.paper.addItem(self.tr("Custom size"), "custom")
        self.custom_w, self.custom_h = QDoubleSpinBox(self), QDoubleSpinBox(self)
        for box, v in ((self.custom_w, s.custom_mm[0] or 600.0), (self.custom_h, s.custom_mm[1] or 900.0)):
            box.setRange(50, 5000)
            box.setSuffix(" mm")
            box.setValue(v)
        custom = QHBoxLayout()
        custom.addWidget(self.custom_w)
        custom.addWidget(QLabel("×", self))
        custom.addWidget(self.custom_h)
        self.landscape = QCheckBox(self.tr("Landscape"), self)
        self.margin = QDoubleSpinBox(self)
        self.margin.setRange(0, 100)
        self.margin.setSuffix(" mm")
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(default_title(doc))
        self.scale = QSpinBox(self)
        self.scale.setRange(0, 1_000_000)
        self.scale.setSingleStep(500)
        self.scale.setPrefix("1:")
        self.scale.setSpecialValueText(self.tr("Fit the community"))
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("One sheet"), "sheet")
        self.mode.addItem(self.tr("Poster on A4 sheets"), "A4")
        self.mode.addItem(self.tr("Poster on A3 sheets"), "A3")
        self.mode.addItem(self.tr("Atlas: one sheet per grid"), "atlas")
        self.mode.addItem(self.tr("Atlas: one sheet per micro-grid"), "atlas-micro")
        self.staff_names = QCheckBox(self.tr("Print grid workers' and building heads' names on atlas sheets (personal data)"), self)
        # Off whenever the dialog opens (not remembered in the file): phones only when asked each time.
        self.staff_phones = QCheckBox(self.tr("Show staff phone numbers on atlas sheets (personal data)"), self)
        # Shown only when the file has a scanned plan: otherwise there is nothing to leave out.
        self.backdrop = QCheckBox(self.tr("Print the scanned plan under the map"), self)
        self.backdrop.setVisible(bool(doc.backdrops))
        self.format = QComboBox(self)
        for f in ("pdf", "png", "svg"):
            self.format.addItem(f.upper(), f)
        self.dpi = QSpinBox(self)
        self.dpi.setRange(30, 1200)
        self.dpi.setSuffix(" dpi")
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Custom size"), custom)
        form.addRow("", self.landscape)
        form.addRow(self.tr("Margins"), self.margin)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Scale"), self.scale)
        form.addRow(self.tr("Layout"), self.mode)
        form.addRow("", self.staff_names)
        form.addRow("", self.staff_phones)
        form.addRow("", self.backdrop)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("PNG resolution"), self.dpi)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)

        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_PX, PREVIEW_PX * 3 // 4)
        self.preview.setStyleSheet("background: #8a8f96")
        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton(self.tr("Export…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.export_dialog)
        buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        left.addWidget(buttons)
        top = QHBoxLayout(self)
        top.addLayout(left)
        top.addWidget(self.preview, 1)

        self._timer = QTimer(self)  # a burst of changes costs one preview
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_preview)
        self.set_settings(s)
        for w in (self.paper, self.mode, self.format):
            w.currentIndexChanged.connect(self._changed)
        for w in (self.custom_w, self.custom_h, self.margin, self.scale, self.dpi):
            w.valueChanged.connect(self._changed)
        self.landscape.toggled.connect(self._changed)
        self.staff_names.toggled.connect(self._changed)
        self.staff_phones.toggled.connect(self._changed)
        self.backdrop.toggled.connect(self._changed)
        self.title_edit.textChanged.connect(self._changed)
        self._changed()
        self.update_preview()

    # -- settings ------------------------------------------------------------------------------

    def set_settings(self, s: PrintSettings) -> None:
        """Show `s` in the controls."""
        self.paper.setCurrentIndex(max(self.paper.findData(s.paper), 0))
        self.landscape.setChecked(s.landscape)
        self.margin.setValue(s.margin_mm)
        self.title_edit.setText(s.title)
        self.scale.setValue(int(s.scale))
        mode = ("atlas-micro" if s.atlas_level == "micro" else "atlas") if s.atlas else (s.tile or "sheet")
        self.mode.setCurrentIndex(max(self.mode.findData(mode), 0))
        self.staff_names.setChecked(s.show_staff_names)
        self.staff_phones.setChecked(s.show_staff_phones)
        self.backdrop.setChecked(s.backdrop)
        self.format.setCurrentIndex(max(self.format.findData(s.format), 0))
        self.dpi.setValue(s.dpi)

    def settings(self) -> PrintSettings:
        """The settings the controls show."""
        mode = self.mode.currentData()
        return PrintSettings(paper=self.paper.currentData(), custom_mm=(self.custom_w.value(), self.custom_h.value()),
                             landscape=self.landscape.isChecked(), margin_mm=self.margin.value(),
                             title=self.title_edit.text().strip(), scale=float(self.scale.value()),
                             dpi=self.dpi.value(), format=self.format.currentData(),
                             tile=mode if mode in PAPERS else "", atlas=mode.startswith("atlas"),
                             atlas_level="micro" if mode == "atlas-micro" else "grid",
                             show_staff_names=self.staff_names.isChecked(),
                             show_staff_phones=self.staff_phones.isChecked(),
                             backdrop=self.backdrop.isChecked())

    def _changed(self) -> None:
        custom = self.paper.currentData() == "custom"
        self.custom_w.setEnabled(custom)
        self.custom_h.setEnabled(custom)
        self.staff_names.setEnabled(self.mode.currentData().startswith("atlas"))
        self.staff_phones.setEnabled(self.mode.currentData().startswith("atlas"))
        self.dpi.setEnabled(self.format.currentData() == "png")
        self._timer.start()

    def update_preview(self) -> None:
        """Draw the sheet as it will print (or say why it cannot be printed)."""
        try:
            image = render_preview(self.doc, self.settings(), self.renderer, PREVIEW_PX)
        except ExportError as err:
            self.problem.setText(message(err.key, self.lang, **err.params))
            self.export_button.setEnabled(False)
            return
        self.problem.setText("")
        self.export_button.setEnabled(True)
        self.preview.setPixmap(QPixmap.fromImage(image))

    # -- export --------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        """Ask where to write, then export."""
        s = self.settings()
        base = Path(self.path).with_suffix(f".{s.format}") if self.path else Path(f"{self.doc.name or 'cmdmap'}.{s.format}")
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Export the battle map"), str(base),
                                             f"{s.format.upper()} (*.{s.format})")
        if out:
            self.export_to(out)

    def export_to(self, out: str) -> bool:
        """Export to `out` with a progress dialog that can cancel; remember the settings in the file."""
        s = self.settings()
        progress = QProgressDialog(self.tr("Printing…"), self.tr("Cancel"), 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            result = export(self.doc, s, out, progress=step, renderer=self.renderer)
        except (ExportError, OSError) as err:
            progress.close()
            text = message(err.key, self.lang, **err.params) if isinstance(err, ExportError) else str(err)
            QMessageBox.warning(self, self.tr("Print"), text)
            return False
        progress.close()
        if self.doc.meta.get(META_KEY) != s.to_meta():
            self.doc.set_meta(META_KEY, s.to_meta())
        self.last_result = result
        return result.ok

    def done(self, r: int) -> None:  # type: ignore[override]
        self.renderer.close()
        super().done(r)
