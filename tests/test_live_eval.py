"""The live counts' per-row evaluation of isolation entries and staff assignments, and the way
building vectors are added up, give exactly what their first (loop by loop) versions gave, on
whatever a file may hold: unknown kinds, roles, layers and codes, missing or empty dates, dates as
objects, codes given twice, and on any rows (none, one, all, some twice)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdmap.demo import build_demo
from cmdmap.model.counts import ISOLATION_KINDS
from cmdmap.model.live_counts import FAR, LiveCounts, _add_rows
from cmdmap.model.placement import COUNT_LEVELS, GRID_LEVELS

DAY = dt.date(2026, 11, 12)
RANK = {lv: k for k, lv in enumerate(GRID_LEVELS)}


def ref_iso_eval(lc, rows):
    iso = lc.doc["isolation"]
    day = lc.as_of.isoformat()
    kc = {k: 3 + j for j, k in enumerate(ISOLATION_KINDS)}
    col = np.fromiter((kc.get(k, -1) for k in iso.cols["kind"][rows]), np.int64, len(rows))
    start, end, rel = (np.array([v or FAR for v in iso.cols[f][rows]], dtype="U10")
                       for f in ("start", "end", "released"))
    n = np.nan_to_num(iso.cols["persons"][rows].astype(float), nan=0.0)
    active = (start <= day) & (day < end) & (day < rel) & (n != 0)
    col[~active] = -1
    brow = np.fromiter((lc._bcode.get(c, -1) for c in iso.cols["building"][rows]), np.int64, len(rows))
    return brow, col, n


def ref_person_ids(pid, codes):
    return np.fromiter((pid.setdefault(str(c), len(pid)) for c in codes), np.int64, len(codes))


def ref_asg_eval(lc, rows):
    doc = lc.doc
    a = doc["assignments"]
    n = len(rows)
    base = 3 + len(ISOLATION_KINDS)
    rc = {r: base + k for k, r in enumerate(lc.roles)}
    col = np.fromiter((rc.get(r, -1) for r in a.cols["role"][rows]), np.int64, n)
    tl, target = a.cols["target_layer"][rows], a.cols["target"][rows]
    isb, isc, isg = tl == "buildings", tl == "compounds", tl == "grids"
    out = {"col": col, "person": ref_person_ids(lc._pid, a.cols["staff"][rows]),
           "brow": np.full(n, -1, np.int64), "grow": np.full(n, -1, np.int64)}
    out["brow"][isb] = [lc._bcode.get(c, -1) for c in target[isb]]
    for lv in COUNT_LEVELS:
        out[lv] = np.full(n, -1, np.int64)
    out["community"][:] = 0
    ccode = {c: i for i, c in enumerate(lc.codes["compound"])}
    out["compound"][isc] = [ccode.get(c, -1) for c in target[isc]]
    grids = doc["grids"]
    gi = np.nonzero(isg)[0]
    if len(gi):
        g = np.array([-1 if (f := grids.find(c)) is None else grids.row(f) for c in target[gi]], np.int64)
        out["grow"][gi] = g
        glv = np.where(g >= 0, grids.cols["level"][np.maximum(g, 0)], None)
        rank = np.array([RANK.get(x, -1) for x in glv], np.int64)
        for lv in GRID_LEVELS:
            ok = (g >= 0) & (rank >= RANK[lv])
            out[lv][gi[ok]] = lc.p.grid_in[lv][g[ok]]
    return out


@pytest.fixture(scope="module")
def live():
    """Live counts on a demo of this module's own (its columns are overwritten by the tests)."""
    return LiveCounts(build_demo(), DAY)


@st.composite
def rows_of(draw, n: int):
    kind = draw(st.sampled_from(["none", "one", "all", "some"]))
    if kind == "none":
        return np.zeros(0, dtype=np.int64)
    if kind == "one":
        return np.array([draw(st.integers(0, n - 1))])
    if kind == "all":
        return np.arange(n)
    return np.array(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=40)), dtype=np.int64)


def _overwrite(draw, layer, rows, values: dict) -> dict:
    """Put drawn odd values into some of `rows`' columns; the old columns, to put back."""
    saved = {f: c.copy() for f, c in layer.cols.items()}
    for r in draw(st.lists(st.sampled_from(rows.tolist()), max_size=10)) if len(rows) else []:
        f = draw(st.sampled_from(sorted(values)))
        layer.cols[f][r] = draw(st.sampled_from(values[f]))
    return saved


DATES = [None, "", "2026-11-12", "2026-11-11", "2026-11-13", "2026-11-12T08:00", dt.date(2026, 11, 10), FAR]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_iso_eval_equals_first_version(live, data):
    iso = live.doc["isolation"]
    rows = data.draw(rows_of(len(iso)))
    codes = live.doc["buildings"].cols["code"]
    saved = _overwrite(data.draw, iso, rows, {
        "kind": [*ISOLATION_KINDS, None, "", "其他"], "persons": [np.nan, 0.0, 1.0, 3.0],
        "start": DATES, "end": DATES, "released": DATES,
        "building": [None, "", "无此楼", codes[0], codes[-1]]})
    try:
        got, want = live._iso_eval(rows), ref_iso_eval(live, rows)
    finally:
        iso.cols.update(saved)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.tobytes() == w.tobytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_asg_eval_equals_first_version(live, data):
    doc = live.doc
    a = doc["assignments"]
    rows = data.draw(rows_of(len(a)))
    b, g, c = (doc[n].cols["code"] for n in ("buildings", "grids", "compounds"))
    saved = _overwrite(data.draw, a, rows, {
        "role": [*live.roles, None, "", "保安"],
        "target_layer": ["buildings", "compounds", "grids", "gates", None],
        "target": [b[0], b[-1], g[0], g[-1], c[0], c[-1], None, "", "无此处"],
        "staff": ["S-new-1", "S-new-2", None, 7, a.cols["staff"][0]]})
    pid = dict(live._pid)
    try:
        got = live._asg_eval(rows)
        got_pid, live._pid = live._pid, pid
        want = ref_asg_eval(live, rows)
    finally:
        a.cols.update(saved)
    assert list(got_pid.items()) == list(live._pid.items())  # new people numbered alike
    assert got.keys() == want.keys()
    for k in want:
        assert np.array_equal(got[k], want[k]), k


@settings(max_examples=40, deadline=None)
@given(st.booleans(), st.sampled_from([1, 7, 4095, 4096, 6000]), st.booleans(), st.integers(0, 2**32 - 1))
def test_add_rows_equals_add_at(zeros, n, integral, seed):
    """Into zeros (the bincount path past a few thousand rows) or not, with fractions too."""
    rng = np.random.default_rng(seed)
    m = np.zeros((50, 6)) if zeros else rng.normal(size=(50, 6))
    idx = rng.integers(0, 50, n)
    vec = rng.integers(-3, 9, (n, 6)).astype(float) if integral else rng.normal(size=(n, 6)) * 1e3
    want = m.copy()
    np.add.at(want, idx, vec)
    _add_rows(m, idx, vec)
    assert m.tobytes() == want.tobytes()
