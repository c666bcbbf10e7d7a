"""GCJ-02 / BD-09: the offsets Chinese web maps apply, and their inverses."""

import numpy as np
import pyproj
import pytest

from cmdmap.store import chinacoords as cc

GEOD = pyproj.Geod(ellps="WGS84")


def metres(lng1, lat1, lng2, lat2):
    return GEOD.inv(lng1, lat1, lng2, lat2)[2]


def china_grid():
    lng, lat = np.meshgrid(np.linspace(74, 134.9, 60), np.linspace(4, 53.4, 50))
    return lng.ravel(), lat.ravel()


def test_known_offset_in_kunming_is_hundreds_of_metres():
    lng, lat = 102.716, 25.062
    g = cc.wgs84_to_gcj02(lng, lat)
    d = metres(lng, lat, float(g[0]), float(g[1]))
    assert 100 < d < 1000
    b = cc.wgs84_to_bd09(lng, lat)
    assert metres(float(g[0]), float(g[1]), float(b[0]), float(b[1])) > 100


def test_gcj02_round_trip_within_half_a_metre_over_china():
    lng, lat = china_grid()
    back = cc.gcj02_to_wgs84(*cc.wgs84_to_gcj02(lng, lat))
    err = metres(lng, lat, back[0], back[1])
    assert err.max() < 0.5
    assert err.max() < 0.01  # in fact far better


def test_bd09_round_trip_within_half_a_metre_over_china():
    lng, lat = china_grid()
    back = cc.bd09_to_wgs84(*cc.wgs84_to_bd09(lng, lat))
    assert metres(lng, lat, back[0], back[1]).max() < 0.5


@pytest.mark.parametrize("lng,lat", [(2.35, 48.85), (-74.0, 40.7), (151.2, -33.9), (139.7, 35.7)])
def test_outside_china_passes_through(lng, lat):
    for fn in (cc.wgs84_to_gcj02, cc.gcj02_to_wgs84, cc.wgs84_to_bd09, cc.bd09_to_wgs84):
        out = fn(lng, lat)
        assert (float(out[0]), float(out[1])) == (lng, lat)


def test_pasted_coordinates():
    assert cc.parse_lnglat("102.716113,25.062345") == (102.716113, 25.062345)
    assert cc.parse_lnglat(" 102.7 ， 25.0 ") == (102.7, 25.0)
    assert cc.parse_lnglat("东经102度") is None
    assert cc.parse_lnglat("500,25") is None
