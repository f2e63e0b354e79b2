"""Build the exact reference data for the routing tests (run once; the output is committed).

    uv run --frozen python tests/routing/make_reference.py

Independent of ``routing/`` on purpose: it reads the raw layout dict, builds its own walking
graph (every aisle and cross-aisle centre line cut at every point of interest), runs Dijkstra from
each required point and solves the visiting order exactly with Held-Karp over the resulting
shortest-path matrix. Nothing here imports ``routing``.
"""

from __future__ import annotations

import heapq
import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("data") / "reference_routes.json"


def random_layout(rnd: random.Random, blocks: int, general: bool) -> dict:
    n_aisles = rnd.randint(1, 8)
    spacing = rnd.choice([2.5, 3.0, 4.0])
    length = rnd.choice([10.0, 15.0, 20.0, 30.0, 40.0])
    ys = [0.0, length]
    if blocks == 2:
        ys = [0.0, round(length * rnd.uniform(0.3, 0.7) * 2) / 2, length]
    elif blocks == 3:
        ys = [0.0, round(length / 3, 1), round(2 * length / 3, 1), length]
    aisles = []
    for i in range(n_aisles):
        y_from, y_to = 0.0, length
        r = rnd.random()
        if r < 0.1:
            y_to = ys[-1] + rnd.choice([2.0, 5.0])  # dead end beyond the back cross aisle
        elif r < 0.2 and n_aisles > 1:
            y_to = round(rnd.uniform(ys[-2] + 1, ys[-1] - 1), 1)  # stops short of the back
        one_way = rnd.choice([None, None, "up", "down"]) if general else None
        aisles.append(
            {
                "id": f"AI{i}",
                "x": 1.5 + i * spacing,
                "width": 1.0,
                "y_from": y_from,
                "y_to": y_to,
                "one_way": one_way,
            }
        )
    closed = []
    if general and rnd.random() < 0.5:
        a = rnd.choice(aisles)
        lo = round(rnd.uniform(a["y_from"] + 1, a["y_to"] - 3), 1)
        closed.append({"aisle": a["id"], "y_from": lo, "y_to": lo + 1.5})
    reach = spacing if n_aisles > 1 else 3.0  # a cross aisle runs one pitch past the aisles
    x_lo, x_hi = 1.5 - reach, 1.5 + (n_aisles - 1) * spacing + reach

    def point() -> dict:
        x = rnd.choice([0.0, round(rnd.uniform(x_lo, x_hi), 1), rnd.choice(aisles)["x"]])
        return {"x": x, "y": rnd.choice(ys) if general or rnd.random() < 0.3 else 0.0}

    start = point()
    end = start if rnd.random() < 0.6 else point()
    return {
        "name": "ref",
        "cross_aisles": [{"y": y, "width": 1.0} for y in ys],
        "aisles": aisles,
        "closed": closed,
        "points": {"start": start, "end": end},
        "locations": [],
    }


def add_picks(rnd: random.Random, layout: dict, n: int) -> list[str]:
    ys = [c["y"] for c in layout["cross_aisles"]]
    codes = []
    one_aisle = rnd.random() < 0.15
    fixed = rnd.choice(layout["aisles"])
    for j in range(n):
        a = fixed if one_aisle else rnd.choice(layout["aisles"])
        if rnd.random() < 0.1:
            y = rnd.choice(
                [a["y_from"], a["y_to"]] + [y for y in ys if a["y_from"] <= y <= a["y_to"]]
            )
        else:
            y = round(rnd.uniform(a["y_from"], a["y_to"]) * 2) / 2
        if any(c["aisle"] == a["id"] and c["y_from"] < y < c["y_to"] for c in layout["closed"]):
            continue
        code = f"{a['id']}-{j}-{rnd.randint(0, 999)}"
        layout["locations"].append(
            {
                "code": code,
                "aisle": a["id"],
                "y": y,
                "side": rnd.choice(["left", "right"]),
                "level": "A",
            }
        )
        codes.append(code)
    return codes


def graph(layout: dict, points: list[tuple[float, float]]):
    """Vertices: every point of interest on each centre line; edges between neighbours."""
    ys = [c["y"] for c in layout["cross_aisles"]]
    xs_all = [a["x"] for a in layout["aisles"]] + [p[0] for p in points]
    adj: dict[tuple, list[tuple[tuple, float]]] = {}

    def edge(u, v, w, both=True):
        adj.setdefault(u, []).append((v, w))
        adj.setdefault(v, [])
        if both:
            adj[v].append((u, w))

    for y in ys:
        xs = sorted(set(xs_all))
        for a, b in zip(xs, xs[1:]):
            edge((a, y), (b, y), b - a)
    for a in layout["aisles"]:
        stops = {a["y_from"], a["y_to"]}
        stops |= {y for y in ys if a["y_from"] <= y <= a["y_to"]}
        stops |= {p[1] for p in points if p[0] == a["x"] and a["y_from"] <= p[1] <= a["y_to"]}
        cls = [c for c in layout["closed"] if c["aisle"] == a["id"]]
        for c in cls:
            stops |= {c["y_from"], c["y_to"]}
        ordered = sorted(s for s in stops if a["y_from"] <= s <= a["y_to"])
        for lo, hi in zip(ordered, ordered[1:]):
            if any(c["y_from"] <= lo and hi <= c["y_to"] for c in cls):
                continue
            u, v = (a["x"], lo), (a["x"], hi)
            if a["one_way"] is None:
                edge(u, v, hi - lo)
            elif a["one_way"] == "up":
                edge(u, v, hi - lo, both=False)
            else:
                edge(v, u, hi - lo, both=False)
    return adj


def dijkstra(adj, src) -> dict:
    dist = {src: 0.0}
    heap = [(0.0, src)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist.get(u, float("inf")):
            continue
        for v, w in adj.get(u, ()):
            if d + w < dist.get(v, float("inf")) - 1e-12:
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return dist


def held_karp(d: list[list[float]], end: int) -> float:
    """Shortest walk 0 -> ... -> end through all of 0..n-1 (end may be 0: a closed tour)."""
    n = len(d)
    inner = [i for i in range(1, n) if i != end]
    k = len(inner)
    best: dict[tuple[int, int], float] = {}
    for j, v in enumerate(inner):
        best[(1 << j, j)] = d[0][v]
    for mask in range(1, 1 << k):
        for j in range(k):
            if not mask >> j & 1 or (mask, j) not in best:
                continue
            base = best[(mask, j)]
            for t in range(k):
                if mask >> t & 1:
                    continue
                key = (mask | 1 << t, t)
                c = base + d[inner[j]][inner[t]]
                if c < best.get(key, float("inf")):
                    best[key] = c
    if k == 0:
        return d[0][end]
    full = (1 << k) - 1
    return min(best.get((full, j), float("inf")) + d[inner[j]][end] for j in range(k))


def solve(layout: dict, picks: list[str]) -> float | None:
    aisle_x = {a["id"]: a["x"] for a in layout["aisles"]}
    locs = {loc["code"]: (aisle_x[loc["aisle"]], loc["y"]) for loc in layout["locations"]}
    pts = layout["points"]
    start = (pts["start"]["x"], pts["start"]["y"])
    end = (pts["end"]["x"], pts["end"]["y"])
    targets = list(dict.fromkeys(locs[c] for c in picks))
    adj = graph(layout, [start, end, *targets])
    nodes = [start] + [t for t in targets if t not in (start, end)]
    end_idx = 0
    if end != start:
        nodes.append(end)
        end_idx = len(nodes) - 1
    d = []
    for u in nodes:
        du = dijkstra(adj, u)
        d.append([du.get(v, float("inf")) for v in nodes])
    value = held_karp(d, end_idx)
    return None if value == float("inf") else round(value, 6)


def main() -> None:
    rnd = random.Random(20261129)
    cases = []
    made_kinds: list[str] = []  # a kind listed twice: the second time with 13-14 picks
    for kind, blocks, general, count in (
        ("single-block", 1, False, 250),
        ("two-block", 2, False, 250),
        ("general", 3, True, 100),
        ("three-block", 3, False, 120),
        ("single-block", 1, False, 20),
        ("two-block", 2, False, 20),
    ):
        made = 0
        large = made_kinds.count(kind) > 0
        made_kinds.append(kind)
        while made < count:
            layout = random_layout(rnd, blocks, general)
            n = (
                rnd.choice([13, 14])
                if large
                else rnd.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10])
            )
            picks = add_picks(rnd, layout, n)
            if rnd.random() < 0.2 and picks:
                picks.append(rnd.choice(picks))  # a duplicate is visited once
            value = solve(layout, picks)
            if value is None:
                continue
            cases.append({"kind": kind, "layout": layout, "picks": picks, "length_m": value})
            made += 1
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"generator": "tests/routing/make_reference.py", "cases": cases}))
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
