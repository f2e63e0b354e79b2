"""Order batching: group orders into cart loads so that the walking over all carts is short.

Each order goes into its own tote(s) on the cart; a batch is one walk. Steps, per due-date group
(earliest first; orders with no due date last):

1. seed construction (Gibson & Sharp 1992, *Order batching procedures*, EJOR 58(1):57-67, §3;
   rules as in de Koster, van der Poort & Wolters 1999, IJPR 37(7):1479-1504, §3.2): seed = the
   order that spans the most aisles; then add the order that brings the fewest new aisles
   (ties: nearest centre of gravity) until the cart is full;
2. savings construction (Clarke & Wright 1964 as adapted to batching by de Koster et al. 1999,
   §3.3, variant C&W(i)): saving(i, j) = d(i) + d(j) - d(i + j) with d the exact route length;
   batches are merged in decreasing order of saving while the cart has room;
3. the shorter of the two is improved by local search (move one order to another batch, or swap
   two orders between batches; Henn et al. 2010, BuR 3(1):82-105, §4.1 neighbourhoods) until no
   move helps or ``time_budget_s`` is spent.

Every batch length is the exact route length where the layout allows the exact DP, otherwise
the TSP route (``routing.route``); the returned batches carry their full route.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from routing import dp, tsp
from routing.errors import BatchingError, UnknownLocationError
from routing.layout import Layout, parse_layout
from routing.router import Route, exact_method, route


@dataclass(frozen=True)
class Order:
    """An order to pick: ``picks`` are location codes; ``volume`` (litres) and ``weight`` (kg)
    size its totes; ``due`` is any comparable value (a date groups orders by ship day)."""

    id: str
    picks: tuple[str, ...]
    volume: float = 0.0
    weight: float = 0.0
    due: Any = None


@dataclass(frozen=True)
class Cart:
    """A cart with ``totes`` totes of at most ``tote_volume`` litres and ``tote_weight`` kg
    each, and at most ``capacity`` litres in all (``None``: no limit)."""

    totes: int
    tote_volume: float | None = None
    tote_weight: float | None = None
    capacity: float | None = None


@dataclass(frozen=True)
class Batch:
    """One cart load: ``orders`` (ids, in tote order), ``totes`` used, and its ``route``."""

    orders: list[str]
    totes: int
    route: Route

    @property
    def length_m(self) -> float:
        return self.route.length_m


class _Lengths:
    """Exact route length of a set of orders (metres), cached by the set of pick sites."""

    def __init__(self, layout: Layout, orders: Sequence[Order], budget_s: float) -> None:
        self.layout = layout
        self.net = net = layout.network
        self.start, self.end = net.point_site(layout.start), net.point_site(layout.end)
        self.exact = exact_method(layout) is not None
        self.budget_s = budget_s
        self.sites = []
        unknown = [c for o in orders for c in o.picks if c not in layout.locations]
        if unknown:
            raise UnknownLocationError(list(dict.fromkeys(unknown)))
        for o in orders:
            locs = [layout.locations[c] for c in o.picks]
            self.sites.append(frozenset(net.aisle_site(loc.aisle, loc.y) for loc in locs))
        self.aisles = [frozenset(s.x for s in sites) for sites in self.sites]
        self.cache: dict[frozenset, float] = {}

    def of(self, members: Iterable[int]) -> float:
        sites = frozenset().union(*(self.sites[i] for i in members))
        hit = self.cache.get(sites)
        if hit is None:
            hit = self.cache[sites] = self._measure(sites)
        return hit

    def _measure(self, sites: frozenset) -> float:
        needed = [s for s in sites if s.xy not in (self.start.xy, self.end.xy)]
        if not needed:
            return float(self.net.matrix([self.start, self.end])[0, 1])
        if self.exact:
            return dp.solve(
                self.net, sorted(needed, key=lambda s: s.xy), self.start, self.end, False
            )[0]
        closed = self.start.xy == self.end.xy
        nodes = [self.start, *sorted(needed, key=lambda s: s.xy)] + ([] if closed else [self.end])
        d = self.net.matrix(nodes)
        seq = tsp.order(d, 0, 0 if closed else len(nodes) - 1, self.budget_s)
        walk = seq + ([0] if closed else [])
        return float(sum(d[a, b] for a, b in zip(walk, walk[1:])))


def totes_needed(order: Order, cart: Cart) -> int:
    """Totes an order fills: by volume and by weight, at least one."""
    n = 1
    if cart.tote_volume:
        n = max(n, math.ceil(order.volume / cart.tote_volume - 1e-9))
    if cart.tote_weight:
        n = max(n, math.ceil(order.weight / cart.tote_weight - 1e-9))
    return n


class _Need(list):
    """Totes per order plus the cart's limits: ``fits(members)`` tells whether they share a cart."""

    def __init__(self, orders: Sequence[Order], cart: Cart) -> None:
        super().__init__(totes_needed(o, cart) for o in orders)
        self.volume = [o.volume for o in orders]
        self.cart = cart

    def fits(self, members: Iterable[int]) -> bool:
        members = list(members)
        if sum(self[i] for i in members) > self.cart.totes:
            return False
        cap = self.cart.capacity
        return cap is None or sum(self.volume[i] for i in members) <= cap + 1e-9


def _check(orders: Sequence[Order], cart: Cart) -> _Need:
    if cart.totes < 1:
        raise BatchingError("a cart needs at least one tote")
    ids = [o.id for o in orders]
    if len(set(ids)) != len(ids):
        raise BatchingError("order ids must be unique")
    need = _Need(orders, cart)
    for i, o in enumerate(orders):
        if not need.fits([i]):
            raise BatchingError(f"order {o.id!r} does not fit on the cart")
    return need


def _due_groups(orders: Sequence[Order]) -> list[list[int]]:
    groups: dict[Any, list[int]] = {}
    for i, o in enumerate(orders):
        groups.setdefault(o.due, []).append(i)
    keys = sorted(k for k in groups if k is not None)
    return [groups[k] for k in keys] + ([groups[None]] if None in groups else [])


def batch(
    orders: Sequence[Order],
    cart: Cart,
    layout: Layout | dict,
    *,
    time_budget_s: float = 2.0,
    top_up: bool = True,
) -> list[Batch]:
    """Group ``orders`` into cart loads for ``cart`` on ``layout`` (start and end: the layout's).

    Orders are batched by ``due`` group, earliest first (use a date to group by ship day);
    batches are returned in that order. An order never waits for one due later: carts of a group
    are filled with that group's orders, and only room that would stay empty is ``top_up``-ped
    with later orders (the ones adding the least walking). ``time_budget_s`` (seconds) bounds
    the savings pairs (half of each group's share) and the local search; the seed construction,
    the top-up and the final routes come on top (typically tens of milliseconds). Raises
    :class:`BatchingError` (duplicate ids, an order larger than the cart) and
    :class:`UnknownLocationError`.
    """
    lay = parse_layout(layout)
    orders = list(orders)
    need = _check(orders, cart)
    lengths = _Lengths(lay, orders, budget_s=0.01)
    deadline = time.perf_counter() + time_budget_s
    groups = _due_groups(orders)
    out: list[Batch] = []
    taken: set[int] = set()
    for gi, group in enumerate(groups):
        group = [i for i in group if i not in taken]
        if not group:
            continue
        now = time.perf_counter()
        share = max(0.0, (deadline - now) / max(1, len(groups) - gi))
        window = max(8, 2400 // max(1, len(group)))
        plan = improve(
            savings(group, need, lengths, window, now + share / 2),
            need,
            lengths,
            now + share,
            seed(group, need, lengths),
        )
        taken.update(group)
        if top_up:
            later = [i for g in groups[gi + 1 :] for i in g if i not in taken]
            _top_up(plan, later, need, lengths, taken)
        for members in plan:
            picks = [c for i in members for c in orders[i].picks]
            out.append(
                Batch(
                    [orders[i].id for i in members],
                    sum(need[i] for i in members),
                    route(lay, picks),
                )
            )
    return out


def fcfs(orders: Sequence[Order], cart: Cart, layout: Layout | dict) -> list[Batch]:
    """First-come-first-served batches (the baseline): fill each cart in the given order."""
    lay = parse_layout(layout)
    need = _check(orders, cart)
    plans: list[list[int]] = [[]]
    for i in range(len(orders)):
        if not need.fits(plans[-1] + [i]):
            plans.append([])
        plans[-1].append(i)
    return [
        Batch(
            [orders[i].id for i in p],
            sum(need[i] for i in p),
            route(lay, [c for i in p for c in orders[i].picks]),
        )
        for p in plans
        if p
    ]


def seed(group: list[int], need: _Need, lengths: _Lengths) -> list[list[int]]:
    """Seed construction: most aisles first, then fewest new aisles (centre of gravity ties)."""
    left = sorted(group, key=lambda i: (-len(lengths.aisles[i]), i))
    centre = {i: _centre(lengths, i) for i in group}
    plan = []
    while left:
        s = left.pop(0)
        members = [s]
        aisles = set(lengths.aisles[s])
        while True:
            fits = [i for i in left if need.fits(members + [i])]
            if not fits:
                break
            cx = sum(centre[m] for m in members) / len(members)
            nxt = min(fits, key=lambda i: (len(lengths.aisles[i] - aisles), abs(centre[i] - cx), i))
            left.remove(nxt)
            members.append(nxt)
            aisles |= lengths.aisles[nxt]
        plan.append(members)
    return plan


def _centre(lengths: _Lengths, i: int) -> float:
    xs = [s.x for s in lengths.sites[i]]
    return sum(xs) / len(xs) if xs else 0.0


def savings(
    group: list[int],
    need: _Need,
    lengths: _Lengths,
    window: int = 40,
    deadline: float | None = None,
) -> list[list[int]]:
    """Clarke-Wright savings, C&W(i): savings of pairs computed once, merges by descending
    saving while both batches fit on one cart. Large groups only pair orders whose centres
    of gravity are among the ``window`` nearest (keeps the pair count linear); pairs are
    measured nearest first, and no more once ``deadline`` (perf_counter seconds) has passed."""
    alone = {i: lengths.of([i]) for i in group}
    by_centre = sorted(group, key=lambda i: (_centre(lengths, i), i))
    pairs = []
    for gap in range(1, window + 1):
        if deadline is not None and time.perf_counter() > deadline:
            break
        for a, b in zip(by_centre, by_centre[gap:]):
            if need.fits([a, b]):
                pairs.append((alone[a] + alone[b] - lengths.of([a, b]), a, b))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    where = {i: [i] for i in group}
    for gain, a, b in pairs:
        if gain <= 0:
            break
        ba, bb = where[a], where[b]
        if ba is bb or not need.fits(ba + bb):
            continue
        ba.extend(bb)
        for i in bb:
            where[i] = ba
    seen, plan = set(), []
    for i in group:
        if id(where[i]) not in seen:
            seen.add(id(where[i]))
            plan.append(where[i])
    return plan


def _top_up(plan, later: list[int], need: _Need, lengths: _Lengths, taken: set[int]) -> None:
    """Fill room left on the carts of ``plan`` with orders from ``later`` (least added walking
    first, among the 30 nearest by centre of gravity)."""
    for members in plan:
        while True:
            cx = sum(_centre(lengths, m) for m in members) / len(members)
            fits = [i for i in later if i not in taken and need.fits(members + [i])]
            if not fits:
                break
            fits = sorted(fits, key=lambda i: (abs(_centre(lengths, i) - cx), i))[:30]
            base = lengths.of(members)
            best = min(fits, key=lambda i: (lengths.of(members + [i]) - base, i))
            members.append(best)
            taken.add(best)


def improve(plan, need: _Need, lengths, deadline, other=None) -> list[list[int]]:
    """Local search (move one order, swap two orders) on the better of ``plan`` and ``other``,
    first improvement, until no move helps or ``deadline`` (perf_counter seconds) passes."""
    if other is not None and sum(map(lengths.of, other)) < sum(map(lengths.of, plan)):
        plan = other
    plan = [list(b) for b in plan]
    cost = [lengths.of(b) for b in plan]
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for a in range(len(plan)):
            for b in range(len(plan)):
                if a == b or time.perf_counter() >= deadline:
                    continue
                if _try_moves(plan, cost, a, b, need, lengths):
                    improved = True
        plan_cost = [(p, c) for p, c in zip(plan, cost) if p]
        plan, cost = [p for p, _ in plan_cost], [c for _, c in plan_cost]
    return plan


def _try_moves(plan, cost, a, b, need: _Need, lengths) -> bool:
    for o in list(plan[a]):
        if need.fits(plan[b] + [o]):
            na = [i for i in plan[a] if i != o]
            nb = plan[b] + [o]
            ca, cb = lengths.of(na), lengths.of(nb)
            if ca + cb < cost[a] + cost[b] - 1e-6:
                plan[a], plan[b], cost[a], cost[b] = na, nb, ca, cb
                return True
        for p in list(plan[b]):
            na = [i for i in plan[a] if i != o] + [p]
            nb = [i for i in plan[b] if i != p] + [o]
            if not (need.fits(na) and need.fits(nb)):
                continue
            ca, cb = lengths.of(na), lengths.of(nb)
            if ca + cb < cost[a] + cost[b] - 1e-6:
                plan[a], plan[b], cost[a], cost[b] = na, nb, ca, cb
                return True
    return False
