"""The main window: the map in the middle, the community totals beside it, the cursor position,
scale and coordinate system in the status bar, and the File menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QWidget

from cmdmap.model.document import Document
from cmdmap.render import ViewTransform
from cmdmap.edit import UndoStack
from cmdmap.ui import saving
from cmdmap.ui.canvas import MapCanvas
from cmdmap.ui.lang import ui_language
from cmdmap.ui.totals import TotalsDock
from cmdmap.ui.properties import PropertiesDock
from cmdmap.ui.search import SearchBox
from cmdmap.ui.legend import LegendDock
from cmdmap.ui.colouring_menu import ColouringMenu
from cmdmap.model.live_counts import LiveCounts
from cmdmap.ui.counts_dock import CountsDock
from cmdmap.model.pick import Picked
from cmdmap.ui.registers import BuildingMenu, undo_stack
from cmdmap.ui.charts_dock import ChartsDock
from cmdmap.ui.tools.toolbar import install_tools
from cmdmap.ui.personal_view import reveal_action
from cmdmap.ui.edit_menu import EditMenu
from cmdmap.ui.problems import ProblemsDock
from cmdmap.ui.grid_colour import GridColourMenu

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
        # Pending until the map's first frame is on screen (cmdmap/ui/opening.py).
        self.live_counts = LiveCounts(doc, build=False)
        self.totals = TotalsDock(doc, self.lang, self, live=self.live_counts)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.totals)
        self.properties = PropertiesDock(doc, self.lang, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.properties)
        self.canvas.selectionChanged.connect(self.properties.show_feature)
        self.search = SearchBox(self.canvas, self.lang, self)
        self.search.notFound.connect(
            lambda text: self.statusBar().showMessage(self.tr("Nothing found for “%1”").replace("%1", text), 5000))
        toolbar = self.addToolBar(self.tr("Search"))
        toolbar.setObjectName("searchToolBar")
        toolbar.addWidget(self.search)
        self.legend = LegendDock(self.canvas, self.lang, self, live=self.live_counts)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.legend)
        self.counts = CountsDock(doc, self.live_counts, self.lang, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.counts)
        self.tabifyDockWidget(self.totals, self.counts)
        self.counts.rowChosen.connect(self.show_feature)
        self.counts.countsWanted.connect(self.finish_opening)
        self.charts = ChartsDock(doc, self.live_counts, self.lang, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.charts)
        self.charts.countsWanted.connect(self.finish_opening)
        self.tabifyDockWidget(self.counts, self.charts)
        self.problems = ProblemsDock(doc, self.canvas, self.lang, self, check_now=False)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems)
        # A strip under the map, not a panel: the map is what the desk looks at.
        self.resizeDocks([self.problems], [120], Qt.Orientation.Vertical)
        # The clicked feature's panel gets room enough for a grid's fields and counts.
        self.resizeDocks([self.totals, self.properties], [420, 380], Qt.Orientation.Vertical)
        self.totals.raise_()  # the community totals are what the desk reads first
        # Every change goes through this stack; the title's [*] shows unsaved changes.
        self.undo_stack = UndoStack(doc)
        self.undo_stack.listeners.append(self._mark_modified)
        self.building_menu = BuildingMenu(self)  # right-click a building: isolation, building head
        self.grid_colour_menu = GridColourMenu(self)  # right-click a grid (map or legend): its colour
        self._build_status_bar()
        self._build_menus()
        self.tool_actions = install_tools(self)
        from cmdmap.ui.tidy_dialog import install_tidy_action
        self.tidy_action = install_tidy_action(self)  # Tools → Tidy grid boundaries…
        self.edit_menu = EditMenu(self)  # edit attributes, delete, copy to selection, undo history
        # Registers and preferences close the Edit menu, after the editing commands.
        self.edit_menu.menu.addSeparator()
        self.staff_register_action = self.edit_menu.menu.addAction(self.tr("&Staff register…"), self.staff_register)
        self.preferences_action = self.edit_menu.menu.addAction(self.tr("&Preferences…"), self.preferences)
        self.setWindowTitle(self._title())
        self.canvas.viewChanged.connect(self._show_scale)
        self.canvas.cursorMoved.connect(self._show_position)
        self.resize(1400, 900)
        doc.subscribe(self._mark_modified)
        self.recovery_journal = None
        self.file_lock = None
        self.read_only = False
        if path:  # one writer at a time; the writer gets unsaved work from a crash offered back
            from cmdmap.ui.file_access import claim_for_window
            claim_for_window(self)
        from cmdmap.ui.opening import after_first_frame
        after_first_frame(self)  # then the registers, the counts, the checks

    def finish_opening(self) -> None:
        """Read the registers, build the counts, fill the docks (done once; at once if called
        before the first frame: whatever needs the counts calls this first)."""
        from cmdmap.ui.opening import finish_opening
        finish_opening(self)

    def _title(self) -> str:
        where = Path(self.path).name if self.path else self.tr("demo, not saved")
        name = self.doc.name or self.tr("Untitled community")
        return f"{name} — {where}[*] — cmdmap"

    def _mark_modified(self, _change=None) -> None:
        self.setWindowModified(self.doc.is_modified())

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
        self.save_action = QAction(self.tr("&Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: saving.save(self))
        file_menu.addAction(self.save_action)
        self.save_as_action = QAction(self.tr("Save &As…"), self)
        self.save_as_action.setShortcut(QKeySequence.StandardKey.SaveAs)
        self.save_as_action.triggered.connect(lambda: saving.save_as(self))
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        self.import_action = QAction(self.tr("&Import vector data…"), self)
        self.import_action.triggered.connect(self.import_dialog)
        file_menu.addAction(self.import_action)
        self.roster_action = QAction(self.tr("Import a building &roster…"), self)
        self.roster_action.triggered.connect(lambda: self.roster_dialog("buildings"))
        file_menu.addAction(self.roster_action)
        self.isolation_roster_action = QAction(self.tr("Import an &isolation roster…"), self)
        self.isolation_roster_action.triggered.connect(lambda: self.roster_dialog("isolation"))
        file_menu.addAction(self.isolation_roster_action)
        self.staff_roster_action = QAction(self.tr("Import a s&taff roster…"), self)
        self.staff_roster_action.triggered.connect(lambda: self.roster_dialog("staff"))
        file_menu.addAction(self.staff_roster_action)
        self.backdrop_action = QAction(self.tr("Add a scanned &plan…"), self)
        self.backdrop_action.triggered.connect(self.add_scanned_plan)
        file_menu.addAction(self.backdrop_action)
        self.export_action = QAction(self.tr("&Export…"), self)
        self.export_action.triggered.connect(self.export_dialog)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        self.restore_backup_action = QAction(self.tr("&Restore a backup…"), self)
        self.restore_backup_action.triggered.connect(self.restore_backup)
        file_menu.addAction(self.restore_backup_action)
        self.print_action = QAction(self.tr("&Print…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_dialog)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("E&xit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self._quit)
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = edit_menu.addAction(self.tr("&Undo"), QKeySequence.StandardKey.Undo, lambda: undo_stack(self).undo())
        self.redo_action = edit_menu.addAction(self.tr("&Redo"), lambda: undo_stack(self).redo())
        self.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        full = QAction(self.tr("&Full extent"), self)
        full.setShortcut(QKeySequence(Qt.Key.Key_Home))
        full.triggered.connect(self.canvas.zoom_full)
        view_menu.addAction(full)
        view_menu.addAction(self.totals.toggleViewAction())
        view_menu.addAction(self.properties.toggleViewAction())
        view_menu.addAction(self.legend.toggleViewAction())
        self.zoom_selection_action = QAction(self.tr("Zoom to &selection"), self)
        self.zoom_selection_action.setShortcut(QKeySequence("Ctrl+J"))
        self.zoom_selection_action.triggered.connect(self.canvas.zoom_to_selection)
        view_menu.addAction(self.zoom_selection_action)
        self.colouring = ColouringMenu(self.canvas, view_menu)
        self.colouring.changed.connect(self.legend.show_colouring)
        view_menu.addAction(self.counts.toggleViewAction())
        view_menu.addAction(self.charts.toggleViewAction())
        view_menu.addAction(self.problems.toggleViewAction())
        # Names and phones in this window's tables: masked until revealed, never saved.
        view_menu.addAction(reveal_action(self))

    def staff_register(self) -> None:
        """Edit → Staff register…: people, their roles and what they are responsible for."""
        from cmdmap.ui.staff_register import open_staff_register
        open_staff_register(self)

    def preferences(self) -> None:
        """Edit → Preferences…: the edit log's name, backups kept, the interface language."""
        from cmdmap.ui.preferences import PreferencesDialog
        PreferencesDialog(self).exec()

    def show_feature(self, layer: str, fid: int) -> None:
        """Select a feature and zoom to it (a row chosen in a table)."""
        self.canvas.select(Picked(layer, int(fid)))
        self.canvas.zoom_to_selection()

    def open_dialog(self) -> None:
        """Ask for a .gpkg and open it in a new window."""
        start = str(Path(self.path).parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a battle map"), start,
            self.tr("GeoPackage files (*.gpkg);;Data to start a new map from (*.osm *.pbf *.shp *.geojson *.json *.kml *.dxf);;All files (*)"))
        if path:
            open_in_window(path, self)

    def restore_backup(self) -> None:
        """File > Restore a backup…"""
        from cmdmap.ui.backup_restore import restore_dialog
        restore_dialog(self)

    def print_dialog(self) -> None:
        """File → Print…: the wall map, a poster or an atlas, with a live preview."""
        from cmdmap.ui.print_dialog import PrintDialog
        self.finish_opening()
        PrintDialog(self.doc, self.path, self.lang, self).exec()

    def _quit(self) -> None:
        from PySide6.QtWidgets import QApplication
        QApplication.closeAllWindows()

    def import_dialog(self) -> None:
        """File > Import vector data…: one undoable step."""
        from cmdmap.ui.import_dialog import ImportDialog
        was_empty = not any(len(layer) for layer in self.doc.layers.values())
        dialog = ImportDialog(self.doc, self.undo_stack.push, self.lang, self)
        dialog.exec()
        if dialog.reports and was_empty:
            self.canvas.zoom_full()  # the view was fitted to nothing: show what came in

    def roster_dialog(self, kind: str = "buildings") -> None:
        """File > Import a building / isolation / staff roster…: map the columns, see how the rows
        match, and change nothing until Import (one undoable step)."""
        from cmdmap.ui.roster_dialog import import_roster
        import_roster(self, kind)

    def export_dialog(self) -> None:
        """File > Export…: layers to GeoJSON/Shapefile/KML, counts to Excel/CSV; no personal data by default."""
        from cmdmap.ui.export_dialog import ExportDialog
        self.finish_opening()
        ExportDialog(self, str(Path(self.path).parent) if self.path else "").exec()

    def add_scanned_plan(self) -> None:
        """File > Add a scanned plan…: georeference a PNG/JPEG and put it under the map (undoable)."""
        from cmdmap.ui.georef_dialog import add_scanned_plan
        add_scanned_plan(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not saving.may_close(self):
            event.ignore()
            return
        self.doc.unsubscribe(self._mark_modified)
        self.canvas.detach()
        self.totals.detach()
        self.properties.detach()
        self.search.detach()
        self.legend.detach()
        self.counts.detach()
        self.charts.detach()
        self.problems.detach()
        self.live_counts.detach()
        if self.recovery_journal is not None:  # unsaved work stays recoverable
            self.recovery_journal.close(keep=self.doc.is_modified())
        from cmdmap.ui.file_access import release
        release(self)
        _open_windows.discard(self)
        super().closeEvent(event)


def backups_exist(path: str) -> bool:
    """True when the file keeps backups beside it."""
    from cmdmap.store.backups import list_backups
    return bool(list_backups(path))


# Files that are not battle maps but can start one (File › Open offers to import them).
IMPORTABLE_SUFFIXES = (".osm", ".pbf", ".shp", ".geojson", ".json", ".kml", ".dxf")


def open_in_window(path: str, parent: QWidget | None = None, offer_backups: bool = True) -> "MainWindow | None":
    """Open the file at `path` in a new window; on a bad file tell the user and return None
    (a damaged file with backups: offer to restore the newest, unless `offer_backups` is False)."""
    from cmdmap.store.errors import StoreError
    from cmdmap.store.gpkg import open_document
    from cmdmap.ui.app import show_store_error

    try:
        doc = open_document(path, defer_registers=True)  # the map first (cmdmap/ui/opening.py)
    except StoreError as err:
        if err.key == "not_cmdmap":
            return offer_import(path, err, parent)
        if err.key == "not_gpkg" and Path(path).suffix.lower() in IMPORTABLE_SUFFIXES:
            # An OpenStreetMap extract, a Shapefile, a CAD plan…: data for a map, not a map.
            return offer_import(path, StoreError("vector_source", path=str(path)), parent)
        if err.key == "damaged" and offer_backups:
            from cmdmap.ui.backup_restore import offer_backup_for_damaged
            if offer_backup_for_damaged(path, err, parent, ui_language()):
                return open_in_window(path, parent, offer_backups=False)  # the damaged one is a backup now
            if backups_exist(path):
                return None  # the question already showed the message
        show_store_error(parent, err)
        return None
    win = MainWindow(doc, path)
    _open_windows.add(win)
    win.show()
    return win


def offer_import(path: str, err, parent: QWidget | None = None) -> "MainWindow | None":
    """Another tool's GeoPackage: offer to bring its layers into a new, unsaved battle map."""
    from PySide6.QtWidgets import QMessageBox

    from cmdmap.model.document import Document
    from cmdmap.store import vector_import
    from cmdmap.store.crs import epsg_for_lonlat
    from cmdmap.store.errors import StoreError
    from cmdmap.ui.app import show_store_error
    from cmdmap.ui.import_dialog import ImportDialog

    lang = ui_language()
    from cmdmap.store.sources import list_layers
    try:
        list_layers(path)  # only rasters or tiles: say so rather than offer an import that cannot be
    except StoreError as e:
        show_store_error(parent, e)
        return None
    question = err.message(lang) + "\n\n" + QCoreApplication.translate("MainWindow", "Import its layers into a new battle map now?")
    if QMessageBox.question(parent, QCoreApplication.translate("MainWindow", "Open"), question) != QMessageBox.StandardButton.Yes:
        return None
    try:
        lng, lat = vector_import.lonlat_centre(path)
    except StoreError as e:
        show_store_error(parent, e)
        return None
    doc = Document(epsg_for_lonlat(lng, lat), meta={"community_name": Path(path).stem, "community_code": Path(path).stem})
    win = MainWindow(doc, None, lang)
    _open_windows.add(win)
    win.show()
    dialog = ImportDialog(doc, win.undo_stack.push, lang, win, path=path)
    dialog.exec()
    if dialog.reports:
        win.canvas.zoom_full()  # the window opened on an empty map: show what came in
    return win
