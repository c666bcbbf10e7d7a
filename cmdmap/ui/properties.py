"""The "属性" dock: the selected feature's attributes under their declared titles (personal fields
left out) and, for a building, grid or compound, its counts — kept current as the document changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDockWidget, QFormLayout, QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from cmdmap.model.describe import attributes, feature_counts
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.pick import Picked


class PropertiesDock(QDockWidget):
    """Shows one feature: what it is, its fields, its counts."""

    def __init__(self, doc: Document, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Properties"))
        self.setObjectName("propertiesDock")
        self.doc = doc
        self.lang = lang
        self.picked: Picked | None = None
        self._values: dict[str, QLabel] = {}
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(lambda: self.show_feature(self.picked))
        doc.subscribe(self._on_change)
        self.show_feature(None)

    def detach(self) -> None:
        """Stop listening to the document."""
        self.doc.unsubscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        if self.picked is not None:
            self._refresh.start()

    def _add(self, form: QFormLayout, key: str, title: str, value: str) -> None:
        label = QLabel(value)
        label.setObjectName(f"prop_{key}")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(QLabel(title), label)
        self._values[key] = label

    def show_feature(self, picked: Picked | None) -> None:
        """Show `picked` (None, or a feature since deleted: a hint to click the map)."""
        lang = self.lang
        if picked is not None and (picked.layer not in self.doc.layers or not self.doc[picked.layer].has(picked.fid)):
            picked = None
        self.picked = picked
        self._values = {}
        body = QWidget(self)
        body.setMinimumWidth(220)
        box = QVBoxLayout(body)
        heading = QLabel()
        heading.setObjectName("prop_heading")
        f = QFont(heading.font())
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        heading.setFont(f)
        box.addWidget(heading)
        if picked is None:
            heading.setText(self.tr("Click a feature on the map to see it here."))
            heading.setWordWrap(True)
        else:
            spec = self.doc[picked.layer].spec
            rows = attributes(self.doc, picked, lang)
            name = next((v for k, _, v in rows if k in ("name", "number", "title") and v), "")
            heading.setText(f"{spec.title.get(lang)} {name}".strip())
            form = QFormLayout()
            for key, title, value in rows:
                self._add(form, key, title, value)
            box.addLayout(form)
            counts = feature_counts(self.doc, picked)
            if counts is not None:
                box.addWidget(self._counts_box(counts))
        box.addStretch(1)
        # Scrolled: a grid's fields and counts must not stretch the window past the screen.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.setWidget(scroll)

    def _counts_box(self, counts: dict) -> QGroupBox:
        lang = self.lang
        schema = self.doc.schema
        group = QGroupBox(self.tr("Counts"), self)
        form = QFormLayout(group)
        b = schema["buildings"]
        if counts.get("buildings", 1) != 1 or self.picked.layer != "buildings":
            self._add(form, "count.buildings", b.title.get(lang), str(counts["buildings"]))
        self._add(form, "count.households", b.field("households").title.get(lang), str(counts["households"]))
        self._add(form, "count.residents", b.field("residents").title.get(lang), str(counts["residents"]))
        for choice in schema["isolation"].field("kind").choices:
            n = counts["isolated"].get(choice.value, 0)
            self._add(form, f"count.isolated.{choice.value}", choice.title.get(lang), str(n))
        for role in schema.roles:
            n = counts["staff"].get(role.value, 0)
            if n or role.value in ("grid_worker", "building_head"):
                self._add(form, f"count.staff.{role.value}", role.title.get(lang), str(n))
        return group

    def values(self) -> dict[str, str]:
        """What the panel shows, by key (field names; count.households, count.isolated.home, …)."""
        return {k: v.text() for k, v in self._values.items()}
