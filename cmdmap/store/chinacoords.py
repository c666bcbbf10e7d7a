"""China's map offsets: GCJ-02 (AMap 高德, Tencent 腾讯) and BD-09 (Baidu 百度).

Coordinates copied from Chinese web maps are not WGS84/CGCS2000: GCJ-02 shifts them by a few
hundred metres by a published polynomial, and Baidu's BD-09 adds a further twist. PROJ does not
model either, so cmdmap offers them as explicitly named source systems. The forward transforms
are the well-known closed forms; the inverses are iterated to better than 1 cm.

CGCS2000 and WGS84 agree to a few centimetres, far below what a community map can show, so
"WGS84" here also serves for CGCS2000 longitude/latitude.

All functions take and return numpy arrays (or scalars) of longitude and latitude in degrees.
Outside China the offset does not apply and points pass through unchanged.
"""

from __future__ import annotations

import re

import numpy as np

_A = 6378245.0                     # Krasovsky 1940 semi-major axis, as GCJ-02 uses
_EE = 0.00669342162296594323       # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0

SYSTEMS = {
    "wgs84": ("WGS84 / CGCS2000 经纬度（GPS、天地图、OpenStreetMap）", "WGS84 / CGCS2000 longitude-latitude (GPS, Tianditu, OpenStreetMap)"),
    "gcj02": ("GCJ-02 火星坐标（高德地图、腾讯地图，偏移数百米）", "GCJ-02 (AMap, Tencent Maps; shifted by hundreds of metres)"),
    "bd09": ("BD-09 百度坐标（百度地图，偏移数百米）", "BD-09 (Baidu Maps; shifted by hundreds of metres)"),
}


def in_china(lng, lat) -> np.ndarray:
    """True where the GCJ-02 offset applies (a rectangle around China, as the offset's users do)."""
    lng, lat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    return (lng > 73.66) & (lng < 135.05) & (lat > 3.86) & (lat < 53.55)


def _delta(lng: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 offset (degrees) at a WGS84 point."""
    x, y = lng - 105.0, lat - 35.0
    s6x, s2x = np.sin(6.0 * x * np.pi), np.sin(2.0 * x * np.pi)
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + (20.0 * s6x + 20.0 * s2x) * 2.0 / 3.0
            + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0)
    dlng = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (20.0 * s6x + 20.0 * s2x) * 2.0 / 3.0
            + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlng = dlng * 180.0 / (_A / sqrt_magic * np.cos(rad) * np.pi)
    return dlng, dlat


def wgs84_to_gcj02(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """GPS/CGCS2000 → AMap/Tencent coordinates."""
    lng, lat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    dlng, dlat = _delta(lng, lat)
    inside = in_china(lng, lat)
    return np.where(inside, lng + dlng, lng), np.where(inside, lat + dlat, lat)


def gcj02_to_wgs84(lng, lat, tolerance_deg: float = 1e-9, max_iter: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """AMap/Tencent → GPS/CGCS2000, by fixed-point iteration on the forward transform.

    1e-9 degrees is about 0.1 mm; it converges in a handful of steps because the offset changes
    slowly with position.
    """
    glng, glat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    wlng, wlat = glng.copy(), glat.copy()
    for _ in range(max_iter):
        flng, flat = wgs84_to_gcj02(wlng, wlat)
        elng, elat = flng - glng, flat - glat
        wlng, wlat = wlng - elng, wlat - elat
        if np.all(np.abs(elng) < tolerance_deg) and np.all(np.abs(elat) < tolerance_deg):
            break
    inside = in_china(glng, glat)
    return np.where(inside, wlng, glng), np.where(inside, wlat, glat)


def gcj02_to_bd09(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """AMap/Tencent → Baidu coordinates."""
    x, y = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lng, lat, tolerance_deg: float = 1e-10, max_iter: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Baidu → AMap/Tencent: the closed-form approximation, then refined by iteration."""
    bx, by = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    x, y = bx - 0.0065, by - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    glng, glat = z * np.cos(theta), z * np.sin(theta)
    for _ in range(max_iter):
        flng, flat = gcj02_to_bd09(glng, glat)
        elng, elat = flng - bx, flat - by
        glng, glat = glng - elng, glat - elat
        if np.all(np.abs(elng) < tolerance_deg) and np.all(np.abs(elat) < tolerance_deg):
            break
    return glng, glat


def wgs84_to_bd09(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """GPS/CGCS2000 → Baidu coordinates (inside China; unchanged outside)."""
    lng, lat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    g = gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))
    inside = in_china(lng, lat)
    return np.where(inside, g[0], lng), np.where(inside, g[1], lat)


def bd09_to_wgs84(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """Baidu → GPS/CGCS2000 (inside China; unchanged outside)."""
    lng, lat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    w = gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))
    inside = in_china(lng, lat)
    return np.where(inside, w[0], lng), np.where(inside, w[1], lat)


def to_wgs84(system: str, lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude in `system` ('wgs84', 'gcj02', 'bd09') → WGS84/CGCS2000."""
    if system == "gcj02":
        return gcj02_to_wgs84(lng, lat)
    if system == "bd09":
        return bd09_to_wgs84(lng, lat)
    if system == "wgs84":
        return np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    raise ValueError(system)


def from_wgs84(system: str, lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS84/CGCS2000 → longitude/latitude in `system`."""
    if system == "gcj02":
        return wgs84_to_gcj02(lng, lat)
    if system == "bd09":
        return wgs84_to_bd09(lng, lat)
    if system == "wgs84":
        return np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    raise ValueError(system)


def parse_lnglat(text: str) -> tuple[float, float] | None:
    """'102.7161,25.0625' as copied from AMap's coordinate picker (also with space, ，or ；)."""
    parts = [p for p in re.split(r"[\s,，;；]+", text.strip()) if p]
    if len(parts) != 2:
        return None
    try:
        lng, lat = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        return None
    return lng, lat
