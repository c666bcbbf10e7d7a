"""Georeferencing a scanned plan from control points."""

import numpy as np
import pytest

from cmdmap.model.georef import GeorefError, fit

# A 2000×1500 px scan at 0.25 m/px, rotated 12°, placed in Kunming's CGCS2000 zone.
ANGLE = np.radians(12)
TRUE = np.array([[0.25 * np.cos(ANGLE), 0.25 * np.sin(ANGLE), 572000.0],
                 [0.25 * np.sin(ANGLE), -0.25 * np.cos(ANGLE), 2773500.0]])
PIXELS = np.array([[100, 80], [1900, 120], [1850, 1400], [150, 1450]], dtype=float)


def world(p):
    return p @ TRUE[:, :2].T + TRUE[:, 2]


def test_four_exact_points_are_reproduced_within_a_centimetre():
    # Image rows run down and map y up: a reflection, which the affine fit models.
    f = fit(PIXELS, world(PIXELS), "affine")
    assert f.residuals.max() < 0.01
    assert np.allclose(f.apply([[1000, 700]]), world(np.array([[1000, 700]])), atol=0.01)
    assert np.allclose(f.invert(f.apply(PIXELS)), PIXELS, atol=1e-6)


def test_similarity_keeps_shape_and_fits_exact_points():
    m = np.array([[0.25 * np.cos(ANGLE), -0.25 * np.sin(ANGLE), 572000.0],
                  [0.25 * np.sin(ANGLE), 0.25 * np.cos(ANGLE), 2773500.0]])
    w = PIXELS @ m[:, :2].T + m[:, 2]
    f = fit(PIXELS, w, "similarity")
    assert f.residuals.max() < 0.01


def test_a_wrong_click_shows_the_largest_residual():
    w = world(PIXELS)
    w[2] += [15.0, -10.0]  # the desk clicked the wrong corner on the map
    f = fit(PIXELS, w, "affine")
    assert f.worst == 2 and f.residuals[2] == f.residuals.max() > 3


def test_too_few_or_collinear_points_are_refused():
    with pytest.raises(GeorefError) as e:
        fit(PIXELS[:2], world(PIXELS[:2]), "affine")
    assert e.value.key == "georef_too_few"
    line = np.array([[0, 0], [10, 10], [20, 20]], dtype=float)
    with pytest.raises(GeorefError) as e:
        fit(line, world(line), "affine")
    assert e.value.key == "georef_collinear"
