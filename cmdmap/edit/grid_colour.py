"""A grid's colour chosen by hand, or given back to automatic colouring.

The colour lives in the grid's `color` field, in the file, so it stays put across edits and
sessions; the renderer, the legend and the print layouts all read that field.
"""

from __future__ import annotations

import re

import numpy as np

from cmdmap.edit.commands import EditError, SetAttributes
from cmdmap.model.colouring import automatic_colour
from cmdmap.model.document import Document

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def automatic_grid_colour(doc: Document, fid: int) -> str:
    """The colour automatic colouring gives grid `fid`, its neighbours of the same level
    (片区, 网格 or 微网格) keeping theirs."""
    grids = doc["grids"]
    row = grids.row(fid)
    level = grids.column("level")
    same = np.nonzero(level == level[row])[0]
    return automatic_colour(grids.geom[same], grids.column("color")[same], int(np.nonzero(same == row)[0][0]))


class SetGridColour(SetAttributes):
    """Give grid `fid` the colour `colour` ('#rrggbb'), or with None the automatic colour."""

    def __init__(self, doc: Document, fid: int, colour: str | None) -> None:
        if colour is None:
            colour = automatic_grid_colour(doc, fid)
        elif not isinstance(colour, str) or not _HEX.match(colour.strip()):
            raise EditError("bad_colour", colour=colour)
        super().__init__(doc, "grids", fid, {"color": colour.strip().lower()})
