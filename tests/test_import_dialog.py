"""The import dialog: guessed targets and fields, a preview, one undoable import, a report."""

from pathlib import Path

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
