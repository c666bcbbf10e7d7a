"""Sites, risk zones and events of a demo community."""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely

from cmdmap.demo.lattice import Lattice
from cmdmap.demo.tables import Table

SIDE_NAMES = ("南", "东", "北", "西")


def _date(today: dt.date, days_back: int) -> str:
    return (today - dt.timedelta(days=int(days_back))).isoformat()


def _spread(rng: np.random.Generator, pts: np.ndarray, k: int) -> list[int]:
    """`k` indices of `pts` far from each other (greedy farthest point, random start)."""
    chosen = [int(rng.integers(0, len(pts)))]
    while len(chosen) < min(k, len(pts)):
        d = np.min(np.linalg.norm(pts[:, None, :] - pts[chosen][None, :, :], axis=2), axis=1)
        chosen.append(int(np.argmax(d)))
    return chosen


def checkpoints(rng: np.random.Generator, lat: Lattice) -> tuple[np.ndarray, list[str]]:
    """One checkpoint per side of the community, on the widest street entering it there."""
    n = lat.nodes
    sides = [  # (boundary crossings, the inward step, the streets crossing that side)
        ([n[0, i] for i in range(1, lat.nx)], [n[1, i] for i in range(1, lat.nx)], lat.cols[1:-1]),
        ([n[j, -1] for j in range(1, lat.ny)], [n[j, -2] for j in range(1, lat.ny)], lat.rows[1:-1]),
        ([n[-1, i] for i in range(1, lat.nx)], [n[-2, i] for i in range(1, lat.nx)], lat.cols[1:-1]),
        ([n[j, 0] for j in range(1, lat.ny)], [n[j, 1] for j in range(1, lat.ny)], lat.rows[1:-1]),
    ]
    pts, names = [], []
    for s, (edge, inner, streets) in enumerate(sides):
        if not edge:
            continue
        k = int(np.argmax([st.width + rng.uniform(0, 1) for st in streets]))
        d = inner[k] - edge[k]
        d = d / np.linalg.norm(d)
        side = np.array([d[1], -d[0]])
        # A few metres in from the boundary, in the inbound lane (off the centreline's grid edge).
        pts.append(edge[k] + 8.0 * d + side * streets[k].width / 4)
        names.append(f"{streets[k].name}{SIDE_NAMES[s]}卡点")
    return np.array(pts), names


def sites_table(rng: np.random.Generator, lat: Lattice, plazas: np.ndarray, supply_at: np.ndarray,
                clinic_at: np.ndarray | None, prefix: str, community: str) -> Table:
    """Sampling points, the isolation hotel, the designated hospital, checkpoints, supply points."""
    t = Table()
    # Sampling points on street stretches between blocks (or on squares left by L-shaped compounds).
    mids = []
    for p, q, left, right in lat.side_edges():
        if left != (-1, -1) and right != (-1, -1):
            d = (q - p) / np.linalg.norm(q - p)
            mids.append((p + q) / 2 + np.array([-d[1], d[0]]) * 4.0)
    cand = np.concatenate([np.array(mids).reshape(-1, 2), plazas.reshape(-1, 2)])
    k = int(rng.integers(3, 5))
    pick = _spread(rng, cand, k)
    pts = cand[pick]
    t.add(len(pts), shapely.points(pts), code=[f"{prefix}采样点{i + 1}" for i in range(len(pts))],
          name=[f"{community}第{i + 1}采样点" for i in range(len(pts))], kind="sampling",
          capacity=rng.integers(15, 40, size=len(pts)) * 100, hours="07:30-20:00")
    outline = lat.outline()
    c = np.array(outline.centroid.coords[0])
    xmin, ymin, xmax, ymax = outline.bounds
    hotel = np.array([xmax + rng.uniform(180, 320), c[1] + rng.uniform(-120, 120)])
    t.add(1, [shapely.Point(hotel)], code=f"{prefix}隔离点1", name="春城商务酒店（集中隔离点）",
          kind="isolation_hotel", capacity=int(rng.integers(12, 25)) * 10, hours="24小时")
    # The designated hospital sits at the community's edge, across a perimeter street.
    corner = lat.nodes[-1, 0]
    hosp = corner + (corner - c) / np.linalg.norm(corner - c) * rng.uniform(60, 120)
    t.add(1, [shapely.Point(hosp)], code=f"{prefix}定点医院", name="市第三人民医院（定点医院）",
          kind="hospital", capacity=int(rng.integers(30, 60)) * 10, hours="24小时")
    cp, cp_names = checkpoints(rng, lat)
    t.add(len(cp), shapely.points(cp), code=[f"{prefix}卡点{i + 1}" for i in range(len(cp))],
          name=cp_names, kind="checkpoint", hours="24小时", note="测温、查验健康码")
    t.add(len(supply_at), shapely.points(supply_at),
          code=[f"{prefix}物资点{i + 1}" for i in range(len(supply_at))],
          name=[f"第{i + 1}物资集散点" for i in range(len(supply_at))], kind="supply",
          hours="08:00-18:00")
    if clinic_at is not None:
        t.add(1, [shapely.Point(clinic_at)], code=f"{prefix}卫生服务站", name=f"{community}卫生服务站",
              kind="clinic", hours="08:00-17:30")
    return t


def risk_zones_table(sealed: shapely.Polygon, sealed_name: str, controlled: shapely.Polygon,
                     controlled_name: str, today: dt.date, prefix: str) -> Table:
    """One sealed zone around a building with a case, one controlled zone around its neighbours."""
    t = Table()
    start = _date(today, 6)
    end = (today + dt.timedelta(days=8)).isoformat()
    t.add(1, [shapely.multipolygons([sealed])], code=f"{prefix}封控区1", name=f"{sealed_name}封控区",
          level="sealed", start=start, end=end, note="出现确诊病例，封控14天，足不出户、上门服务")
    t.add(1, [shapely.multipolygons(shapely.get_parts(controlled))], code=f"{prefix}管控区1",
          name=f"{controlled_name}管控区", level="controlled", start=start, end=end,
          note="密接所在楼栋周边，人不出区、严禁聚集")
    return t


def events_table(today: dt.date, sampling: np.ndarray, supply: np.ndarray, case_at: np.ndarray,
                 case_name: str, visit_at: np.ndarray) -> Table:
    """A case, three sampling rounds, a supply delivery and a door-to-door visit."""
    rows: list[tuple[np.ndarray, str, str, int, str, str | None]] = [
        (case_at, f"{case_name}发现确诊病例1例", "case", 6, "done", "已转运定点医院"),
        (visit_at, "管控区入户走访排查", "visit", 5, "done", None),
    ]
    for k, back in enumerate((6, 3, 0)):
        p = sampling[k % len(sampling)]
        rows.append((p, f"第{k + 1}轮全员核酸采样", "sampling", back, "open" if back == 0 else "done", None))
    rows.append((supply[0], "生活物资配送（封控区）", "supply", 2, "done", "米面油、蔬菜包"))
    rows.append((supply[-1], "药品代购配送", "supply", 0, "open", None))
    t = Table()
    t.add(len(rows), shapely.points(np.array([r[0] for r in rows])),
          title=[r[1] for r in rows], kind=[r[2] for r in rows],
          date=[_date(today, r[3]) for r in rows], status=[r[4] for r in rows],
          note=[r[5] for r in rows])
    return t
