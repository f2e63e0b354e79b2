"""One evaluator for every route, whatever method made it.

It reads the layout's geometry directly (not the walking graph the algorithms use), so a bug in
the graph cannot hide a bad route: each leg of the waypoint path must run along an aisle centre
line (inside the aisle, outside closed segments, in the allowed direction) or along a cross-aisle
centre line; the path must start and end where asked and pass every stop in the listed order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from routing.layout import Layout

EPS = 1e-6

Point = tuple[float, float]


@dataclass(frozen=True)
class Evaluation:
    length_m: float
    valid: bool
    problems: list[str] = field(default_factory=list)


def evaluate(
    layout: Layout,
    path: Sequence[Point],
    stops: Sequence[Point],
    start: Point | None = None,
    end: Point | None = None,
) -> Evaluation:
    """Measure ``path`` (waypoints, metres) and check it.

    ``stops`` are the pick positions in the order the route claims to visit them; ``start`` and
    ``end`` default to the layout's. Returns an :class:`Evaluation` whose ``length_m`` is the sum
    of leg lengths and whose ``problems`` lists every rule broken (empty when ``valid``).
    """
    start = layout.start if start is None else start
    end = layout.end if end is None else end
    problems: list[str] = []
    if not path:
        return Evaluation(0.0, False, ["empty path"])
    if not _same(path[0], start):
        problems.append(f"starts at {path[0]}, not at {start}")
    if not _same(path[-1], end):
        problems.append(f"ends at {path[-1]}, not at {end}")
    length = 0.0
    for a, b in zip(path, path[1:]):
        length += abs(b[0] - a[0]) + abs(b[1] - a[1])
        why = _leg_problem(layout, a, b)
        if why:
            problems.append(why)
    seg, t = 0, 0.0
    for i, s in enumerate(stops):
        found = _find(path, s, seg, t)
        if found is None:
            problems.append(f"stop {i} at {s} is not passed after the previous stop")
            continue
        seg, t = found
    return Evaluation(length, not problems, problems)


def _same(a: Point, b: Point) -> bool:
    return abs(a[0] - b[0]) <= EPS and abs(a[1] - b[1]) <= EPS


def _leg_problem(layout: Layout, a: Point, b: Point) -> str | None:
    if _same(a, b):
        return None
    if abs(a[1] - b[1]) <= EPS:
        y = a[1]
        if not any(abs(c.y - y) <= EPS for c in layout.cross_aisles):
            return f"leg {a}->{b} runs across the aisles off any cross aisle"
        if min(a[0], b[0]) < layout.x_min - EPS or max(a[0], b[0]) > layout.x_max + EPS:
            return f"leg {a}->{b} runs beyond the end of a cross aisle"
        return None
    if abs(a[0] - b[0]) > EPS:
        return f"leg {a}->{b} is diagonal"
    lo, hi = sorted((a[1], b[1]))
    going_up = b[1] > a[1]
    for aisle in layout.aisles:
        if abs(aisle.x - a[0]) > EPS or lo < aisle.y_from - EPS or hi > aisle.y_to + EPS:
            continue
        if aisle.one_way == "up" and not going_up or aisle.one_way == "down" and going_up:
            return f"leg {a}->{b} walks one-way aisle {aisle.id} against its direction"
        for cl in layout.closed:
            if cl.aisle == aisle.id and lo < cl.y_to - EPS and hi > cl.y_from + EPS:
                return f"leg {a}->{b} crosses a closed segment of aisle {aisle.id}"
        return None
    return f"leg {a}->{b} is not inside any aisle"


def _find(path: Sequence[Point], s: Point, seg: int, t: float) -> tuple[int, float] | None:
    if len(path) == 1:
        return (0, 0.0) if _same(path[0], s) else None
    for j in range(seg, len(path) - 1):
        a, b = path[j], path[j + 1]
        span = abs(b[0] - a[0]) + abs(b[1] - a[1])
        if span <= EPS:
            if _same(a, s) and (j > seg or t <= EPS):
                return (j, 0.0)
            continue
        on_line = (
            abs(a[0] - b[0]) <= EPS
            and abs(s[0] - a[0]) <= EPS
            or abs(a[1] - b[1]) <= EPS
            and abs(s[1] - a[1]) <= EPS
        )
        if not on_line:
            continue
        u = (abs(s[0] - a[0]) + abs(s[1] - a[1])) / span
        inside = min(a[0], b[0]) - EPS <= s[0] <= max(a[0], b[0]) + EPS and (
            min(a[1], b[1]) - EPS <= s[1] <= max(a[1], b[1]) + EPS
        )
        if inside and (j > seg or u >= t - 1e-9):
            return (j, u)
    return None
