"""Inventory rules, pure: which bins an allocation takes, which waiting orders a stock arrival
releases, what a split moves. No I/O; the services load the facts and apply the answers.

Allocation strategy ("fewest bins, then nearest the depot"):

1. A line is served from as few bins as possible: ``k`` is the smallest number of bins whose
   available units cover the line (the ``k`` fullest bins).
2. Among the ways to cover it from ``k`` bins, bins nearest the depot come first: walking the
   bins by walking distance from the layout's start point (then by stock level id), a bin is
   taken when the rest of the line can still be covered by the bins left for it, else skipped.

So a line that fits in one bin is taken from the nearest bin that holds it all, and a picker
never visits two bins where one would do. Lines of one order are served in line order, each
seeing what the previous ones took. Distances come from ``server.domain.inventory.distances``;
without a layout every bin is equally near and the stock level id decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bin:
    """A stock level that can give units: ``available`` units, ``distance`` in metres from the
    depot (``inf`` when the layout does not know the bin)."""

    level_id: int
    product_id: int
    available: int
    distance: float = 0.0


def nearest_first(bins: Iterable[Bin]) -> list[Bin]:
    """``bins`` by distance from the depot, then stock level id."""
    return sorted(bins, key=lambda b: (b.distance, b.level_id))


def fewest_bins(availables: Iterable[int], quantity: int) -> int | None:
    """The least number of bins holding ``availables`` units each that together cover
    ``quantity``; None when all of them together do not."""
    total, count = 0, 0
    if quantity <= 0:
        return 0
    for units in sorted(availables, reverse=True):
        if units <= 0:
            break
        total += units
        count += 1
        if total >= quantity:
            return count
    return None


def choose_bins(bins: Sequence[Bin], quantity: int) -> list[tuple[int, int]] | None:
    """``(level_id, units)`` takes that cover ``quantity`` following the strategy above, in
    nearest-first order; None when the bins together hold less than ``quantity``."""
    ordered = [b for b in nearest_first(bins) if b.available > 0]
    slots = fewest_bins((b.available for b in ordered), quantity)
    if slots is None:
        return None
    takes: list[tuple[int, int]] = []
    need = quantity
    for i, candidate in enumerate(ordered):
        if need == 0:
            break
        take = min(candidate.available, need)
        rest = need - take
        if rest > 0:
            later = fewest_bins((b.available for b in ordered[i + 1:]), rest)
            if later is None or later > slots - 1:
                continue
        takes.append((candidate.level_id, take))
        need -= take
        slots -= 1
    return takes


def choose_up_to(bins: Sequence[Bin], quantity: int) -> list[tuple[int, int]]:
    """Like ``choose_bins``, but when the bins hold less than ``quantity`` take all they
    have (a partial allocation)."""
    whole = choose_bins(bins, quantity)
    if whole is not None:
        return whole
    return [(b.level_id, b.available) for b in nearest_first(bins) if b.available > 0]


@dataclass(frozen=True, slots=True)
class LineNeed:
    """What one order line still needs: ``quantity`` units of ``product_id``."""

    line_id: int
    product_id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class OrderPlan:
    """Takes ``(level_id, line_id, units)`` that allocate one order whole."""

    order_id: int
    takes: list[tuple[int, int, int]]


def plan_order(lines: Sequence[LineNeed], free: dict[int, dict[int, Bin]]) -> list[tuple[int, int, int]] | None:
    """Takes allocating every line of one order from ``free`` (product id → level id → bin),
    or None when some line cannot be covered. ``free`` is reduced by the takes only when the
    whole order fits."""
    takes: list[tuple[int, int, int]] = []
    used: dict[int, int] = {}
    for line in lines:
        if line.quantity <= 0:
            continue
        bins = [
            Bin(b.level_id, b.product_id, b.available - used.get(b.level_id, 0), b.distance)
            for b in free.get(line.product_id, {}).values()
        ]
        chosen = choose_bins(bins, line.quantity)
        if chosen is None:
            return None
        for level_id, units in chosen:
            used[level_id] = used.get(level_id, 0) + units
            takes.append((level_id, line.line_id, units))
    products = {line.product_id for line in lines}
    for product_id in products:
        level_bins = free.get(product_id, {})
        for level_id, b in level_bins.items():
            if level_id in used:
                level_bins[level_id] = Bin(b.level_id, b.product_id, b.available - used[level_id], b.distance)
    return takes


def plan_release(
    waiting: Sequence[tuple[int, Sequence[LineNeed]]], bins: Iterable[Bin]
) -> list[OrderPlan]:
    """Which of the ``waiting`` orders (``(order_id, needs)`` in release order: highest
    priority first, then oldest) can be allocated whole from ``bins``, each seeing what the
    ones before it took. An order that does not fit takes nothing and does not block the
    orders after it."""
    free: dict[int, dict[int, Bin]] = {}
    for b in bins:
        free.setdefault(b.product_id, {})[b.level_id] = b
    plans: list[OrderPlan] = []
    for order_id, needs in waiting:
        takes = plan_order(needs, free)
        if takes is not None:
            plans.append(OrderPlan(order_id, takes))
    return plans


def split_quantities(
    lines: Mapping[int, int], allocated: Mapping[int, int], asked: Mapping[int, int] | None
) -> dict[int, int]:
    """Units to move per line id to a backorder. ``lines`` maps line id → ordered quantity,
    ``allocated`` line id → units allocated. ``asked`` None moves everything not allocated;
    otherwise it is taken as given (the caller checks it with ``check_split``). Lines moving
    nothing are left out."""
    if asked is None:
        moved = {line_id: qty - allocated.get(line_id, 0) for line_id, qty in lines.items()}
    else:
        moved = dict(asked)
    return {line_id: qty for line_id, qty in moved.items() if qty > 0}


def split_problems(lines: Mapping[int, int], asked: Mapping[int, int]) -> list[str]:
    """Why ``asked`` (line id → units) is not a valid split of ``lines`` (line id → ordered
    quantity); empty when it is."""
    problems = []
    for line_id, qty in asked.items():
        if line_id not in lines:
            problems.append(f"line {line_id} is not a line of this order")
        elif qty < 0 or qty > lines[line_id]:
            problems.append(f"line {line_id}: {qty} is not between 0 and {lines[line_id]}")
    return problems
