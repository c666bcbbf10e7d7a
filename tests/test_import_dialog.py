"""The import dialog: guessed targets and fields, a preview, one undoable import, a report."""

import hashlib
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cmdmap.edit import UndoStack
from cmdmap.model.document import Document
from cmdmap.ui.import_dialog import ImportDialog

DATA = Path(__file__).parent / "data" / "beijing_cau"


def test_dialog_imports_the_osm_extract_as_one_step(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    doc = Document(4548, meta={"community_name": "海淀测试"})
    stack = UndoStack(doc)
    dlg = ImportDialog(doc, stack.push, "zh", path=str(DATA / "beijing_cau.gpkg"))
    qtbot.addWidget(dlg)
    targets = {dlg.layers_table.item(r, 0).text(): dlg.target_of(r) for r in range(dlg.layers_table.rowCount())}
    assert targets == {"xiaoqu": "compounds", "buildings": "buildings", "gates": "gates"}
    # The compounds' name field is guessed and previewed in Chinese.
    dlg.layers_table.setCurrentCell(0, 0)
    preview = [dlg.mapping_table.item(r, 2).text() for r in range(dlg.mapping_table.rowCount())]
    assert "富润家园" in preview
    dlg.run_import()
    assert (len(doc["compounds"]), len(doc["buildings"]), len(doc["gates"])) == (10, 257, 26)
    assert "读取 257，导入 257" in shown[0]
    assert "OpenStreetMap" in doc.meta["credits"]
    stack.undo()
    assert len(doc["buildings"]) == 0


def test_a_bad_file_is_refused_with_a_message(qtbot, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    bad = tmp_path / "plan.geojson"
    bad.write_text("{ not json", encoding="utf-8")
    doc = Document(4548)
    dlg = ImportDialog(doc, lambda c: None, "zh", path=str(bad))
    qtbot.addWidget(dlg)
    assert warned and "无法读取" in warned[0]
    assert not dlg.import_button.isEnabled()


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gpkg-corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/data/gpkg-corpus")
CORPUS_FILES = sorted(CORPUS.glob("*.gpkg")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_every_corpus_file_imports_its_layers_or_is_refused_in_chinese(path, qtbot, monkeypatch):
    """As a desk would: File › 导入矢量数据… on another tool's GeoPackage, every layer that can go
    somewhere sent there. It imports or says why in Chinese, and the file is never touched."""
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(("report", text)))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    beside = sorted(p.name for p in path.parent.iterdir())
    doc = Document(3857, meta={"community_name": "测试"})
    stack = UndoStack(doc)
    dlg = ImportDialog(doc, stack.push, "zh", path=str(path))
    qtbot.addWidget(dlg)
    if dlg.import_button.isEnabled():
        for r in range(dlg.layers_table.rowCount()):
            combo = dlg.layers_table.cellWidget(r, 3)
            gtype = dlg.layers_table.item(r, 1).text()
            if combo.isEnabled() and combo.currentData() is None and gtype not in ("", "None") and "Line" not in gtype:
                combo.setCurrentIndex(combo.findData("sites" if "Point" in gtype else "compounds"))
        dlg.run_import()
    assert said, "the user is told something"
    kind, text = said[-1]
    assert re.search(r"[\u4e00-\u9fff]", text) and "not recognized" not in text, text
    if kind == "report":
        assert "读取" in text and "导入" in text
        assert any(len(doc[t]) for t in ("compounds", "sites", "buildings", "gates")), text
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in path.parent.iterdir()) == beside


def test_one_unreadable_layer_does_not_keep_the_others_out(cmdmap_app, qtbot, monkeypatch):
    """GDAL's own sample has a GEOMETRY Z layer GDAL cannot read: the rest still import."""
    path = CORPUS / "gdal_sample.gpkg"
    if not path.is_file():
        pytest.skip("corpus not present")
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    doc = Document(3857)
    dlg = ImportDialog(doc, UndoStack(doc).push, "zh", path=str(path))
    qtbot.addWidget(dlg)
    rows = {dlg.layers_table.item(r, 0).text(): r for r in range(dlg.layers_table.rowCount())}
    assert dlg.layers_table.item(rows["geometry3d"], 2).text() == "无法读取"
    assert not dlg.layers_table.cellWidget(rows["geometry3d"], 3).isEnabled()
    for name, target in (("polygon3d", "compounds"), ("multipolygon2d", "compounds"), ("point2d", "sites")):
        combo = dlg.layers_table.cellWidget(rows[name], 3)
        combo.setCurrentIndex(combo.findData(target))
    dlg.run_import()
    # Each layer's row with no geometry is skipped and said so; the multipolygon is split.
    assert len(doc["compounds"]) == 3 and len(doc["sites"]) == 1
    assert "point2d → 点位：读取 2，导入 1" in shown[0] and "没有图形（NULL）: 1" in shown[0]
    assert "geometry3d" in shown[0] and "该图层不导入" in shown[0]
