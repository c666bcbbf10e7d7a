"""Counts at every level on a community whose figures are known by heart."""

import datetime as dt

import pytest

from cmdmap.model.counts import count
from small_doc import small_doc

DAY = dt.date(2026, 11, 12)


@pytest.fixture()
def doc():
    return small_doc()


def rows_by_code(doc, by, day=DAY):
    return {r["code"]: r for r in count(doc, by=by, as_of=day).rows}


def test_community_total(doc):
    t = count(doc, as_of=DAY).total
    assert t["code"] == "T" and t["name"] == "测试社区"
    assert (t["buildings"], t["households"], t["residents"]) == (6, 150, 350)


def test_grid_rows_follow_the_map(doc):
    g = rows_by_code(doc, "grid")
    assert {k: v["households"] for k, v in g.items()} == {"W1": 30, "W2": 30, "W3": 40, "W4": 50}
    # The straddling building (most of its area east of x=150) is counted once, in W4.
    assert sum(v["buildings"] for v in g.values()) == 6


def test_zone_micro_compound_rows(doc):
    assert {k: v["households"] for k, v in rows_by_code(doc, "zone").items()} == {"P1": 60, "P2": 90}
    assert {k: v["households"] for k, v in rows_by_code(doc, "micro").items()} == {"W1-1": 10, "W1-2": 20}
    assert {k: v["residents"] for k, v in rows_by_code(doc, "compound").items()} == {"甲园": 150, "乙园": 200}


def test_isolation_is_counted_on_the_day_it_is_active(doc):
    g = rows_by_code(doc, "grid", dt.date(2026, 11, 12))
    assert g["W1"]["isolated"]["home"] == 2
    assert g["W2"]["isolated"]["centralised"] == 1
    assert g["W3"]["isolated"]["monitoring"] == 3
    assert g["W4"]["isolated"]["hospital"] == 0  # released on the 12th
    before = count(doc, as_of=dt.date(2026, 11, 11)).total["isolated"]
    assert before == {"hospital": 1, "centralised": 1, "home": 2, "monitoring": 0}
    # The planned end day is the release day: not counted on it.
    assert count(doc, as_of=dt.date(2026, 11, 15)).total["isolated"]["home"] == 0
    assert count(doc, as_of=dt.date(2026, 11, 14)).total["isolated"]["home"] == 2


def test_staff_count_people_once_per_row(doc):
    t = count(doc, as_of=DAY).total
    assert t["staff"]["grid_worker"] == 1      # one person serving two grids
    assert t["staff"]["building_head"] == 1
    g = rows_by_code(doc, "grid")
    assert g["W1"]["staff"]["grid_worker"] == 1 and g["W2"]["staff"]["grid_worker"] == 1
    assert g["W3"]["staff"]["grid_worker"] == 0
    z = rows_by_code(doc, "zone")
    assert z["P1"]["staff"]["grid_worker"] == 1 and z["P1"]["staff"]["grid_leader"] == 1
    assert g["W1"]["staff"]["grid_leader"] == 0  # a zone leader is not in one of its grids
    assert rows_by_code(doc, "compound")["乙园"]["staff"]["property"] == 1
    assert g["W1"]["households_per_grid_worker"] == 30.0


def test_building_rows(doc):
    b = rows_by_code(doc, "building")
    assert b["甲园-1栋"]["isolated"]["home"] == 2
    assert b["甲园-1栋"]["staff"]["building_head"] == 1


def test_derived_fields_hold_the_placement(doc):
    b = doc["buildings"]
    got = dict(zip(b.column("code"), zip(b.column("grid"), b.column("compound"))))
    assert got["乙园-2栋"] == ("W4", "乙园")
    assert got["甲园-2栋"] == ("W1", "甲园")
    gates = doc["gates"]
    assert list(gates.column("compound")) == ["甲园", "乙园"]


def test_no_personal_data_in_counts(doc):
    import json
    text = json.dumps(count(doc, by="building", as_of=DAY).to_json(), ensure_ascii=False)
    assert "钱七" not in text and "张三" not in text and "13800001111" not in text
