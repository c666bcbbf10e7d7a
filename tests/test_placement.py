"""Placing polygons and points the fast way (boxes from the tree, exact tests on prepared targets)
gives exactly what the straightforward rule gives: on partitions with buildings straddling, outside, on a
boundary or touching an edge, on overlapping targets (bad data), and on the demo community."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cmdmap.model.placement import Placement, Targets, _points_on_surface, locate_points, locate_polygons


def reference_locate_points(geoms: np.ndarray, targets: Targets) -> np.ndarray:
    """The point rule as first written: the tree tests `intersects`; the first it gives wins."""
    out = np.full(len(geoms), -1, dtype=np.int64)
    if len(geoms) == 0 or len(targets) == 0:
        return out
    src = np.nonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))[0]
    pi, pj = targets.tree.query(shapely.point_on_surface(geoms[src]), predicate="intersects")
    first = np.full(len(src), -1, dtype=np.int64)
    first[pi[::-1]] = pj[::-1]
    out[src] = first
    return out


def reference_locate_polygons(geoms: np.ndarray, targets: Targets) -> np.ndarray:
    """The rule as first written: the tree tests `intersects` on every polygon; straddlers (two
    targets or more) go to the largest intersection, the tree's order breaking ties."""
    out = reference_locate_points(geoms, targets)
    if len(geoms) == 0 or len(targets) == 0:
        return out
    src = np.nonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))[0]
    qi, qj = targets.tree.query(geoms[src], predicate="intersects")
    if len(qi):
        per = np.bincount(qi, minlength=len(src))
        multi = per[qi] > 1
        if multi.any():
            mi, mj = qi[multi], qj[multi]
            areas = shapely.area(shapely.intersection(geoms[src][mi], targets.geoms[mj]))
            order = np.lexsort((-areas, mi))
            mi, mj, areas = mi[order], mj[order], areas[order]
            starts = np.r_[True, mi[1:] != mi[:-1]]
            best_i, best_j, best_a = mi[starts], mj[starts], areas[starts]
            ok = best_a > 0
            out[src[best_i[ok]]] = best_j[ok]
    return out


def _targets(geoms: list) -> Targets:
    arr = np.array(geoms, dtype=object)
    return Targets.of("grids", np.arange(len(arr)), arr)


def _assert_same(polys: list, targets: Targets) -> None:
    geoms = np.array(polys, dtype=object)
    want = reference_locate_polygons(geoms, targets)
    assert np.array_equal(locate_polygons(geoms, targets), want)
    # As Placement calls it: the points on the surface found beforehand (and targets prepared now).
    assert np.array_equal(locate_polygons(geoms, targets, _points_on_surface(geoms)), want)
    # Points (and polygons by their point on the surface): corners, edges, inside, outside.
    corners = shapely.get_coordinates(np.array([g for g in polys if g is not None], dtype=object))
    points = np.array([*shapely.points(corners), *geoms], dtype=object)
    assert np.array_equal(locate_points(points, targets), reference_locate_points(points, targets))


coord = st.integers(-3, 23).map(lambda v: v / 2)  # half-metres: edges and corners often coincide


@st.composite
def partition(draw) -> list:
    """Rectangles tiling [0, 10]², cut at random (touching edges and corners everywhere)."""
    xs = sorted(set(draw(st.lists(st.integers(1, 19), max_size=5)) + [0, 20]))
    ys = sorted(set(draw(st.lists(st.integers(1, 19), max_size=5)) + [0, 20]))
    cells = [shapely.box(x0 / 2, y0 / 2, x1 / 2, y1 / 2)
             for x0, x1 in zip(xs, xs[1:]) for y0, y1 in zip(ys, ys[1:])]
    # Sometimes two neighbours merged into an L or a long block, or one cell missing (a hole in the cover).
    if len(cells) > 2 and draw(st.booleans()):
        i = draw(st.integers(0, len(cells) - 2))
        cells[i] = shapely.union(cells[i], cells[i + 1]).normalize()
        del cells[i + 1]
    if len(cells) > 1 and draw(st.booleans()):
        del cells[draw(st.integers(0, len(cells) - 1))]
    return draw(st.permutations(cells))  # rows in any order: the tree's order is not the rows' order


@st.composite
def polygon(draw):
    """A box or a triangle anywhere near the targets (inside, straddling, outside, on an edge)."""
    x0, y0 = draw(coord), draw(coord)
    w, h = draw(st.integers(1, 8).map(lambda v: v / 2)), draw(st.integers(1, 8).map(lambda v: v / 2))
    if draw(st.booleans()):
        return shapely.box(x0, y0, x0 + w, y0 + h)
    tri = shapely.Polygon([(x0, y0), (x0 + w, y0), (x0 + draw(st.integers(0, 4)) / 2, y0 + h)])
    return tri if tri.is_valid and tri.area > 0 else shapely.box(x0, y0, x0 + w, y0 + h)


buildings = st.lists(st.one_of(polygon(), polygon(), st.sampled_from([None, shapely.Polygon()])), max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partition(), buildings)
@example([shapely.box(0, 0, 5, 10), shapely.box(5, 0, 10, 10)],
         [shapely.box(4, 1, 6, 2),     # straddles evenly: point on the shared edge, equal areas
          shapely.box(3, 1, 5, 2),     # touches the edge from the left
          shapely.box(4, 1, 7, 2),     # mostly in the right one, point in the left one
          shapely.box(11, 1, 12, 2),   # outside
          shapely.box(10, 1, 12, 2),   # touches the outer edge from outside
          shapely.box(9, -1, 11, 1)])  # over a corner, partly outside
def test_fast_equals_reference_on_partitions(cells, polys):
    _assert_same(polys, _targets(cells))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(polygon(), min_size=1, max_size=24), buildings)
@example([shapely.box(0, 0, 4, 4), shapely.box(0, 0, 4, 4), shapely.box(2, 0, 6, 4)],
         [shapely.box(1, 1, 2, 2), shapely.box(2.5, 1, 3.5, 2), shapely.box(3, 1, 5, 2)])
def test_fast_equals_reference_on_overlapping_targets(targets, polys):
    """Bad data: targets that overlap (the same one twice, nested, crossing)."""
    _assert_same(polys, _targets(targets))


def test_no_targets_or_no_polygons():
    t = _targets([shapely.box(0, 0, 1, 1)])
    assert locate_polygons(np.array([], dtype=object), t).tolist() == []
    assert locate_polygons(np.array([shapely.box(0, 0, 1, 1)], dtype=object), _targets([])).tolist() == [-1]
    assert locate_polygons(np.array([None, shapely.Polygon()], dtype=object), t).tolist() == [-1, -1]


def test_demo_placement_equals_reference(demo):
    """The whole community through Placement (as at district scale) and through the plain rule."""
    p = Placement(demo)
    geoms = demo["buildings"].geom
    for lv, t in p.levels.items():
        assert np.array_equal(p.where["buildings"][lv], reference_locate_polygons(geoms, t)), lv
    for lv in ("zone", "grid", "micro"):
        assert np.array_equal(p.grid_in[lv], reference_locate_points(demo["grids"].geom, p.levels[lv])), lv
    for layer in ("sites", "events", "gates"):
        for lv in ("zone", "grid", "micro"):
            want = reference_locate_points(demo[layer].geom, p.levels[lv])
            assert np.array_equal(p.where[layer][lv], want), (layer, lv)
    # Most buildings are placed at the grid level, a few straddle: both paths were exercised.
    assert (p.where["buildings"]["grid"] >= 0).mean() > 0.9
