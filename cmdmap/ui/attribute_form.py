"""The attribute form of any layer, generated from its declaration in layers/*.toml.

Titles in the user's language, choices as combo boxes showing their titles, numbers as spin boxes
(the declared range shown beside them), required fields marked *, derived fields (which grid,
which compound) read-only, personal fields masked until revealed. Values are checked with the
same rules as the edit commands (cmdmap.edit.commands.validate_values) and the message shows in
the form before anything is stored; OK hands the values to a callback that pushes one command.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from cmdmap.edit.commands import EditError, validate_values
from cmdmap.messages import message
from cmdmap.model.personal import mask
from cmdmap.model.schema import FieldSpec, LayerSpec

# Spin boxes accept numbers well outside any declared range: a value already out of range (bad
# data read from a file) must show as it is, not silently clamped, and a typed one gets a message.
SPIN_LIMIT = 1_000_000
NO_VALUE = -SPIN_LIMIT  # the spin box's lowest value stands for "not filled in"
ERROR_STYLE = "border: 1px solid #b00020"


class AttributeForm(QDialog):
    """One feature's fields; `on_accept(values)` stores them (raising EditError to refuse)."""

    def __init__(self, spec: LayerSpec, values: Mapping[str, Any], lang: str, parent: QWidget | None = None,
                 title: str = "", on_accept: Callable[[dict[str, Any]], None] | None = None,
                 derived: Mapping[str, Any] | None = None, new: bool = False,
                 code_from: Callable[[dict[str, Any]], str] | None = None) -> None:
        super().__init__(parent)
        self.spec, self.lang, self.new = spec, lang, new
        self.initial = dict(values)
        self.on_accept = on_accept
        self.code_from = code_from  # a new feature's code follows its number/name until typed over
        self._auto_code = values.get("code")
        self.setWindowTitle(title or spec.title.get(lang))
        self.setObjectName("attributeForm")
        box = QVBoxLayout(self)
        self.form = QFormLayout()
        box.addLayout(self.form)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.revealed: dict[str, bool] = {}
        for f in spec.fields:
            shown = (derived or {}).get(f.name, values.get(f.name)) if f.derived else values.get(f.name)
            self._add_row(f, shown)
        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        box.addWidget(self.error)
        legend = QLabel(self.tr("* required"), self)
        legend.setStyleSheet("color: #666")
        box.addWidget(legend)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.setMinimumWidth(380)

    # -- building the rows ------------------------------------------------------------------------

    def _add_row(self, f: FieldSpec, value: Any) -> None:
        title = f.title.get(self.lang)
        label = QLabel(f"{title} *" if f.required and not f.derived else title, self)
        if f.required and not f.derived:
            label.setToolTip(self.tr("Required"))
        w = self._widget(f, value)
        w.setObjectName(f"field_{f.name}")
        self.widgets[f.name] = w
        self.labels[f.name] = label
        if f.personal and not f.derived:
            row = QWidget(self)
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(w, 1)
            reveal = QToolButton(row)
            reveal.setObjectName(f"reveal_{f.name}")
            reveal.setText(self.tr("Show"))
            reveal.setToolTip(self.tr("Personal data: shown masked; show it to read or change it."))
            reveal.setCheckable(True)
            reveal.toggled.connect(lambda on, name=f.name: self._reveal(name, on))
            lay.addWidget(reveal)
            self.form.addRow(label, row)
            # Nothing to hide in an empty field (a new record): type straight in.
            if value in (None, ""):
                reveal.setChecked(True)
        else:
            self.form.addRow(label, w)

    def _widget(self, f: FieldSpec, value: Any) -> QWidget:
        if f.derived:
            shown = value if value is not None else self.tr("(none)")
            w = QLabel(str(shown), self)
            w.setToolTip(self.tr("Worked out from where the feature lies on the map."))
            w.setStyleSheet("color: #555")
            return w
        if f.personal:
            self.revealed[f.name] = False
            w = QLineEdit(mask(value), self)
            w.setReadOnly(True)
            w.textChanged.connect(self._revalidate)
            return w
        if f.choices:
            w = QComboBox(self)
            if not f.required or value is None:
                w.addItem("", None)
            for c in f.choices:
                w.addItem(c.title.get(self.lang), c.value)
            if value is not None and w.findData(value) < 0:
                w.addItem(str(value), value)  # a value from a file that is not a known choice
            w.setCurrentIndex(max(0, w.findData(value)))
            w.currentIndexChanged.connect(self._revalidate)
            if f.name == "kind" and self.code_from is not None:
                w.currentIndexChanged.connect(self._follow_code)
            return w
        if f.type in ("int", "real"):
            w = QSpinBox(self) if f.type == "int" else QDoubleSpinBox(self)
            if f.type == "real":
                w.setDecimals(1)
            w.setRange(NO_VALUE, SPIN_LIMIT)
            w.setSpecialValueText(self.tr("(empty)"))
            w.setValue(NO_VALUE if value is None else value)
            lo = "" if f.min is None else f"{f.min:g}"
            hi = "" if f.max is None else f"{f.max:g}"
            if lo or hi:
                w.setToolTip(self.tr("From %1 to %2").replace("%1", lo).replace("%2", hi))
                w.setSuffix(f"   ({lo}–{hi})")
            w.valueChanged.connect(self._revalidate)
            return w
        if f.type == "bool":
            w = QCheckBox(self)
            w.setChecked(bool(value))
            w.toggled.connect(self._revalidate)
            return w
        w = QLineEdit("" if value is None else str(value), self)
        if f.name == "code" and not self.new:
            # Registers (isolation, staff assignments) point at features by code: renaming one
            # here would cut those links, so an existing feature keeps its code.
            w.setReadOnly(True)
            w.setStyleSheet("color: #555")
            w.setToolTip(self.tr("The code links register entries to this feature, so it does not change."))
        if f.type == "date":
            w.setPlaceholderText("YYYY-MM-DD")
        w.textChanged.connect(self._revalidate)
        if f.name in ("number", "name") and self.code_from is not None:
            w.textChanged.connect(self._follow_code)
        return w

    def _reveal(self, name: str, on: bool) -> None:
        w = self.widgets[name]
        assert isinstance(w, QLineEdit)
        self.revealed[name] = on
        value = self.initial.get(name)
        w.blockSignals(True)
        w.setText(("" if value is None else str(value)) if on else mask(value))
        w.blockSignals(False)
        w.setReadOnly(not on)

    def _follow_code(self) -> None:
        code = self.widgets.get("code")
        if not isinstance(code, QLineEdit) or self.code_from is None or code.text() != self._auto_code:
            return  # typed over: the user's code stays
        self._auto_code = self.code_from(self.raw_values())
        code.setText(self._auto_code)

    # -- reading the values ---------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        """What the form holds, as typed (masked personal fields left out: they do not change)."""
        out: dict[str, Any] = {}
        for f in self.spec.fields:
            if f.derived:
                continue
            w = self.widgets[f.name]
            if f.personal and not self.revealed.get(f.name):
                continue
            if isinstance(w, QComboBox):
                out[f.name] = w.currentData()
            elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
                out[f.name] = None if w.value() == NO_VALUE else w.value()
            elif isinstance(w, QCheckBox):
                out[f.name] = w.isChecked()
            else:
                text = w.text().strip()
                out[f.name] = text or None
        return out

    def changed_values(self) -> dict[str, Any]:
        """The fields whose value differs from what the form opened with."""
        values = self.raw_values()
        if self.new:
            return values
        return {k: v for k, v in values.items() if v != self.initial.get(k)}

    def set_value(self, name: str, value: Any) -> None:
        """Fill one field as a user would (tests, and the coordinate dialog)."""
        w = self.widgets[name]
        if isinstance(w, QComboBox):
            w.setCurrentIndex(w.findData(value))
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(NO_VALUE if value is None else value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        else:
            w.setText("" if value is None else str(value))

    # -- checking -------------------------------------------------------------------------------

    def problem(self) -> tuple[str | None, str]:
        """(field at fault or None, message) for the first bad value; (None, "") when all are good."""
        for name, value in self.raw_values().items():
            try:
                validate_values(self.spec, {name: value}, self.lang)
            except EditError as err:
                return name, message(err.key, self.lang, **err.params)
        return None, ""

    def _revalidate(self) -> None:
        bad, text = self.problem()
        self.error.setText(text)
        for name, w in self.widgets.items():
            grey = isinstance(w, QLabel) or (isinstance(w, QLineEdit) and w.isReadOnly())
            w.setStyleSheet(ERROR_STYLE if name == bad else ("color: #555" if grey else ""))

    def accept(self) -> None:
        self._revalidate()
        if self.error.text():
            return  # the message says what to fix; nothing is stored
        values = self.changed_values()
        if values and self.on_accept is not None:
            try:
                self.on_accept(values)
            except EditError as err:
                self.error.setText(message(err.key, self.lang, **err.params))
                bad = err.params.get("code") and "code"
                if bad in self.widgets:
                    self.widgets[bad].setStyleSheet(ERROR_STYLE)
                return
        super().accept()
