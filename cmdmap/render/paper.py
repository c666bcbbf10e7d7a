"""Map paths for vector paper (PDF): snapped to the writer's device grid before Qt writes them.

Qt's PDF engine writes every vertex of a path as device coordinates with six decimals
("670.768307 8875.23200 l", 26 bytes). At 300 units an inch a whole unit is 0.085 mm on paper,
finer than any printer resolves, so rounding to whole units loses nothing visible, halves the
text and makes it compress far better. Rounding also merges vertices closer than that, and a ring
that collapses to a line or a point (a building smaller than ~0.1 mm at the sheet's scale) is left
out: nobody can see it, but it cost bytes.
"""

from __future__ import annotations

import struct

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QIODevice
from PySide6.QtGui import QPainter, QPaintEngine, QPainterPath, QTransform

from cmdmap.render.qpath import _ELEMENT, path_from_arrays

_SNAPPED_ENGINES = (QPaintEngine.Type.Pdf,)


def wants_snapping(painter: QPainter) -> bool:
    """True when `painter` writes vector paper whose size snapping reduces (a PDF)."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() in _SNAPPED_ENGINES


def _elements(path: QPainterPath) -> np.ndarray:
    """The path's elements (type, x, y) as stored by Qt's own serialisation."""
    buf = QByteArray()
    stream = QDataStream(buf, QIODevice.OpenModeFlag.WriteOnly)
    stream << path
    n = struct.unpack(">i", bytes(buf.mid(0, 4).data()))[0]
    return np.frombuffer(bytes(buf.mid(4, n * _ELEMENT.itemsize).data()), dtype=_ELEMENT)


def snapped(path: QPainterPath, to_device: QTransform) -> QPainterPath | None:
    """`path` mapped by `to_device`, rounded to whole device units, repeated vertices merged and
    collapsed rings dropped; None when the path holds curves (draw it as it is)."""
    el = _elements(path)
    if len(el) == 0:
        return path
    kind = el["type"].astype(np.int32)
    if np.any(kind > 1):
        return None
    x, y = el["x"].astype(float), el["y"].astype(float)
    t = to_device
    dx = np.rint(t.m11() * x + t.m21() * y + t.m31())
    dy = np.rint(t.m12() * x + t.m22() * y + t.m32())
    starts = kind == 0
    starts[0] = True
    same = np.r_[False, (dx[1:] == dx[:-1]) & (dy[1:] == dy[:-1])]
    keep = starts | ~same
    dx, dy, starts = dx[keep], dy[keep], starts[keep]
    ring = np.cumsum(starts) - 1
    first = np.nonzero(starts)[0]
    last = np.r_[first[1:], len(dx)] - 1
    count = last - first + 1
    closed = (dx[first] == dx[last]) & (dy[first] == dy[last])
    # A closed ring needs 3 distinct corners (4 vertices with the closing one) to enclose anything.
    alive = np.where(closed, count >= 4, count >= 2)
    if not alive.all():
        mask = alive[ring]
        dx, dy, starts = dx[mask], dy[mask], starts[mask]
    return path_from_arrays(dx, dy, starts, path.fillRule())
