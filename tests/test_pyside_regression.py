"""PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a method returning
void, and a drawing loop died with "Fatal Python error: none_dealloc" (DESIGN.md §4). The map
makes hundreds of thousands of such calls, so this pins a sound PySide6.

The loop runs in a child process: a crash there fails this test instead of killing pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 200_000

CHILD = textwrap.dedent(f"""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

    app = QGuiApplication([])
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    pen = QPen(QColor("#333333"))
    point = QPointF()
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        point.setX(float(i))      # void
        painter.setPen(pen)       # void
    after = sys.getrefcount(None)
    painter.end()
    print(before, after)
""")


def test_void_calls_keep_none_alive():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, f"the Qt loop crashed (status {done.returncode}):\n{done.stderr[-2000:]}"
    before, after = (int(v) for v in done.stdout.split()[-2:])
    # 400,000 void calls: a leaking binding loses ~400,000 references; allow a little noise.
    assert after >= before - 1000, f"None lost {before - after} references in {2 * CALLS} void calls"


def test_python_collects_cycles_only_from_the_event_loop(cmdmap_app, qtbot):
    """An automatic collection inside a Qt call that holds Qt's connection mutex can free a
    QObject that needs the same mutex: a hang seen in CI. The app collects from a timer instead."""
    import gc

    assert not gc.isenabled()
    junk = []
    for _ in range(5000):
        a: list = []
        a.append(a)  # a cycle only the collector can free
        junk.append(a)
    del junk, a
    before = gc.get_count()[0]
    qtbot.wait(1300)
    assert gc.get_count()[0] < before
