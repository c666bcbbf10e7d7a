"""The GeoPackage store: what is written comes back, saves touch only what changed and never half a
file, GDAL's validator accepts the files, QGIS finds its styles, and other files are refused
without being touched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import shapely

from cmdmap.model.document import Document
from cmdmap.model.events import Change
from cmdmap.model.schema import Schema, load_schema
from cmdmap.paths import layers_dir
from cmdmap.store import blob, crs, gpkg
from cmdmap.store.errors import StoreError

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gpkg-corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/data/gpkg-corpus")
CORPUS_FILES = sorted(CORPUS.glob("*.gpkg")) if CORPUS.is_dir() else []


# -- helpers -------------------------------------------------------------------------------------

def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_valid(path: Path) -> None:
    """GDAL's GeoPackage validator, with its extra content checks, has nothing to say."""
    if not VALIDATOR.is_file():
        pytest.skip("GDAL's validate_gpkg.py is not installed (python3-gdal)")
    r = subprocess.run([sys.executable, str(VALIDATOR), "--extra", "-k", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and not r.stdout.strip() and not r.stderr.strip(), r.stdout + r.stderr


def assert_same(a: Document, b: Document) -> None:
    """Same CRS, settings, fids, values and geometries in every layer."""
    assert a.epsg == b.epsg
    assert a.meta == b.meta
    for spec in a.schema:
        la, lb = a[spec.name], b[spec.name]
        np.testing.assert_array_equal(la.fid, lb.fid, err_msg=spec.name)
        for f in spec.fields:
            ca, cb = la.column(f.name), lb.column(f.name)
            if f.type in ("int", "real"):
                np.testing.assert_array_equal(ca, cb, err_msg=f"{spec.name}.{f.name}")
            else:
                assert ca.tolist() == cb.tolist(), f"{spec.name}.{f.name}"
        if spec.is_spatial:
            ga, gb = la.geom, lb.geom
            assert [g is None for g in ga] == [g is None for g in gb], spec.name
            some = np.array([g is not None for g in ga], dtype=bool)
            assert shapely.equals_exact(ga[some], gb[some], tolerance=0).all(), spec.name


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> Schema:
    """The shipped layers plus a bool field in an attribute table (the shipped ones have none)."""
    folder = tmp_path_factory.mktemp("layers")
    for p in layers_dir().glob("*.toml"):
        shutil.copy(p, folder / p.name)
    with open(folder / "isolation.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[fields]]\nname = "confirmed"\ntype = "bool"\ntitle = { zh = "确诊", en = "Confirmed" }\n')
    return load_schema(folder)


def make_doc(schema: Schema) -> Document:
    """A hand-made community: Chinese text, NULLs, a date and a bool in an attribute table."""
    doc = Document(4548, schema=schema, meta={"community_name": "果林社区", "thresholds": {"户数": 300, "on": True}})
    box = shapely.box

    def add(name, records, geoms=None):
        layer = doc[name]
        fids = layer.insert(records, geoms)
        doc.notify(Change(name, "add", fids))

    add("grids", [
        {"code": "P1", "name": "第一片区", "level": "zone", "color": "#8dd3c7"},
        {"code": "W1", "name": "网格一", "level": "grid", "parent": "P1", "color": "#bebada"},
        {"code": "W2", "name": "网格二", "level": "grid", "parent": "P1", "color": None, "note": '说明 "引号" 与 \'单引号\''},
    ], [box(0, 0, 200, 100), box(0, 0, 100, 100), box(100, 0, 200, 100)])
    add("compounds", [{"code": "果林溪谷", "name": "果林溪谷"}, {"code": "阳光花苑", "name": "阳光花苑"}],
        [box(5, 5, 95, 95), box(105, 5, 195, 95)])
    add("buildings", [
        {"code": "果林溪谷-1栋", "number": "1栋", "floors": 18, "households": 72, "residents": 210, "sealed": True},
        {"code": "果林溪谷-2栋", "number": "2栋", "households": 0, "sealed": False, "note": "空置"},
        {"code": "阳光花苑-1栋", "number": "1栋", "kind": "commercial"},
        {"code": "阳光花苑-2栋", "number": "2栋", "households": 36, "residents": None},
    ], [box(10, 10, 40, 40), box(50, 50, 90, 90), box(110, 10, 140, 40),
        shapely.Polygon([(150, 50), (190, 50), (190, 90), (150, 90)], [[(160, 60), (170, 60), (170, 70)]])])
    add("gates", [{"code": "果林溪谷-南门", "name": "南门", "bearing": 180.0, "state": "open"},
                  {"code": "阳光花苑-东门", "name": "东门", "bearing": 90.5, "state": "sealed"}],
        [shapely.Point(50, 5), shapely.Point(195, 50)])
    add("sites", [{"code": "采样点1", "name": "采样点一", "kind": "sampling", "capacity": 200},
                  {"code": "待定", "name": "待定点位", "kind": "other"}],
        [shapely.Point(60, 20), None])
    add("risk_zones", [{"code": "封控区1", "name": "封控区", "level": "sealed", "start": "2026-11-01"}],
        [shapely.MultiPolygon([box(100, 0, 150, 100), box(160, 0, 170, 10)])])
    add("staff", [{"code": "S1", "name": "张三", "role": "grid_worker", "phone": "13800001111"}])
    add("isolation", [
        {"code": "G1", "building": "果林溪谷-1栋", "kind": "home", "persons": 2, "start": "2026-11-01",
         "end": "2026-11-15", "confirmed": True, "name": "李四"},
        {"code": "G2", "building": "阳光花苑-2栋", "kind": "centralised", "persons": 1, "start": "2026-11-10",
         "end": "2026-11-24", "released": None, "confirmed": None},
    ])
    doc.sync_derived()
    doc.mark_saved()
    return doc


@pytest.fixture
def saved(tmp_path, schema) -> tuple[Path, Document]:
    path = tmp_path / "社区.gpkg"
    doc = make_doc(schema)
    gpkg.create(path, doc)
    return path, doc


# -- CRS ------------------------------------------------------------------------------------------

def test_gauss_kruger_zone_from_longitude():
    assert crs.epsg_for_lonlat(102.7, 25.0) == 4543  # Kunming: CM 102E
    assert crs.epsg_for_lonlat(116.3, 39.9) == 4548  # Beijing: CM 117E
    assert crs.epsg_for_lonlat(70.0, 40.0) == 4534 and crs.epsg_for_lonlat(140.0, 45.0) == 4554
    assert crs.crs_name(4543) == "CGCS2000 / 3-degree Gauss-Kruger CM 102E"
    with pytest.raises(ValueError):
        crs.epsg_for_lonlat(float("nan"), 30.0)


# -- geometry blobs ---------------------------------------------------------------------------------

def test_blobs_carry_header_envelope_and_come_back_equal():
    geoms = np.array([shapely.box(1, 2, 3, 4), shapely.Point(5, 6), None, shapely.Polygon()], dtype=object)
    blobs = blob.encode(geoms, 4548)
    b0 = blobs[0]
    assert b0[:4] == b"GP\x00\x03" and int.from_bytes(b0[4:8], "little") == 4548
    assert np.frombuffer(b0[8:40], "<f8").tolist() == [1.0, 3.0, 2.0, 4.0]  # minx, maxx, miny, maxy
    assert blobs[2] is None
    assert blobs[3][:4] == b"GP\x00\x11" and blob.envelope(blobs[3]) is None  # empty: flag, no envelope
    back = blob.decode(blobs)
    assert shapely.equals_exact(back[:2], geoms[:2], tolerance=0).all()
    assert back[2] is None and back[3].is_empty
    # A GDAL-style point blob without envelope: its extent comes from the WKB.
    gdal_point = b"GP\x00\x01" + (4548).to_bytes(4, "little") + shapely.to_wkb(shapely.Point(7, 8))
    assert blob.envelope(gdal_point) == (7.0, 7.0, 8.0, 8.0)


# -- create / open ---------------------------------------------------------------------------------

def test_round_trip_keeps_fids_values_and_geometries(saved, schema):
    path, doc = saved
    back = gpkg.open_document(path, schema=schema)
    assert_same(doc, back)
    assert back["isolation"].record(1)["confirmed"] is True and back["isolation"].record(2)["confirmed"] is None
    assert back["isolation"].record(1)["start"] == "2026-11-01"
    assert back["buildings"].record(1)["grid"] == "W1"  # derived columns were written
    assert not back.is_modified()
    assert_valid(path)


def test_file_layout_is_what_qgis_and_gdal_expect(saved):
    path, doc = saved
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert c.execute("PRAGMA user_version").fetchone()[0] >= 10200
        kinds = dict(c.execute("SELECT table_name, data_type FROM gpkg_contents"))
        assert kinds["buildings"] == "features" and kinds["staff"] == "attributes"
        assert kinds["cmdmap_meta"] == "attributes" and kinds["layer_styles"] == "attributes"
        assert c.execute("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = "
                         "'risk_zones'").fetchone() == ("MULTIPOLYGON", 4548)
        assert c.execute("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
                         "WHERE srs_id = 4548").fetchone() == ("EPSG", 4548)
        # The extent in gpkg_contents is the layer's.
        assert c.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'buildings'"
                         ).fetchone() == (10.0, 10.0, 190.0, 90.0)
        # The spatial index answers a window query.
        hits = {r[0] for r in c.execute("SELECT id FROM rtree_buildings_geom WHERE maxx >= 100 AND minx <= 145")}
        assert hits == {3}
        styles = c.execute("SELECT f_table_name, f_table_schema, useAsDefault, styleQML FROM layer_styles").fetchall()
    assert {s[0] for s in styles} == {s.name for s in doc.schema.spatial}
    assert all(s[1] == "" and s[2] == 1 for s in styles)  # QGIS looks for f_table_schema = ''
    qml = {s[0]: ET.fromstring(s[3].split("\n", 1)[1]) for s in styles}
    r = qml["buildings"].find("renderer-v2")
    assert r.get("type") == "categorizedSymbol" and r.get("attr") == "grid"
    assert qml["buildings"].find("labeling/settings/text-style").get("fontFamily") == "Noto Sans SC"
    gates = qml["gates"].find(".//symbol/layer/data_defined_properties//Option[@name='angle']")
    assert gates.find("Option[@name='field']").get("value") == "bearing"


def test_create_is_atomic_and_never_overwrites_unasked(saved, schema, monkeypatch):
    path, doc = saved
    before = sha(path)
    with pytest.raises(StoreError) as e:
        gpkg.create(path, doc)
    assert e.value.key == "exists"

    def boom(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(gpkg, "_write_styles", boom)
    with pytest.raises(RuntimeError):
        gpkg.create(path, make_doc(schema), overwrite=True)
    assert sha(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp file left behind


# -- save ---------------------------------------------------------------------------------------

def edit(doc: Document) -> int:
    """A value change, a geometry change, an insert and a delete; returns the new building's fid."""
    b = doc["buildings"]
    b.set_values(1, {"households": 99, "note": "已更新"})
    doc.notify(Change("buildings", "update", np.array([1]), ("households", "note")))
    b.set_geometry(2, shapely.box(55, 55, 85, 85))
    doc.notify(Change("buildings", "geometry", np.array([2])))
    new = b.insert([{"code": "阳光花苑-3栋", "number": "3栋", "households": 12}], [shapely.box(120, 60, 140, 90)])
    doc.notify(Change("buildings", "add", new))
    b.delete([3])
    doc.notify(Change("buildings", "remove", np.array([3])))
    doc.set_meta("community_name", "果林社区（新）")
    return int(new[0])


def test_save_writes_edits_in_place(saved, schema):
    path, _ = saved
    doc = gpkg.open_document(path, schema=schema)
    new = edit(doc)
    gpkg.save(doc, path)
    assert not doc.is_modified()
    assert sorted(p.name for p in path.parent.iterdir() if p.suffix != ".backups") == [path.name]  # no -journal / -wal / -shm
    back = gpkg.open_document(path, schema=schema)
    assert_same(doc, back)
    b = back["buildings"]
    assert b.value(1, "households") == 99 and b.value(1, "note") == "已更新"
    assert not b.has(3) and b.value(new, "code") == "阳光花苑-3栋"
    assert b.value(new, "grid") == "W2"  # derived column synced before saving
    assert shapely.equals_exact(b.geometry(2), shapely.box(55, 55, 85, 85), tolerance=0)
    assert back.meta["community_name"] == "果林社区（新）"
    with sqlite3.connect(path) as c:  # the R-tree followed (through the triggers)
        rt = {r[0]: r[1:] for r in c.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_buildings_geom")}
        assert 3 not in rt and rt[2] == (55.0, 85.0, 55.0, 85.0) and rt[new] == (120.0, 140.0, 60.0, 90.0)
    assert_valid(path)


def test_save_swapping_two_codes(saved, schema):
    path, _ = saved
    doc = gpkg.open_document(path, schema=schema)
    b = doc["buildings"]
    c1, c2 = b.value(1, "code"), b.value(2, "code")
    b.set_values(1, {"code": c2})
    b.set_values(2, {"code": c1})
    doc.notify(Change("buildings", "update", np.array([1, 2]), ("code",)))
    gpkg.save(doc, path)
    back = gpkg.open_document(path, schema=schema)
    assert back["buildings"].find(c2) == 1 and back["buildings"].find(c1) == 2


def test_failed_save_leaves_file_byte_identical(saved, schema, monkeypatch):
    path, _ = saved
    before = sha(path)
    doc = gpkg.open_document(path, schema=schema)
    edit(doc)

    def boom(*args, **kwargs):  # after the layers were written, inside the transaction
        raise RuntimeError("crash mid-save")

    monkeypatch.setattr(gpkg, "_write_styles", boom)
    with pytest.raises(RuntimeError):
        gpkg.save(doc, path)
    assert sha(path) == before and doc.is_modified()
    assert sorted(p.name for p in path.parent.iterdir() if p.suffix != ".backups") == [path.name]

    def disk_error(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(gpkg, "_write_styles", disk_error)
    with pytest.raises(StoreError) as e:
        gpkg.save(doc, path)
    assert e.value.key == "save_failed" and sha(path) == before
    monkeypatch.undo()
    gpkg.save(doc, path)  # and the same edits save once the trouble is gone
    assert gpkg.open_document(path, schema=schema)["buildings"].value(1, "households") == 99


def test_styles_follow_grid_colours_on_save(saved, schema):
    path, _ = saved
    doc = gpkg.open_document(path, schema=schema)
    g = doc["grids"]
    fid = g.find("W1")
    g.set_values(fid, {"color": "#123456"})
    doc.notify(Change("grids", "update", np.array([fid]), ("color",)))
    gpkg.save(doc, path)
    with sqlite3.connect(path) as c:
        qml = c.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = 'buildings'").fetchone()[0]
        assert c.execute("SELECT count(*) FROM layer_styles").fetchone()[0] == len(doc.schema.spatial)
    assert "18,52,86," in qml  # W1's buildings in the new colour


def test_save_to_another_path_writes_everything(saved, schema, tmp_path):
    path, _ = saved
    doc = gpkg.open_document(path, schema=schema)
    edit(doc)
    other = tmp_path / "副本.gpkg"
    gpkg.save(doc, other)
    assert_same(doc, gpkg.open_document(other, schema=schema))
    assert_valid(other)


def test_fields_declared_later_are_added_on_save(tmp_path, schema):
    path = tmp_path / "old.gpkg"
    doc = make_doc(load_schema(layers_dir()))  # written before `confirmed` existed
    gpkg.create(path, doc)
    newer = gpkg.open_document(path, schema=schema)
    assert newer["isolation"].column("confirmed").tolist() == [None, None]
    newer["isolation"].set_values(2, {"confirmed": True})
    newer.notify(Change("isolation", "update", np.array([2]), ("confirmed",)))
    gpkg.save(newer, path)
    assert gpkg.open_document(path, schema=schema)["isolation"].value(2, "confirmed") is True
    assert_valid(path)


def test_rtree_triggers_work_on_gdal_written_files(tmp_path):
    """DESIGN.md §4: a plain sqlite3 connection fails with 'no such function: ST_IsEmpty'."""
    src = CORPUS / "gdal_sample_v1.2_spatial_index_extension.gpkg"
    if not src.is_file():
        pytest.skip("corpus file missing")
    path = tmp_path / "gdal.gpkg"
    shutil.copy(src, path)
    conn = gpkg._connect(path, "rw")
    try:
        srs = conn.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'polygon2d'").fetchone()[0]
        fid = conn.execute("SELECT fid FROM polygon2d WHERE geom IS NOT NULL").fetchone()[0]
        conn.execute("UPDATE polygon2d SET geom = ? WHERE fid = ?", (blob.encode([shapely.box(1, 2, 3, 4)], srs)[0], fid))
        assert conn.execute("SELECT minx, maxx, miny, maxy FROM rtree_polygon2d_geom WHERE id = ?",
                            (fid,)).fetchone() == (1.0, 3.0, 2.0, 4.0)
        # A point blob as GDAL writes it (no envelope): the extent is read from the WKB.
        pfid = conn.execute("SELECT fid FROM point2d WHERE geom IS NOT NULL").fetchone()[0]
        point = b"GP\x00\x01" + int(srs).to_bytes(4, "little", signed=True) + shapely.to_wkb(shapely.Point(7, 8))
        conn.execute("UPDATE point2d SET geom = ? WHERE fid = ?", (point, pfid))
        assert conn.execute("SELECT minx, miny FROM rtree_point2d_geom WHERE id = ?", (pfid,)).fetchone() == (7.0, 8.0)
    finally:
        conn.close()


# -- refusing what is not ours ----------------------------------------------------------------------

def test_opening_never_writes(saved, schema):
    path, _ = saved
    before = sha(path)
    gpkg.open_document(path, schema=schema)
    assert sha(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_other_tools_files_are_refused_untouched(path):
    before = sha(path)
    beside = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError) as e:
        gpkg.open_document(path)
    assert e.value.key in ("not_cmdmap", "not_gpkg", "damaged")
    assert e.value.message()  # a Chinese sentence for the user
    assert sha(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == beside  # no -wal/-shm/-journal appeared


def test_not_found_text_truncated_and_garbage(tmp_path, saved):
    path, _ = saved
    with pytest.raises(StoreError) as e:
        gpkg.open_document(tmp_path / "missing.gpkg")
    assert e.value.key == "not_found"
    text = tmp_path / "x.gpkg"
    text.write_text("这不是地图文件\n", encoding="utf-8")
    with pytest.raises(StoreError) as e:
        gpkg.open_document(text)
    assert e.value.key == "not_gpkg"
    data = path.read_bytes()
    cut = tmp_path / "cut.gpkg"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError) as e:
        gpkg.open_document(cut)
    assert e.value.key == "damaged"
    garbage = tmp_path / "garbage.gpkg"
    rng = np.random.default_rng(1)
    garbage.write_bytes(data[:100] + rng.integers(0, 256, len(data) - 100, dtype=np.uint8).tobytes())
    with pytest.raises(StoreError) as e:
        gpkg.open_document(garbage)
    assert e.value.key in ("damaged", "not_gpkg")


def test_opening_leaves_the_garbage_collector_as_it_found_it(saved, schema, tmp_path):
    """Reading pauses the collector for speed; it runs again afterwards, after a refusal too,
    and a caller that paused it itself (the window app collects from its event loop) keeps it
    paused."""
    import gc
    path, _ = saved
    found = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            gpkg.open_document(path, schema=schema)
            assert gc.isenabled() == state
            with pytest.raises(StoreError):
                gpkg.open_document(tmp_path / "missing.gpkg")
            assert gc.isenabled() == state
    finally:
        (gc.enable if found else gc.disable)()


def test_newer_format_is_refused(saved):
    path, _ = saved
    with sqlite3.connect(path) as c:
        c.execute("UPDATE cmdmap_meta SET value = ? WHERE key = 'format_version'", (str(gpkg.FORMAT_VERSION + 1),))
    with pytest.raises(StoreError) as e:
        gpkg.open_document(path)
    assert e.value.key == "newer_version" and e.value.params["version"] == gpkg.FORMAT_VERSION + 1
