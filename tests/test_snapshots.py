"""Daily snapshots: one record per day, updated on demand, kept in the file, and the difference
from yesterday."""

from __future__ import annotations

import datetime as dt

from cmdmap.model import snapshots
from cmdmap.model.counts import count
from cmdmap.store import gpkg
from small_doc import small_doc

DAY = dt.date(2026, 11, 12)


def test_snapshots_are_one_a_day_saved_in_the_file_and_give_the_trend(tmp_path):
    doc = small_doc()
    snapshots.take(doc, DAY - dt.timedelta(days=1))
    assert snapshots.take_once_a_day(doc, DAY)
    assert not snapshots.take_once_a_day(doc, DAY)  # the second save of the day keeps the first
    snapshots.take(doc, DAY)  # on demand: the same day's record is brought up to date
    assert len(doc["snapshots"]) == 2
    path = tmp_path / "s.gpkg"
    gpkg.create(path, doc)
    again = gpkg.open_document(path)
    days, vals = snapshots.series(again)
    assert days == [DAY - dt.timedelta(days=1), DAY]
    assert vals["home"] == [2, 2] and vals["households"] == [150, 150]
    total = count(again, "community", DAY + dt.timedelta(days=1)).total  # G1 ended, G4 still on
    diff = snapshots.since_yesterday(again, DAY + dt.timedelta(days=1), total)
    assert diff["monitoring"] == 0 and diff["households"] == 0
