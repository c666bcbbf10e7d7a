"""Building, isolation and staff rosters behind one set of functions, for the import dialog and
`cmdmap import --roster` alike: the columns each kind has, guessing them, what a mapping lacks,
matching, the report and the command. Qt-free."""

from __future__ import annotations

from typing import Any

from cmdmap.edit.commands import Command
from cmdmap.messages import message
from cmdmap.model.document import Document
from cmdmap.store import people_rosters as pr
from cmdmap.store import rosters
from cmdmap.store.tables import Table

KINDS = ("buildings", "isolation", "staff")
SHOWN_PROBLEMS = 30

Plan = Any  # rosters.RosterPlan for buildings, people_rosters.PeoplePlan for isolation and staff


def roles(kind: str) -> list[str]:
    """The columns a roster of `kind` can have, in the order the dialog lists them."""
    return list(rosters.ROLES) if kind == "buildings" else list(pr.COLUMNS[kind])


def guess(kind: str, headers: list[str]) -> dict[str, int]:
    return rosters.guess_roster_mapping(headers) if kind == "buildings" else pr.guess_mapping(kind, headers)


def missing(kind: str, mapping: dict[str, int]) -> list[str]:
    """Roles the roster cannot be matched without."""
    if kind != "buildings":
        return pr.missing_roles(kind, mapping)
    out = [] if ("building" in mapping or "address" in mapping) else ["building"]
    if not any(r in mapping for r in rosters.VALUE_ROLES):
        out.append("households")
    return out


def plan(doc: Document, kind: str, table: Table, mapping: dict[str, int] | None = None) -> Plan:
    """Match the rows (columns guessed when `mapping` is None); changes nothing."""
    if kind == "buildings":
        return rosters.plan_building_roster(doc, table, mapping)
    return pr.plan_roster(doc, kind, table, mapping)


def changes(kind: str, p: Plan) -> int:
    """How many features the import would change or add."""
    return sum(1 for v in p.updates.values() if v) if kind == "buildings" else p.changes


def command(doc: Document, kind: str, p: Plan) -> Command:
    """The import as one undoable step."""
    return rosters.roster_command(doc, p) if kind == "buildings" else pr.people_command(doc, p)


def report(doc: Document, path: str, kind: str, p: Plan, lang: str | None = None) -> tuple[str, list[str]]:
    """The headline of the matching report and its first problem rows, in `lang`."""
    if kind == "buildings":
        head = message("roster_report", lang, path=path, matched=len(p.matched), unmatched=len(p.unmatched),
                       conflicts=len(p.conflicts), **rosters.changed_totals(doc, p))
        rows = [message("roster_unmatched", lang, line=ln, text=t) for ln, t in p.unmatched[:SHOWN_PROBLEMS]]
    else:
        from cmdmap.messages import language
        title = doc.schema[p.kind].title.get(lang or language())
        head = message("people_roster_report", lang, kind=title, path=path, matched=len(p.matched),
                       unmatched=len(p.unmatched), conflicts=len(p.conflicts), added=p.changes)
        rows = [message("roster_no_target", lang, line=ln, text=t) for ln, t in p.unmatched[:SHOWN_PROBLEMS]]
    rows += [message(key, lang, line=ln, code=c) for ln, c, key in p.conflicts[:SHOWN_PROBLEMS]]
    return head, rows
