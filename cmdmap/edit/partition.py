"""Editing grids as a partition: every command keeps "不留空白，不交叉重叠".

Grids of a level share their boundary vertices exactly, so moving "a vertex" means moving that
coordinate in every grid of every level that has it (a corner shared by two grids, the grid and
the zone around it, the micro-grid inside it), and inserting a vertex on an edge inserts it in
every ring that has that edge. Split, merge and draw make new corners where a line cuts an edge;
those are settled onto one exact coordinate and inserted into the neighbours sharing the edge,
so the partition stays noded for the next edit. Every command is checked by
`partition_check.verify` before anything is stored; a refusal is an EditError and changes nothing.

Qt-free. Each builder returns one `GridEdit` command (one undo step).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import shapely
from shapely.ops import split as split_by_line

from cmdmap.edit import rings
from cmdmap.edit.commands import AddFeatures, Batch, Command, DeleteFeatures, EditError, SetAttributes, SetGeometry
from cmdmap.edit.grid_names import colour_for, next_code, next_name
from cmdmap.edit.partition_check import MIN_GRID_AREA_M2, Proposal, verify
from cmdmap.edit.rings import Coord
from cmdmap.model.check import AREA_TOLERANCE_M2
from cmdmap.model.document import Document

SETTLE_M = 1e-6      # computed points this close to each other (or to a vertex) are one point
SPLIT_REACH_M = 0.01  # a split line ending on the boundary is carried this far through it
SLIVER_M2 = 1.0       # a piece this small left over by an outline goes to the new grid


class GridEdit(Command):
    """A grid edit: basic commands done as one step; derived placement columns follow."""

    def __init__(self, commands: Sequence[Command], text: str) -> None:
        self.batch = Batch(commands, text)
        self.text = text

    @property
    def commands(self) -> list[Command]:
        return self.batch.commands

    def do(self, doc: Document) -> None:
        self.batch.do(doc)
        doc.sync_derived()

    def undo(self, doc: Document) -> None:
        self.batch.undo(doc)
        doc.sync_derived()


# -- finding vertices and edges ------------------------------------------------------------------

def grids_with_vertex(doc: Document, p: Coord) -> list[int]:
    """Fids of the grids (any level) having exactly `p` as a vertex."""
    g = doc["grids"]
    c, idx = shapely.get_coordinates(g.geom, return_index=True)
    hit = (c[:, 0] == p[0]) & (c[:, 1] == p[1])
    return [int(f) for f in g.fid[np.unique(idx[hit])]]


def _code(doc: Document, fid: int) -> str:
    return str(doc["grids"].value(fid, "code"))


def _changed_geometry(doc: Document, changed: Mapping[int, shapely.Geometry]) -> SetGeometry:
    return SetGeometry(doc, "grids", dict(changed))


# -- vertices --------------------------------------------------------------------------------------

def proposed_vertex_moves(doc: Document, moves: Mapping[Coord, Coord]) -> dict[int, shapely.Geometry]:
    """The grids' shapes with the vertices `moves` moved (unchecked: for previews while dragging)."""
    g = doc["grids"]
    fids: set[int] = set()
    for a in moves:
        fids.update(grids_with_vertex(doc, a))
    out = {}
    for f in sorted(fids):
        new = rings.move_vertices(g.geometry(f), moves)
        if new is not None:
            out[f] = new
    return out


def move_vertices(doc: Document, moves: Mapping[Coord, Coord], text: str = "") -> GridEdit:
    """Move vertices (old -> new) in every grid of every level that has them."""
    moves = {(float(a[0]), float(a[1])): (float(b[0]), float(b[1])) for a, b in moves.items() if tuple(a) != tuple(b)}
    if not moves:
        raise EditError("vertex_not_moved")
    g = doc["grids"]
    fids: set[int] = set()
    for a in moves:
        hit = grids_with_vertex(doc, a)
        if not hit:
            raise EditError("vertex_not_found")
        fids.update(hit)
    changed = {}
    for f in sorted(fids):
        new = rings.move_vertices(g.geometry(f), moves)
        if new is None:
            raise EditError("vertex_degenerate", codes=[_code(doc, f)])
        changed[f] = new
    verify(doc, Proposal(changed=changed))
    _keep_buildings_inside(doc, changed)
    return GridEdit([_changed_geometry(doc, changed)], text or _text(doc, "edit_text_move", changed))


def move_vertex(doc: Document, old: Coord, new: Coord) -> GridEdit:
    """Move one vertex in every grid that has it."""
    return move_vertices(doc, {old: new})


def move_edge(doc: Document, a: Coord, b: Coord, dx: float, dy: float) -> GridEdit:
    """Move an edge (both its ends, by the same offset) in every grid that has them."""
    return move_vertices(doc, {a: (a[0] + dx, a[1] + dy), b: (b[0] + dx, b[1] + dy)})


def insert_vertex(doc: Document, a: Coord, b: Coord, p: Coord) -> GridEdit:
    """Insert `p` into the edge a–b of every grid having that edge (both neighbours, all levels)."""
    g = doc["grids"]
    changed = {}
    for f in sorted(set(grids_with_vertex(doc, a)) & set(grids_with_vertex(doc, b))):
        old = g.geometry(f)
        new = rings.insert_vertex(old, a, b, p)
        if new is not None and len(shapely.get_coordinates(new)) > len(shapely.get_coordinates(old)):
            changed[f] = new
    if not changed:
        raise EditError("edge_not_found")
    verify(doc, Proposal(changed=changed))
    return GridEdit([_changed_geometry(doc, changed)], _text(doc, "edit_text_insert", changed))


def delete_vertex(doc: Document, p: Coord) -> GridEdit:
    """Remove vertex `p` from every grid that has it (refused if a grid would degenerate)."""
    g = doc["grids"]
    fids = grids_with_vertex(doc, p)
    if not fids:
        raise EditError("vertex_not_found")
    changed = {}
    for f in fids:
        new = rings.remove_vertex(g.geometry(f), p)
        if new is None:
            raise EditError("vertex_degenerate", codes=[_code(doc, f)])
        changed[f] = new
    verify(doc, Proposal(changed=changed))
    _keep_buildings_inside(doc, changed)
    return GridEdit([_changed_geometry(doc, changed)], _text(doc, "edit_text_delete", changed))


def _keep_buildings_inside(doc: Document, changed: Mapping[int, shapely.Geometry]) -> None:
    """Refuse an outer boundary pulled in past a building: every building stays in a grid."""
    from cmdmap.model.reassign import reassignment
    out = [f for m in reassignment(doc, changed, levels=("zone", "grid"))
           if m.source is not None and m.target is None for f in m.fids]
    if out:
        b = doc["buildings"]
        raise EditError("building_left_outside", codes=sorted({str(b.value(f, "code")) for f in out}))


# -- settling computed points ------------------------------------------------------------------------

def _settle(doc: Document, shapes: dict[Any, shapely.Geometry], skip: Iterable[int]) -> dict[int, shapely.Geometry]:
    """Make the corners an overlay computed exact shared vertices.

    Each computed point within SETTLE_M of a vertex that existed (or of another computed point)
    becomes that vertex; every computed point is then inserted into the edges it lies on, in
    `shapes` and in the other grids near it (all levels). Returns the neighbours that changed;
    `shapes` is updated in place.
    """
    g = doc["grids"]
    skip = set(skip)
    box = shapely.box(*shapely.total_bounds(np.array(list(shapes.values()), dtype=object))).buffer(1.0)
    near = [int(g.fid[r]) for r in shapely.STRtree(g.geom).query(box) if int(g.fid[r]) not in skip]
    known = np.array(sorted(set().union(*(rings.coords_of(g.geometry(f)) for f in near + sorted(skip)))) or [(np.inf, np.inf)])
    mapping: dict[Coord, Coord] = {}
    fresh: list[Coord] = []
    for shape in shapes.values():
        for p in rings.coords_of(shape):
            if p in mapping:
                continue
            d = np.hypot(known[:, 0] - p[0], known[:, 1] - p[1])
            i = int(np.argmin(d))
            if d[i] == 0:
                continue
            if d[i] <= SETTLE_M:
                mapping[p] = (float(known[i, 0]), float(known[i, 1]))
                continue
            twin = next((q for q in fresh if abs(q[0] - p[0]) <= SETTLE_M and abs(q[1] - p[1]) <= SETTLE_M), None)
            if twin is not None:
                mapping[p] = twin
            else:
                fresh.append(p)
    for k, shape in list(shapes.items()):
        if mapping:
            moved = rings.move_vertices(shape, mapping)
            if moved is None:
                raise EditError("grid_edit_invalid", codes=[str(k)], reason="degenerate")
            shape = moved
        for p in fresh:
            shape = rings.insert_on_edges(shape, p)
        shapes[k] = shape
    neighbours: dict[int, shapely.Geometry] = {}
    for f in near:
        old = g.geometry(f)
        new = old
        for p in fresh:
            if shapely.dwithin(new, shapely.Point(p), SETTLE_M * 10):
                new = rings.insert_on_edges(new, p)
        if new is not old:
            neighbours[f] = new
    return neighbours


# -- split ---------------------------------------------------------------------------------------------

def _reach(line: shapely.LineString, poly: shapely.Geometry) -> shapely.LineString:
    """`line` carried a little further at an end lying on the boundary (a snapped end), so the
    cut goes all the way through instead of stopping a hair inside."""
    c = np.asarray(shapely.get_coordinates(line), dtype=float)
    for end, prev in ((0, 1), (-1, -2)):
        p = shapely.Point(c[end])
        if rings.has_vertex(poly, (c[end][0], c[end][1])) or poly.boundary.distance(p) > SPLIT_REACH_M:
            continue
        d = c[end] - c[prev]
        n = float(np.hypot(*d))
        if n > 0:
            c[end] = c[end] + d / n * SPLIT_REACH_M
    return shapely.LineString(c)


def split_grid(doc: Document, fid: int, line: Sequence[Coord], code: str | None = None,
               name: str | None = None) -> GridEdit:
    """Split grid `fid` in two along `line` (which must cross it). The larger part keeps the grid;
    the other becomes a new grid (next free code). Children go with the part holding them."""
    g = doc["grids"]
    fid = int(fid)
    poly = g.geometry(fid)
    rec = g.record(fid)
    if len(line) < 2:
        raise EditError("split_not_across", level=rec["level"], codes=[rec["code"]])
    cut = _reach(shapely.LineString(line), poly)
    parts = [p for p in shapely.get_parts(split_by_line(poly, cut)) if p.area > AREA_TOLERANCE_M2]
    if len(parts) != 2 or not shapely.is_simple(cut):
        raise EditError("split_not_across", level=rec["level"], codes=[rec["code"]])
    keep, new = sorted(parts, key=lambda p: -p.area)
    shapes: dict[Any, shapely.Geometry] = {fid: keep, "new": new}
    neighbours = _settle(doc, shapes, skip=[fid])
    keep, new = shapes[fid], shapes["new"]
    code = code or next_code(doc, rec["code"])
    name = name or next_name(rec["name"], rec["code"], code)
    record = {**rec, "code": code, "name": name, "color": colour_for(doc, fid, new), "note": None}
    parents = {}
    for cf in _children(doc, rec["code"]):
        child = g.geometry(cf)
        in_keep = shapely.area(shapely.intersection(child, keep))
        in_new = shapely.area(shapely.intersection(child, new))
        if min(in_keep, in_new) > AREA_TOLERANCE_M2:
            raise EditError("split_cuts_child", codes=[_code(doc, cf)])
        if in_new > in_keep:
            parents[cf] = code
    changed = {fid: keep, **neighbours}
    verify(doc, Proposal(changed=changed, added=[(record, new)], parents=parents))
    cmds: list[Command] = [_changed_geometry(doc, changed), AddFeatures(doc, "grids", [record], [new])]
    cmds += [SetAttributes(doc, "grids", cf, {"parent": p}) for cf, p in parents.items()]
    return GridEdit(cmds, _say("edit_text_split", codes=[rec["code"], code]))


def _children(doc: Document, code: str) -> list[int]:
    g = doc["grids"]
    return [int(f) for f in g.fid[g.column("parent") == code]]


# -- merge ---------------------------------------------------------------------------------------------

def merge_grids(doc: Document, fids: Sequence[int]) -> GridEdit:
    """Merge neighbouring grids of one level and parent into the first; children and staff
    assignments of the others move to it."""
    g = doc["grids"]
    fids = list(dict.fromkeys(int(f) for f in fids))
    if len(fids) < 2:
        raise EditError("merge_too_few")
    codes = [_code(doc, f) for f in fids]
    if len({(g.value(f, "level"), g.value(f, "parent")) for f in fids}) != 1:
        raise EditError("merge_levels", codes=codes)
    merged = shapely.union_all([g.geometry(f) for f in fids])
    if merged.geom_type != "Polygon":
        raise EditError("merge_not_neighbours", codes=codes)
    keep, gone = fids[0], fids[1:]
    keep_code = codes[0]
    gone_codes = set(codes[1:])
    parents = {cf: keep_code for c in gone_codes for cf in _children(doc, c)}
    verify(doc, Proposal(changed={keep: merged}, removed=set(gone), parents=parents))
    cmds: list[Command] = [_changed_geometry(doc, {keep: merged})]
    cmds += [SetAttributes(doc, "grids", cf, {"parent": p}) for cf, p in parents.items()]
    a = doc["assignments"]
    for af, tl, t in zip(a.fid, a.column("target_layer"), a.column("target")):
        if tl == "grids" and t in gone_codes:
            cmds.append(SetAttributes(doc, "assignments", int(af), {"target": keep_code}))
    cmds.append(DeleteFeatures(doc, "grids", gone))
    return GridEdit(cmds, _say("edit_text_merge", codes=codes))


# -- draw ----------------------------------------------------------------------------------------------

def draw_grid(doc: Document, outline: Sequence[Coord], level: str, code: str, name: str,
              parent: str | None = None) -> GridEdit:
    """A new grid of `level` where `outline` is, taking that area from the grids there (clipped
    to what the level covers, so no gap or overlap appears)."""
    g = doc["grids"]
    if len(outline) < 3:
        raise EditError("outline_self_crossing")
    shape = shapely.Polygon(outline)
    if not shape.is_valid:
        raise EditError("outline_self_crossing")
    lv = g.column("level") == level
    hit = np.nonzero(lv & shapely.intersects(g.geom, shape))[0]
    hit = [int(r) for r in hit if shapely.area(shapely.intersection(g.geom[r], shape)) > AREA_TOLERANCE_M2]
    if not hit:
        raise EditError("outline_outside", level=level)
    new = shapely.intersection(shape, shapely.union_all(g.geom[hit]))
    changed: dict[Any, shapely.Geometry] = {}
    slivers = []
    for r in hit:
        f = int(g.fid[r])
        rest = shapely.difference(g.geom[r], new)
        pieces = sorted(shapely.get_parts(rest), key=lambda p: -p.area) if not rest.is_empty else []
        if not pieces or pieces[0].area < MIN_GRID_AREA_M2:
            raise EditError("outline_swallows", codes=[_code(doc, f)])
        small = [p for p in pieces[1:] if p.area < SLIVER_M2]
        if len(small) < len(pieces) - 1:
            raise EditError("grid_edit_pieces", codes=[_code(doc, f)])
        slivers += small
        changed[f] = pieces[0]
    if slivers:
        new = shapely.union_all([new, *slivers])
    if new.geom_type != "Polygon":
        raise EditError("grid_edit_pieces", codes=[code])
    if parent is None:
        owner = max(hit, key=lambda r: shapely.area(shapely.intersection(g.geom[r], new)))
        parent = g.column("parent")[owner]
    shapes = {**changed, "new": new}
    neighbours = _settle(doc, shapes, skip=list(changed))
    new = shapes.pop("new")
    changed = {**shapes, **neighbours}
    record = {"code": code, "name": name, "level": level, "parent": parent,
              "color": colour_for(doc, None, new, level)}
    if g.find(code) is not None:
        raise EditError("code_taken", code=code)
    verify(doc, Proposal(changed=changed, added=[(record, new)]))
    return GridEdit([_changed_geometry(doc, changed), AddFeatures(doc, "grids", [record], [new])],
                    _say("edit_text_draw", codes=[code]))


# -- texts ---------------------------------------------------------------------------------------------

def _say(key: str, **params: Any) -> str:
    from cmdmap.messages import message
    return message(key, **params)


def _text(doc: Document, key: str, changed: Mapping[int, shapely.Geometry]) -> str:
    return _say(key, codes=[_code(doc, f) for f in changed])
