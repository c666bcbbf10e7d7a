"""Coordinate reference systems: the CGCS2000 3-degree Gauss–Krüger zone for a place (EPSG:4534–4554)."""

from __future__ import annotations

import math
from functools import cache

from pyproj import CRS
from pyproj.enums import WktVersion

# EPSG:4534 is "CGCS2000 / 3-degree Gauss-Kruger CM 75E", then one code per 3° up to 4554 (CM 135E).
FIRST_EPSG = 4534
FIRST_CM = 75
LAST_CM = 135


def epsg_for_lonlat(lon: float, lat: float) -> int:
    """The CGCS2000 3° Gauss–Krüger zone (CM 75E…135E, no zone prefix) whose meridian is nearest `lon`.

    Longitudes outside China's span are clamped to the first or last zone: the series covers
    73.5°E–136.5°E and cmdmap maps Chinese communities. `lat` is accepted for symmetry and checked.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)) or not -90.0 <= lat <= 90.0:
        raise ValueError(f"not a longitude/latitude: {lon}, {lat}")
    cm = 3 * math.floor(lon / 3.0 + 0.5)  # nearest multiple of 3 (x.5 rounds east, consistently)
    cm = min(max(cm, FIRST_CM), LAST_CM)
    return FIRST_EPSG + (cm - FIRST_CM) // 3


@cache
def _crs(epsg: int) -> CRS:
    return CRS.from_epsg(int(epsg))


def crs_name(epsg: int) -> str:
    """The CRS's official name, e.g. 'CGCS2000 / 3-degree Gauss-Kruger CM 114E'."""
    return _crs(epsg).name


def wkt1(epsg: int) -> str:
    """The WKT1 (GDAL flavour) definition GeoPackage readers expect in gpkg_spatial_ref_sys."""
    return _crs(epsg).to_wkt(WktVersion.WKT1_GDAL)


def is_projected(epsg: int) -> bool:
    """True for a CRS in metres (or another linear unit), False for longitude/latitude."""
    return bool(_crs(epsg).is_projected)
