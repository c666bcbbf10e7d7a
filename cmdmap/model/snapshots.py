"""Daily snapshots of the community's counts (table `snapshots`), so the desk sees the trend of
isolated residents by kind and the difference from yesterday.

One record per day, its `code` the day (YYYY-MM-DD). Taking a snapshot again the same day
updates that day's record. It goes through the edit commands (so the file saves it) but not the
undo stack: it is a record of what the counts were, not a user's edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cmdmap.edit.commands import AddFeatures, Command, SetAttributes
from cmdmap.model.counts import ISOLATION_KINDS, count
from cmdmap.model.document import Document

FIELDS = ("households", "residents", *ISOLATION_KINDS)


def figures(total: dict[str, Any]) -> dict[str, int]:
    """The snapshot fields of a community total row (counts JSON shape)."""
    out = {"households": int(total["households"]), "residents": int(total["residents"])}
    out.update({k: int(total["isolated"][k]) for k in ISOLATION_KINDS})
    return out


def take(doc: Document, day: dt.date, total: dict[str, Any] | None = None) -> Command:
    """Record the community's figures for `day` (`total`: the community row, else a recount)."""
    values = figures(total if total is not None else count(doc, "community", day).total)
    snaps = doc["snapshots"]
    fid = snaps.find(day.isoformat())
    cmd: Command
    if fid is None:
        cmd = AddFeatures(doc, "snapshots", [{"code": day.isoformat(), **values}])
    else:
        cmd = SetAttributes(doc, "snapshots", fid, values)
    cmd.do(doc)
    return cmd


def take_once_a_day(doc: Document, day: dt.date, total: dict[str, Any] | None = None) -> bool:
    """Take the day's snapshot unless there is one already (the save path calls this)."""
    if doc["snapshots"].find(day.isoformat()) is not None:
        return False
    take(doc, day, total)
    return True


def series(doc: Document) -> tuple[list[dt.date], dict[str, list[int]]]:
    """The snapshots in date order: the days, and per field the values."""
    if "snapshots" not in doc.layers:  # a document made with a schema that has no snapshots
        return [], {f: [] for f in FIELDS}
    snaps = doc["snapshots"]
    order = sorted(range(len(snaps)), key=lambda r: snaps.cols["code"][r])
    days = [dt.date.fromisoformat(snaps.cols["code"][r]) for r in order]
    vals = {f: [int(v) if v == v else 0 for v in snaps.cols[f][order]] for f in FIELDS}
    return days, vals


def since_yesterday(doc: Document, day: dt.date, total: dict[str, Any]) -> dict[str, int] | None:
    """Today's figures minus the snapshot of the day before `day` (None when there is none)."""
    if "snapshots" not in doc.layers:
        return None
    snaps = doc["snapshots"]
    fid = snaps.find((day - dt.timedelta(days=1)).isoformat())
    if fid is None:
        return None
    now = figures(total)
    return {f: now[f] - int(snaps.value(fid, f) or 0) for f in FIELDS}
