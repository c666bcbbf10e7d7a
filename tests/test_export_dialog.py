"""File → Export…: layers, tables and counts into a folder; personal fields only when ticked."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from PySide6.QtCore import Qt


def tick(dialog, wanted: set[str]) -> None:
    for i in range(dialog.layers.count()):
        item = dialog.layers.item(i)
        on = item.data(Qt.ItemDataRole.UserRole) in wanted
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def headers(path):
    wb = load_workbook(path, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return list(rows[0]), rows[1:]


def test_export_writes_layers_tables_and_counts_without_personal_data(window, qtbot, tmp_path):
    from cmdmap.ui.export_dialog import ExportDialog

    dlg = ExportDialog(window, str(tmp_path))
    qtbot.addWidget(dlg)
    assert not dlg.personal.isChecked()          # safe by default
    tick(dlg, {"buildings", "staff"})
    dlg.levels["compound"].setChecked(True)
    dlg.export_button.click()
    names = sorted(p.name for p, _ in dlg.written)
    assert names == ["buildings.geojson", "counts-compound.xlsx", "counts-grid.xlsx", "staff.xlsx"]
    gj = json.loads((tmp_path / "buildings.geojson").read_text(encoding="utf-8"))
    assert len(gj["features"]) == len(window.doc["buildings"])
    lng, lat = gj["features"][0]["geometry"]["coordinates"][0][0]
    assert 97 < lng < 106 and 21 < lat < 29    # Kunming, in WGS84 degrees
    staff_headers, staff_rows = headers(tmp_path / "staff.xlsx")
    assert "姓名" not in staff_headers and "电话" not in staff_headers and "主要职务" in staff_headers
    grid_headers, grid_rows = headers(tmp_path / "counts-grid.xlsx")
    assert grid_headers[:5] == ["编号", "名称", "楼栋", "户数", "人数"] and len(grid_rows) == 64
    assert len(headers(tmp_path / "counts-compound.xlsx")[1]) == len(window.doc["compounds"])


def test_personal_fields_and_amap_coordinates_only_when_asked(window, qtbot, tmp_path):
    from cmdmap.ui.export_dialog import ExportDialog

    plain = tmp_path / "plain"
    amap = tmp_path / "amap"
    plain.mkdir()
    amap.mkdir()
    for folder, system, personal in ((plain, 0, False), (amap, 1, True)):
        dlg = ExportDialog(window, str(folder))
        qtbot.addWidget(dlg)
        tick(dlg, {"gates", "staff"})
        dlg.format.setCurrentIndex(2)             # KML
        assert dlg.system.isEnabled()
        dlg.system.setCurrentIndex(system)
        dlg.personal.setChecked(personal)
        dlg.counts.setChecked(False)
        dlg.table_format.setCurrentIndex(1)       # CSV
        dlg.export_button.click()
    assert "GCJ-02" in dlg.system.itemText(1)
    assert "姓名" in (amap / "staff.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "姓名" not in (plain / "staff.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    a, b = (amap / "gates.kml").read_text(encoding="utf-8"), (plain / "gates.kml").read_text(encoding="utf-8")
    assert a != b and a.count("<Placemark") == b.count("<Placemark") == len(window.doc["gates"])
    dlg.format.setCurrentIndex(1)                 # a Shapefile keeps the map's own system
    assert not dlg.system.isEnabled() and "EPSG:" in dlg.system_note.text()
