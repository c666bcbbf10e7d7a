"""The edit log in the file says what each save changed, when and by whom, and never copies a
personal value (a resident's name or phone) into it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path


from cmdmap.demo import build_demo
from cmdmap.edit.commands import AddFeatures, DeleteFeatures, SetAttributes
from cmdmap.store import gpkg

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


def test_log_names_changes_user_and_fields_but_no_personal_values(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDMAP_USER", "网格员小李")
    path = tmp_path / "果林社区.gpkg"
    gpkg.create(path, build_demo(1, "community", dt.date(2026, 11, 23)))
    doc = gpkg.open_document(path)
    staff = doc["staff"]
    s0 = int(staff.fid[0])
    SetAttributes(doc, "staff", s0, {"phone": "13900001111", "name": "王秘密"}).do(doc)
    b0 = int(doc["buildings"].fid[0])
    SetAttributes(doc, "buildings", b0, {"households": 77}).do(doc)
    rec = staff.record(s0)
    AddFeatures(doc, "staff", [dict(rec, code="NEW1", phone="13522223333")]).do(doc)
    gone = int(doc["gates"].fid[0])
    gone_code = doc["gates"].value(gone, "code")
    DeleteFeatures(doc, "gates", [gone]).do(doc)
    gpkg.save(doc, path)

    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT user, layer, fid, code, action, fields, changed_at FROM cmdmap_edit_log").fetchall()
    everything = repr(conn.execute("SELECT * FROM cmdmap_edit_log").fetchall())
    conn.close()
    by = {(r[1], r[2]): r for r in rows}
    assert all(r[0] == "网格员小李" and r[6].startswith(str(dt.date.today().year)) for r in rows)
    assert set(by[("staff", s0)][5].split(",")) == {"name", "phone"} and by[("staff", s0)][4] == "update"
    assert by[("buildings", b0)][4] == "update" and "households" in by[("buildings", b0)][5]
    assert any(r[4] == "add" and r[3] == "NEW1" for r in rows)
    assert by[("gates", gone)][4] == "delete" and by[("gates", gone)][3] == gone_code
    for secret in ("13900001111", "王秘密", "13522223333"):
        assert secret not in everything
    if VALIDATOR.is_file():
        r = subprocess.run([sys.executable, str(VALIDATOR), "--extra", "-k", str(path)],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and not (r.stdout + r.stderr).strip(), r.stdout + r.stderr
    # The log is the file's, not the map's: reopening and saving again adds to it.
    again = gpkg.open_document(path)
    SetAttributes(again, "buildings", b0, {"households": 78}).do(again)
    gpkg.save(again, path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM cmdmap_edit_log").fetchone()[0] == len(rows) + 1
    conn.close()
