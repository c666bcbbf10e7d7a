"""Paths for PDF paper: snapped to whole device units, repeated vertices merged, specks dropped."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QTransform

from cmdmap.render.paper import _elements, snapped
from cmdmap.render.qpath import path_from_arrays


def test_rings_are_rounded_merged_and_specks_dropped(cmdmap_app):
    # A 10 m square, a 0.1 m speck (a quarter of a device unit) and a square with a vertex 1 cm from its neighbour.
    x = np.array([0, 10, 10, 0, 0, 49.9, 50, 50, 49.9, 49.9, 20, 30, 30.01, 30, 20, 20], float)
    y = np.array([0, 0, 10, 10, 0, 49.9, 49.9, 50, 50, 49.9, 0, 0, 0, 10, 10, 0], float)
    starts = np.zeros(len(x), bool)
    starts[[0, 5, 10]] = True
    path = path_from_arrays(x, y, starts, Qt.FillRule.WindingFill)
    to_device = QTransform(2.5, 0, 0, -2.5, 100.3, 400.7)   # 0.4 m a device unit, y down
    out = _elements(snapped(path, to_device))
    assert np.all(out["x"] == np.round(out["x"])) and np.all(out["y"] == np.round(out["y"]))
    assert list(out["type"]).count(0) == 2                   # the speck is gone
    assert len(out) == 10                                    # 5 + 5: the near-duplicate vertex merged
    assert (out["x"][0], out["y"][0]) == (100.0, 401.0)
    assert snapped(path, to_device).fillRule() == Qt.FillRule.WindingFill
