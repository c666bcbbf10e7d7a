"""Isolation and staff rosters from Excel and CSV: matched onto the map, reported, one undo step."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from cmdmap.edit import UndoStack
from cmdmap.model.counts import count
from cmdmap.store import people_rosters as pr
from cmdmap.store.tables import read_table
from small_doc import small_doc

ISOLATION = [
    ["小区", "地址", "隔离类型", "开始日期", "隔离天数", "结束日期", "人数", "姓名", "联系电话"],
    ["甲园", "1号楼2单元501", "居家隔离", "2026-11-20", "14", "", "2", "孙八", "13900002222"],
    ["乙园小区", "三号楼101室", "集中", "2026/11/21", "", "2026-12-05", "1", "周九", "13900003333"],
    ["甲园", "2栋", "定点医院", "20261122", "7", "", "", "吴十", ""],
    ["甲园", "9号楼1单元101", "居家", "2026-11-20", "14", "", "1", "郑一", ""],      # no building 9
    ["甲园", "3号楼", "出差", "2026-11-20", "14", "", "1", "王二", ""],              # unknown kind
    ["甲园", "3号楼", "居家", "2026-11-20", "", "2026-11-10", "1", "冯三", ""],      # ends before it starts
    ["甲园", "1号楼2单元501", "居家隔离", "2026-11-20", "14", "", "2", "孙八", ""],  # the same row again
]
STAFF = [
    ["姓名", "职务", "联系电话", "负责网格", "小区", "负责楼栋", "工作单位"],
    ["必填", "必填，如网格员", "可选", "可选，多个用、分隔", "可选", "可选", "可选"],
    ["陈一", "网格员", "13700001111", "W3、网格4", "", "", "社区居委会"],
    ["张三", "网格员", "13800001111", "W3", "", "", ""],          # already listed: only the new assignment
    ["刘二", "楼长", "13700002222", "", "乙园", "1号楼,2号楼", ""],
    ["张三", "楼栋长", "13999999999", "", "甲园", "3栋", ""],     # same name, another phone
    ["何四", "志愿者", "", "W9", "", "", ""],                      # no grid W9
    ["马五", "厨师", "", "W1", "", "", ""],                        # not a role of the grid network
]


def write_csv(path, rows, encoding):
    path.write_bytes(("\n".join(",".join(r) for r in rows) + "\n").encode(encoding))


def write_xlsx(path, rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)


def test_a_gbk_isolation_roster_is_matched_and_reported(tmp_path):
    path = tmp_path / "隔离名单.csv"
    write_csv(path, ISOLATION, "gbk")
    doc = small_doc()
    table = read_table(path)
    assert table.encoding == "gbk" and table.rows[0][7] == "孙八"
    plan = pr.plan_isolation_roster(doc, table)
    assert [b for _, b in plan.matched] == ["甲园-1栋", "乙园-3栋", "甲园-2栋"]
    assert [line for line, _ in plan.unmatched] == [5]
    assert [(line, key) for line, _, key in plan.conflicts] == [
        (6, "roster_bad_kind"), (7, "roster_bad_date"), (8, "roster_already_registered")]
    first, second, third = plan.records
    assert (first["kind"], first["unit"], first["room"], first["start"], first["end"], first["persons"]) == \
        ("home", "2", "501", "2026-11-20", "2026-12-04", 2)
    assert (second["kind"], second["room"], second["end"]) == ("centralised", "101", "2026-12-05")
    assert (third["kind"], third["persons"]) == ("hospital", 1)
    assert [r["code"] for r in plan.records] == ["G0005", "G0006", "G0007"]
    assert not doc.is_modified()  # planning changes nothing

    before = count(doc, "community", as_of=dt.date(2026, 11, 23)).total["isolated"]
    stack = UndoStack(doc)
    stack.push(pr.people_command(doc, plan))
    after = count(doc, "community", as_of=dt.date(2026, 11, 23)).total["isolated"]
    assert after["home"] == before["home"] + 2 and after["centralised"] == before["centralised"] + 1
    stack.undo()  # one step
    assert len(doc["isolation"]) == 4 and not doc.is_modified()


def test_a_staff_roster_with_a_notes_row_adds_people_and_assignments(tmp_path):
    path = tmp_path / "工作人员.xlsx"
    write_xlsx(path, STAFF)
    doc = small_doc()
    table = read_table(path)
    assert table.skipped_notes_row
    plan = pr.plan_staff_roster(doc, table)
    assert [line for line, _ in plan.matched] == [3, 4, 5]
    assert [line for line, _ in plan.unmatched] == [7]
    assert [(line, key) for line, _, key in plan.conflicts] == [(6, "roster_staff_phone_differs"), (8, "roster_bad_role")]
    assert [(r["name"], r["role"], r["code"]) for r in plan.records] == [("陈一", "grid_worker", "S0005"),
                                                                        ("刘二", "building_head", "S0006")]
    assert [(a["staff"], a["role"], a["target"]) for a in plan.assignments] == [
        ("S0005", "grid_worker", "W3"), ("S0005", "grid_worker", "W4"), ("S1", "grid_worker", "W3"),
        ("S0006", "building_head", "乙园-1栋"), ("S0006", "building_head", "乙园-2栋")]
    stack = UndoStack(doc)
    stack.push(pr.people_command(doc, plan))
    rows = {r["code"]: r for r in count(doc, "grid").rows}
    assert rows["W3"]["staff"]["grid_worker"] == 2 and rows["W4"]["staff"]["grid_worker"] == 1
    stack.undo()
    assert len(doc["staff"]) == 4 and len(doc["assignments"]) == 6


def test_column_guesses_and_what_is_missing():
    m = pr.guess_mapping("isolation", ISOLATION[0])
    assert m["address"] == 1 and m["kind"] == 2 and m["days"] == 4 and m["end"] == 5 and m["phone"] == 8
    assert pr.missing_roles("isolation", {k: v for k, v in m.items() if k != "start"}) == ["start"]
    assert pr.missing_roles("staff", pr.guess_mapping("staff", STAFF[0])) == []
    assert pr.parse_date("2026年11月2日").isoformat() == "2026-11-02" and pr.parse_date("下周") is None


def test_the_dialog_maps_columns_previews_and_imports_in_one_step(window, qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from cmdmap.ui.roster_dialog import import_roster

    doc = window.doc
    b = doc["buildings"]
    names = dict(zip(doc["compounds"].column("code"), doc["compounds"].column("name")))
    compound, number = names[b.column("compound")[0]], b.column("number")[0]
    rows = [["所在小区", "住址", "方式", "起始", "天数"],
            [compound, f"{number}1单元302", "居家", "2026-11-22", "14"],
            [compound, "999号楼", "集中", "2026-11-22", "14"]]
    path = tmp_path / "名单.xlsx"
    write_xlsx(path, rows)
    before = len(doc["isolation"])
    seen = {}

    def drive():
        dlg = window.roster_in_progress
        try:
            seen["blocked"] = dlg.import_button.isEnabled()    # 方式/起始 are not guessed: import stays off
            seen["asks"] = dlg.report.toPlainText()
            dlg.combos["kind"].setCurrentIndex(3)            # the user picks 方式 …
            dlg.combos["start"].setCurrentIndex(4)           # … and 起始
            seen["report"] = dlg.report.toPlainText()
            seen["enabled"] = dlg.import_button.isEnabled()
            seen["preview"] = dlg.preview.item(0, 1).text()
            dlg.grab().save(str(tmp_path / "roster.png"))
            dlg.import_button.click()
        finally:
            if dlg.isVisible():
                dlg.reject()

    QTimer.singleShot(0, drive)
    assert import_roster(window, "isolation", str(path))
    assert not seen["blocked"] and "隔离类型" in seen["asks"]
    assert seen["enabled"] and "匹配 1 行，未匹配 1 行" in seen["report"] and "第 3 行" in seen["report"]
    assert seen["preview"] == f"{number}1单元302"
    assert len(doc["isolation"]) == before + 1
    window.undo_stack.undo()
    assert len(doc["isolation"]) == before


def test_cli_reports_then_adds_an_isolation_roster_with_yes(tmp_path, capsys, chinese):
    from cmdmap.cli import main
    from cmdmap.store import gpkg
    into = tmp_path / "t.gpkg"
    gpkg.create(into, small_doc())
    src = tmp_path / "隔离.csv"
    write_csv(src, ISOLATION, "gbk")
    assert main(["import", str(src), "--into", str(into), "--roster", "isolation"]) == 0
    out = capsys.readouterr().out
    assert "匹配 3 行，未匹配 1 行，冲突 3 行" in out and "文件未修改" in out
    assert len(gpkg.open_document(into)["isolation"]) == 4
    assert main(["import", str(src), "--into", str(into), "--roster", "isolation", "--yes"]) == 0
    assert len(gpkg.open_document(into)["isolation"]) == 7


def test_a_full_address_names_its_compound(tmp_path):
    path = tmp_path / "a.csv"
    write_csv(path, [["住址", "类型", "开始日期"], ["乙园2号楼3单元402", "居家", "2026-11-20"],
                     ["甲园小区2号楼101", "集中", "2026-11-21"]], "utf-8")
    plan = pr.plan_isolation_roster(small_doc(), read_table(path))
    assert [b for _, b in plan.matched] == ["乙园-2栋", "甲园-2栋"]
    assert (plan.records[0]["unit"], plan.records[0]["room"], plan.records[0].get("end")) == ("3", "402", None)
