"""Editing features through forms: edit the selected feature's attributes, add a new feature with
its form, delete the selection, copy some fields of the primary feature to the rest of the
selection. Each ends in one command on the window's undo stack, whose text says what it did
("移动楼栋 3栋", "新增大门 东门") so the undo history reads like a log of the desk's work.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QMessageBox

from cmdmap.edit.commands import AddFeatures, Batch, Command, DeleteFeatures, SetAttributes
from cmdmap.messages import message
from cmdmap.model.describe import attributes
from cmdmap.model.document import Document
from cmdmap.model.pick import Picked
from cmdmap.model.placing import feature_name, locate
from cmdmap.ui.attribute_form import AttributeForm
from cmdmap.ui.registers import _Dialog


def layer_word(doc: Document, layer: str, lang: str) -> str:
    """The layer's title as a word in a command text (楼栋, 大门; 'building' in English)."""
    title = doc.schema[layer].title
    return title.zh if lang != "en" else title.en.lower().rstrip("s")


def titled(cmd: Command, key: str, doc: Document, layer: str, name: str, lang: str) -> Command:
    """`cmd` with a text for the undo history, e.g. 移动楼栋 3栋."""
    cmd.text = message(key, lang, layer=layer_word(doc, layer, lang), name=name)
    return cmd


def _derived_now(doc: Document, layer: str, geom: shapely.Geometry | None) -> dict[str, Any]:
    """The derived fields (compound, grid) as the feature's place on the map says now (the stored
    columns are refreshed on save, the placement at once)."""
    if geom is None or layer not in ("buildings", "gates", "sites", "events"):
        return {}
    where = locate(doc, geom, layer)
    return {"compound": where.get("compound"), "grid": where.get("grid")}


def edit_attributes(window: Any, picked: Picked | None) -> bool:
    """Open the form of `picked`; OK pushes one SetAttributes. True when something was stored."""
    doc, lang = window.doc, window.lang
    if picked is None or not doc[picked.layer].has(picked.fid):
        window.statusBar().showMessage(QCoreApplication.translate(
            "FeatureEdits", "Select a feature on the map first."), 5000)
        return False
    lay = doc[picked.layer]
    name = feature_name(doc, picked.layer, picked.fid)
    geom = lay.geometry(picked.fid) if lay.spec.is_spatial else None
    stored = {"n": 0}

    def store(values: dict[str, Any]) -> None:
        cmd = SetAttributes(doc, picked.layer, picked.fid, values)
        window.undo_stack.push(titled(cmd, "cmd_edit", doc, picked.layer, name, lang))
        stored["n"] += 1

    form = AttributeForm(lay.spec, lay.record(picked.fid), lang, window,
                         title=f"{lay.spec.title.get(lang)} {name}", on_accept=store,
                         derived=_derived_now(doc, picked.layer, geom))
    form.exec()
    return stored["n"] > 0


def new_feature(window: Any, layer: str, geom: shapely.Geometry, values: Mapping[str, Any],
                code_from: Callable[[dict[str, Any]], str] | None = None) -> bool:
    """The form of a new feature at `geom`, prefilled with `values`; OK adds it as one step,
    Cancel adds nothing. True when it was added."""
    doc, lang = window.doc, window.lang
    spec = doc[layer].spec
    full = {f.name: values.get(f.name, f.default) for f in spec.fields if not f.derived}
    added = {"n": 0}

    def store(vals: dict[str, Any]) -> None:
        cmd = AddFeatures(doc, layer, [vals], [geom])
        name = vals.get("number") or vals.get("name") or vals.get("code") or ""
        window.undo_stack.push(titled(cmd, "cmd_add", doc, layer, str(name), lang))
        added["n"] += 1
        if cmd.fids is not None and len(cmd.fids):
            window.canvas.select(Picked(layer, int(cmd.fids[0])))

    title = QCoreApplication.translate("FeatureEdits", "New %1").replace("%1", layer_word(doc, layer, lang))
    form = AttributeForm(spec, full, lang, window, title=title, on_accept=store,
                         derived=_derived_now(doc, layer, geom), new=True, code_from=code_from)
    form.exec()
    return added["n"] > 0


def confirm(window: Any, title: str, text: str) -> bool:
    """Ask a yes/no question before a delete that takes more with it than the user may see."""
    return QMessageBox.question(window, title, text) == QMessageBox.StandardButton.Yes


def _delete_warning(doc: Document, layer: str, fids: list[int]) -> str:
    """Why deleting these features deserves a question ('' when it does not)."""
    codes = {doc[layer].value(f, "code") for f in fids}
    names = "、".join(feature_name(doc, layer, f) for f in fids[:5]) + ("…" if len(fids) > 5 else "")
    if layer == "compounds":
        comp = doc.placement.codes_of("buildings", "compound")
        n = int(np.isin(comp, list(codes)).sum())
        if n:
            return QCoreApplication.translate(
                "FeatureEdits", "Compound %1 has %2 buildings. Delete the compound outline anyway? "
                "Its buildings stay on the map.").replace("%1", names).replace("%2", str(n))
    if layer == "buildings":
        entries = int(np.isin(doc["isolation"].column("building"), list(codes)).sum())
        asg = doc["assignments"]
        staff = int(((asg.column("target_layer") == "buildings") & np.isin(asg.column("target"), list(codes))).sum())
        if entries or staff:
            return QCoreApplication.translate(
                "FeatureEdits", "Building %1 has %2 isolation register entries and %3 staff assignments. "
                "They stay in the registers but no longer count in any grid. Delete anyway?"
            ).replace("%1", names).replace("%2", str(entries)).replace("%3", str(staff))
    return ""


def delete_selection(window: Any) -> bool:
    """Delete the selected features (one layer) as one step; True when they were deleted."""
    canvas, doc, lang = window.canvas, window.doc, window.lang
    chosen = canvas.selected_features()
    if not chosen:
        window.statusBar().showMessage(QCoreApplication.translate(
            "FeatureEdits", "Select a feature on the map first."), 5000)
        return False
    layer = chosen[0].layer
    fids = [p.fid for p in chosen]
    warning = _delete_warning(doc, layer, fids)
    if warning and not confirm(window, QCoreApplication.translate("FeatureEdits", "Delete"), warning):
        return False
    names = "、".join(feature_name(doc, layer, f) for f in fids[:5]) + ("…" if len(fids) > 5 else "")
    window.undo_stack.push(titled(DeleteFeatures(doc, layer, fids), "cmd_delete", doc, layer, names, lang))
    canvas.select(None)
    return True


class CopyAttributesDialog(_Dialog):
    """Pick which fields of the primary feature to copy to the other selected features."""

    def __init__(self, window: Any, source: Picked, targets: list[Picked]) -> None:
        super().__init__(window, QCoreApplication.translate("CopyAttributesDialog", "Copy attributes to selection"))
        self.source, self.targets = source, targets
        spec = self.doc[source.layer].spec
        name = feature_name(self.doc, source.layer, source.fid)
        self.form.addRow(QLabel(self.tr("Copy these fields of %1 to the %2 other selected features:")
                                .replace("%1", name).replace("%2", str(len(targets))), self))
        shown = dict((k, v) for k, _, v in attributes(self.doc, source, self.lang))
        self.boxes: dict[str, QCheckBox] = {}
        for f in spec.fields:
            # Codes and numbers name one feature; derived fields follow the map; personal data
            # is never copied in bulk.
            if f.unique or f.derived or f.personal or f.name in ("number", "name"):
                continue
            cb = QCheckBox(f"{f.title.get(self.lang)}: {shown.get(f.name, '')}", self)
            cb.setObjectName(f"copy_{f.name}")
            self.boxes[f.name] = cb
            self.form.addRow(cb)

    def command(self) -> Command | None:
        """One Batch setting the chosen fields on every target; None when no field is ticked."""
        fields = [k for k, cb in self.boxes.items() if cb.isChecked()]
        if not fields:
            return None
        lay = self.doc[self.source.layer]
        values = {k: lay.value(self.source.fid, k) for k in fields}
        cmds = [SetAttributes(self.doc, p.layer, p.fid, values) for p in self.targets]
        titles = "、" if self.lang != "en" else ", "
        text = message("cmd_copy", self.lang, n=len(self.targets),
                       layer=layer_word(self.doc, self.source.layer, self.lang),
                       fields=titles.join(lay.spec.field(k).title.get(self.lang) for k in fields))
        return Batch(cmds, text)

    def accept(self) -> None:
        if not any(cb.isChecked() for cb in self.boxes.values()):
            self.error.setText(self.tr("Tick at least one field to copy."))
            return
        super().accept()  # pushes command(), or shows why it was refused


def copy_attributes(window: Any) -> bool:
    """Edit > Copy attributes to selection: True when something was copied."""
    chosen = window.canvas.selected_features()
    primary = window.canvas.selected
    targets = [p for p in chosen if p != primary]
    if primary is None or not targets:
        window.statusBar().showMessage(QCoreApplication.translate(
            "FeatureEdits", "Click the features to change (Ctrl+click adds one), and Ctrl+click the one to copy from last."), 8000)
        return False
    dialog = CopyAttributesDialog(window, primary, targets)
    return dialog.exec() == QDialog.DialogCode.Accepted
