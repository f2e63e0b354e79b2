"""``route()``: the walking route for one picker through a list of pick locations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from routing import dp, policies, tsp
from routing.errors import (
    MethodNotApplicableError,
    RoutingError,
    UnknownLocationError,
    UnknownMethodError,
    UnreachableError,
)
from routing.evaluate import evaluate
from routing.layout import Layout, parse_layout
from routing.network import Network, Site

# By number of cross aisles: 1-2 (one block), 3 (two blocks), 4 (three blocks).
EXACT_METHODS = ("ratliff-rosenthal", "roodbergen-de-koster", "pansart-catusse-cambazard")
METHODS = ("auto", "exact", "tsp", *EXACT_METHODS, *policies.POLICIES)

Point = tuple[float, float]


@dataclass(frozen=True)
class Route:
    """A walking route.

    - ``stops``: location codes in walking order (each code once; codes sharing a position are
      consecutive, in the order they were given);
    - ``positions``: the ``(x, y)`` of each stop (metres);
    - ``path``: waypoints ``(x, y)`` from start to end, for drawing and for the handheld;
    - ``length_m``: walking length in metres, measured by :func:`routing.evaluate.evaluate`;
    - ``method``: the method that made it (one of ``routing.METHODS`` but ``auto``/``exact``).
    """

    stops: list[str]
    positions: list[Point]
    path: list[Point]
    length_m: float
    method: str
    start: Point
    end: Point

    def to_dict(self) -> dict[str, Any]:
        return {
            "length_m": round(self.length_m, 3),
            "stops": list(self.stops),
            "method": self.method,
        }


def exact_method(layout: Layout) -> str | None:
    """The exact DP that applies to ``layout``, or ``None``: the DP needs two-way aisles without
    closed segments and at most four cross aisles (one to three blocks)."""
    net = layout.network
    if net.one_way or net.has_closures or net.h > 4:
        return None
    return EXACT_METHODS[max(0, net.h - 2)]


def route(
    layout: Layout | dict,
    picks: Iterable[str],
    start: Any = None,
    end: Any = None,
    method: str | None = None,
    *,
    time_budget_s: float = tsp.DEFAULT_BUDGET_S,
) -> Route:
    """Route a picker from ``start`` through every location in ``picks`` to ``end``.

    ``layout``: a :class:`Layout` or a layout document. ``picks``: location codes; duplicates are
    visited once (the first occurrence sets the order among equals); an empty list gives the
    shortest walk from start to end. ``start``/``end``: ``(x, y)`` or ``{"x", "y"}`` in metres on
    a cross aisle, default the layout's points. ``method``: ``None``/``"auto"`` (the exact DP
    on layouts of one to three blocks without one-way aisles or closed segments, else the TSP
    solver), ``"exact"`` (the DP, or
    :class:`MethodNotApplicableError`), ``"tsp"``, or a classic policy name (``s-shape``,
    ``return``, ``midpoint``, ``largest-gap``, ``combined``). ``time_budget_s`` bounds the TSP
    solver (seconds; up to 15 points, 11 with one-way aisles, are solved exactly regardless).

    Raises :class:`UnknownLocationError` (lists every unknown code), :class:`UnreachableError`,
    :class:`PointOffNetworkError`, :class:`UnknownMethodError`,
    :class:`MethodNotApplicableError`, and :class:`LayoutError` for an invalid layout document.
    """
    lay = parse_layout(layout)
    start_xy = lay.start if start is None else lay.snap_point(start, "start")
    end_xy = lay.end if end is None else lay.snap_point(end, "end")
    net = lay.network_for(start_xy, end_xy)
    if isinstance(picks, (str, bytes)):
        raise RoutingError("picks must be a list of location codes, not one string")
    codes = list(dict.fromkeys(picks))
    unknown = [c for c in codes if c not in lay.locations]
    if unknown:
        raise UnknownLocationError(unknown)
    name = (method or "auto").lower()
    if name not in METHODS:
        raise UnknownMethodError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")

    s_site, e_site = net.point_site(start_xy), net.point_site(end_xy)
    groups: dict[Point, list[str]] = {}
    sites: dict[Point, Site] = {}
    for code in codes:
        loc = lay.locations[code]
        site = net.aisle_site(loc.aisle, loc.y)
        groups.setdefault(site.xy, []).append(code)
        sites.setdefault(site.xy, site)
    pick_sites = list(sites.values())
    if net.one_way or net.has_closures:
        # Otherwise every aisle meets a cross aisle and cross aisles run through every column,
        # so everything is reachable.
        _check_reachable(net, pick_sites, s_site, e_site)

    exact = exact_method(lay)
    if name == "auto":
        name = exact or "tsp"
    elif name == "exact":
        if exact is None:
            raise MethodNotApplicableError(
                "the exact DP needs one to three blocks without one-way aisles or closed segments"
            )
        name = exact
    elif name in EXACT_METHODS and name != exact:
        raise MethodNotApplicableError(f"{name} does not apply to this layout")

    if not pick_sites:
        path = net.path(s_site, e_site)
    elif name in EXACT_METHODS:
        needed = [s for s in pick_sites if s.xy not in (s_site.xy, e_site.xy)]
        if not needed and s_site.xy == e_site.xy:
            path = [s_site.xy]
        else:
            bound = None
            if net.h >= 4 and len(needed) <= tsp.EXACT_MAX - 2:
                # Many states; fast-tsp solves up to 15 points exactly in a few milliseconds,
                # and with its length as the bound the DP drops most states early.
                bound = _walk_length(net, needed, s_site, e_site)
            _, path = dp.solve(net, needed, s_site, e_site, bound=bound)
    elif name == "tsp":
        path = _tsp_path(net, pick_sites, s_site, e_site, time_budget_s)
    else:
        path = _join(net, policies.vias(net, name, pick_sites, s_site, e_site))

    order = _visit_order(path, groups)
    stops = [c for xy in order for c in groups[xy]]
    positions = [xy for xy in order for _ in groups[xy]]
    ev = evaluate(lay, path, order, start_xy, end_xy)
    if not ev.valid or len(order) != len(groups):
        raise RoutingError(f"internal error: {name} made an invalid route: {ev.problems[:3]}")
    return Route(stops, positions, path, ev.length_m, name, start_xy, end_xy)


def _check_reachable(net: Network, picks: list[Site], s: Site, e: Site) -> None:
    m = net.matrix([s, *picks, e])
    if m[0, -1] == float("inf"):
        raise UnreachableError(f"the end point {e.xy} cannot be reached from the start {s.xy}")
    for i, site in enumerate(picks, start=1):
        if m[0, i] == float("inf") or m[i, -1] == float("inf"):
            raise UnreachableError(f"the pick at {site.xy} cannot be reached and left")


def _tsp_path(net: Network, picks: list[Site], s: Site, e: Site, budget: float) -> list[Point]:
    inner = [p for p in picks if p.xy not in (s.xy, e.xy)]
    nodes = [s, *inner] + ([e] if e.xy != s.xy else [])
    dist = net.matrix(nodes)
    seq = tsp.order(dist, 0, len(nodes) - 1 if e.xy != s.xy else 0, budget)
    walk = [nodes[i] for i in seq] + ([s] if e.xy == s.xy else [])
    return _join(net, walk)


def _walk_length(net: Network, picks: list[Site], s: Site, e: Site) -> float:
    nodes = [s, *picks] + ([e] if e.xy != s.xy else [])
    dist = net.matrix(nodes)
    seq = tsp.order(dist, 0, len(nodes) - 1 if e.xy != s.xy else 0, 0.003)
    walk = seq + ([0] if e.xy == s.xy else [])
    return float(sum(dist[a, b] for a, b in zip(walk, walk[1:])))


def _join(net: Network, walk: list[Site]) -> list[Point]:
    path: list[Point] = [walk[0].xy]
    for a, b in zip(walk, walk[1:]):
        leg = net.path(a, b)
        path.extend(leg[1:] if leg[0] == path[-1] else leg)
    return path


def _visit_order(path: list[Point], groups: dict[Point, list[str]]) -> list[Point]:
    """Pick positions in the order the path first reaches them (on a waypoint or mid-leg)."""
    pending = set(groups)
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for p in pending:
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    order: list[Point] = []

    def take(found: list[Point], origin: Point) -> None:
        found.sort(key=lambda q: abs(q[0] - origin[0]) + abs(q[1] - origin[1]))
        for q in found:
            if q in pending:
                pending.discard(q)
                order.append(q)

    if path[0] in pending:
        take([path[0]], path[0])
    for a, b in zip(path, path[1:]):
        if not pending:
            break
        if a[0] == b[0]:
            lo, hi = sorted((a[1], b[1]))
            hits = [q for q in by_x.get(a[0], ()) if q in pending and lo <= q[1] <= hi]
        else:
            lo, hi = sorted((a[0], b[0]))
            hits = [q for q in by_y.get(a[1], ()) if q in pending and lo <= q[0] <= hi]
        take(hits, a)
    return order
