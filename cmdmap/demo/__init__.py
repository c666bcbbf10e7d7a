"""The demo: 果林社区 (Kunming) with 12 compounds, ~9,000 households and 64 grids, or a whole district.

`build_demo(seed, scale, today)` returns a fresh, clean Document in EPSG:4543. The same arguments
always give the same document; nothing depends on the clock except through `today`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from cmdmap.demo.assemble import to_document
from cmdmap.demo.community import build_community
from cmdmap.demo.names import GUOLIN_COMPOUNDS, GUOLIN_EW_STREETS, GUOLIN_NS_STREETS
from cmdmap.demo.spec import Built, CommunitySpec
from cmdmap.model.document import Document

SCALES = ("community", "city")


def guolin_spec(rng: np.random.Generator) -> CommunitySpec:
    """果林社区: 12 compounds in a 4 × 3 block lattice, ~9,000 households, 64 grids, 4 zones."""
    styles = rng.permutation(["tower", "mixed", "villa"] + ["slab"] * 9).tolist()
    recipes = rng.permutation(["notch"] * 3 + ["chamfer"] * 4 + ["bent"] * 2 + ["plain"] * 3).tolist()
    return CommunitySpec(
        name="果林社区", prefix="", compounds=list(GUOLIN_COMPOUNDS), styles=styles, recipes=recipes,
        ew_streets=list(GUOLIN_EW_STREETS), ns_streets=list(GUOLIN_NS_STREETS),
        households=float(rng.uniform(9000, 9300)), n_grids=64,
    )


HOUSEHOLDS = (8500, 9500)
ATTEMPTS = 24


def _guolin(seed: int, today: dt.date) -> Built:
    """果林社区 with every grid at 100–250 households.

    Whether the rows of a layout split into 64 such grids is only known after laying it out, so
    layouts are drawn from the seed's own sequence of sub-seeds until one does (about one in two
    does); the first that fits is used, so the result still depends on the seed alone.
    """
    best: tuple[tuple[int, float], Built] | None = None
    for attempt in range(ATTEMPTS):
        rng = np.random.default_rng(seed if attempt == 0 else [seed, attempt])
        try:
            built = build_community(rng, guolin_spec(rng), today)
        except ValueError:  # a layout whose rows cannot make 64 grids at all
            continue
        off = built.facts["grids_out_of_bounds"] + int(not HOUSEHOLDS[0] <= built.households <= HOUSEHOLDS[1])
        score = (off, abs(built.households - 9000.0))
        if best is None or score < best[0]:
            best = (score, built)
        if off == 0:
            break
    if best is None:
        raise RuntimeError(f"no demo layout fits for seed {seed}")
    return best[1]


def build_demo(seed: int = 1, scale: str = "community", today: dt.date | None = None) -> Document:
    """A demo document: `scale` "community" (果林社区) or "city" (~10,000 grids, ~200,000 buildings)."""
    today = today or dt.date.today()
    meta = {
        "community_name": "果林社区", "community_code": "GL", "title": "果林社区抗击疫情作战图",
        "credits": "", "demo_seed": int(seed), "created_by": "cmdmap demo",
        "demo_scale": scale, "demo_today": today.isoformat(),
    }
    if scale == "community":
        return to_document([_guolin(seed, today)], meta)
    if scale == "city":
        from cmdmap.demo.city import build_city_parts

        meta.update({"community_name": "盘龙区（演示城区）", "community_code": "PL",
                     "title": "盘龙区抗击疫情作战图（演示）"})
        return to_document(build_city_parts(seed, today), meta)
    raise ValueError(f"unknown demo scale {scale!r}; use one of {SCALES}")


__all__ = ["build_demo", "SCALES"]
