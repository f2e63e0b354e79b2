"""Instances for bench/routing.py: synthetic layouts, the pyWarehouse peer adapter, and the
public OBP instance files (read from ../shared/benchmarks when present)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    aisles: int
    block_len: int  # metres; slots at 1 m pitch, 1 .. block_len - 1
    blocks: int
    spacing: float = 3.0
    corridor: float = 0.0  # depth of a cross corridor between blocks (two lines when > 0)
    one_way: bool = False

    @property
    def peer_ok(self) -> bool:
        # The peer's multi-block model needs cross corridors of non-zero depth, and it has no
        # one-way aisles.
        return not self.one_way and (self.blocks == 1 or self.corridor > 0)


SPECS = [
    Spec("A", "1 block, 10 aisles x 30 m", 10, 30, 1),
    Spec("B", "1 block, 20 aisles x 15 m", 20, 15, 1),
    Spec("C", "1 block, 5 aisles x 60 m", 5, 60, 1),
    Spec("D", "2 blocks, 10 aisles x 30 m, middle cross aisle", 10, 15, 2),
    Spec("E", "3 blocks, 16 aisles x 45 m, 2 m cross corridors", 16, 15, 3, corridor=2.0),
    Spec("G", "3 blocks, 16 aisles x 45 m, two middle cross aisles", 16, 15, 3),
    Spec(
        "F",
        "1 block, 10 x 30 m, alternating one-way aisles, one closed stretch",
        10,
        30,
        1,
        one_way=True,
    ),
]


def cross_ys(spec: Spec) -> list[float]:
    ys, lower = [0.0], 0.0
    for b in range(spec.blocks):
        upper = lower + spec.block_len
        ys.append(upper)
        if b < spec.blocks - 1:
            lower = upper + spec.corridor
            ys.append(lower)
    return sorted(set(ys))


def block_lower(spec: Spec, b: int) -> float:
    ys = cross_ys(spec)
    return ys[2 * b] if spec.corridor > 0 else b * spec.block_len


def layout_doc(spec: Spec) -> dict:
    ys = cross_ys(spec)
    aisles, locations = [], []
    for a in range(spec.aisles):
        one_way = None
        if spec.one_way and a not in (0, 5):  # A05 stays two-way: it holds the closed stretch
            one_way = "up" if a % 2 else "down"
        aisles.append(
            {
                "id": f"A{a:02d}",
                "x": a * spec.spacing,
                "width": 1.0,
                "y_from": 0.0,
                "y_to": ys[-1],
                "one_way": one_way,
            }
        )
        for b in range(spec.blocks):
            for s in range(1, spec.block_len):
                locations.append(
                    {
                        "code": code(a, b, s),
                        "aisle": f"A{a:02d}",
                        "y": block_lower(spec, b) + s,
                        "side": "left",
                        "level": "A",
                    }
                )
    closed = [{"aisle": "A05", "y_from": 12.0, "y_to": 14.0}] if spec.one_way else []
    if closed:
        locations = [
            loc for loc in locations if not (loc["aisle"] == "A05" and 12.0 < loc["y"] < 14.0)
        ]
    return {
        "name": spec.title,
        "cross_aisles": [{"y": y, "width": 1.0} for y in ys],
        "aisles": aisles,
        "closed": closed,
        "points": {"start": {"x": 0.0, "y": 0.0}, "end": {"x": 0.0, "y": 0.0}},
        "locations": locations,
    }


def code(a: int, b: int, s: int) -> str:
    return f"{a:02d}-{b}-{s:02d}"


def sample_picks(doc: dict, n: int, rnd: random.Random) -> list[str]:
    return rnd.sample([loc["code"] for loc in doc["locations"]], n)


class Peer:
    """pyWarehouse-routing (MIT), the PyPI peer: same geometry, its own graph and heuristics."""

    STRATEGIES = ("s_shape", "largest_gap", "combined")

    def __init__(self) -> None:
        try:
            import pywarehouse  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the environment
            self.error = f"not installed ({exc.name})"
        else:
            self.error = None

    def lengths(self, spec: Spec, picks: list[str]) -> dict[str, float]:
        from pywarehouse import Router, WarehouseLayout

        lay = WarehouseLayout.rectangular(
            num_aisles=spec.aisles,
            slots_per_block=spec.block_len,
            num_blocks=spec.blocks,
            aisle_spacing=spec.spacing,
            slot_pitch=1.0,
            cross_corridor=spec.corridor,
        )
        prods = []
        for c in picks:
            a, b, s = (int(p) for p in c.split("-"))
            prods.append((c, a, s, b))
        lay.add_products(prods)
        lay.set_start("START", x=0.0, y=0.0)
        lay.set_finish("FINISH", x=0.0, y=0.0)
        graph, attrs, _ = lay.build_graph()
        router = Router(lay, graph, attrs)
        return {s: float(router.solve(strategy=s).total_distance) for s in self.STRATEGIES}


# -- public OBP instances (Albareda et al. 2009; Henn et al. 2010), JSON of instancesOBP -------


def obp_files() -> list[Path]:
    root = BENCHMARKS / "obp-instances"
    return sorted(root.rglob("*.json")) if root.is_dir() else []


def obp_instance(path: Path) -> tuple[dict, list[tuple[str, list[str], float]], float]:
    """Layout doc, orders (id, location codes, number of items) and cart capacity (items).

    Distance model: one block; aisle centre lines at the listed distances from the origin
    (continued at the same pitch where the list is short); picks at ``heightPosition`` along
    the aisle from the front cross aisle; depot on the front cross aisle at the origin (front
    left) or in the middle (front centre). Both rack sides of a position are one stop.
    """
    data = json.loads(path.read_text())
    inst = data["InstanceSet"][0]
    lay = inst["Layout"][0]
    n = int(lay["numberOfAisles"])
    listed = [
        a["distanceFromOriginLeft"] for a in sorted(lay["aisles"], key=lambda a: a["aisleId"])
    ]
    pitch = (
        (listed[1] - listed[0]) if len(listed) > 1 else 2 * lay["shelfWidth"] + lay["aisleWidth"]
    )
    xs = [listed[i] if i < len(listed) else listed[0] + i * pitch for i in range(n)]
    length = float(lay["shelfLength"])
    orders, codes = [], {}
    for o in inst["Orders"][0]["OrderList"]:
        picks = []
        for p in o["products"]:
            key = (int(p["aisle"]), round(float(p["heightPosition"]), 4))
            codes.setdefault(key, f"{key[0]}@{key[1]}")
            picks.append(codes[key])
        orders.append((str(o["id"]), picks, float(o.get("weight") or len(picks))))
    width = xs[-1] + xs[0] if xs[0] > 0 else xs[-1]
    depot_x = width / 2 if int(lay.get("depotPlacement", 0)) == 1 else 0.0
    doc = {
        "name": path.stem,
        "cross_aisles": [{"y": 0.0, "width": 1.0}, {"y": length, "width": 1.0}],
        "aisles": [
            {"id": f"A{i}", "x": x, "width": 0.5, "y_from": 0.0, "y_to": length, "one_way": None}
            for i, x in enumerate(xs)
        ],
        "closed": [],
        "points": {"start": {"x": depot_x, "y": 0.0}, "end": {"x": depot_x, "y": 0.0}},
        "locations": [
            {"code": c, "aisle": f"A{a}", "y": y, "side": "left"} for (a, y), c in codes.items()
        ],
    }
    return doc, orders, float(lay["workerCapacity"])
