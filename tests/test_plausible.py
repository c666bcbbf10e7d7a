"""Data that cannot be right is pointed out on open — a building 500 km away, negative households,
10,000 residents in one building — in Chinese, and the file is left as it was."""

from __future__ import annotations

import datetime as dt
import hashlib

import shapely.affinity

from cmdmap.demo import build_demo
from cmdmap.messages import message
from cmdmap.model.plausible import problems
from cmdmap.store import gpkg


def bad_doc():
    doc = build_demo(1, "community", dt.date(2026, 11, 23))
    b = doc["buildings"]
    f0, f1, f2 = (int(f) for f in b.fid[:3])
    # Straight into the columns: edit commands would refuse these, a file from elsewhere may hold them.
    b.set_values(f0, {"households": -5})
    b.set_values(f1, {"residents": 10000})
    b.set_geometry(f2, shapely.affinity.translate(b.geometry(f2), 500_000, 0))
    return doc, b


def test_null_and_invalid_geometries_are_named():
    doc = build_demo(1, "community", dt.date(2026, 11, 23))
    g = doc["gates"]
    g.set_geometry(int(g.fid[0]), None)
    c = doc["compounds"]
    x0, y0 = shapely.get_coordinates(c.geometry(int(c.fid[0])))[0]
    bowtie = shapely.Polygon([(x0, y0), (x0 + 50, y0 + 50), (x0 + 50, y0), (x0, y0 + 50)])
    c.set_geometry(int(c.fid[0]), bowtie)
    found = dict(problems(doc))
    assert found["null_geometry"]["n"] == 1 and found["null_geometry"]["layer"] == "大门"
    assert found["invalid_geometry"]["n"] == 1 and found["invalid_geometry"]["layer"] == "小区"
    assert "无效" in message("invalid_geometry", "zh", **found["invalid_geometry"])


def test_each_kind_is_found_and_named():
    doc, b = bad_doc()
    found = problems(doc)
    keys = [k for k, _ in found]
    assert keys.count("value_out_of_range") == 2 and keys.count("far_features") == 1
    texts = [message(k, "zh", **p) for k, p in found]
    far = next(t for t in texts if "公里" in t)
    assert "楼栋" in far and str(b.value(int(b.fid[2]), "code")) in far
    assert any("户数" in t and "=-5" in t for t in texts)
    assert any("=10000" in t for t in texts)
    assert problems(build_demo(1, "community", dt.date(2026, 11, 23))) == []


def test_window_warns_on_open_and_writes_nothing(tmp_path, cmdmap_app, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cmdmap.ui.window import MainWindow

    doc, _ = bad_doc()
    path = tmp_path / "外来.gpkg"
    gpkg.create(path, doc)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, text: warned.append((t, text))))
    win = MainWindow(gpkg.open_document(path), str(path), lang="zh")
    # not given to qtbot: closed below (a window deletes itself on close)
    assert warned == []  # the map first
    win.show()
    qtbot.waitUntil(lambda: len(warned) == 1)  # once it is drawn
    assert len(warned) == 1 and warned[0][0] == "文件中有不合理的数据"
    assert "公里" in warned[0][1] and "文件没有被改动" in warned[0][1]
    assert not win.doc.is_modified()
    win.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
