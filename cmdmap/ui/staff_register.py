"""工作人员登记 (Edit → Staff register…): the people of the grid network and what each is
responsible for.

The list shows every person (name and phone masked unless revealed); below it, the selected
person's assignments to grids, buildings or compounds. Adding a person (with a first assignment),
editing, removing (with their assignments), assigning and unassigning are each one command on the
window's undo stack, so the live counts, the counts dock and the warnings follow, and Undo takes
the step back. The person form is built from layers/staff.toml, so a field added there shows here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shiboken6
from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, QStringListModel, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QCompleter, QDateEdit, QDialog,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from cmdmap.edit.commands import Batch
from cmdmap.edit.commands import AddFeatures, Command, DeleteFeatures, EditError, SetAttributes
from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.personal import mask
from cmdmap.ui.personal_view import RevealBox, revealed, shown
from cmdmap.ui.registers import _Dialog, _new_code, undo_stack

TARGET_LAYERS = ("grids", "buildings", "compounds")
_LISTS = ("code", "name", "phone", "role", "org")  # the list's columns; the form has every field


def _target_code(doc: Document, layer: str, typed: str, lang: str = "zh") -> str:
    """The code of the grid, building or compound typed (its code, or a grid's or compound's
    name); EditError when there is none."""
    lay = doc[layer]
    if lay.find(typed) is not None:
        return typed
    if layer != "buildings":  # building numbers (1栋) repeat from compound to compound
        hit = np.nonzero(lay.cols["name"] == typed)[0]
        if len(hit) == 1:
            return str(lay.cols["code"][hit[0]])
    raise EditError("no_such_target", kind=doc.schema[layer].title.get(lang), code=typed)


class AssignmentFields(QObject):
    """Role, kind of target, target and since: the rows of one assignment, in a form."""

    def __init__(self, dialog: _Dialog, role: str | None = None) -> None:
        super().__init__(dialog)
        doc, lang = dialog.doc, dialog.lang
        self.doc, self.lang = doc, lang
        spec = doc.schema["assignments"]
        self.role = QComboBox(dialog)
        for c in doc.schema.roles:
            self.role.addItem(c.title.get(lang), c.value)
        if role:
            self.role.setCurrentIndex(max(0, self.role.findData(role)))
        self.kind = QComboBox(dialog)
        for c in spec.field("target_layer").choices:
            self.kind.addItem(c.title.get(lang), c.value)
        self.target = QLineEdit(dialog)
        self.target.setPlaceholderText(self.tr("Code, or the name of a grid or compound"))
        self.since = QDateEdit(QDate.currentDate(), dialog)
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        for name, w in (("role", self.role), ("target_layer", self.kind), ("target", self.target), ("since", self.since)):
            dialog.form.addRow(spec.field(name).title.get(lang), w)
        self.kind.currentIndexChanged.connect(self._complete)
        # The feature selected on the map is the likely target.
        picked = getattr(getattr(dialog.window_, "canvas", None), "selected", None)
        if picked is not None and picked.layer in TARGET_LAYERS and doc[picked.layer].has(picked.fid):
            self.kind.setCurrentIndex(self.kind.findData(picked.layer))
            self.target.setText(str(doc[picked.layer].value(picked.fid, "code")))
        self._complete()

    def set_enabled(self, on: bool) -> None:
        """Grey the fields out (the person is added without an assignment) or not."""
        for w in (self.role, self.kind, self.target, self.since):
            w.setEnabled(on)

    def _complete(self) -> None:
        # Codes of the chosen layer (and names of grids and compounds) complete as the user types.
        lay = self.doc[self.kind.currentData()]
        words = [str(c) for c in lay.cols["code"].tolist() if c]
        if "name" in lay.cols:
            words += sorted({str(n) for n in lay.cols["name"].tolist() if n} - set(words))
        completer = QCompleter(QStringListModel(words, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.target.setCompleter(completer)

    def record(self, staff_code: str) -> dict[str, Any]:
        """The assignment as filled in (EditError when the target does not exist)."""
        layer = self.kind.currentData()
        typed = self.target.text().strip()
        if not typed:
            raise EditError("required", field=self.doc.schema["assignments"].field("target").title.get(self.lang))
        return {"code": _new_code(self.doc, "assignments", "A"), "staff": staff_code,
                "role": self.role.currentData(), "target_layer": layer,
                "target": _target_code(self.doc, layer, typed, self.lang),
                "since": self.since.date().toPython().isoformat()}


class PersonDialog(_Dialog):
    """添加人员 / 修改人员: a person's fields from layers/staff.toml; a new person may get a first
    assignment in the same step."""

    def __init__(self, window: Any, fid: int | None = None) -> None:
        super().__init__(window, self.tr("Add person") if fid is None else self.tr("Edit person"))
        self.setMinimumWidth(420)
        staff = self.doc["staff"]
        self.fid = fid
        self.code = _new_code(self.doc, "staff", "S") if fid is None else str(staff.value(fid, "code"))
        self.form.addRow(staff.spec.field("code").title.get(self.lang), QLabel(self.code))
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.kept: set[str] = set()  # masked personal fields: left empty, they keep their value
        for f in staff.spec.fields:
            if f.derived or f.name == "code":
                continue
            old = staff.value(fid, f.name) if fid is not None else None
            if f.choices:
                w: QLineEdit | QComboBox = QComboBox(self)
                for c in f.choices:
                    w.addItem(c.title.get(self.lang), c.value)
                w.setCurrentIndex(max(0, w.findData(old if old is not None else f.default)))
            else:
                w = QLineEdit(self)
                if f.personal and old is not None and not revealed(window):
                    w.setPlaceholderText(mask(old) + self.tr(" (unchanged unless you type)"))
                    self.kept.add(f.name)
                else:
                    w.setText("" if old is None else str(old))
            self.form.addRow(f.title.get(self.lang), w)
            self.inputs[f.name] = w
        self.assign: AssignmentFields | None = None
        self.assign_box: QCheckBox | None = None
        if fid is None:
            self.assign_box = QCheckBox(self.tr("Assign to a grid, building or compound"), self)
            self.assign_box.setChecked(True)
            self.form.addRow(self.assign_box)
            self.assign = AssignmentFields(self, self.inputs["role"].currentData())
            self.assign_box.toggled.connect(self.assign.set_enabled)
            self.inputs["role"].currentIndexChanged.connect(
                lambda: self.assign.role.setCurrentIndex(self.assign.role.findData(self.inputs["role"].currentData())))

    def values(self) -> dict[str, Any]:
        """The fields as typed (masked personal fields left empty are not changed)."""
        out: dict[str, Any] = {}
        for name, w in self.inputs.items():
            if isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif w.text().strip() or name not in self.kept:
                out[name] = w.text().strip() or None
        return out

    def command(self) -> Command:
        doc = self.doc
        if self.fid is not None:
            return SetAttributes(doc, "staff", self.fid, self.values())
        person = AddFeatures(doc, "staff", [{"code": self.code, **self.values()}])
        if self.assign is None or not self.assign_box.isChecked():
            return person
        return Batch([person, AddFeatures(doc, "assignments", [self.assign.record(self.code)])], self.windowTitle())


class AssignDialog(_Dialog):
    """分配: one more assignment for a person."""

    def __init__(self, window: Any, staff_fid: int) -> None:
        super().__init__(window, self.tr("Assign"))
        self.setMinimumWidth(420)
        staff = self.doc["staff"]
        self.code = str(staff.value(staff_fid, "code"))
        self.form.addRow(self.doc.schema["assignments"].field("staff").title.get(self.lang),
                         QLabel(f"{shown(window, staff.spec, 'name', staff.value(staff_fid, 'name'))} ({self.code})"))
        self.fields = AssignmentFields(self, staff.value(staff_fid, "role"))

    def command(self) -> Command:
        return AddFeatures(self.doc, "assignments", [self.fields.record(self.code)])


class StaffModel(QAbstractTableModel):
    """Every person as a row: code, name, phone (masked unless revealed), main role, organisation
    and what they are assigned to. A model, not a widget per cell: a district has 100,000 people."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_, self.doc = window, window.doc
        self.lang = getattr(window, "lang", "zh")
        spec = self.doc.schema["staff"]
        self.headers = [spec.field(c).title.get(self.lang) for c in _LISTS] + [
            self.doc.schema["assignments"].field("target").title.get(self.lang)]
        self._targets: dict[str, list[str]] | None = None

    def reset(self) -> None:
        """Show the document as it is now."""
        self.beginResetModel()
        self._targets = None
        self.endResetModel()

    def targets(self, code: str) -> list[str]:
        """The targets a person is assigned to (worked out for everyone at once, when first asked)."""
        if self._targets is None:
            a = self.doc["assignments"]
            self._targets = {}
            for s, t in zip(a.cols["staff"].tolist(), a.cols["target"].tolist()):
                self._targets.setdefault(s, []).append(str(t))
        return self._targets.get(code, [])

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.doc["staff"])

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        """What cell (row, column) shows."""
        staff = self.doc["staff"]
        code = staff.cols["code"][row]
        if column == len(_LISTS):
            return "、".join(self.targets(code))
        name = _LISTS[column]
        v = staff.cols[name][row]
        if name == "role":
            return staff.spec.field("role").choice_title(v, self.lang) if v else ""
        return shown(self.window_, staff.spec, name, v)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.text(index.row(), index.column())
        return None


class StaffRegister(QDialog):
    """The register itself: people above, the selected person's assignments below."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_, self.doc = window, window.doc
        self.lang = getattr(window, "lang", "zh")
        self.setWindowTitle(self.tr("Staff register"))
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.reveal = RevealBox(window, self.refresh, self)
        top.addWidget(self.reveal)
        top.addStretch(1)
        self.add_button = QPushButton(self.tr("Add person…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        for b in (self.add_button, self.edit_button, self.remove_button):
            top.addWidget(b)
        box.addLayout(top)
        self.model = StaffModel(window)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        box.addWidget(self.table, 3)
        self.assigned_label = QLabel(self)
        box.addWidget(self.assigned_label)
        a = self.doc.schema["assignments"]
        self.asg_fields = ("role", "target_layer", "target", "since")
        self.assignments = QTableWidget(0, len(self.asg_fields), self)
        self.assignments.setHorizontalHeaderLabels([a.field(f).title.get(self.lang) for f in self.asg_fields])
        self.assignments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.assignments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.assignments.horizontalHeader().setStretchLastSection(True)
        self.assignments.verticalHeader().setVisible(False)
        box.addWidget(self.assignments, 2)
        below = QHBoxLayout()
        below.addStretch(1)
        self.assign_button = QPushButton(self.tr("Assign…"), self)
        self.unassign_button = QPushButton(self.tr("Unassign"), self)
        below.addWidget(self.assign_button)
        below.addWidget(self.unassign_button)
        box.addLayout(below)
        self.add_button.clicked.connect(lambda: PersonDialog(window).exec())
        self.edit_button.clicked.connect(self.edit_person)
        self.remove_button.clicked.connect(self.remove_person)
        self.assign_button.clicked.connect(self.assign)
        self.unassign_button.clicked.connect(self.unassign)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_assignments())
        self.asg_fids: list[int] = []
        self.resize(900, 560)
        self._listening = False
        self.refresh()

    # -- following the document (only while shown: a closed register costs nothing) -------------

    def showEvent(self, event) -> None:
        if not self._listening:
            self.doc.subscribe(self._on_change)
            self._listening = True
            self.refresh()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._stop()
        super().hideEvent(event)

    def _stop(self) -> None:
        if self._listening:
            self.doc.unsubscribe(self._on_change)
            self._listening = False

    def _on_change(self, change: Change) -> None:
        if not shiboken6.isValid(self):  # the window went and took the register with it
            self.doc.unsubscribe(self._on_change)
            return
        if change.layer in ("staff", "assignments"):
            self.refresh()

    def refresh(self) -> None:
        """Show the document as it is now, keeping the selected person selected."""
        code = self.current_code()
        self.model.reset()
        staff = self.doc["staff"]
        if code is not None and staff.find(code) is not None:
            self.table.selectRow(staff.row(staff.find(code)))
        self.show_assignments()

    # -- the selection --------------------------------------------------------------------------

    def select(self, code: str) -> None:
        """Select the person with `code`."""
        staff = self.doc["staff"]
        self.table.selectRow(staff.row(staff.find(code)))

    def current_fid(self) -> int | None:
        """The fid of the selected person, or None."""
        rows = self.table.selectionModel().selectedRows()
        staff = self.doc["staff"]
        if not rows or rows[0].row() >= len(staff):
            return None
        return int(staff.fid[rows[0].row()])

    def current_code(self) -> str | None:
        fid = self.current_fid()
        return None if fid is None else str(self.doc["staff"].value(fid, "code"))

    def show_assignments(self) -> None:
        """The selected person's assignments in the lower table."""
        code = self.current_code()
        a = self.doc["assignments"]
        rows = np.nonzero(a.cols["staff"] == code)[0] if code is not None else np.zeros(0, dtype=np.int64)
        self.asg_fids = [int(a.fid[r]) for r in rows]
        self.assignments.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, f in enumerate(self.asg_fields):
                v = a.cols[f][r]
                field = a.spec.field(f)
                text = field.choice_title(v, self.lang) if (field.choices and v) else ("" if v is None else str(v))
                self.assignments.setItem(i, j, QTableWidgetItem(text))
        self.assigned_label.setText(self.tr("Assignments of %1").replace("%1", code) if code else
                                    self.tr("Select a person to see what they are responsible for."))
        for b in (self.edit_button, self.remove_button, self.assign_button):
            b.setEnabled(code is not None)
        self.unassign_button.setEnabled(bool(self.asg_fids))

    # -- the gestures ---------------------------------------------------------------------------

    def edit_person(self) -> None:
        fid = self.current_fid()
        if fid is not None:
            PersonDialog(self.window_, fid).exec()

    def assign(self) -> None:
        fid = self.current_fid()
        if fid is not None:
            AssignDialog(self.window_, fid).exec()

    def remove_person(self) -> None:
        """Remove the selected person and their assignments: one undo step."""
        fid = self.current_fid()
        if fid is None:
            return
        code = self.current_code()
        theirs = self.doc["assignments"].fid[self.doc["assignments"].cols["staff"] == code]
        cmds: list[Command] = [DeleteFeatures(self.doc, "assignments", theirs)] if len(theirs) else []
        cmds.append(DeleteFeatures(self.doc, "staff", [fid]))
        undo_stack(self.window_).push(Batch(cmds, self.tr("Remove person")))

    def unassign(self) -> None:
        """Remove the selected assignment."""
        r = self.assignments.currentRow()
        if 0 <= r < len(self.asg_fids):
            undo_stack(self.window_).push(DeleteFeatures(self.doc, "assignments", [self.asg_fids[r]]))


def open_staff_register(window: Any) -> StaffRegister:
    """Show the window's staff register (one per window, kept while the window lives)."""
    reg = getattr(window, "staff_register_dialog", None)
    if reg is None or not shiboken6.isValid(reg):
        reg = window.staff_register_dialog = StaffRegister(window)
    reg.show()
    reg.raise_()
    return reg
