"""Place at coordinates…: paste "102.7123,25.0456" copied from AMap (or Baidu, or a GPS), say which
system it is in, and a gate or site goes there. AMap/Tencent (GCJ-02) and Baidu (BD-09) shift
their coordinates by hundreds of metres; cmdmap undoes that offset (cmdmap.store.chinacoords)
and then projects into the document's CRS with pyproj. Gates still snap onto the nearest
compound boundary.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyproj
import shapely
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout)

from cmdmap.messages import message
from cmdmap.model.placing import gate_spot
from cmdmap.store import chinacoords

FAR_KM = 50.0  # farther than this from the community, the numbers are probably swapped or in another system


def to_map(epsg: int, system: str, lng: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude in `system` (wgs84, gcj02, bd09) → document coordinates in metres."""
    wlng, wlat = chinacoords.to_wgs84(system, lng, lat)
    # CGCS2000 and WGS84 agree to centimetres: EPSG:4490 is the datum of the Gauss–Krüger zones.
    t = pyproj.Transformer.from_crs(4490, epsg, always_xy=True)
    x, y = t.transform(float(wlng), float(wlat))
    return float(x), float(y)


def distance_from_map_km(doc, x: float, y: float) -> float:
    """How far (x, y) is from the community's features, in kilometres (0 on an empty map)."""
    boxes = [shapely.box(*shapely.total_bounds(doc[n].geom)) for n in ("grids", "compounds", "buildings")
             if len(doc[n]) and np.isfinite(shapely.total_bounds(doc[n].geom)).all()]
    if not boxes:
        return 0.0
    return float(shapely.distance(shapely.union_all(boxes), shapely.Point(x, y))) / 1000.0


class CoordinatesDialog(QDialog):
    """Asks for pasted longitude/latitude, their system, and what to place there."""

    def __init__(self, window: Any, target: str = "sites") -> None:
        super().__init__(window)
        self.window_, self.doc, self.lang = window, window.doc, window.lang
        self.setWindowTitle(self.tr("Place at coordinates"))
        box = QVBoxLayout(self)
        form = QFormLayout()
        box.addLayout(form)
        self.text = QLineEdit(self)
        self.text.setObjectName("lnglat")
        self.text.setPlaceholderText("102.7123,25.0456")
        clip = QGuiApplication.clipboard().text().strip() if QGuiApplication.clipboard() else ""
        if clip and chinacoords.parse_lnglat(clip) is not None:
            self.text.setText(clip)
        form.addRow(self.tr("Longitude, latitude"), self.text)
        self.system = QComboBox(self)
        self.system.setObjectName("system")
        for key in ("gcj02", "bd09", "wgs84"):
            zh, en = chinacoords.SYSTEMS[key]
            self.system.addItem(en if self.lang == "en" else zh, key)
        form.addRow(self.tr("Copied from"), self.system)
        self.target = QComboBox(self)
        self.target.setObjectName("target")
        for layer in ("sites", "gates"):
            self.target.addItem(self.doc.schema[layer].title.get(self.lang), layer)
        self.target.setCurrentIndex(max(0, self.target.findData(target)))
        form.addRow(self.tr("Place a"), self.target)
        explain = QLabel(self.tr(
            "AMap (高德) and Tencent maps show GCJ-02 coordinates and Baidu shows BD-09: both are "
            "shifted from GPS by a few hundred metres, and cmdmap removes that shift. Coordinates "
            "from a GPS, Tianditu or OpenStreetMap are WGS84/CGCS2000. Paste longitude first, as "
            "AMap's coordinate picker copies it. A gate goes on the nearest compound boundary."), self)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555")
        box.addWidget(explain)
        self.error = QLabel(self)
        self.error.setObjectName("coordsError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        box.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.setMinimumWidth(460)
        self.point: tuple[float, float] | None = None

    def accept(self) -> None:
        raw = self.text.text().strip()
        parsed = chinacoords.parse_lnglat(raw)
        if parsed is None:
            self.error.setText(message("bad_lnglat", self.lang, text=raw))
            return
        x, y = to_map(self.doc.epsg, self.system.currentData(), *parsed)
        km = distance_from_map_km(self.doc, x, y)
        if km > FAR_KM:
            self.error.setText(message("lnglat_far", self.lang, text=raw, km=f"{km:,.0f}"))
            return
        if self.target.currentData() == "gates" and gate_spot(self.doc, x, y) is None:
            from cmdmap.ui.tools.add_tools import gate_refusal
            key, params = gate_refusal(self.doc, x, y)
            self.error.setText(message(key, self.lang, **params))
            return
        self.point = (x, y)
        super().accept()


def place_at_coordinates(window: Any, target: str = "sites") -> bool:
    """Edit > Place at coordinates…: True when a feature was added."""
    from cmdmap.ui.tools.add_tools import add_gate_at, add_site_at

    dialog = CoordinatesDialog(window, target)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.point is None:
        return False
    x, y = dialog.point
    window.canvas.zoom_to_bounds((x, y, x, y), 150.0)
    if dialog.target.currentData() == "gates":
        spot = gate_spot(window.doc, x, y)
        return spot is not None and add_gate_at(window, spot)
    return add_site_at(window, x, y)
