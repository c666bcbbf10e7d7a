"""Building rosters from Excel and CSV, matched onto the map; nothing changes until confirmed."""

import pytest
from openpyxl import Workbook

from cmdmap.cli import main
from cmdmap.edit import UndoStack
from cmdmap.model.counts import count
from cmdmap.store import gpkg, rosters
from cmdmap.store.tables import read_table
from small_doc import small_doc

ROWS = [
    ["小区名称", "楼号", "户数", "人数", "楼栋编码"],
    ["必填，系统内小区名称", "如3号楼", "可选，总户数", "可选", "可选，保留前导0"],
    ["甲园小区", "1号楼", "12", "33", "0001"],
    ["甲园", "二号楼", "22", "55", "0002"],
    ["乙园", "3栋", "0", "0", "0003"],
    ["乙园", "9栋", "10", "20", "0009"],         # no such building
    ["丙园", "1栋", "10", "20", "0010"],         # no such compound
    ["乙园", "1号楼", "-4", "20", "0011"],       # a negative household count
]


def write_xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=3):
        row[4].number_format = "@"  # a text column, as desks keep codes
    wb.save(path)


def test_xlsx_with_notes_row_and_leading_zeros(tmp_path):
    path = tmp_path / "楼栋花名册.xlsx"
    write_xlsx(path, ROWS)
    t = read_table(path)
    assert t.skipped_notes_row and t.headers[0] == "小区名称"
    assert [r[4] for r in t.rows][:2] == ["0001", "0002"]


def test_roster_matches_by_compound_and_number_and_reports_the_rest(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_xlsx(path, ROWS)
    doc = small_doc()
    plan = rosters.plan_building_roster(doc, read_table(path))
    assert [code for _, code in plan.matched] == ["甲园-1栋", "甲园-2栋", "乙园-3栋"]
    assert [line for line, _ in plan.unmatched] == [6, 7]
    assert plan.conflicts == [(8, "乙园-1栋", "roster_bad_value")]
    assert not doc.is_modified()                    # planning changes nothing
    UndoStack(doc).push(rosters.roster_command(doc, plan))
    g = {r["code"]: r["households"] for r in count(doc, "grid").rows}
    assert g["W1"] == 12 + 22


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_every_encoding_desks_use(tmp_path, encoding):
    path = tmp_path / "roster.csv"
    text = "\n".join(",".join(r) for r in ROWS[:1] + ROWS[2:4]) + "\n"
    path.write_bytes(text.encode(encoding))
    t = read_table(path)
    assert t.headers[:2] == ["小区名称", "楼号"] and t.rows[1][:2] == ["甲园", "二号楼"]


def test_cli_reports_first_and_writes_only_when_confirmed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CMDMAP_LANG", "zh")
    f = tmp_path / "small.gpkg"
    gpkg.create(f, small_doc())
    roster = tmp_path / "roster.xlsx"
    write_xlsx(roster, ROWS)
    before = f.read_bytes()
    assert main(["import", str(roster), "--into", str(f)]) == 0
    out = capsys.readouterr().out
    assert "匹配 3 行，未匹配 2 行，冲突 1 行" in out and "第 6 行未找到楼栋" in out and "--yes" in out
    assert f.read_bytes() == before
    assert main(["import", str(roster), "--into", str(f), "--yes"]) == 0
    doc = gpkg.open_document(f)
    assert doc["buildings"].value(doc["buildings"].find("甲园-2栋"), "households") == 22
