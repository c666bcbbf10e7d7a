"""Make the README's screenshots of the window on the demo community.

    python3 tools/screenshots.py

Writes docs/battle-map.png (the whole community with the legend and totals) and
docs/compound-closeup.png (果林溪谷 at about 1:1,000: gates, building numbers, households,
isolation markers, a selected building and its attributes). Run it after changing how the map or
the window looks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from cmdmap.demo import build_demo
    from cmdmap.render import ViewTransform
    from cmdmap.ui.app import create_app
    from cmdmap.ui.window import MainWindow

    create_app(lang="zh")
    win = MainWindow(build_demo(), None, lang="zh")
    win.resize(1600, 1000)
    win.show()
    for _ in range(5):
        QApplication.processEvents()
    win.canvas.zoom_full()
    QApplication.processEvents()
    win.grab().save(str(ROOT / "docs" / "battle-map.png"))

    win.resize(1600, 1185)
    win.search.setText("果林溪谷 3栋")
    hit = win.search.go()
    assert hit is not None, "the demo has no 果林溪谷 3栋"
    c = win.canvas
    x, y = c.view.cx, c.view.cy
    c.set_view(ViewTransform(x, y, c.view.mpp, c.width(), c.height(), c.view.dpi).with_scale(1040))
    for _ in range(5):
        QApplication.processEvents()
    win.grab().save(str(ROOT / "docs" / "compound-closeup.png"))
    win.close()


if __name__ == "__main__":
    main()
