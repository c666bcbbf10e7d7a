"""Starting the program: the QApplication with the bundled font and the translator, then the main
window on a file (or on the built-in demo community)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cmdmap import __version__
from cmdmap.paths import resources_dir
from cmdmap.render.fonts import FONT_FAMILY, load_bundled_fonts
from cmdmap.ui.lang import ui_language
from cmdmap.ui.preferences import load_saved

_translators: list[QTranslator] = []  # kept alive: Qt does not own installed translators


def install_translator(app: QCoreApplication, lang: str) -> bool:
    """Speak `lang` ('zh' or 'en'): cmdmap's own strings and Qt's (dialog buttons and the like)."""
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator()
    loaded = ours.load("cmdmap_zh_CN", str(resources_dir() / "i18n"))
    qt_own = QTranslator()
    if qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _translators.append(qt_own)
    if loaded:
        app.installTranslator(ours)
        _translators.append(ours)
    return loaded


def create_app(argv: list[str] | None = None, lang: str | None = None) -> QApplication:
    """The application (reused if one exists), with the bundled CJK font as its font."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("cmdmap")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("cmdmap")
    # The bundled family first, so Chinese never shows as boxes where no CJK font is installed.
    if FONT_FAMILY in load_bundled_fonts():
        font = QFont(app.font())
        font.setFamilies([FONT_FAMILY, *font.families()])
        app.setFont(font)
    load_saved()  # the edit log's name and the interface language the user chose
    install_translator(app, lang or ui_language())
    _collect_garbage_on_the_event_loop()
    return app


_collector = None


def _collect_garbage_on_the_event_loop() -> None:
    """Run Python's cycle collector from a GUI-thread timer instead of whenever it triggers.

    Left automatic, a collection can start inside a Qt call that holds one of Qt's internal
    mutexes (seen: QObject::disconnect while pyqtgraph re-parents a chart item) and free a
    QObject whose destructor needs that same mutex: the window hangs for good. A collection may
    also start on the Problems dock's worker thread and destroy Qt objects there. From the event
    loop neither can happen. (pyqtgraph's own recipe for this, same thresholds.)"""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector
        _collector = GarbageCollector(interval=1.0)


def show_store_error(parent: QWidget | None, err, lang: str | None = None) -> None:
    """Tell the user why a file cannot be opened."""
    text = err.message(lang or ui_language())
    QMessageBox.critical(parent, QCoreApplication.translate("App", "Cannot open the file"), text)


def run(path: str | None = None) -> int:
    """Show the window on `path` (the demo community when None); the exit status."""
    from cmdmap.store.errors import StoreError
    from cmdmap.ui.window import MainWindow

    app = create_app()
    if path is None:
        from cmdmap.demo import build_demo
        doc = build_demo()
    else:
        from cmdmap.store.gpkg import open_document
        try:
            doc = open_document(path, defer_registers=True)  # the map first (cmdmap/ui/opening.py)
        except StoreError as err:
            from cmdmap.ui.window import IMPORTABLE_SUFFIXES, offer_import
            if err.key == "not_gpkg" and Path(path).suffix.lower() in IMPORTABLE_SUFFIXES:
                err = StoreError("vector_source", path=str(path))  # `cmdmap map.osm`: start a map from it
            if err.key in ("not_cmdmap", "vector_source"):  # another tool's data: offer to import it
                window = offer_import(path, err)
                return app.exec() if window is not None else 2
            if err.key == "damaged":
                from cmdmap.ui.window import backups_exist, open_in_window
                from cmdmap.ui.backup_restore import offer_backup_for_damaged
                if offer_backup_for_damaged(path, err, None, ui_language()):
                    return app.exec() if open_in_window(path, offer_backups=False) is not None else 2
                if backups_exist(path):
                    return 2  # the question already showed the message
            show_store_error(None, err)
            return 2  # as the CLI does for bad input; nothing was written
    window = MainWindow(doc, path)
    window.show()
    return app.exec()
