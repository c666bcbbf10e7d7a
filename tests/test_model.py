"""The document model: Qt-free, checks that find what the desk must fix, commands that undo."""

import subprocess
import sys

import pytest
import shapely

from cmdmap.edit import AddFeatures, DeleteFeatures, EditError, SetAttributes, SetGeometry, UndoStack
from cmdmap.model.check import check
from cmdmap.model.counts import count
from cmdmap.model.schema import default_schema
from small_doc import small_doc


def test_core_never_loads_qt():
    code = (
        "import sys, cmdmap.model.document, cmdmap.model.counts, cmdmap.model.check, cmdmap.edit, "
        "cmdmap.cli, cmdmap.messages\n"
        "import importlib.util\n"
        "for m in ('cmdmap.store.gpkg', 'cmdmap.demo'):\n"
        "    if importlib.util.find_spec(m): __import__(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_layer_declares_code_and_titles():
    s = default_schema()
    for name in ("grids", "compounds", "buildings", "gates", "sites", "risk_zones", "events",
                 "staff", "assignments", "isolation"):
        spec = s[name]
        assert spec.field("code").unique and spec.field("code").required
        assert spec.title.zh and spec.title.en
        assert all(f.title.zh and f.title.en for f in spec.fields)
    assert set(s["isolation"].personal_fields) == {"name", "phone"}
    assert set(s["staff"].personal_fields) == {"name", "phone"}
    assert [c.title.zh for c in s.roles][:3] == ["网格长", "网格员", "楼栋长"]


def test_clean_document_has_only_staffing_warnings():
    problems = check(small_doc())
    assert {p.key for p in problems} == {"building_without_head", "grid_without_worker"}
    assert {p.codes[0] for p in problems if p.key == "grid_without_worker"} == {"W3", "W4"}
    heads = {p.codes[0] for p in problems if p.key == "building_without_head"}
    assert heads == {"甲园-3栋", "乙园-1栋", "乙园-2栋"}  # the shop (0 households) needs none


def test_check_finds_overlap_gap_and_stray_building():
    doc = small_doc()
    stack = UndoStack(doc)
    grids = doc["grids"]
    w2 = grids.find("W2")
    stack.push(SetGeometry(doc, "grids", {w2: shapely.box(40, 0, 90, 100)}))  # overlaps W1, leaves a gap
    stack.push(SetGeometry(doc, "buildings", {doc["buildings"].find("甲园-3栋"): shapely.box(300, 300, 310, 310)}))
    keys = {p.key for p in check(doc)}
    assert {"grid_overlap", "grid_gap", "building_outside_grids"} <= keys
    stack.undo()
    stack.undo()
    assert {p.key for p in check(doc)} == {"building_without_head", "grid_without_worker"}


def test_attribute_edit_undo_redo_and_counts():
    doc = small_doc()
    stack = UndoStack(doc)
    fid = doc["buildings"].find("甲园-1栋")
    stack.push(SetAttributes(doc, "buildings", fid, {"households": "15"}))
    assert count(doc).total["households"] == 155
    assert fid in doc.dirty["buildings"].updated and doc.is_modified()
    stack.undo()
    assert count(doc).total["households"] == 150
    stack.redo()
    assert doc["buildings"].value(fid, "households") == 15


def test_moving_a_building_moves_its_counts():
    doc = small_doc()
    stack = UndoStack(doc)
    fid = doc["buildings"].find("甲园-1栋")
    stack.push(SetGeometry(doc, "buildings", {fid: shapely.box(160, 60, 170, 70)}))
    grid = {r["code"]: r["households"] for r in count(doc, by="grid").rows}
    assert grid["W1"] == 20 and grid["W4"] == 60
    stack.undo()
    assert {r["code"]: r["households"] for r in count(doc, by="grid").rows}["W1"] == 30


@pytest.mark.parametrize("values,key", [
    ({"households": -1}, "below_min"),
    ({"households": "many"}, "not_a_number"),
    ({"kind": "castle"}, "not_a_choice"),
    ({"code": "甲园-2栋"}, "code_taken"),
])
def test_bad_values_are_refused_and_change_nothing(values, key):
    doc = small_doc()
    fid = doc["buildings"].find("甲园-1栋")
    before = doc["buildings"].record(fid)
    with pytest.raises(EditError) as err:
        SetAttributes(doc, "buildings", fid, values)
    assert err.value.key == key
    assert doc["buildings"].record(fid) == before and not doc.is_modified()


def test_add_and_delete_restore_exactly():
    doc = small_doc()
    stack = UndoStack(doc)
    stack.push(AddFeatures(doc, "buildings", [{"code": "甲园-9栋", "number": "9栋", "households": 7}],
                           [shapely.box(20, 45, 30, 55)]))
    assert count(doc).total["households"] == 157
    fid = doc["buildings"].find("甲园-9栋")
    assert fid in doc.dirty["buildings"].added
    stack.push(DeleteFeatures(doc, "buildings", [doc["buildings"].find("乙园-1栋")]))
    assert count(doc).total["households"] == 117
    stack.undo()
    stack.undo()
    assert count(doc).total["households"] == 150
    assert doc["buildings"].find("甲园-9栋") is None
    assert not doc.dirty["buildings"].added


def test_invalid_geometry_is_refused():
    doc = small_doc()
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    with pytest.raises(EditError):
        SetGeometry(doc, "buildings", {doc["buildings"].find("甲园-1栋"): bowtie})
    assert not doc.is_modified()
