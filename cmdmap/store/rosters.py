"""Building rosters from the sub-district (Excel/CSV) matched onto the map's buildings.

A row is matched by compound + building number, however the number is written ("3号楼",
"三号楼", "3栋", or inside an address). The plan lists matched, unmatched and conflicting rows
and changes nothing; its command applies it as one undoable step once the user confirms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cmdmap.edit.commands import Batch, SetAttributes
from cmdmap.model.address import building_key, parse_address
from cmdmap.model.document import Document
from cmdmap.model.schema import coerce, validate
from cmdmap.store.tables import Table

# Roster columns by role; values are header names seen in desks' templates.
ROLES: dict[str, tuple[str, ...]] = {
    "compound": ("小区", "小区名称", "小区/建筑名称", "所属小区", "现住小区/建筑", "compound"),
    "building": ("楼号", "楼栋", "楼栋号", "栋号", "楼栋名称", "building", "number"),
    "address": ("地址", "详细地址", "门牌地址", "住址", "房屋地址", "address"),
    "households": ("户数", "总户数", "住户数", "households"),
    "residents": ("人数", "居住人数", "约居住人数", "常住人口", "人口", "residents"),
    "floors": ("层数", "楼层数", "floors"),
    "units": ("单元数", "units"),
}
VALUE_ROLES = ("households", "residents", "floors", "units")


def guess_roster_mapping(headers: list[str]) -> dict[str, int]:
    """Role → column index, from the header names."""
    norm = [re.sub(r"\s+", "", h).lower() for h in headers]
    out: dict[str, int] = {}
    for role, names in ROLES.items():
        for n in names:
            if n.lower() in norm:
                out[role] = norm.index(n.lower())
                break
    return out


def _compound_key(name: Any) -> str:
    return re.sub(r"(小区|社区|\s)", "", str(name or ""))


@dataclass
class RosterPlan:
    """What a roster would change: values per building, and every row that could not be used."""

    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    matched: list[tuple[int, str]] = field(default_factory=list)        # (file line, building code)
    unmatched: list[tuple[int, str]] = field(default_factory=list)      # (file line, what it said)
    conflicts: list[tuple[int, str, str]] = field(default_factory=list)  # (file line, code, reason key)


class BuildingIndex:
    """Buildings by (compound, number key), and by number key alone when that is unique."""

    def __init__(self, doc: Document) -> None:
        b = doc["buildings"]
        comp = doc["compounds"]
        names = dict(zip(comp.column("code"), comp.column("name")))
        self.compounds = {_compound_key(n): n for n in comp.column("name")}
        self.by_pair: dict[tuple[str, str], int] = {}
        by_number: dict[str, list[int]] = {}
        for fid, number, ccode in zip(b.fid, b.column("number"), b.column("compound")):
            key = building_key(number)
            cname = _compound_key(names.get(ccode, ccode))
            self.by_pair[(cname, key)] = int(fid)
            by_number.setdefault(key, []).append(int(fid))
        self.by_number = {k: v[0] for k, v in by_number.items() if len(v) == 1}

    def compound(self, text: str | None) -> str | None:
        key = _compound_key(text)
        if not key:
            return None
        if key in self.compounds:
            return key
        hits = [k for k in self.compounds if k and (k in key or key in k)]
        return hits[0] if len(hits) == 1 else None

    def find(self, compound: str | None, number: str | None) -> int | None:
        if number is None:
            return None
        if compound is not None:
            return self.by_pair.get((compound, number))
        return self.by_number.get(number)


def plan_building_roster(doc: Document, table: Table, mapping: dict[str, int] | None = None) -> RosterPlan:
    """Match every row to a building and collect the values it would set."""
    mapping = guess_roster_mapping(table.headers) if mapping is None else mapping
    spec = doc.schema["buildings"]
    index = BuildingIndex(doc)
    plan = RosterPlan()
    first_line = 3 if table.skipped_notes_row else 2
    code_col = doc["buildings"].column("code")
    b = doc["buildings"]
    for i, row in enumerate(table.rows):
        line = first_line + i
        cell = lambda role: row[mapping[role]] if role in mapping else None  # noqa: E731
        number = cell("building")
        addr = parse_address(cell("address")) if "address" in mapping else None
        key = building_key(number) if number else (addr.building if addr else None)
        compound_text = cell("compound")
        compound = index.compound(compound_text)
        said = " ".join(str(x) for x in (compound_text, number or cell("address")) if x)
        if compound_text and compound is None:
            plan.unmatched.append((line, said))
            continue
        fid = index.find(compound, key)
        if fid is None:
            plan.unmatched.append((line, said))
            continue
        code = str(code_col[b.row(fid)])
        values: dict[str, Any] = {}
        bad = False
        for role in VALUE_ROLES:
            raw = cell(role)
            if raw is None:
                continue
            f = spec.field(role)
            try:
                v = coerce(f, raw)
            except ValueError:
                bad = True
                break
            if validate(f, v) is not None:
                bad = True
                break
            values[role] = v
        if bad:
            plan.conflicts.append((line, code, "roster_bad_value"))
            continue
        if fid in plan.updates and plan.updates[fid] != values:
            plan.conflicts.append((line, code, "roster_twice"))
            continue
        plan.updates[fid] = values
        plan.matched.append((line, code))
    return plan


def roster_command(doc: Document, plan: RosterPlan) -> Batch:
    """One undoable step setting every matched building's values."""
    cmds = [SetAttributes(doc, "buildings", fid, vals) for fid, vals in plan.updates.items() if vals]
    return Batch(cmds, text="导入花名册")


def changed_totals(doc: Document, plan: RosterPlan) -> dict[str, int]:
    """How the community's households and residents would change."""
    b = doc["buildings"]
    out = {}
    for role in ("households", "residents"):
        before = sum(float(np.nan_to_num(b.cols[role][b.row(f)])) for f in plan.updates)
        after = sum(float(v.get(role, np.nan_to_num(b.cols[role][b.row(f)]))) for f, v in plan.updates.items())
        out[role] = int(after - before)
    return out
