"""Shared test set-up: Qt runs offscreen (set before anything imports Qt), the checkout is
importable without installing, and Qt tests get the application cmdmap itself would create."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Preferences (Edit → Preferences…) in a throwaway file, never the user's own.
os.environ["CMDMAP_SETTINGS"] = os.path.join(tempfile.mkdtemp(prefix="cmdmap-settings-"), "cmdmap.ini")

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# CI decides whether a change lands: there the property tests run the same examples every time
# (a new random failure would block an unrelated change); on a developer's machine they keep
# exploring, and what they find is kept as an @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CMDMAP_CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def cmdmap_app(qapp):
    """The QApplication as cmdmap sets it up: bundled font, Chinese translator."""
    from cmdmap.ui.app import create_app

    return create_app(lang="zh")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo community in a file (a Chinese name, as desks name them), with a daily snapshot
    so that every register has rows; built once per test module, never written."""
    import datetime as dt

    from cmdmap.demo import build_demo
    from cmdmap.model import snapshots
    from cmdmap.model.counts import count
    from cmdmap.store import gpkg
    doc = build_demo()
    snapshots.take(doc, dt.date(2026, 11, 1), count(doc).total)
    path = tmp_path_factory.mktemp("demo_file") / "果林社区.gpkg"
    gpkg.create(path, doc)
    return path


@pytest.fixture()
def own_file(demo_file, tmp_path):
    """A copy of `demo_file` this test may write."""
    import shutil
    path = tmp_path / demo_file.name
    shutil.copy(demo_file, path)
    return path


@pytest.fixture(scope="module")
def demo():
    """The demo community, built once per test module."""
    from cmdmap.demo import build_demo
    return build_demo()


@pytest.fixture()
def window(cmdmap_app, qtbot, demo):
    """The main window on the demo community, shown at 1400×900."""
    return _shown_window(demo, qtbot)


@pytest.fixture()
def own_window(cmdmap_app, qtbot):
    """A main window on a demo community of its own, for tests that edit the map."""
    from cmdmap.demo import build_demo
    return _shown_window(build_demo(), qtbot)


def _shown_window(doc, qtbot):
    from cmdmap.ui.window import MainWindow
    win = MainWindow(doc, None, lang="zh")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.live_counts.ready)  # built right after the first frame
    return win


@pytest.fixture()
def chinese(monkeypatch):
    """The user's environment asks for Chinese (the default), whatever this machine's locale."""
    monkeypatch.setenv("CMDMAP_LANG", "zh")


@pytest.fixture(autouse=True)
def _no_unexpected_save_prompt(monkeypatch):
    """Closing a window with unsaved changes asks whether to save; a test that does not answer
    that question itself discards, instead of hanging offscreen on a modal box."""
    try:
        import cmdmap.ui.saving as saving
    except ImportError:
        return
    monkeypatch.setattr(saving, "ask_on_close", lambda window: "discard")
