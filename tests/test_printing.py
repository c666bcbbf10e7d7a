"""Printed wall maps: paper sizes, poster tiles, atlas pages, the embedded CJK font, Chinese
text a PDF reader can find, grid colours on a PNG, and no resident's name on any sheet."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QColor, QImage

from cmdmap.demo import build_demo
from cmdmap.printing.export import ExportError, export, tile_plan
from cmdmap.printing.settings import PrintSettings
from cmdmap.render.style import BACKGROUND
from small_doc import small_doc

WHEN = dt.datetime(2026, 11, 23, 9, 30)
poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pages(path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))


@pytest.fixture(scope="module")
def demo(cmdmap_app):
    return build_demo(1, "community", dt.date(2026, 11, 23))


@pytest.fixture()
def doc(cmdmap_app):
    return small_doc()


@poppler
@pytest.mark.parametrize("paper,landscape,pts", [("A0", False, (2384, 3370)), ("A4", True, (842, 595)),
                                                 ("A3", False, (842, 1191))])
def test_pdf_page_is_the_paper(doc, tmp_path, paper, landscape, pts):
    out = tmp_path / "map.pdf"
    export(doc, PrintSettings(paper=paper, landscape=landscape), out, when=WHEN)
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", run("pdfinfo", str(out))).groups())
    assert (round(w), round(h)) == pts


@poppler
def test_pdf_embeds_the_cjk_font_and_its_text_is_findable(demo, tmp_path):
    out = tmp_path / "map.pdf"
    r = export(demo, PrintSettings(paper="A2", counts_by="grid"), out, when=WHEN)
    assert r.ok and r.pages == 1
    fonts = run("pdffonts", str(out))
    row = next(line for line in fonts.splitlines() if "NotoSansSC-cmdmap" in line)
    assert row.split()[-5] == "yes"  # the emb column
    # Subset: Qt embeds only the glyphs used (without the name tag pdffonts looks for), so a whole
    # sheet weighs less than one of the 2 MB font files.
    from cmdmap.paths import resources_dir
    assert out.stat().st_size < (resources_dir() / "fonts" / "NotoSansSC-cmdmap-Regular.ttf").stat().st_size
    text = run("pdftotext", str(out), "-")
    assert "果林社区抗击疫情作战图" in text
    assert "数据截至 2026-11-23 09:30" in text
    assert "第1网格" in text and "第64网格" in text
    assert "北" in text and "EPSG:" in text


@poppler
def test_custom_title_and_custom_paper(doc, tmp_path):
    out = tmp_path / "map.pdf"
    doc.meta["credits"] = "© OpenStreetMap contributors"
    export(doc, PrintSettings(paper="custom", custom_mm=(600, 400), title="防控值班图"), out, when=WHEN)
    text = run("pdftotext", str(out), "-")
    assert "防控值班图" in text and "© OpenStreetMap contributors" in text and "1:" in text
    assert "1701 x 1134 pts" in run("pdfinfo", str(out))


@poppler
def test_a0_tiled_on_a3_gives_the_planned_sheets(doc, tmp_path):
    s = PrintSettings(paper="A0", landscape=False, tile="A3")
    (_, _), _, cols, rows = tile_plan(s)
    # 841 × 1189 mm with 8 mm unprintable edges and 10 mm overlap: 4 × 3 portrait A3 sheets.
    assert (cols, rows) == (4, 3)
    out = tmp_path / "poster.pdf"
    r = export(doc, s, out, when=WHEN)
    assert r.pages == 12 == pages(out)
    text = run("pdftotext", "-f", "12", "-l", "12", str(out), "-")
    assert "第 3 行 第 4 列" in text and "R3C4" in text
    assert "842 x 1191 pts" in run("pdfinfo", str(out))


@poppler
def test_atlas_has_one_page_per_grid(doc, tmp_path):
    out = tmp_path / "atlas.pdf"
    r = export(doc, PrintSettings(paper="A4", landscape=False, atlas=True), out, when=WHEN)
    assert r.pages == 4 == pages(out)
    text = run("pdftotext", "-f", "3", "-l", "3", str(out), "-")
    assert "网格3" in text and "乙园-1栋" in text
    # A grid worker's sheet says whose it is; a desk may leave names off.
    first = run("pdftotext", "-f", "1", "-l", "1", str(out), "-")
    assert "网格员：张三" in first
    export(doc, PrintSettings(paper="A4", atlas=True, show_staff_names=False), out, when=WHEN)
    assert "张三" not in run("pdftotext", str(out), "-")


@poppler
def test_no_resident_name_or_phone_in_any_output(doc, tmp_path):
    iso = doc["isolation"]
    names = [n for n in iso.column("name") if n]
    assert names  # the register does hold a name: 钱七
    phones = [p for p in doc["staff"].column("phone") if p]
    texts = []
    for s, name in [(PrintSettings(), "m.pdf"), (PrintSettings(tile="A4"), "t.pdf"),
                    (PrintSettings(atlas=True, show_staff_names=True), "a.pdf")]:
        export(doc, s, tmp_path / name, when=WHEN)
        texts.append(run("pdftotext", str(tmp_path / name), "-"))
    export(doc, PrintSettings(format="svg"), tmp_path / "m.svg", when=WHEN)
    texts.append((tmp_path / "m.svg").read_text(encoding="utf-8"))
    for t in texts:
        for secret in names + phones:
            assert secret not in t


def test_png_shows_each_grid_colour_inside_it(demo, tmp_path):
    out = tmp_path / "map.png"
    r = export(demo, PrintSettings(paper="A4", format="png", dpi=100), out, when=WHEN)
    assert r.size_px == (1169, 827)
    image = QImage(str(out))
    assert (image.width(), image.height()) == r.size_px
    view, rect = r.frame
    g = demo["grids"]
    level, code, parent, colour = (g.column(k) for k in ("level", "code", "parent", "color"))
    cover = shapely.union_all(np.concatenate([demo["compounds"].geom, demo["buildings"].geom]))
    bg = QColor(BACKGROUND)

    def blend(hex_colour):  # grid fills are 18 % over the background
        c = QColor(hex_colour)
        return np.array([b * 0.82 + f * 0.18 for b, f in zip((bg.red(), bg.green(), bg.blue()),
                                                             (c.red(), c.green(), c.blue()))])

    parents = set(parent[level == "micro"])
    names = sorted(set(colour[level == "grid"]))
    palette = np.array([blend(c) for c in names])
    checked = 0
    for i in np.nonzero(level == "grid")[0]:
        if code[i] in parents:
            continue
        free = g.geom[i].difference(cover).buffer(-8)
        if free.is_empty:
            continue
        # Points inside the grid clear of compounds and buildings; most of them, not all, since a
        # label, a road or a gate arrow may sit on some.
        x0, y0, x1, y1 = free.bounds
        xs, ys = np.meshgrid(np.linspace(x0, x1, 12), np.linspace(y0, y1, 12))
        pts = shapely.points(xs.ravel(), ys.ravel())
        pts = pts[shapely.contains(free, pts)]
        if len(pts) < 20:
            continue
        px, py = view.world_to_device(shapely.get_x(pts), shapely.get_y(pts))
        rgb = [QColor(image.pixel(int(a + rect.left()), int(b + rect.top()))) for a, b in zip(px, py)]
        got = np.array([[c.red(), c.green(), c.blue()] for c in rgb])
        # Zone fills lie under grid fills, so match by the nearest grid colour, not exactly.
        dist = np.abs(got[:, None, :] - palette[None, :, :]).sum(axis=2)
        share = (np.array(names)[dist.argmin(axis=1)] == colour[i]).mean()
        assert share >= 0.5, (code[i], share)
        checked += 1
    assert checked >= 10


def test_svg_is_written_with_chinese_text(doc, tmp_path):
    out = tmp_path / "map.svg"
    r = export(doc, PrintSettings(format="svg"), out, when=WHEN)
    text = out.read_text(encoding="utf-8")
    assert r.ok and text.startswith("<?xml") and "测试社区作战图" in text


def test_cancelled_export_leaves_no_file(doc, tmp_path):
    out = tmp_path / "atlas.pdf"
    seen = []
    r = export(doc, PrintSettings(atlas=True), out, progress=lambda done, total: seen.append(done) or done < 2)
    assert not r.ok and not out.exists() and seen == [0, 1, 2]


@pytest.mark.parametrize("settings,key", [(PrintSettings(paper="B5"), "print_bad_paper"),
                                          (PrintSettings(format="png", tile="A4"), "print_pages_need_pdf"),
                                          (PrintSettings(format="png", dpi=5), "print_bad_dpi"),
                                          (PrintSettings(paper="custom", custom_mm=(10, 10)), "print_bad_size")])
def test_bad_settings_are_refused_before_writing(doc, tmp_path, settings, key):
    with pytest.raises(ExportError) as err:
        export(doc, settings, tmp_path / "x.pdf")
    assert err.value.key == key
    assert not (tmp_path / "x.pdf").exists()


def test_unwritable_output_is_refused_in_words(doc, tmp_path):
    with pytest.raises(ExportError) as err:
        export(doc, PrintSettings(), tmp_path / "missing" / "x.pdf")
    assert err.value.key == "print_write_failed"


def test_settings_round_trip_through_the_file_meta():
    s = PrintSettings(paper="A1", landscape=False, title="作战图", scale=2000, tile="A3", custom_mm=(500, 700))
    assert PrintSettings.from_meta(s.to_meta()) == s
    assert PrintSettings.from_meta({"paper": 3, "dpi": "x"}) == PrintSettings()


@poppler
def test_cli_prints_a_pdf_and_refuses_bad_paper(tmp_path, chinese):
    from cmdmap.store import gpkg
    src = tmp_path / "t.gpkg"
    gpkg.create(src, small_doc())
    out = tmp_path / "o.pdf"
    cmd = [sys.executable, "-m", "cmdmap", "print", str(src), "-o", str(out), "--paper", "A2", "--landscape",
           "--title", "测试作战图"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=str(tmp_path.parent), env=_env())
    assert done.returncode == 0, done.stderr
    assert "已输出" in done.stdout
    assert "1684 x 1191 pts" in run("pdfinfo", str(out))
    bad = subprocess.run(cmd[:-5] + ["--paper", "B7"], capture_output=True, text=True, env=_env())
    assert bad.returncode == 2 and "不支持的纸张" in bad.stderr and "Traceback" not in bad.stderr


def _env():
    import os
    from pathlib import Path
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CMDMAP_LANG="zh")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return env


def test_png_in_bands_is_the_same_picture(doc, tmp_path, monkeypatch):
    from cmdmap.printing import export as export_module
    s = PrintSettings(paper="A4", format="png", dpi=72)
    export(doc, s, tmp_path / "one.png", when=WHEN)
    monkeypatch.setattr(export_module, "BAND_BYTES", 842 * 3 * 50)  # 50 rows a band: 12 bands
    seen = []
    export(doc, s, tmp_path / "bands.png", when=WHEN, progress=lambda d, t: seen.append(t) or True)
    assert seen[0] == 12
    one, bands = QImage(str(tmp_path / "one.png")), QImage(str(tmp_path / "bands.png"))
    assert one.size() == bands.size() and one.dotsPerMeterX() == bands.dotsPerMeterX() == round(72 / 0.0254)
    a, b = (np.frombuffer(i.convertToFormat(QImage.Format.Format_RGB888).constBits(), np.uint8).astype(int)
            for i in (one, bands))
    # Antialiased edges may round differently where a band starts; nothing else differs.
    diff = np.abs(a - b)
    assert (diff > 24).mean() < 0.002, ((diff > 24).mean(), diff.max())


@poppler
def test_atlas_per_micro_grid_names_its_grid_and_phones_only_when_ticked(doc, tmp_path):
    out = tmp_path / "micro.pdf"
    r = export(doc, PrintSettings(paper="A4", atlas=True, atlas_level="micro", show_staff_names=True), out, when=WHEN)
    assert r.pages == 2 == pages(out)
    first = run("pdftotext", "-f", "1", "-l", "1", str(out), "-")
    assert "网格1 › 微网格1-1" in first and "甲园-1栋" in first and "甲园-2栋" not in first
    assert "网格员：张三" in first                 # the micro-grid's own grid's worker
    assert "李四" in first                         # 甲园-1栋's building head, names being ticked
    assert "13800001111" not in run("pdftotext", str(out), "-")
    export(doc, PrintSettings(paper="A4", atlas=True, show_staff_names=True, show_staff_phones=True), out, when=WHEN)
    assert "网格员：张三 13800001111" in run("pdftotext", "-f", "1", "-l", "1", str(out), "-")
    export(doc, PrintSettings(paper="A4", atlas=True, show_staff_names=False, show_staff_phones=True), out, when=WHEN)
    first = run("pdftotext", "-f", "1", "-l", "1", str(out), "-")
    assert "网格员电话：13800001111" in first and "张三" not in first and "李四" not in first


def test_phone_numbers_are_never_remembered():
    s = PrintSettings(atlas=True, show_staff_names=True, show_staff_phones=True)
    back = PrintSettings.from_meta(s.to_meta())
    assert back.show_staff_names and not back.show_staff_phones
    assert not PrintSettings.from_meta({"show_staff_phones": True}).show_staff_phones


@poppler
def test_cli_atlas_per_micro_grid_with_phones_on_request(tmp_path, chinese):
    from cmdmap.store import gpkg
    src = tmp_path / "t.gpkg"
    gpkg.create(src, small_doc())
    out = tmp_path / "a.pdf"
    base = [sys.executable, "-m", "cmdmap", "print", str(src), "-o", str(out), "--paper", "A4"]
    done = subprocess.run(base + ["--atlas", "micro"], capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr
    text = run("pdftotext", str(out), "-")
    assert pages(out) == 2 and "13800001111" not in text
    assert "李四" in text  # by default a sheet names whom to call: staff names yes, phones no
    done = subprocess.run(base + ["--atlas", "--staff-phones"], capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr
    assert pages(out) == 4 and "13800001111" in run("pdftotext", str(out), "-")


def test_the_scanned_plan_prints_unless_left_out(doc, tmp_path):
    from cmdmap.edit import UndoStack
    from cmdmap.edit.backdrops import AddBackdrop
    from test_backdrops import backdrop

    UndoStack(doc).push(AddBackdrop(doc, backdrop(1.0)))  # magenta on x 0–50, y 50–100
    cover = shapely.union_all(np.concatenate([doc["compounds"].geom, doc["buildings"].geom]))
    free = shapely.box(2, 52, 48, 98).difference(cover.buffer(3))
    x, y = free.representative_point().coords[0]

    def at_the_plan(backdrop_on: bool) -> QColor:
        out = tmp_path / f"plan{int(backdrop_on)}.png"
        r = export(doc, PrintSettings(paper="A4", format="png", dpi=100, backdrop=backdrop_on), out, when=WHEN)
        view, rect = r.frame
        px, py = view.world_to_device(x, y)
        return QColor(QImage(str(out)).pixel(int(px + rect.left()), int(py + rect.top())))

    on, off = at_the_plan(True), at_the_plan(False)
    assert on.red() > 150 and on.blue() > 150 and on.green() < 110  # the scan's magenta shows
    assert off.green() > 180  # a clean map: the pale grid fill, no magenta
    assert not PrintSettings.from_meta(PrintSettings(backdrop=False).to_meta()).backdrop  # remembered
    from cmdmap.cli import _parser
    assert _parser().parse_args(["print", "f.gpkg", "-o", "o.pdf", "--no-backdrop"]).backdrop is False
    assert _parser().parse_args(["print", "f.gpkg", "-o", "o.pdf"]).backdrop is True


@poppler
def test_the_key_explains_the_symbols_the_map_has(demo, doc, tmp_path):
    for d, paper, landscape in ((demo, "A3", True), (demo, "A4", False), (doc, "A3", True)):
        out = tmp_path / "k.pdf"
        export(d, PrintSettings(paper=paper, landscape=landscape), out, when=WHEN)
        text = run("pdftotext", str(out), "-")
        assert "图例" in text and "大门（开放、值守）" in text
        if d is demo:  # its sites, its risk zones; its grids in the legend table beside or under the map
            assert "采样点" in text and "卡点" in text and "封控区" in text and "第一片区" in text
        else:  # nothing to explain that the small community does not have
            assert "采样点" not in text and "封控区" not in text


@poppler
def test_no_name_from_the_demo_isolation_register_on_any_sheet(demo, tmp_path):
    names = {str(n) for n in demo["isolation"].column("name") if n}
    assert len(names) > 50
    texts = []
    for s, name in [(PrintSettings(paper="A2", landscape=False), "m.pdf"),
                    (PrintSettings(paper="A4", atlas=True, show_staff_names=True), "a.pdf")]:
        export(demo, s, tmp_path / name, when=WHEN)
        texts.append(run("pdftotext", str(tmp_path / name), "-"))
    export(demo, PrintSettings(format="svg"), tmp_path / "m.svg", when=WHEN)
    texts.append((tmp_path / "m.svg").read_text(encoding="utf-8"))
    staff = {str(n) for n in demo["staff"].column("name") if n}
    assert "另有" not in texts[1]  # every building of every grid is on its worker's sheet
    assert any(n in texts[1] for n in staff)  # the atlas does carry staff names when ticked ...
    # A two-character resident's name may be the start of a staff member's (李瑞 in 李瑞怡).
    residents = {n for n in names if not any(n in s for s in staff)}
    assert len(residents) > 50
    for t in texts:
        assert not [n for n in residents if n in t]  # ... and never a resident's
