"""The main window: the map in the middle, the community totals beside it, the cursor position,
scale and coordinate system in the status bar, and the File menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QWidget

from cmdmap.model.document import Document
from cmdmap.render import ViewTransform
from cmdmap.ui.canvas import MapCanvas
from cmdmap.ui.lang import ui_language
from cmdmap.ui.totals import TotalsDock

# Windows opened from File > Open stay alive here until they are closed.
_open_windows: set["MainWindow"] = set()


def _crs_name(epsg: int) -> str:
    try:
        from cmdmap.store.crs import crs_name
        return crs_name(epsg)
    except Exception:  # an unknown code must not stop the window from opening
        return f"EPSG:{epsg}"


class MainWindow(QMainWindow):
    """One window per document."""

    def __init__(self, doc: Document, path: str | None = None, lang: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.path = path
        self.lang = lang or ui_language()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.canvas = MapCanvas(doc, self)
        self.setCentralWidget(self.canvas)
        self.totals = TotalsDock(doc, self.lang, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.totals)
        self._build_status_bar()
        self._build_menus()
        self.setWindowTitle(self._title())
        self.canvas.viewChanged.connect(self._show_scale)
        self.canvas.cursorMoved.connect(self._show_position)
        self.resize(1400, 900)
        self.recovery_journal = None
        self.file_lock = None
        self.read_only = False
        if path:  # one writer at a time; the writer gets unsaved work from a crash offered back
            from cmdmap.ui.file_access import claim_for_window
            claim_for_window(self)

    def _title(self) -> str:
        where = Path(self.path).name if self.path else self.tr("demo, not saved")
        name = self.doc.name or self.tr("Untitled community")
        return f"{name} — {where} — cmdmap"

    # -- status bar -----------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.position_label = QLabel(self)
        self.position_label.setMinimumWidth(260)
        self.scale_label = QLabel(self)
        self.scale_label.setMinimumWidth(110)
        self.crs_label = QLabel(_crs_name(self.doc.epsg), self)
        self.crs_label.setToolTip(self.tr("Coordinate reference system: EPSG:%1").replace("%1", str(self.doc.epsg)))
        for w in (self.position_label, self.scale_label, self.crs_label):
            bar.addPermanentWidget(w)

    def _show_position(self, x: float, y: float) -> None:
        self.position_label.setText(self.tr("X %1 m  Y %2 m").replace("%1", f"{x:.1f}").replace("%2", f"{y:.1f}"))

    def _show_scale(self, view: ViewTransform) -> None:
        n = view.scale_denominator
        # Round like a printed scale (1:2,350 rather than 1:2,347.61).
        step = 10 ** max(0, len(str(int(n))) - 3)
        self.scale_label.setText(self.tr("Scale 1:%1").replace("%1", f"{int(round(n / step) * step):,}"))

    # -- menus ----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_dialog)
        file_menu.addAction(self.open_action)
        self.restore_backup_action = QAction(self.tr("&Restore a backup…"), self)
        self.restore_backup_action.triggered.connect(self.restore_backup)
        file_menu.addAction(self.restore_backup_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("E&xit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self._quit)
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        full = QAction(self.tr("&Full extent"), self)
        full.setShortcut(QKeySequence(Qt.Key.Key_Home))
        full.triggered.connect(self.canvas.zoom_full)
        view_menu.addAction(full)
        view_menu.addAction(self.totals.toggleViewAction())

    def open_dialog(self) -> None:
        """Ask for a .gpkg and open it in a new window."""
        start = str(Path(self.path).parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a battle map"), start,
                                              self.tr("GeoPackage files (*.gpkg);;All files (*)"))
        if path:
            open_in_window(path, self)

    def restore_backup(self) -> None:
        """File > Restore a backup…"""
        from cmdmap.ui.backup_restore import restore_dialog
        restore_dialog(self)

    def _quit(self) -> None:
        from PySide6.QtWidgets import QApplication
        QApplication.closeAllWindows()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.canvas.detach()
        self.totals.detach()
        if self.recovery_journal is not None:  # unsaved work stays recoverable
            self.recovery_journal.close(keep=self.doc.is_modified())
        from cmdmap.ui.file_access import release
        release(self)
        _open_windows.discard(self)
        super().closeEvent(event)


def open_in_window(path: str, parent: QWidget | None = None) -> "MainWindow | None":
    """Open the file at `path` in a new window; on a bad file tell the user and return None."""
    from cmdmap.store.errors import StoreError
    from cmdmap.store.gpkg import open_document
    from cmdmap.ui.app import show_store_error

    try:
        doc = open_document(path)
    except StoreError as err:
        show_store_error(parent, err)
        return None
    win = MainWindow(doc, path)
    _open_windows.add(win)
    win.show()
    return win
