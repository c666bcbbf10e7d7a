"""Exports: layers for other tools and counts for Excel, without personal data unless asked."""

import csv

import pytest
import shapely
from openpyxl import load_workbook

from cmdmap.cli import main
from cmdmap.store import gpkg
from cmdmap.store.sources import read_layer
from small_doc import small_doc


@pytest.fixture()
def small_file(tmp_path):
    path = tmp_path / "small.gpkg"
    gpkg.create(path, small_doc())
    return path


@pytest.mark.parametrize("suffix", [".geojson", ".shp", ".kml"])
def test_layers_round_trip_through_other_formats(small_file, tmp_path, suffix):
    out = tmp_path / f"buildings{suffix}"
    assert main(["export", str(small_file), "--layer", "buildings", "-o", str(out)]) == 0
    src = read_layer(out)
    assert len(src) == 6
    names = {str(v) for col in src.columns.values() for v in col}
    assert "甲园-1栋" in names  # Chinese text survives (Shapefile: UTF-8 with .cpg)
    x0, y0, x1, y1 = shapely.total_bounds(src.geoms)
    if suffix == ".shp":  # the document's CRS, in metres
        assert (x0, y0, x1, y1) == (10.0, 10.0, 190.0, 90.0)
    else:                 # longitude/latitude, as GeoJSON and KML require
        assert -180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90 and x1 - x0 < 0.01


def test_personal_fields_stay_out_unless_asked(small_file, tmp_path):
    out = tmp_path / "iso.csv"
    assert main(["export", str(small_file), "--layer", "isolation", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "钱七" not in text and "姓名" not in text and "甲园-1栋" in text
    assert main(["export", str(small_file), "--layer", "isolation", "-o", str(out), "--include-personal"]) == 0
    assert "钱七" in out.read_text(encoding="utf-8-sig")


def test_counts_to_excel_with_chinese_headers(small_file, tmp_path, monkeypatch):
    monkeypatch.setenv("CMDMAP_LANG", "zh")
    out = tmp_path / "counts.xlsx"
    assert main(["export", str(small_file), "--layer", "counts", "--by", "grid", "--as-of", "2026-11-12", "-o", str(out)]) == 0
    ws = load_workbook(out).active
    rows = list(ws.values)
    assert rows[0][:5] == ("编号", "名称", "楼栋", "户数", "人数")
    assert {r[0]: r[3] for r in rows[1:]} == {"W1": 30, "W2": 30, "W3": 40, "W4": 50}
    out = tmp_path / "counts.csv"
    assert main(["export", str(small_file), "--layer", "counts", "--by", "compound", "-o", str(out)]) == 0
    with open(out, encoding="utf-8-sig") as fh:
        assert next(csv.reader(fh))[3] == "户数"


def test_unknown_format_and_layer_are_refused(small_file, tmp_path, capsys):
    assert main(["export", str(small_file), "--layer", "buildings", "-o", str(tmp_path / "x.doc")]) == 2
    assert main(["export", str(small_file), "--layer", "roads", "-o", str(tmp_path / "x.csv")]) == 2
    assert not (tmp_path / "x.doc").exists() and not (tmp_path / "x.csv").exists()
