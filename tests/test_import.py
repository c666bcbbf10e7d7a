"""Importing other tools' data: OpenStreetMap, other GeoPackages, GBK Shapefiles, AMap coordinates."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pyogrio.raw
import pyproj
import pytest
import shapely

from cmdmap.cli import main
from cmdmap.edit import UndoStack
from cmdmap.model.document import Document
from cmdmap.store import chinacoords, gpkg, vector_import
from cmdmap.store.errors import StoreError
from cmdmap.store.sources import list_layers, read_layer

DATA = Path(__file__).parent / "data" / "beijing_cau"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gpkg-corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/data/gpkg-corpus")
NAMED = {"富润家园", "石科院生活区", "农大小区-北区", "清华东路27号院", "静淑苑", "中建壹品·学府公馆",
         "双泉嘉苑", "学士居", "大华花园别墅"}


def empty_doc(epsg=4548):
    return Document(epsg, meta={"community_name": "测试", "community_code": "T"})


@pytest.mark.parametrize("source", ["beijing_cau.gpkg", "map.osm"])
def test_openstreetmap_becomes_compounds_buildings_gates(source):
    doc = empty_doc()
    plans = vector_import.plan_file(doc, DATA / source)
    stack = UndoStack(doc)
    stack.push(vector_import.command(doc, plans))
    c, b, g = doc["compounds"], doc["buildings"], doc["gates"]
    assert (len(c), len(b), len(g)) == (10, 257, 26)
    assert NAMED <= set(c.column("name"))          # the one unnamed compound gets a made-up name
    assert all(p.report.credit.startswith("© OpenStreetMap") for p in plans)
    # Buildings in a compound carry its name in their code: 富润家园-1号楼.
    in_furun = [code for code in b.column("code") if code.startswith("富润家园-")]
    assert len(in_furun) == 5
    # Gates near a compound sit on its boundary, face out of it, and are named by direction.
    boundary = shapely.union_all(shapely.boundary(c.geom))
    dist = shapely.distance(g.geom, boundary)
    near = dist < vector_import.GATE_SNAP_M
    assert near.sum() == 13 and dist[near].max() < 25
    by_name = dict(zip(c.column("name"), c.geom))
    for pt, bearing, code in zip(g.geom[near], g.column("bearing")[near], g.column("code")[near]):
        compound = by_name[code.rsplit("-", 1)[0]]
        q = compound.exterior.interpolate(compound.exterior.project(pt))
        rad = np.radians(bearing)
        assert not compound.contains(shapely.Point(q.x + 5 * np.sin(rad), q.y + 5 * np.cos(rad))), code
    assert "东南门" in set(g.column("name"))  # names from OSM are kept
    # One step: undo takes it all back.
    stack.undo()
    assert len(doc["compounds"]) == len(doc["buildings"]) == len(doc["gates"]) == 0


def test_import_command_writes_a_new_file_with_credit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CMDMAP_LANG", "zh")
    out = tmp_path / "haidian.gpkg"
    assert main(["import", str(DATA / "map.osm"), "--into", str(out)]) == 0
    text = capsys.readouterr().out
    assert "读取 257，导入 257" in text and "已导入到" in text
    doc = gpkg.open_document(out)
    assert doc.epsg == 4548  # CGCS2000 3-degree zone, CM 117E, for Haidian
    assert "OpenStreetMap" in doc.meta["credits"]
    assert len(doc["buildings"]) == 257


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.gpkg")) if CORPUS.is_dir() else [], ids=lambda p: p.name)
def test_other_tools_geopackages_import_or_are_refused_untouched(path):
    before = _digest(path)
    siblings = set(path.parent.iterdir())
    doc = empty_doc(3857)
    try:
        layers = list_layers(path)
    except StoreError as err:
        # Refused as a whole only when there is nothing vector in it, and said so in Chinese.
        assert err.key in ("no_vector_layers", "unknown_source_format"), err.message("zh")
        assert "文件未被修改" in err.message("zh")
        layers = []
    for name, gtype in layers:
        if gtype in ("None", "") or "Line" in gtype:
            continue  # attribute tables and lines have no cmdmap layer to go into
        target = "sites" if "Point" in gtype else "compounds"  # Unknown / collections: their polygons
        try:
            src = read_layer(path, name)
            prepared = vector_import.prepare(doc, src, target, source_crs=src.crs or "EPSG:3857")
        except StoreError as err:
            assert err.message()
            continue
        rep = prepared.report
        assert rep.imported + sum(rep.skipped.values()) >= rep.read - rep.split
        if prepared.records:
            UndoStack(doc).push(vector_import.command(doc, [prepared]))
    assert _digest(path) == before
    assert set(path.parent.iterdir()) == siblings


def _write_shapefile(path: Path, names: list[str], encoding: str) -> None:
    geoms = shapely.to_wkb([shapely.box(i * 10, 0, i * 10 + 8, 8) for i in range(len(names))])
    pyogrio.raw.write(str(path), np.array(geoms, dtype=object), [np.array(names, dtype=object),
                      np.array([12, 24, 36][: len(names)], dtype=np.int64)],
                      ["楼号", "户数"], driver="ESRI Shapefile", geometry_type="Polygon",
                      crs="EPSG:4548", encoding=encoding)
    for cpg in path.parent.glob(path.stem + ".[cC][pP][gG]"):
        cpg.unlink()  # as Chinese Shapefiles so often come: no .cpg at all


@pytest.mark.parametrize("encoding", ["GBK", "UTF-8"])
def test_shapefiles_without_cpg_keep_their_chinese(tmp_path, encoding):
    shp = tmp_path / "楼栋.shp"
    _write_shapefile(shp, ["一号楼", "二号楼", "幸福里3栋"], encoding)
    assert not list(tmp_path.glob("*.cpg"))
    doc = empty_doc()
    plans = vector_import.plan_file(doc, shp, target="buildings")
    UndoStack(doc).push(vector_import.command(doc, plans))
    b = doc["buildings"]
    assert list(b.column("number")) == ["一号楼", "二号楼", "幸福里3栋"]
    assert list(b.numeric("households")) == [12, 24, 36]


def test_amap_coordinates_land_where_they_belong(tmp_path):
    """A site given in AMap (GCJ-02) coordinates is placed at its true WGS84 position."""
    lng, lat = 116.3500, 40.0030
    glng, glat = chinacoords.wgs84_to_gcj02(lng, lat)
    src = tmp_path / "sites.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"名称": "采样点A"},
        "geometry": {"type": "Point", "coordinates": [float(glng), float(glat)]}}]}), encoding="utf-8")
    doc = empty_doc()
    plans = vector_import.plan_file(doc, src, target="sites", source_crs="gcj02")
    UndoStack(doc).push(vector_import.command(doc, plans))
    x, y = pyproj.Transformer.from_crs(4326, 4548, always_xy=True).transform(lng, lat)
    p = doc["sites"].geom[0]
    assert np.hypot(p.x - x, p.y - y) < 0.5
    assert doc["sites"].column("name")[0] == "采样点A"
    # Read as plain WGS84 instead, it would be hundreds of metres off.
    plans = vector_import.plan_file(empty_doc(), src, target="sites")
    q = plans[0].geoms[0]
    assert np.hypot(q.x - x, q.y - y) > 100


def test_bad_sources_get_a_message(tmp_path):
    bad = tmp_path / "plan.shp"
    bad.write_bytes(b"not a shapefile at all")
    with pytest.raises(StoreError) as err:
        vector_import.plan_file(empty_doc(), bad)
    assert "无法读取" in err.value.message("zh")
    with pytest.raises(StoreError) as err:
        vector_import.plan_file(empty_doc(), DATA / "beijing_cau.gpkg", layer="roads")
    assert err.value.key == "no_such_layer"


def test_cad_and_kml_outlines_become_buildings(tmp_path):
    """A property company's DXF holds closed polylines; a KML from Google Earth holds polygons."""
    rings = [shapely.LineString([(0, 0), (20, 0), (20, 10), (0, 10), (0, 0)]),
             shapely.LineString([(30, 0), (50, 0), (50, 10), (30, 10), (30, 0)])]
    dxf = tmp_path / "plan.dxf"
    pyogrio.raw.write(str(dxf), np.array(shapely.to_wkb(rings), dtype=object), [], [],
                      driver="DXF", geometry_type="LineString")
    doc = empty_doc()
    plans = vector_import.plan_file(doc, dxf, target="buildings", source_crs="EPSG:4548")
    UndoStack(doc).push(vector_import.command(doc, plans))
    assert len(doc["buildings"]) == 2 and np.allclose(shapely.area(doc["buildings"].geom), 200)

    kml = tmp_path / "marks.kml"
    poly = shapely.box(116.350, 40.000, 116.351, 40.001)
    pyogrio.raw.write(str(kml), np.array([shapely.to_wkb(poly)], dtype=object), [np.array(["学士居"], dtype=object)],
                      ["Name"], driver="KML", geometry_type="Polygon", crs="EPSG:4326")
    doc = empty_doc()
    plans = vector_import.plan_file(doc, kml, target="compounds")
    UndoStack(doc).push(vector_import.command(doc, plans))
    assert list(doc["compounds"].column("name")) == ["学士居"]
    assert 5000 < doc["compounds"].geom[0].area < 12000  # ~85 m × 111 m, in metres now


CAD = Path(__file__).parent / "data" / "cad"
KML = Path(__file__).parent / "data" / "kml"


@pytest.mark.parametrize("drawing", ["plan_gbk_936.dxf", "plan_gbk_no_codepage.dxf", "plan_utf8_2018.dxf"])
def test_a_property_companys_cad_plan_keeps_its_chinese_names(drawing):
    """A DXF as property companies send it (tests/data/cad/README.md): CAD layers 小区边界, 楼栋,
    文字标注, 道路; GBK text labelled as code page 936, GBK labelled 1252 (GDAL alone garbles
    it), or AutoCAD 2018 UTF-8. Each CAD layer is a layer to import; labels name the outlines."""
    path = CAD / drawing
    assert [n for n, _ in list_layers(path)] == ["小区边界", "文字标注", "楼栋", "道路"]
    doc = empty_doc()
    plans = vector_import.plan_file(doc, path, source_crs="EPSG:4548")
    assert [p.target for p in plans] == ["compounds", "buildings"]  # text and roads go nowhere
    UndoStack(doc).push(vector_import.command(doc, plans))
    assert list(doc["compounds"].column("name")) == ["学士居"]
    assert sorted(doc["buildings"].column("code")) == [f"学士居-{i}号楼" for i in range(1, 6)]
    assert plans[1].report.notes == ["cad_labels:5"]
    assert np.allclose(sorted(shapely.area(doc["buildings"].geom)), [288] * 4 + [560])


def test_a_google_earth_kml_keeps_its_chinese_fields_and_counts_once():
    """GDAL turns the Chinese ExtendedData names 户数 and 层数 into the same "______": they are
    read again from the KML; a two-part building becomes two outlines with its households once."""
    doc = empty_doc()
    plans = vector_import.plan_file(doc, KML / "学士居.kml")
    assert [p.target for p in plans] == ["compounds", "buildings", "gates"]
    UndoStack(doc).push(vector_import.command(doc, plans))
    b = doc["buildings"]
    assert list(b.column("code")) == ["学士居-1号楼", "学士居-2号楼", "学士居-3号楼", "学士居-4号楼", "学士居-4号楼-2"]
    assert list(b.numeric("households")) == [24, 36, 48, 48, 0] and b.numeric("households").sum() == 156
    assert list(b.numeric("floors"))[:3] == [6, 6, 6]
    assert "split_counts:1" in plans[1].report.notes
    assert list(doc["gates"].column("code")) == ["学士居-东门", "学士居-南门"]
    assert list(doc["compounds"].column("name")) == ["学士居"]


def test_openstreetmap_pbf_gives_the_same_map_as_the_xml():
    """map.osm.pbf is map.osm converted with osmium (tests/data/beijing_cau/README.md)."""
    docs = []
    for name in ("map.osm", "map.osm.pbf"):
        doc = empty_doc()
        UndoStack(doc).push(vector_import.command(doc, vector_import.plan_file(doc, DATA / name)))
        docs.append(doc)
    xml, pbf = docs
    for layer in ("compounds", "buildings", "gates"):
        assert len(pbf[layer]) == len(xml[layer]) and sorted(pbf[layer].column("code")) == sorted(xml[layer].column("code"))
    assert (len(pbf["compounds"]), len(pbf["buildings"]), len(pbf["gates"])) == (10, 257, 26)


def test_a_wrong_source_system_is_pointed_out_in_the_report():
    """The CAD plan read in the neighbouring 3-degree zone (CM 120E, EPSG:4549) lands ~250 km east
    of the map it goes into: imported (one undo away) but the report says so."""
    doc = empty_doc()
    UndoStack(doc).push(vector_import.command(doc, vector_import.plan_file(doc, DATA / "map.osm")))
    plans = vector_import.plan_file(doc, CAD / "plan_gbk_936.dxf", layer="楼栋", target="buildings",
                                    source_crs="EPSG:4549")
    assert "far_from_map:5" in plans[0].report.notes
    from cmdmap.ui.import_dialog import report_text
    assert "超过 50 公里" in report_text([p.report for p in plans], "zh")
    plans = vector_import.plan_file(doc, CAD / "plan_gbk_936.dxf", layer="楼栋", target="buildings",
                                    source_crs="EPSG:4548")
    assert not [n for n in plans[0].report.notes if n.startswith("far_from_map")]
