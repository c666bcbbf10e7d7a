"""The staff register (Edit → Staff register…): a person added with an assignment shows at once in
the counts dock and clears its warning, Undo takes the whole step back; names and phones are
masked in the registers' tables until the user reveals them."""

from __future__ import annotations

import pytest
import shiboken6

from cmdmap.ui.staff_register import AssignDialog, PersonDialog, open_staff_register
from small_doc import small_doc


@pytest.fixture()
def demo():
    """The small hand-made community (conftest's `window` opens it), fresh for every test."""
    return small_doc()


@pytest.fixture()
def register(window):
    reg = open_staff_register(window)
    yield reg
    if shiboken6.isValid(reg):  # pytest-qt may have closed the window, and the register with it
        reg.close()


def grid_figures(win, code):
    box = win.counts.level_box
    box.setCurrentIndex(box.findData("grid"))
    return win.counts.figures(code)


def cells(reg, row):
    return [reg.model.text(row, c) for c in range(reg.model.columnCount())]


def test_the_register_opens_from_the_edit_menu(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "编辑(&E)")
    action = next(a for a in edit.actions() if a.text() == "工作人员登记(&S)…")
    action.trigger()
    reg = window.staff_register_dialog
    assert reg.isVisible() and reg.model.rowCount() == 4
    reg.close()


def test_adding_a_grid_worker_to_a_grid_counts_at_once_and_undo_reverts(window, register, qtbot):
    assert grid_figures(window, "W3")["grid_worker"] == 0
    assert "网格 W3 没有网格员" in window.counts.warning_texts()
    workers = window.live_counts.row("community", 0)["staff"]["grid_worker"]
    dialog = PersonDialog(window)
    dialog.inputs["name"].setText("孙八")
    dialog.inputs["phone"].setText("13912345678")
    dialog.inputs["role"].setCurrentIndex(dialog.inputs["role"].findData("grid_worker"))
    assert dialog.assign.role.currentData() == "grid_worker"  # the assignment follows the main role
    dialog.assign.kind.setCurrentIndex(dialog.assign.kind.findData("grids"))
    dialog.assign.target.setText("网格3")  # a grid's name works as well as its code
    dialog.accept()
    assert dialog.result() == 1
    assert grid_figures(window, "W3")["grid_worker"] == 1
    assert window.live_counts.row("community", 0)["staff"]["grid_worker"] == workers + 1
    qtbot.waitUntil(lambda: "网格 W3 没有网格员" not in window.counts.warning_texts())
    assert register.model.rowCount() == 5
    new = cells(register, 4)
    assert new[1] == "孙*" and new[2] == "139****5678" and new[5] == "W3"
    assert not any("孙八" in t or "13912345678" in t for t in window.counts.warning_texts())
    window.undo_stack.undo()  # person and assignment go together
    assert grid_figures(window, "W3")["grid_worker"] == 0
    assert register.model.rowCount() == 4
    assert window.doc["assignments"].find("A7") is None and len(window.doc["assignments"]) == 6
    qtbot.waitUntil(lambda: "网格 W3 没有网格员" in window.counts.warning_texts())


def test_assign_unassign_edit_and_remove_are_each_one_undo_step(window, register):
    register.select("S1")  # 张三, grid worker of W1 and W2
    assert register.assignments.rowCount() == 2
    dialog = AssignDialog(window, register.current_fid())
    dialog.fields.kind.setCurrentIndex(dialog.fields.kind.findData("grids"))
    dialog.fields.target.setText("W4")
    dialog.accept()
    assert grid_figures(window, "W4")["grid_worker"] == 1
    assert register.assignments.rowCount() == 3
    register.assignments.selectRow(2)
    register.unassign()
    assert grid_figures(window, "W4")["grid_worker"] == 0
    window.undo_stack.undo()
    assert grid_figures(window, "W4")["grid_worker"] == 1
    edit = PersonDialog(window, register.current_fid())
    assert edit.inputs["phone"].text() == "" and "138****1111" in edit.inputs["phone"].placeholderText()
    edit.inputs["org"].setText("街道办")
    edit.accept()
    s1 = window.doc["staff"].find("S1")
    assert window.doc["staff"].value(s1, "org") == "街道办"
    assert window.doc["staff"].value(s1, "phone") == "13800001111"  # masked and untouched: kept
    register.remove_person()
    assert grid_figures(window, "W1")["grid_worker"] == 0 and window.doc["staff"].find("S1") is None
    window.undo_stack.undo()
    assert grid_figures(window, "W1")["grid_worker"] == 1 and grid_figures(window, "W4")["grid_worker"] == 1


def test_an_unknown_target_is_refused_and_nothing_changes(window, register):
    register.select("S2")
    n = len(window.doc["assignments"])
    dialog = AssignDialog(window, register.current_fid())
    dialog.fields.kind.setCurrentIndex(dialog.fields.kind.findData("buildings"))
    dialog.fields.target.setText("丙园-9栋")
    dialog.accept()
    assert dialog.result() == 0 and len(window.doc["assignments"]) == n
    assert "丙园-9栋" in dialog.error.text()


def test_phone_masked_by_default_and_shown_after_reveal(window, register):
    register.select("S1")
    assert cells(register, 0)[1:3] == ["张*", "138****1111"]
    assert not window.reveal_action.isChecked()
    register.reveal.setChecked(True)
    assert cells(register, 0)[1:3] == ["张三", "13800001111"]
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "视图(&V)")
    assert window.reveal_action in view.actions() and window.reveal_action.text() == "显示个人信息"
    assert window.reveal_action.isChecked()  # one switch per window: the View menu follows
    window.reveal_action.setChecked(False)
    assert not register.reveal.isChecked() and cells(register, 0)[2] == "138****1111"


def test_the_isolation_register_masks_names_until_revealed(window):
    from cmdmap.ui.registers import IsolationListDialog

    f = window.doc["buildings"].find("乙园-2栋")  # G3, 钱七
    dialog = IsolationListDialog(window, f)
    name_col = dialog.COLUMNS.index("name")
    assert dialog.table.item(0, name_col).text() == "钱*"
    dialog.reveal.setChecked(True)
    assert dialog.table.item(0, name_col).text() == "钱七"
    window.reveal_action.setChecked(False)
    assert dialog.table.item(0, name_col).text() == "钱*"
