"""Isolation and staff rosters (Excel/CSV) matched onto the map, as for building rosters.

Isolation roster: one row per isolated person or household — an address ("3号楼2单元501", or
compound / building / unit / room columns), the kind (集中, 居家, 医院, 监测), a start date and
either a number of days or an end date. Each matched row becomes a new isolation entry.

Staff roster: name, role (网格员, 楼栋长…), phone, and the grid(s) and/or building(s) the person is
assigned to. A person already in the staff list (same name and phone) gets only the new
assignments; a new person is added with them.

`plan_*` only reads: it lists matched, unmatched and conflicting rows with a reason key for
messages.py. `people_command` applies a plan as one undoable step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from cmdmap.edit.commands import AddFeatures, Batch, EditError, validate_values
from cmdmap.model.address import building_key, parse_address
from cmdmap.model.document import Document
from cmdmap.store.rosters import BuildingIndex
from cmdmap.store.tables import Table

KINDS = ("isolation", "staff")

# Roster columns by role, per roster kind; the names are headers seen in desks' templates.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "isolation": {
        "compound": ("小区", "小区名称", "所属小区", "现住小区", "compound"),
        "address": ("地址", "详细地址", "住址", "现住址", "居住地址", "隔离地址", "门牌地址", "address"),
        "building": ("楼号", "楼栋", "楼栋号", "栋号", "building"),
        "unit": ("单元", "单元号", "unit"),
        "room": ("房号", "门牌号", "室号", "房间号", "room"),
        "kind": ("隔离类型", "隔离方式", "类型", "管控类型", "kind"),
        "start": ("开始日期", "隔离开始日期", "开始时间", "隔离开始时间", "起始日期", "start"),
        "days": ("天数", "隔离天数", "期限", "days"),
        "end": ("结束日期", "解除日期", "计划解除日期", "隔离结束日期", "end"),
        "persons": ("人数", "隔离人数", "persons"),
        "name": ("姓名", "name"),
        "phone": ("电话", "联系电话", "手机", "手机号", "phone"),
        "note": ("备注", "note"),
    },
    "staff": {
        "name": ("姓名", "name"),
        "role": ("职务", "岗位", "角色", "身份", "职责", "role"),
        "phone": ("电话", "联系电话", "手机", "手机号", "phone"),
        "grid": ("负责网格", "所属网格", "网格", "网格编号", "grid"),
        "compound": ("小区", "所属小区", "负责小区", "compound"),
        "building": ("负责楼栋", "楼栋", "楼号", "building"),
        "org": ("单位", "工作单位", "org"),
        "note": ("备注", "note"),
    },
}
# What a roster must have to be read at all; a tuple means "one of these".
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "isolation": (("address", "building"), ("kind",), ("start",)),
    "staff": (("name",), ("role",)),
}
# How desks write isolation kinds; checked in order, so 居家 wins over 隔离 and 医院 over 集中.
_KIND_WORDS = (("monitoring", ("监测",)), ("home", ("居家", "在家", "home")),
               ("hospital", ("医院", "住院", "定点", "hospital")), ("centralised", ("集中", "酒店", "centralised")))
_ROLE_SYNONYMS = {"楼长": "building_head", "单元长": "building_head", "物业管理": "property", "物业公司": "property",
                  "警察": "police", "社区民警": "police", "医务人员": "doctor", "家庭医生": "doctor", "社区医生": "doctor",
                  "网格管理员": "grid_worker", "专职网格员": "grid_worker"}
_SPLIT = re.compile(r"[,，;；、/\s]+")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})\s*日?")


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """Role → column index, from the header names (exact names first, then names inside headers)."""
    norm = [re.sub(r"\s+", "", h or "").lower() for h in headers]
    out: dict[str, int] = {}
    for role, names in COLUMNS[kind].items():
        hit = next((norm.index(n.lower()) for n in names if n.lower() in norm), None)
        if hit is None:
            hit = next((i for n in names if len(n) > 1 for i, h in enumerate(norm)
                        if n.lower() in h and i not in out.values()), None)
        if hit is not None and hit not in out.values():
            out[role] = hit
    return out


def missing_roles(kind: str, mapping: dict[str, int]) -> list[str]:
    """The required roles the mapping lacks (for each "one of", the first)."""
    return [alts[0] for alts in REQUIRED[kind] if not any(a in mapping for a in alts)]


def parse_date(text: str | None) -> dt.date | None:
    """"2026-11-20", "2026/11/20", "20261120", "2026年11月20日" → a date; None when it is not one."""
    m = _DATE.match(str(text or ""))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def isolation_kind(text: str | None) -> str | None:
    """集中隔离 → centralised, 居家 → home, 定点医院 → hospital, 健康监测 → monitoring."""
    s = str(text or "").strip().lower()
    for kind, words in _KIND_WORDS:
        if any(w in s for w in words):
            return kind
    return None


def staff_role(doc: Document, text: str | None) -> str | None:
    """A role value from its Chinese or English title (网格员 → grid_worker) or a common synonym."""
    s = re.sub(r"\s+", "", str(text or ""))
    if not s:
        return None
    for c in doc.schema["staff"].field("role").choices:
        if s in (c.value, c.title.zh, c.title.en) or s.lower() == c.title.en.lower():
            return c.value
    return _ROLE_SYNONYMS.get(s)


def next_codes(existing, prefix: str, n: int, width: int = 4) -> list[str]:
    """`n` new codes after the largest `prefix`+digits code in `existing` ("G0723", "G0724", …)."""
    taken = {str(c) for c in existing}
    top = max((int(c[len(prefix):]) for c in taken if c.startswith(prefix) and c[len(prefix):].isdigit()), default=0)
    width = max([width] + [len(c) - len(prefix) for c in taken if c.startswith(prefix) and c[len(prefix):].isdigit()])
    return [f"{prefix}{top + i:0{width}d}" for i in range(1, n + 1)]


@dataclass
class PeoplePlan:
    """What a roster would add, and every row that could not be used (file line numbers)."""

    kind: str
    records: list[dict[str, Any]] = field(default_factory=list)         # new isolation or staff rows
    assignments: list[dict[str, Any]] = field(default_factory=list)     # new assignments (staff rosters)
    matched: list[tuple[int, str]] = field(default_factory=list)        # (line, what it matched)
    unmatched: list[tuple[int, str]] = field(default_factory=list)      # (line, what it said)
    conflicts: list[tuple[int, str, str]] = field(default_factory=list)  # (line, what it said, reason key)

    @property
    def changes(self) -> int:
        """How many rows the import would add."""
        return len(self.records) + len(self.assignments)


def _cells(table: Table, mapping: dict[str, int]):
    first = 3 if table.skipped_notes_row else 2
    for i, row in enumerate(table.rows):
        yield first + i, (lambda role, row=row: (row[mapping[role]] or None) if role in mapping else None)


def _compound_in(index: BuildingIndex, address: str | None) -> str | None:
    """The compound named inside a full address ("果林溪谷3栋2单元501"); the longest name wins, so
    "果林溪谷" is not taken for "果林"."""
    text = str(address or "")
    return max((k for k in index.compounds if k and k in text), key=len, default=None)


def plan_isolation_roster(doc: Document, table: Table, mapping: dict[str, int] | None = None) -> PeoplePlan:
    """Match every row to a building and build the isolation entries it would add."""
    mapping = guess_mapping("isolation", table.headers) if mapping is None else mapping
    plan = PeoplePlan("isolation")
    index = BuildingIndex(doc)
    iso = doc["isolation"]
    spec = iso.spec
    codes = doc["buildings"].column("code")
    brow = doc["buildings"]
    existing = {(str(b), str(u or ""), str(r or ""), str(k), str(s)) for b, u, r, k, s in zip(
        iso.column("building"), iso.column("unit"), iso.column("room"), iso.column("kind"), iso.column("start"))}
    seen: set[tuple] = set()
    for line, cell in _cells(table, mapping):
        addr = parse_address(cell("address"))
        key = building_key(cell("building")) if cell("building") else addr.building
        said = " ".join(str(x) for x in (cell("compound"), cell("address") or cell("building"),
                                          cell("unit"), cell("room")) if x)
        compound = index.compound(cell("compound")) if cell("compound") else _compound_in(index, cell("address"))
        fid = None if cell("compound") and compound is None else index.find(compound, key)
        if fid is None:
            plan.unmatched.append((line, said))
            continue
        building = str(codes[brow.row(fid)])
        unit = parse_address(f"{cell('unit')}单元").unit if cell("unit") else addr.unit
        room = str(cell("room")) if cell("room") else addr.room
        kind = isolation_kind(cell("kind"))
        start = parse_date(cell("start"))
        end = parse_date(cell("end"))
        if end is None and cell("days"):
            try:
                end = start + dt.timedelta(days=int(float(str(cell("days")).rstrip("天"))))
            except (TypeError, ValueError):
                end = None
        if kind is None:
            plan.conflicts.append((line, said, "roster_bad_kind"))
            continue
        if start is None or (cell("end") or cell("days")) and (end is None or end <= start):
            plan.conflicts.append((line, said, "roster_bad_date"))
            continue
        ident = (building, str(unit or ""), str(room or ""), kind, start.isoformat())
        if ident in existing or ident in seen:
            plan.conflicts.append((line, said, "roster_already_registered"))
            continue
        values = {"building": building, "unit": unit, "room": room, "kind": kind, "start": start, "end": end,
                  "persons": cell("persons") or 1, "name": cell("name"), "phone": cell("phone"), "note": cell("note")}
        try:
            values = validate_values(spec, {k: v for k, v in values.items() if v is not None})
        except EditError:
            plan.conflicts.append((line, said, "roster_bad_value_text"))
            continue
        seen.add(ident)
        plan.records.append(values)
        plan.matched.append((line, building))
    for rec, code in zip(plan.records, next_codes(iso.column("code"), "G", len(plan.records))):
        rec["code"] = code
    return plan


def _grid_finder(doc: Document):
    g = doc["grids"]
    by = {}
    for code, name in zip(g.column("code"), g.column("name")):
        by[str(code).upper()] = str(code)
        if name:
            by[re.sub(r"\s+", "", str(name))] = str(code)
    return lambda text: by.get(str(text).upper()) or by.get(re.sub(r"\s+", "", str(text)))


def plan_staff_roster(doc: Document, table: Table, mapping: dict[str, int] | None = None) -> PeoplePlan:
    """Match every row's grids and buildings and build the staff and assignments it would add."""
    mapping = guess_mapping("staff", table.headers) if mapping is None else mapping
    plan = PeoplePlan("staff")
    staff = doc["staff"]
    asg = doc["assignments"]
    find_grid = _grid_finder(doc)
    index = BuildingIndex(doc)
    bcodes = doc["buildings"].column("code")
    brows = doc["buildings"]
    # People already listed, by name: their phones (a person is the same when name and phone agree).
    known: dict[str, list[tuple[str, str]]] = {}
    for code, name, phone in zip(staff.column("code"), staff.column("name"), staff.column("phone")):
        known.setdefault(str(name), []).append((str(code), str(phone or "")))
    held = {(str(s), str(r), str(t)) for s, r, t in zip(asg.column("staff"), asg.column("role"), asg.column("target"))}
    new_codes = iter(next_codes(staff.column("code"), "S", len(table.rows)))
    spec = staff.spec
    for line, cell in _cells(table, mapping):
        name, phone = cell("name"), cell("phone")
        said = " ".join(str(x) for x in (name, cell("role"), cell("grid"), cell("building")) if x)
        role = staff_role(doc, cell("role"))
        if not name or role is None:
            plan.conflicts.append((line, said, "roster_bad_role" if name else "roster_bad_value_text"))
            continue
        targets: list[tuple[str, str]] = []
        lost = []
        for text in _SPLIT.split(str(cell("grid") or "")):
            if text:
                code = find_grid(text)
                targets.append(("grids", code)) if code else lost.append(text)
        compound = index.compound(cell("compound"))
        for text in _SPLIT.split(str(cell("building") or "")):
            if text:
                fid = index.find(compound, building_key(text))
                targets.append(("buildings", str(bcodes[brows.row(fid)]))) if fid is not None else lost.append(text)
        if lost or not targets:
            plan.unmatched.append((line, said))
            continue
        same = [c for c, p in known.get(str(name), []) if not phone or not p or p == str(phone)]
        if known.get(str(name)) and not same:
            plan.conflicts.append((line, said, "roster_staff_phone_differs"))
            continue
        if same:
            code = same[0]
        else:
            code = next(new_codes)
            try:
                rec = validate_values(spec, {k: v for k, v in {"name": name, "phone": phone, "role": role,
                                                                "org": cell("org"), "note": cell("note")}.items() if v})
            except EditError:
                plan.conflicts.append((line, said, "roster_bad_value_text"))
                continue
            rec["code"] = code
            plan.records.append(rec)
            known.setdefault(str(name), []).append((code, str(phone or "")))
        for layer, target in targets:
            if (code, role, target) not in held:
                held.add((code, role, target))
                plan.assignments.append({"staff": code, "role": role, "target_layer": layer, "target": target})
        plan.matched.append((line, f"{name}（{code}）"))
    for rec, code in zip(plan.assignments, next_codes(asg.column("code"), "A", len(plan.assignments), 5)):
        rec["code"] = code
    return plan


def plan_roster(doc: Document, kind: str, table: Table, mapping: dict[str, int] | None = None) -> PeoplePlan:
    """`plan_isolation_roster` or `plan_staff_roster`."""
    return (plan_isolation_roster if kind == "isolation" else plan_staff_roster)(doc, table, mapping)


def people_command(doc: Document, plan: PeoplePlan) -> Batch:
    """One undoable step adding the plan's entries (and a staff roster's assignments)."""
    cmds = []
    if plan.records:
        cmds.append(AddFeatures(doc, plan.kind, plan.records))
    if plan.assignments:
        cmds.append(AddFeatures(doc, "assignments", plan.assignments))
    return Batch(cmds, text="导入隔离名单" if plan.kind == "isolation" else "导入工作人员名单")
