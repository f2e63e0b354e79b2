"""The classic routing policies, for comparison and for sites that want a fixed pattern.

Definitions follow Hall (1993), *Distance approximations for routing manual pickers in a
warehouse*, IIE Transactions 25(4):76-87, and Petersen (1997), *An evaluation of order picking
routeing policies*, IJOPM 17(11):1098-1111, for a single block with a front and a back cross
aisle (the picker starts on the front one). On layouts with middle cross aisles they are applied
to the outer two cross aisles, as on one long block:

- ``s-shape``: every aisle holding a pick is traversed entirely, alternating up and down; with an
  odd number of pick aisles the last one is entered and left from the front (Hall 1993 §2).
- ``return``: each pick aisle is entered and left from the front, as deep as its deepest pick.
- ``midpoint``: the first and last pick aisles are traversed; in the others, picks in the front
  half are reached from the front and picks in the back half from the back (Hall 1993 §2).
- ``largest-gap``: as midpoint, but each aisle is split at its largest gap (between adjacent
  picks, or between an aisle end and the nearest pick), which is never walked (Hall 1993 §2).
- ``combined``: each pick aisle is visited once, either traversed or entered and left from the
  side the picker is on; the choice is made by a two-state DP over the aisles (the best route of
  that shape; Roodbergen & de Koster 2001, IJPR 39(9):1865-1883, §2 define the rule).

Each policy yields waypoints; the evaluator measures them like any other route.
"""

from __future__ import annotations

from collections import defaultdict

from routing.errors import MethodNotApplicableError
from routing.network import Network, Site

POLICIES = ("s-shape", "return", "midpoint", "largest-gap", "combined")


def vias(net: Network, name: str, picks: list[Site], start: Site, end: Site) -> list[Site]:
    """Sites to walk through, in order (consecutive ones are joined by shortest walks)."""
    lay = net.layout
    if net.one_way or net.has_closures:
        raise MethodNotApplicableError(f"{name} needs a layout without one-way or closed aisles")
    ys = net.ys
    if len(ys) < 2:
        raise MethodNotApplicableError(f"{name} needs a front and a back cross aisle")
    front, back = (ys[0], ys[-1])
    if abs(start.y - back) < abs(start.y - front):
        front, back = back, front
    by_x: dict[float, list[Site]] = defaultdict(list)
    for s in picks:
        by_x[s.x].append(s)
    for x in by_x:
        if not any(
            abs(a.x - x) < 1e-6 and a.y_from <= min(ys) + 1e-6 and a.y_to >= max(ys) - 1e-6
            for a in lay.aisles
        ):
            raise MethodNotApplicableError(f"{name}: the aisle at x={x} does not span the block")
    sign = 1.0 if back > front else -1.0
    length = abs(back - front)

    def depth(s: Site) -> float:
        return (s.y - front) * sign

    cols = sorted(by_x)
    if cols and abs(start.x - cols[-1]) < abs(start.x - cols[0]):
        cols.reverse()
    aisles = [sorted(by_x[x], key=depth) for x in cols]

    def node(x: float, y: float) -> Site:
        return net.point_site((x, y))

    out = [start]
    if name == "return":
        for x, ps in zip(cols, aisles):
            out += [node(x, front), *ps, node(x, front)]
    elif name == "s-shape":
        p = len(cols)
        for i, (x, ps) in enumerate(zip(cols, aisles)):
            if i == p - 1 and p % 2:
                out += [node(x, front), *ps, node(x, front)]
            elif i % 2 == 0:
                out += [node(x, front), *ps, node(x, back)]
            else:
                out += [node(x, back), *reversed(ps), node(x, front)]
    elif name in ("midpoint", "largest-gap"):
        out += _split_policy(name, cols, aisles, node, depth, front, back, length)
    elif name == "combined":
        out += _combined(net, cols, aisles, node, depth, front, back, length, end)
    else:  # pragma: no cover - router checks names
        raise MethodNotApplicableError(name)
    out.append(end)
    return out


def _split(name: str, ps: list[Site], depth, length: float) -> int:
    """Number of picks (from the front) reached from the front."""
    if name == "midpoint":
        return sum(1 for s in ps if depth(s) <= length / 2)
    ds = [0.0] + [depth(s) for s in ps] + [length]
    gaps = [b - a for a, b in zip(ds, ds[1:])]
    return gaps.index(max(gaps))


def _split_policy(name, cols, aisles, node, depth, front, back, length) -> list[Site]:
    if len(cols) == 1:
        return [node(cols[0], front), *aisles[0], node(cols[0], front)]
    out = [node(cols[0], front), *aisles[0], node(cols[0], back)]
    fronts = []
    for x, ps in zip(cols[1:-1], aisles[1:-1]):
        cut = _split(name, ps, depth, length)
        fronts.append((x, ps[:cut]))
        if cut < len(ps):
            out += [node(x, back), *reversed(ps[cut:]), node(x, back)]
    out += [node(cols[-1], back), *reversed(aisles[-1]), node(cols[-1], front)]
    for x, ps in reversed(fronts):
        if ps:
            out += [node(x, front), *ps, node(x, front)]
    return out


def _combined(net, cols, aisles, node, depth, front, back, length, end) -> list[Site]:
    if not cols:
        return []
    sides = (front, back)
    # cost[side] = best length so far ending on that side of the current aisle; side 0 = front.
    cost = {0: 0.0, 1: float("inf")}
    prev_x = None  # the walk from the start to the first aisle is the same for every plan
    choice: list[dict[int, tuple[int, str]]] = []
    for x, ps in zip(cols, aisles):
        hop = 0.0 if prev_x is None else abs(x - prev_x)
        nxt = {0: float("inf"), 1: float("inf")}
        ch: dict[int, tuple[int, str]] = {}
        for s in (0, 1):
            if cost[s] == float("inf"):
                continue
            deep = max(depth(p) for p in ps) if s == 0 else length - min(depth(p) for p in ps)
            for kind, to, add in (("traverse", 1 - s, length), ("return", s, 2 * deep)):
                c = cost[s] + hop + add
                if c < nxt[to] - 1e-9:
                    nxt[to], ch[to] = c, (s, kind)
        choice.append(ch)
        cost, prev_x = nxt, x
    ends = {s: net.matrix([node(cols[-1], sides[s]), end])[0, 1] for s in (0, 1)}
    side = min((0, 1), key=lambda s: (cost[s] + ends[s], s))
    plan = []
    for ch in reversed(choice):
        frm, kind = ch[side]
        plan.append((frm, kind))
        side = frm
    plan.reverse()
    out: list[Site] = []
    for (frm, kind), x, ps in zip(plan, cols, aisles):
        seq = ps if frm == 0 else list(reversed(ps))
        if kind == "traverse":
            out += [node(x, sides[frm]), *seq, node(x, sides[1 - frm])]
        else:
            out += [node(x, sides[frm]), *seq, node(x, sides[frm])]
    return out
