"""The "社区总数" dock: the community's buildings, households, residents, isolated residents by
kind and staff by role, recounted after every change to the document.

Row titles come from the layer declarations (layers/*.toml), so the dock and the forms, tables and
printed legends always use the same words; only the section headings are translated by Qt.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDockWidget, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from cmdmap.model.counts import count
from cmdmap.model.document import Document
from cmdmap.model.events import Change


class TotalsDock(QDockWidget):
    """Live community totals."""

    def __init__(self, doc: Document, lang: str = "zh", parent: QWidget | None = None, live=None) -> None:
        super().__init__(parent)
        self.live = live  # LiveCounts: when given, its totals are read instead of a full recount
        self.setWindowTitle(self.tr("Community totals"))
        self.setObjectName("totalsDock")
        self.doc = doc
        self.lang = lang
        self._values: dict[str, QLabel] = {}
        self._pending_shown = False  # showing "Counting…" (the live counts are pending)
        self._build()
        # Recount once after a burst of changes (an undo of a big edit sends many events).
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self.refresh)
        doc.subscribe(self._on_change)
        if live is not None:  # pending counts: filled in when they are built
            live.subscribe(self._on_counts)
        self.refresh()

    def detach(self) -> None:
        """Stop listening to the document."""
        self.doc.unsubscribe(self._on_change)
        if self.live is not None:
            self.live.unsubscribe(self._on_counts)

    def _on_change(self, change: Change) -> None:
        self._recount.start()

    def _on_counts(self, changed: dict) -> None:
        if self._pending_shown:  # built just now: the figures at once
            self.refresh()

    # -- layout ---------------------------------------------------------------------------------

    def _row(self, form: QFormLayout, key: str, title: str, big: bool = False) -> None:
        value = QLabel("–")
        value.setObjectName(f"total_{key}")
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name = QLabel(title)
        if big:
            f = QFont(value.font())
            f.setPointSizeF(f.pointSizeF() * 1.35)
            f.setBold(True)
            value.setFont(f)
            name.setFont(f)
        form.addRow(name, value)
        self._values[key] = value

    def _build(self) -> None:
        lang = self.lang
        schema = self.doc.schema
        body = QWidget(self)
        body.setMinimumWidth(220)
        box = QVBoxLayout(body)
        self._heading = QLabel()
        self._heading.setObjectName("total_heading")
        hf = QFont(self._heading.font())
        hf.setBold(True)
        hf.setPointSizeF(hf.pointSizeF() * 1.2)
        self._heading.setFont(hf)
        box.addWidget(self._heading)
        self._as_of = QLabel()
        box.addWidget(self._as_of)

        main = QFormLayout()
        buildings = schema["buildings"]
        self._row(main, "buildings", buildings.title.get(lang))
        self._row(main, "households", buildings.field("households").title.get(lang), big=True)
        self._row(main, "residents", buildings.field("residents").title.get(lang), big=True)
        box.addLayout(main)

        iso_box = QGroupBox(self.tr("Isolated residents"), body)
        iso = QFormLayout(iso_box)
        for choice in schema["isolation"].field("kind").choices:
            self._row(iso, f"isolated.{choice.value}", choice.title.get(lang))
        box.addWidget(iso_box)

        staff_box = QGroupBox(self.tr("Staff"), body)
        staff = QFormLayout(staff_box)
        for role in schema.roles:
            self._row(staff, f"staff.{role.value}", role.title.get(lang))
        box.addWidget(staff_box)
        box.addStretch(1)
        self.setWidget(body)

    # -- values ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recount and show the totals."""
        self._pending_shown = self.live is not None and not self.live.ready
        if self._pending_shown:
            # Not zeros: a desk must not read "0 isolated" while the registers are still coming.
            self._heading.setText(self.doc.name)
            self._as_of.setText(self.tr("Counting…"))
            for label in self._values.values():
                label.setText("…")
            return
        table = self.live.table("community") if self.live is not None else count(self.doc)
        total: dict[str, Any] = table.total
        self._heading.setText(self.doc.name or str(total.get("name") or ""))
        self._as_of.setText(self.tr("As of %1").replace("%1", table.as_of.isoformat()))
        flat = {"buildings": total.get("buildings", 0), "households": total.get("households", 0),
                "residents": total.get("residents", 0)}
        flat.update({f"isolated.{k}": v for k, v in total.get("isolated", {}).items()})
        flat.update({f"staff.{k}": v for k, v in total.get("staff", {}).items()})
        for key, label in self._values.items():
            label.setText(str(int(flat.get(key, 0))))

    def values(self) -> dict[str, str]:
        """What the dock shows, by key (households, isolated.home, staff.grid_worker, …)."""
        return {k: v.text() for k, v in self._values.items()}
