"""The import dialog: guessed targets and fields, a preview, one undoable import, a report."""

import hashlib
import re
from pathlib import Path

import pytest
import shapely
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


def test_an_osm_extract_opened_from_file_open_starts_a_new_community(cmdmap_app, qtbot, monkeypatch, tmp_path):
    """File › Open… on map.osm: asked in Chinese, the import dialog shows OSM's layers, and the
    new, unsaved map holds 10 compounds, 257 buildings and 26 gates with the ODbL credit; Save As
    writes it and the credit stays in the file."""
    import shutil

    from cmdmap.store import gpkg
    from cmdmap.ui import import_dialog
    from cmdmap.ui.window import open_in_window

    src = tmp_path / "海淀 农大.osm"
    shutil.copy(DATA / "map.osm", src)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    asked, reports, layers = [], [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: reports.append(text))

    def run(dialog):
        layers.extend(dialog.layers_table.item(r, 0).text() for r in range(dialog.layers_table.rowCount()))
        dialog.grab().save(str(tmp_path / "import-dialog.png"))
        dialog.run_import()
    monkeypatch.setattr(import_dialog.ImportDialog, "exec", run)
    win = open_in_window(str(src))
    assert "是可导入的矢量数据" in asked[0] and "新的作战图" in asked[0]
    assert layers == ["居住区（landuse=residential）", "建筑（building=*）", "大门和出入口（barrier=gate、entrance=*）"]
    assert "读取 257，导入 257" in reports[0]
    doc = win.doc
    assert win.path is None and doc.is_modified()
    assert (len(doc["compounds"]), len(doc["buildings"]), len(doc["gates"])) == (10, 257, 26)
    assert NAMED <= set(doc["compounds"].column("name"))
    assert "OpenStreetMap" in doc.meta["credits"]
    qtbot.wait(300)  # the totals recount and the map redraws when the event loop runs
    assert win.totals._values["buildings"].text() == "257"
    # The window opened on an empty map; after the import the view holds the imported area.
    cx, cy = win.canvas.view.device_to_world(win.canvas.width() / 2, win.canvas.height() / 2)
    x0, y0, x1, y1 = shapely.total_bounds(doc["buildings"].geom)
    assert x0 <= cx <= x1 and y0 <= cy <= y1
    win.grab().save(str(tmp_path / "new-map.png"))
    out = tmp_path / "海淀.gpkg"
    gpkg.create(out, doc)
    again = gpkg.open_document(out)
    assert len(again["buildings"]) == 257 and "OpenStreetMap" in again.meta["credits"]
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    doc.mark_saved()
    win.close()


NAMED = {"富润家园", "石科院生活区", "农大小区-北区", "清华东路27号院", "静淑苑", "中建壹品·学府公馆",
         "双泉嘉苑", "学士居", "大华花园别墅"}


def test_undoing_an_osm_import_takes_its_credit_away_too(qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    doc = Document(4548, meta={"community_name": "海淀测试", "credits": "底图：某区规划局"})
    stack = UndoStack(doc)
    dlg = ImportDialog(doc, stack.push, "zh", path=str(DATA / "map.osm"))
    qtbot.addWidget(dlg)
    dlg.run_import()
    assert doc.meta["credits"] == "底图：某区规划局；© OpenStreetMap contributors (ODbL)"
    stack.undo()
    assert doc.meta["credits"] == "底图：某区规划局" and len(doc["buildings"]) == 0
    stack.redo()
    assert "OpenStreetMap" in doc.meta["credits"] and len(doc["buildings"]) == 257
