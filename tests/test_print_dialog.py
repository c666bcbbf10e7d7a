"""File → Print…: the dialog previews the sheet, refuses bad settings in Chinese, exports, and
remembers its settings in the file."""

from __future__ import annotations

import shutil

import pytest

from cmdmap.printing.settings import PrintSettings
from cmdmap.ui.print_dialog import META_KEY, PrintDialog
from cmdmap.ui.window import MainWindow
from small_doc import small_doc


@pytest.fixture()
def dialog(cmdmap_app, qtbot):
    d = PrintDialog(small_doc(), None, "zh")
    qtbot.addWidget(d)
    return d


def test_file_menu_has_print(cmdmap_app, qtbot):
    win = MainWindow(small_doc(), None, lang="zh")
    qtbot.addWidget(win)
    assert win.print_action.text().startswith("打印")


def test_preview_follows_the_paper(dialog):
    dialog.landscape.setChecked(True)
    dialog.update_preview()
    wide = dialog.preview.pixmap().size()
    assert wide.width() > wide.height()
    dialog.landscape.setChecked(False)
    dialog.update_preview()
    tall = dialog.preview.pixmap().size()
    assert tall.width() < tall.height()
    # Poster tiles and an atlas preview too.
    dialog.mode.setCurrentIndex(dialog.mode.findData("A4"))
    dialog.update_preview()
    assert not dialog.preview.pixmap().isNull()


def test_bad_settings_say_why_and_block_export(dialog):
    dialog.mode.setCurrentIndex(dialog.mode.findData("atlas"))
    dialog.format.setCurrentIndex(dialog.format.findData("png"))
    dialog.update_preview()
    assert "只能输出 PDF" in dialog.problem.text()
    assert not dialog.export_button.isEnabled()


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_export_remembers_settings_in_the_file(dialog, tmp_path):
    dialog.paper.setCurrentIndex(dialog.paper.findData("A2"))
    dialog.title_edit.setText("值班作战图")
    assert dialog.export_to(str(tmp_path / "m.pdf"))
    assert (tmp_path / "m.pdf").stat().st_size > 10_000
    saved = PrintSettings.from_meta(dialog.doc.meta[META_KEY])
    assert saved.paper == "A2" and saved.title == "值班作战图"
    assert dialog.doc.is_modified
    again = PrintDialog(dialog.doc, None, "zh")
    assert again.settings() == saved
    again.close()


def test_micro_grid_atlas_and_phones_off_each_time(cmdmap_app, qtbot):
    doc = small_doc()
    doc.set_meta(META_KEY, PrintSettings(atlas=True, atlas_level="micro", show_staff_names=True,
                                         show_staff_phones=True).to_meta())
    d = PrintDialog(doc, None, "zh")
    qtbot.addWidget(d)
    assert d.mode.currentData() == "atlas-micro" and d.staff_names.isChecked()
    assert not d.staff_phones.isChecked() and d.staff_phones.isEnabled()
    s = d.settings()
    assert s.atlas and s.atlas_level == "micro" and not s.show_staff_phones
    d.staff_phones.setChecked(True)
    assert d.settings().show_staff_phones
    d.mode.setCurrentIndex(d.mode.findData("sheet"))
    assert not d.staff_phones.isEnabled()


def test_the_scanned_plan_can_be_left_out_and_that_is_remembered(cmdmap_app, qtbot, tmp_path):
    from cmdmap.edit import UndoStack
    from cmdmap.edit.backdrops import AddBackdrop
    from test_backdrops import backdrop

    plain = PrintDialog(small_doc(), None, "zh")
    qtbot.addWidget(plain)
    assert plain.backdrop.isHidden()  # no scanned plan: nothing to choose
    doc = small_doc()
    UndoStack(doc).push(AddBackdrop(doc, backdrop(1.0)))
    d = PrintDialog(doc, None, "zh")
    qtbot.addWidget(d)
    assert not d.backdrop.isHidden() and d.backdrop.isChecked()  # printed by default
    d.update_preview()
    with_plan = d.preview.pixmap().toImage()
    d.backdrop.setChecked(False)
    d.update_preview()
    assert d.preview.pixmap().toImage() != with_plan  # the preview shows the choice
    assert d.export_to(str(tmp_path / "m.pdf"))
    assert PrintSettings.from_meta(doc.meta[META_KEY]).backdrop is False
    again = PrintDialog(doc, None, "zh")
    qtbot.addWidget(again)
    assert not again.backdrop.isChecked()


def test_cancelling_the_progress_leaves_no_file(dialog, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    dialog.mode.setCurrentIndex(dialog.mode.findData("atlas"))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)  # the user pressed Cancel
    assert not dialog.export_to(str(tmp_path / "a.pdf"))
    assert not (tmp_path / "a.pdf").exists()
