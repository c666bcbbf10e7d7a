"""The headless command line: counts, check, demo, errors in the user's language."""

import json
import subprocess
import sys

import pytest

from cmdmap.cli import main
from cmdmap.store import gpkg
from small_doc import small_doc


@pytest.fixture()
def small_file(tmp_path):
    path = tmp_path / "small.gpkg"
    gpkg.create(path, small_doc())
    return path


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_counts_json_shape(small_file, capsys):
    code, out, _ = run(capsys, "counts", str(small_file), "--by", "grid", "--as-of", "2026-11-12", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["by"] == "grid" and data["as_of"] == "2026-11-12"
    row = {r["code"]: r for r in data["rows"]}["W1"]
    assert set(row) >= {"code", "name", "buildings", "households", "residents", "isolated", "staff"}
    assert set(row["isolated"]) == {"hospital", "centralised", "home", "monitoring"}
    assert row["households"] == 30 and row["isolated"]["home"] == 2 and row["staff"]["grid_worker"] == 1
    assert data["total"]["households"] == 150


def test_counts_table_in_chinese(small_file, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("CMDMAP_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    code, out, _ = run(capsys, "counts", str(small_file), "--by", "micro-grid")
    assert code == 0
    assert "户数" in out and "居家隔离" in out and "网格员" in out and "W1-1" in out and "合计" in out


def test_counts_csv_in_english(small_file, capsys, monkeypatch):
    monkeypatch.setenv("CMDMAP_LANG", "en")
    code, out, _ = run(capsys, "counts", str(small_file), "--by", "compound", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("code,name,Buildings,Households,Residents")
    assert any(line.startswith("甲园,甲园,3,60,150") for line in lines)


def test_check_exit_status(small_file, capsys, monkeypatch):
    monkeypatch.setenv("CMDMAP_LANG", "zh")
    code, out, _ = run(capsys, "check", str(small_file))
    assert code == 1
    assert "没有网格员" in out and "没有楼栋长" in out


@pytest.mark.parametrize("args,needle_zh,needle_en", [
    (["counts", "NOPE.gpkg"], "找不到文件", "File not found"),
    (["counts", "{small}", "--as-of", "2026-13-40"], "日期格式不对", "Bad date"),
    (["counts", "{small}", "--by", "street"], "无效", "invalid choice"),
    (["counts", "{notgpkg}"], "不是 GeoPackage", "is not a GeoPackage"),
])
def test_bad_input_gives_a_message_not_a_traceback(tmp_path, small_file, args, needle_zh, needle_en):
    notgpkg = tmp_path / "notes.gpkg"
    notgpkg.write_text("这不是地图", encoding="utf-8")
    args = [a.format(small=small_file, notgpkg=notgpkg) for a in args]
    for lang, needle in (("zh_CN.UTF-8", needle_zh), ("en_US.UTF-8", needle_en)):
        env = {"LANG": lang, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[1])}
        r = subprocess.run([sys.executable, "-m", "cmdmap", *args], capture_output=True, text=True, env=env, cwd=tmp_path)
        assert r.returncode == 2, r.stderr
        assert needle in r.stderr, r.stderr
        assert "Traceback" not in r.stderr


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert "cmdmap" in capsys.readouterr().out
