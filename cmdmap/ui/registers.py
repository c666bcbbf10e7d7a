"""The registers that feed the counts, reached from the map: right-click a building for
添加隔离 (add an isolation entry), 本楼隔离登记 (its entries: release early, extend),
设置楼栋长 (set its building head) and 户数和人数 (its households and residents).

Every change is a command on the window's undo stack, so Undo puts it back. Names and phones are
personal: they are typed and shown only in these dialogs (masked unless revealed), never in
counts or on the map. The staff register (Edit → Staff register…) is in staff_register.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import shapely
from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QMenu, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from cmdmap.edit.commands import Batch
from cmdmap.edit.commands import AddFeatures, Command, EditError, SetAttributes
from cmdmap.edit.stack import UndoStack
from cmdmap.messages import message
from cmdmap.model.document import Document
from cmdmap.ui.personal_view import RevealBox, shown

ISOLATION_DAYS = 14  # 14 days unless the desk says otherwise (盘龙区: a building with a case, 14 days)


def undo_stack(window: Any) -> UndoStack:
    """The window's undo stack (made on first use when the window has none yet)."""
    stack = getattr(window, "undo_stack", None)
    if stack is None:
        stack = window.undo_stack = UndoStack(window.doc)
    return stack


def building_at(doc: Document, x: float, y: float) -> int | None:
    """The fid of the building under the world point (x, y), or None."""
    b = doc["buildings"]
    if len(b) == 0:
        return None
    hit = np.nonzero(shapely.contains_xy(b.geom, x, y))[0]
    return int(b.fid[hit[0]]) if len(hit) else None


def _new_code(doc: Document, layer: str, prefix: str) -> str:
    lay = doc[layer]
    n = int(lay.next_fid)
    while lay.find(f"{prefix}{n:05d}") is not None:
        n += 1
    return f"{prefix}{n:05d}"


class _Dialog(QDialog):
    """A form with OK/Cancel whose OK pushes a command, or shows why it was refused."""

    def __init__(self, window: Any, title: str) -> None:
        super().__init__(window)
        self.window_, self.doc = window, window.doc
        self.lang = getattr(window, "lang", "zh")
        self.setWindowTitle(title)
        self.box = QVBoxLayout(self)
        self.form = QFormLayout()
        self.box.addLayout(self.form)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.box.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.box.addWidget(buttons)

    def title(self, layer: str, field: str) -> str:
        return self.doc.schema[layer].field(field).title.get(self.lang)

    def command(self) -> Command:
        """The command OK will push (EditError when the input is refused)."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            cmd = self.command()
        except EditError as err:
            self.error.setText(message(err.key, self.lang, **err.params))
            return
        undo_stack(self.window_).push(cmd)
        super().accept()


class IsolationDialog(_Dialog):
    """添加隔离: a new isolation entry for one building."""

    def __init__(self, window: Any, building_fid: int) -> None:
        super().__init__(window, self.tr("Add isolation"))
        b = self.doc["buildings"]
        self.building = b.value(building_fid, "code")
        self.form.addRow(self.title("isolation", "building"), QLabel(self.building))
        self.unit, self.room = QLineEdit(self), QLineEdit(self)
        self.form.addRow(self.title("isolation", "unit"), self.unit)
        self.form.addRow(self.title("isolation", "room"), self.room)
        self.kind = QComboBox(self)
        for c in self.doc.schema["isolation"].field("kind").choices:
            self.kind.addItem(c.title.get(self.lang), c.value)
        self.kind.setCurrentIndex(self.kind.findData("home"))
        self.form.addRow(self.title("isolation", "kind"), self.kind)
        self.persons = QSpinBox(self)
        self.persons.setRange(1, 20)
        self.form.addRow(self.title("isolation", "persons"), self.persons)
        self.start = QDateEdit(QDate.currentDate(), self)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow(self.title("isolation", "start"), self.start)
        self.days = QSpinBox(self)
        self.days.setRange(1, 90)
        self.days.setValue(ISOLATION_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.form.addRow(self.tr("Duration"), self.days)
        self.name, self.phone = QLineEdit(self), QLineEdit(self)
        self.form.addRow(self.title("isolation", "name"), self.name)
        self.form.addRow(self.title("isolation", "phone"), self.phone)

    def record(self) -> dict[str, Any]:
        """The entry as typed."""
        start = self.start.date().toPython()
        return {
            "code": _new_code(self.doc, "isolation", "G"), "building": self.building,
            "unit": self.unit.text().strip() or None, "room": self.room.text().strip() or None,
            "kind": self.kind.currentData(), "persons": self.persons.value(),
            "start": start.isoformat(), "end": (start + dt.timedelta(days=self.days.value())).isoformat(),
            "name": self.name.text().strip() or None, "phone": self.phone.text().strip() or None,
        }

    def command(self) -> Command:
        return AddFeatures(self.doc, "isolation", [self.record()])


class BuildingHeadDialog(_Dialog):
    """设置楼栋长: assign someone already on the staff list, or a new person, as building head."""

    NEW = "__new__"

    def __init__(self, window: Any, building_fid: int) -> None:
        super().__init__(window, self.tr("Set building head"))
        self.building = self.doc["buildings"].value(building_fid, "code")
        self.form.addRow(self.title("isolation", "building"), QLabel(self.building))
        self.person = QComboBox(self)
        self.person.addItem(self.tr("New person…"), self.NEW)
        staff = self.doc["staff"]
        for code, name in zip(staff.cols["code"], staff.cols["name"]):
            self.person.addItem(f"{shown(window, staff.spec, 'name', name)} ({code})", code)
        self.form.addRow(self.doc.schema["assignments"].field("staff").title.get(self.lang), self.person)
        self.name, self.phone = QLineEdit(self), QLineEdit(self)
        self.form.addRow(self.title("staff", "name"), self.name)
        self.form.addRow(self.title("staff", "phone"), self.phone)
        self.person.currentIndexChanged.connect(self._new_or_not)

    def _new_or_not(self) -> None:
        new = self.person.currentData() == self.NEW
        self.name.setEnabled(new)
        self.phone.setEnabled(new)

    def command(self) -> Command:
        doc, cmds = self.doc, []
        code = self.person.currentData()
        if code == self.NEW:
            code = _new_code(doc, "staff", "S")
            cmds.append(AddFeatures(doc, "staff", [{"code": code, "name": self.name.text().strip() or None,
                                                   "phone": self.phone.text().strip() or None,
                                                   "role": "building_head"}]))
        cmds.append(AddFeatures(doc, "assignments", [{
            "code": _new_code(doc, "assignments", "A"), "staff": code, "role": "building_head",
            "target_layer": "buildings", "target": self.building}]))
        return Batch(cmds, self.windowTitle())


class HouseholdsDialog(_Dialog):
    """户数和人数: a building's households and residents."""

    def __init__(self, window: Any, building_fid: int) -> None:
        super().__init__(window, self.tr("Households and residents"))
        self.fid = building_fid
        b = self.doc["buildings"]
        self.form.addRow(self.title("isolation", "building"), QLabel(b.value(building_fid, "code")))
        self.spins = {}
        for f in ("households", "residents"):
            spin = QSpinBox(self)
            spin.setRange(0, 100000)
            spin.setValue(int(b.value(building_fid, f) or 0))
            self.form.addRow(self.title("buildings", f), spin)
            self.spins[f] = spin

    def command(self) -> Command:
        return SetAttributes(self.doc, "buildings", self.fid, {f: s.value() for f, s in self.spins.items()})


class IsolationListDialog(QDialog):
    """本楼隔离登记: a building's isolation entries, with release early and extend."""

    COLUMNS = ("code", "unit", "room", "kind", "persons", "start", "end", "released", "name", "phone")

    def __init__(self, window: Any, building_fid: int) -> None:
        super().__init__(window)
        self.window_, self.doc = window, window.doc
        self.lang = getattr(window, "lang", "zh")
        self.building = self.doc["buildings"].value(building_fid, "code")
        self.setWindowTitle(self.tr("Isolation register: %1").replace("%1", str(self.building)))
        box = QVBoxLayout(self)
        spec = self.doc.schema["isolation"]
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([spec.field(c).title.get(self.lang) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        box.addWidget(self.table)
        row = QHBoxLayout()
        self.reveal = RevealBox(window, self.fill, self)
        row.addWidget(self.reveal)
        self.release = QPushButton(self.tr("Release today"), self)
        self.extend = QPushButton(self.tr("Extend by 7 days"), self)
        add = QPushButton(self.tr("Add isolation…"), self)
        for b in (add, self.release, self.extend):
            row.addWidget(b)
        box.addLayout(row)
        self.release.clicked.connect(lambda: self._change("release"))
        self.extend.clicked.connect(lambda: self._change("extend"))
        add.clicked.connect(lambda: IsolationDialog(window, building_fid).exec() and self.fill())
        self.resize(820, 360)
        self.fill()

    def fill(self) -> None:
        """Show the building's entries."""
        iso = self.doc["isolation"]
        kinds = {c.value: c.title.get(self.lang) for c in self.doc.schema["isolation"].field("kind").choices}
        rows = np.nonzero(iso.cols["building"] == self.building)[0]
        self.fids = [int(iso.fid[r]) for r in rows]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, c in enumerate(self.COLUMNS):
                v = iso.value(int(iso.fid[r]), c)
                text = kinds.get(v, v) if c == "kind" else shown(self.window_, iso.spec, c, v)
                self.table.setItem(i, j, QTableWidgetItem("" if text is None else str(text)))

    def _change(self, what: str) -> None:
        r = self.table.currentRow()
        if r < 0 or r >= len(self.fids):
            return
        fid = self.fids[r]
        iso = self.doc["isolation"]
        if what == "release":
            values = {"released": dt.date.today().isoformat()}
        else:
            end = iso.value(fid, "end") or dt.date.today().isoformat()
            values = {"end": (dt.date.fromisoformat(end) + dt.timedelta(days=7)).isoformat()}
        undo_stack(self.window_).push(SetAttributes(self.doc, "isolation", fid, values))
        self.fill()


class BuildingMenu(QObject):
    """Right-click on a building of the map: the register actions for that building."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        window.canvas.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu:
            canvas = self.window_.canvas
            if canvas.view is not None:
                x, y = canvas.view.device_to_world(event.pos().x(), event.pos().y())
                fid = building_at(self.window_.doc, x, y)
                if fid is not None:
                    self.menu_for(fid).exec(event.globalPos())
                    return True
        return False

    def menu_for(self, fid: int, parent: QWidget | None = None) -> QMenu:
        """The menu for building `fid`."""
        w = self.window_
        menu = QMenu(parent or w)
        menu.addAction(self.tr("Add isolation…"), lambda: IsolationDialog(w, fid).exec())
        menu.addAction(self.tr("Isolation register of this building…"), lambda: IsolationListDialog(w, fid).exec())
        menu.addAction(self.tr("Set building head…"), lambda: BuildingHeadDialog(w, fid).exec())
        menu.addAction(self.tr("Households and residents…"), lambda: HouseholdsDialog(w, fid).exec())
        return menu

