"""Exact picker routing on layouts with one, two or three blocks by dynamic programming.

The DP is Ratliff & Rosenthal (1983), *Order-picking in a rectangular warehouse: a solvable case
of the traveling salesman problem*, Operations Research 31(3):507-521, §3-§4: build a minimum
"tour subgraph" (connected, every vertex of even degree, each edge used at most twice) aisle by
aisle, keeping only the equivalence class of each partial subgraph (degree parity of the aisle-end
vertices and which of them are connected). Per aisle a vertical configuration is chosen from:
nothing, traverse once, traverse twice, enter from the front only, from the back only, or from
both ends leaving out the largest gap between adjacent picks (R&R §4, the six configurations);
between neighbouring aisles each cross-aisle segment is used 0, 1 or 2 times.

Roodbergen & de Koster (2001), *Routing order pickers in a warehouse with a middle aisle*, EJOR
133(1):32-43, §3, extend the same construction to three cross aisles (two blocks). Both are the
h = 2 and h = 3 cases of one "frontier" DP over the h cross-aisle vertices of the current aisle
(the form used for any number of cross aisles by Pansart, Catusse & Cambazard 2018, C&OR 100,
§3): the state is, for each frontier vertex, untouched / component label + degree parity, plus a
flag telling that the single component has been closed. The work is linear in the number of
aisles and picks; the number of states grows quickly with h (Cambazard & Catusse 2018, EJOR
270(2), bound it by 7^h), which is why the router uses this DP for h <= 4 only (three blocks:
~20 ms in CPython on 16 aisles; four blocks would take about a second).

Separate start and end points need only a parity change: start and end get odd degree, every
other vertex even; the Euler walk of the resulting subgraph then runs from start to end.
The walk is recovered from the edge multiset with Hierholzer's algorithm.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from routing.network import Network, Site
from routing.walk import euler_walk

# Vertical configurations (R&R §4). "B" = from the lower vertex up to the highest pick,
# "U" = from the upper vertex down to the lowest pick, "G" = both ends, largest gap left out.
V_OPTIONS = ("none", "T1", "T2", "B", "U", "G")

State = tuple[int, ...]  # h frontier entries (0 untouched, else comp * 2 + parity), closed flag
Point = tuple[float, float]

# Transitions depend only on the state and the move, not on distances: memoised per move.
_TABLES: dict[tuple, dict[State, State | None]] = {}
_MISS = object()


@dataclass
class _Step:
    kind: str  # "V" vertical segment, "S" stubs at a node, "H" cross-aisle segment
    col: int
    k: int
    picks: tuple[float, ...] = ()
    lo: float = 0.0
    hi: float = 0.0
    cost_const: float = 0.0
    target: int = 0
    required: bool = False
    last: bool = False
    stubs: tuple[tuple[float, ...], ...] = ()


def _canon(entries: list[int], closed: int) -> State:
    relabel: dict[int, int] = {}
    out = []
    for e in entries:
        if e == 0:
            out.append(0)
            continue
        comp = e >> 1
        if comp not in relabel:
            relabel[comp] = len(relabel) + 1
        out.append(relabel[comp] * 2 + (e & 1))
    out.append(closed)
    return tuple(out)


def _touch(entries: list[int], i: int, degree: int) -> None:
    e = entries[i]
    if e == 0:
        entries[i] = (max((x >> 1 for x in entries), default=0) + 1) * 2 + (degree & 1)
    else:
        entries[i] = e ^ (degree & 1)


def _merge(entries: list[int], i: int, j: int) -> None:
    a, b = entries[i] >> 1, entries[j] >> 1
    if a != b:
        for n, e in enumerate(entries):
            if e and e >> 1 == b:
                entries[n] = a * 2 + (e & 1)


def _vertical(state: State, k: int, opt: str) -> State | None:
    entries, closed = list(state[:-1]), state[-1]
    result: State | None
    if opt == "none":
        result = state
    elif closed:
        result = None
    else:
        if opt in ("T1", "T2"):
            d = 1 if opt == "T1" else 2
            _touch(entries, k, d)
            _touch(entries, k + 1, d)
            _merge(entries, k, k + 1)
        if opt in ("B", "G"):
            _touch(entries, k, 2)
        if opt in ("U", "G"):
            _touch(entries, k + 1, 2)
        result = _canon(entries, closed)
    return result


def _stub(state: State, k: int) -> State | None:
    if state[-1]:
        return None
    entries = list(state[:-1])
    _touch(entries, k, 2)
    return _canon(entries, 0)


def _horizontal(state: State, k: int, m: int, target: int, required: bool) -> State | None:
    entries, closed = list(state[:-1]), state[-1]
    e = entries[k]
    result: State | None = None
    final_parity = ((e & 1) if e else 0) ^ (m & 1)
    if final_parity != target or (required and e == 0 and m == 0) or (closed and m):
        pass
    elif m:
        if e:
            entries[k] = (e >> 1) * 2 + (m & 1)
        else:
            entries[k] = 0
            _touch(entries, k, m)
        result = _canon(entries, closed)
    else:
        entries[k] = 0
        if e and not any(x and x >> 1 == e >> 1 for x in entries):
            # The vertex was its component's last link to the unexplored part: the component
            # is final, so it must be the only one.
            if any(entries):
                result = None
            else:
                result = _canon(entries, 1)
        else:
            result = _canon(entries, closed)
    return result


def _vertical_cost(opt: str, picks: tuple[float, ...], lo: float, hi: float) -> float | None:
    length = hi - lo
    if opt == "none":
        return 0.0 if not picks else None
    if opt == "T1":
        return length
    if opt == "T2":
        return 2 * length
    if not picks:
        return None
    if opt == "B":
        return 2 * (picks[-1] - lo)
    if opt == "U":
        return 2 * (hi - picks[0])
    if len(picks) < 2:
        return None
    gap = max(b - a for a, b in zip(picks, picks[1:]))
    return 2 * (length - gap)


def _build_steps(net: Network, picks: list[Site], start: Site, end: Site) -> list[_Step]:
    h = net.h
    seg_picks: dict[int, list[float]] = defaultdict(list)
    required: set[int] = {start.node, end.node}  # type: ignore[arg-type]
    for s in picks:
        if s.node is not None:
            required.add(s.node)
        else:
            seg_picks[s.piece].append(s.y)  # type: ignore[index]
    targets = defaultdict(int)
    if start.node != end.node:
        targets[start.node] = targets[end.node] = 1
    segments: dict[tuple[int, int], int] = {}
    stubs: dict[int, list[tuple[float, ...]]] = defaultdict(list)
    for pid, p in enumerate(net.pieces):
        if p.lo_node is not None and p.hi_node is not None:
            segments[(p.col, p.lo_node % h)] = pid
        elif pid in seg_picks:
            node = p.lo_node if p.lo_node is not None else p.hi_node
            ys = sorted(seg_picks[pid])
            far = ys[-1] - p.y_lo if node == p.lo_node else p.y_hi - ys[0]
            stubs[node].append((far,))  # type: ignore[index]
    steps: list[_Step] = []
    busy = [n // h for n in required] + [n // h for n in stubs]
    busy += [net.pieces[pid].col for pid in seg_picks]
    first, last = _column_range(net, segments, min(busy), max(busy))
    for c in range(first, last + 1):
        for k in range(h - 1):
            pid = segments.get((c, k))
            if pid is None:
                continue
            p = net.pieces[pid]
            ys = tuple(sorted(seg_picks.get(pid, ())))
            steps.append(_Step("V", c, k, picks=ys, lo=p.y_lo, hi=p.y_hi))
        for k in range(h):
            node = c * h + k
            if node in stubs:
                cost = sum(2 * far for (far,) in stubs[node])
                steps.append(_Step("S", c, k, cost_const=cost))
        for k in range(h):
            node = c * h + k
            steps.append(
                _Step("H", c, k, target=targets[node], required=node in required, last=c == last)
            )
    return steps


def _column_range(
    net: Network, segments: dict[tuple[int, int], int], lo: int, hi: int
) -> tuple[int, int]:
    """Columns the DP must look at. A tour never needs to go beyond the outermost columns with
    picks when those columns have every vertical segment that the columns beyond them have:
    any excursion could be folded back onto the boundary column at no extra length."""
    h, ncols = net.h, len(net.xs)
    ks = [frozenset(k for k in range(h - 1) if (c, k) in segments) for c in range(ncols)]
    while hi < ncols - 1 and not ks[hi] >= frozenset().union(*ks[hi + 1 :]):
        hi += 1
    while lo > 0 and not ks[lo] >= frozenset().union(*ks[:lo]):
        lo -= 1
    return lo, hi


def solve(
    net: Network,
    picks: list[Site],
    start: Site,
    end: Site,
    walk: bool = True,
    bound: float | None = None,
) -> tuple[float, list[Point]]:
    """Minimum walk from ``start`` to ``end`` (nodes) passing every pick site.

    Requires a network without one-way aisles or closed segments. Returns ``(length_m, walk)``
    where ``walk`` is the list of waypoints, ends included, passing each pick position (an empty
    list when ``walk`` is false: the length alone is cheaper). ``bound``: the length of any
    known walk (metres); partial tours that cannot beat it are dropped, which leaves the result
    exact and saves most of the work when the bound is tight.
    Cost: O(steps x states x options); states stay below ~10 for one block, ~60 for two.
    """
    h = net.h
    steps = _build_steps(net, picks, start, end)
    layer: dict[State, float] = {tuple([0] * h + [0]): 0.0}
    back: list[dict[State, tuple[State, object]]] = []
    inf = float("inf")
    xs_needed = [p.x for p in picks] + [start.x, end.x]
    near, far = min(xs_needed), max(xs_needed)
    crossings = 1 if start.node != end.node else 2
    for st in steps:
        if bound is not None:
            # A vertical line with required points on both sides is crossed at least twice by a
            # closed tour (once by an open walk); those right of the next column are unpaid.
            nxt_x = net.xs[min(st.col + 1, len(net.xs) - 1)]
            ahead = max(0.0, far - max(nxt_x, near)) * crossings
            limit = bound + 1e-7 - ahead
            layer = {k: v for k, v in layer.items() if v <= limit}
        nxt: dict[State, float] = {}
        parents: dict[State, tuple[State, object]] = {}
        if st.kind == "V":
            moves = [
                (opt, add, _TABLES.setdefault(("V", st.k, opt), {}))
                for opt in V_OPTIONS
                if (add := _vertical_cost(opt, st.picks, st.lo, st.hi)) is not None
            ]
        elif st.kind == "H":
            w = 0.0 if st.last else net.xs[st.col + 1] - net.xs[st.col]
            moves = [
                (m, m * w, _TABLES.setdefault(("H", st.k, m, st.target, st.required), {}))
                for m in ((0,) if st.last else (0, 1, 2))
            ]
        for state, cost in layer.items():
            if st.kind == "S":
                ns = _stub(state, st.k)
                if ns is not None and cost + st.cost_const < nxt.get(ns, inf):
                    nxt[ns] = cost + st.cost_const
                    parents[ns] = (state, None)
                continue
            for opt, add, table in moves:
                ns = table.get(state, _MISS)
                if ns is _MISS:
                    if st.kind == "V":
                        ns = _vertical(state, st.k, opt)  # type: ignore[arg-type]
                    else:
                        ns = _horizontal(state, st.k, opt, st.target, st.required)  # type: ignore
                    table[state] = ns
                if ns is not None and cost + add < nxt.get(ns, inf):
                    nxt[ns] = cost + add
                    if walk:
                        parents[ns] = (state, opt)
        layer = nxt
        back.append(parents)
    final = tuple([0] * h + [1])
    if final not in layer:
        raise ValueError("no tour exists")  # callers check reachability first
    total = layer[final]
    if not walk:
        return total, []
    choices: list[object] = [None] * len(steps)
    state = final
    for i in range(len(steps) - 1, -1, -1):
        state, choices[i] = back[i][state]
    edges = _edges(net, steps, choices, picks)
    return total, euler_walk(edges, start.xy, end.xy)


def _edges(net: Network, steps: list[_Step], choices: list, picks: list[Site]) -> list:
    edges: list[tuple[Point, Point, int]] = []
    h = net.h

    def chain(points: list[Point], mult: int) -> None:
        for a, b in zip(points, points[1:]):
            if a != b:
                edges.append((a, b, mult))

    stub_pts: dict[int, list[list[Point]]] = defaultdict(list)
    by_piece: dict[int, list[float]] = defaultdict(list)
    for s in picks:
        if s.piece is not None:
            by_piece[s.piece].append(s.y)
    for pid, ys in by_piece.items():
        p = net.pieces[pid]
        if p.lo_node is not None and p.hi_node is not None:
            continue
        x = net.xs[p.col]
        ys = sorted(set(ys))
        if p.lo_node is not None:
            pts = [(x, p.y_lo)] + [(x, y) for y in ys]
            stub_pts[p.lo_node].append(pts)
        else:
            pts = [(x, p.y_hi)] + [(x, y) for y in reversed(ys)]
            stub_pts[p.hi_node].append(pts)  # type: ignore[index]
    for st, opt in zip(steps, choices):
        x = net.xs[st.col]
        if st.kind == "H" and opt:
            y = net.ys[st.k]
            edges.append(((x, y), (net.xs[st.col + 1], y), opt))
        elif st.kind == "S":
            for pts in stub_pts[st.col * h + st.k]:
                chain(pts, 2)
        elif st.kind == "V" and opt != "none":
            pts = [(x, st.lo)] + [(x, y) for y in dict.fromkeys(st.picks)] + [(x, st.hi)]
            if opt in ("T1", "T2"):
                chain(pts, 1 if opt == "T1" else 2)
            elif opt == "B":
                chain(pts[:-1], 2)
            elif opt == "U":
                chain(pts[1:], 2)
            else:
                inner = pts[1:-1]
                cut = max(range(len(inner) - 1), key=lambda i: inner[i + 1][1] - inner[i][1])
                chain(pts[: cut + 2], 2)
                chain(pts[cut + 2 :], 2)
    return edges
