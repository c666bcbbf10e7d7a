"""The demo community end to end: file round trip, counts checked by an independent spatial
join, GDAL's validator, and the `cmdmap demo` command."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from cmdmap.cli import main
from cmdmap.demo import build_demo
from cmdmap.model.counts import count
from cmdmap.store import gpkg

TODAY = dt.date(2026, 11, 23)
VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


@pytest.fixture(scope="module")
def demo():
    return build_demo(1, today=TODAY)


@pytest.fixture(scope="module")
def demo_file(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "guolin.gpkg"
    gpkg.create(path, demo)
    return path


def test_round_trip_keeps_every_feature_and_count(demo, demo_file):
    back = gpkg.open_document(demo_file)
    assert back.epsg == demo.epsg and back.name == "果林社区"
    for name, layer in demo.layers.items():
        other = back[name]
        assert np.array_equal(layer.fid, other.fid), name
        for col, values in layer.cols.items():
            a, b = values, other.cols[col]
            if a.dtype == np.float64:
                assert np.array_equal(a, b, equal_nan=True), (name, col)
            else:
                assert list(a) == list(b), (name, col)
        if layer.geom is not None:
            assert shapely.equals_exact(layer.geom, other.geom, tolerance=0).all(), name
    for by in ("community", "zone", "grid", "micro", "compound", "building"):
        assert count(demo, by, TODAY).to_json() == count(back, by, TODAY).to_json(), by


def test_counts_agree_with_an_independent_spatial_join(demo):
    """Per grid, with plain shapely predicates and Python dates, none of the counts engine."""
    grids, b, iso, a = demo["grids"], demo["buildings"], demo["isolation"], demo["assignments"]
    points = [g.point_on_surface() for g in b.geom]
    active = {}
    for r in range(len(iso)):
        rec = iso.record(iso.fid[r])
        start = dt.date.fromisoformat(rec["start"])
        end = dt.date.fromisoformat(rec["end"]) if rec["end"] else dt.date.max
        released = dt.date.fromisoformat(rec["released"]) if rec["released"] else dt.date.max
        if start <= TODAY < min(end, released):
            active.setdefault(rec["building"], {}).setdefault(rec["kind"], 0)
            active[rec["building"]][rec["kind"]] += rec["persons"]
    engine = {r["code"]: r for r in count(demo, "grid", TODAY).rows}
    level = grids.column("level")
    for r in np.nonzero(level == "grid")[0]:
        poly, code = grids.geom[r], grids.cols["code"][r]
        inside = [i for i, p in enumerate(points) if poly.contains(p)]
        households = sum(int(b.cols["households"][i]) for i in inside)
        residents = sum(int(b.cols["residents"][i]) for i in inside)
        home = sum(active.get(b.cols["code"][i], {}).get("home", 0) for i in inside)
        workers = {a.cols["staff"][k] for k in range(len(a))
                   if a.cols["role"][k] == "grid_worker" and a.cols["target"][k] == code}
        row = engine[code]
        assert (row["buildings"], row["households"], row["residents"]) == (len(inside), households, residents), code
        assert row["isolated"]["home"] == home, code
        assert row["staff"]["grid_worker"] == len(workers), code
    total = count(demo, "community", TODAY).total
    assert total["households"] == int(np.nansum(b.cols["households"]))
    assert sum(engine[c]["households"] for c in engine) == total["households"]  # grids cover everything


@pytest.mark.skipif(not VALIDATOR.exists(), reason="GDAL's validator needs Debian's python3-gdal")
def test_gdal_validator_accepts_the_demo_file(demo_file):
    r = subprocess.run([sys.executable, str(VALIDATOR), str(demo_file)], capture_output=True, text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_demo_command_writes_a_file_that_opens_and_checks(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CMDMAP_LANG", "zh")
    out = tmp_path / "demo.gpkg"
    assert main(["demo", str(out), "--seed", "3", "--today", "2026-11-23"]) == 0
    assert "已生成示例社区" in capsys.readouterr().out
    doc = gpkg.open_document(out)
    assert len(doc["compounds"]) == 12
    # Only staffing reminders: no gap, overlap, invalid geometry or stray building.
    code = main(["check", str(out)])
    text = capsys.readouterr().out
    assert code == 1 and "[错误]" not in text and "没有楼栋长" in text
    # Refuses to overwrite unless asked, and leaves the file alone.
    before = out.read_bytes()
    assert main(["demo", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err and out.read_bytes() == before
