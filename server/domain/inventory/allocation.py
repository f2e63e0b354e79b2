"""Allocation: reserving stock for order lines, and giving it back.

The order flow's release check asks ``allocate_order`` one question: can every line of this
order be allocated now? If yes the allocations are made (and kept in ``allocations``); if not,
nothing is reserved and the answer lists every short line.

Strategy: fewest bins per line, then the bins nearest the depot (``rules`` documents it).
Every reservation is an atomic conditional ``UPDATE stock_levels SET allocated = allocated + q
WHERE on_hand - allocated >= q``, issued in primary-key order of the stock rows so that
concurrent transactions lock rows in the same order and cannot deadlock; no two transactions
can promise the same unit. When another transaction took planned units first, the plan is made
again from fresh levels.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Allocation, OrderLine, Product, StockLevel
from server.domain.inventory import rules
from server.domain.inventory.distances import depot_distances

_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Shortage:
    """A line that cannot be allocated: ``wanted`` units still needed, ``available`` in stock
    (units, all locations together)."""

    order_line_id: int
    product_id: int
    sku: str
    wanted: int
    available: int


@dataclass(slots=True)
class AllocationOutcome:
    """``ok`` when every line is fully allocated; otherwise ``shortages`` lists each short line
    and nothing was reserved by this call."""

    ok: bool
    shortages: list[Shortage] = field(default_factory=list)


async def allocated_by_line(session: AsyncSession, order_id: int) -> dict[int, int]:
    """Units allocated per order line id of order ``order_id``."""
    rows = await session.execute(
        select(Allocation.order_line_id, func.sum(Allocation.quantity))
        .where(Allocation.order_id == order_id)
        .group_by(Allocation.order_line_id)
    )
    return {line_id: int(total) for line_id, total in rows}


async def allocate_order(session: AsyncSession, order_id: int) -> AllocationOutcome:
    """Allocate what every line of order ``order_id`` still needs, all or nothing.

    Lines already (fully) allocated, e.g. by an earlier release kept during a hold, count as
    done. Returns ``AllocationOutcome(ok=True)`` when everything is now allocated; otherwise
    ``ok=False`` with one ``Shortage`` per short line, and this call reserved nothing.
    """
    lines = list(
        await session.scalars(
            select(OrderLine).where(OrderLine.order_id == order_id).order_by(OrderLine.line_no)
        )
    )
    done = await allocated_by_line(session, order_id)
    need = {line.id: line.quantity - done.get(line.id, 0) for line in lines}
    need = {line_id: qty for line_id, qty in need.items() if qty > 0}
    if not need:
        return AllocationOutcome(ok=True)
    by_product: dict[int, list[OrderLine]] = defaultdict(list)
    for line in lines:
        if line.id in need:
            by_product[line.product_id].append(line)

    for _ in range(_ATTEMPTS):
        stock = await _available_stock(session, list(by_product))
        shortages = await _shortages(session, by_product, need, stock)
        if shortages:
            return AllocationOutcome(ok=False, shortages=shortages)
        plan = await _plan(session, by_product, need, stock)
        if not plan:
            continue
        if await _reserve(session, order_id, plan):
            return AllocationOutcome(ok=True)
    # Other transactions kept taking the planned units; report as short what is short now, or
    # every line when the stock is still there but could not be had.
    stock = await _available_stock(session, list(by_product))
    shortages = await _shortages(session, by_product, need, stock) or await _shortages(session, by_product, need, [])
    return AllocationOutcome(ok=False, shortages=shortages)


async def _available_stock(session: AsyncSession, product_ids: list[int]) -> list[StockLevel]:
    """Stock levels of ``product_ids`` with units available, in primary-key order."""
    return list(
        await session.scalars(
            select(StockLevel)
            .where(StockLevel.product_id.in_(product_ids), StockLevel.on_hand > StockLevel.allocated)
            .order_by(StockLevel.id)
            .execution_options(populate_existing=True)
        )
    )


async def _shortages(
    session: AsyncSession,
    by_product: dict[int, list[OrderLine]],
    need: dict[int, int],
    stock: list[StockLevel],
) -> list[Shortage]:
    available: dict[int, int] = defaultdict(int)
    for level in stock:
        available[level.product_id] += level.on_hand - level.allocated
    short: list[Shortage] = []
    skus = dict(
        (await session.execute(select(Product.id, Product.sku).where(Product.id.in_(by_product)))).all()
    )
    for product_id, lines in by_product.items():
        left = available[product_id]
        for line in lines:
            wanted = need[line.id]
            if wanted > left:
                short.append(Shortage(line.id, product_id, skus.get(product_id, ""), wanted, max(left, 0)))
            left -= wanted
    return short


async def bins_of(session: AsyncSession, stock: list[StockLevel]) -> list[rules.Bin]:
    """The allocation candidates of ``stock`` with their distance from the depot."""
    distance = await depot_distances(session, [level.location_id for level in stock])
    return [
        rules.Bin(level.id, level.product_id, level.on_hand - level.allocated, distance.get(level.location_id, 0.0))
        for level in stock
    ]


async def _plan(
    session: AsyncSession, by_product: dict[int, list[OrderLine]], need: dict[int, int], stock: list[StockLevel]
) -> list[tuple[int, int, int]]:
    """``(stock_level_id, order_line_id, quantity)`` takes covering every line (the caller
    made sure the stock suffices)."""
    needs = [
        rules.LineNeed(line.id, product_id, need[line.id])
        for product_id, lines in by_product.items() for line in lines
    ]
    free: dict[int, dict[int, rules.Bin]] = {}
    for b in await bins_of(session, stock):
        free.setdefault(b.product_id, {})[b.level_id] = b
    return rules.plan_order(needs, free) or []


async def _reserve(session: AsyncSession, order_id: int, plan: list[tuple[int, int, int]]) -> bool:
    """Apply ``plan``; False (and nothing reserved) when a row no longer had the units."""
    per_level: dict[int, int] = defaultdict(int)
    for level_id, _, quantity in plan:
        per_level[level_id] += quantity
    done: list[tuple[int, int]] = []
    for level_id in sorted(per_level):
        quantity = per_level[level_id]
        result = await session.execute(
            update(StockLevel)
            .where(StockLevel.id == level_id, StockLevel.on_hand - StockLevel.allocated >= quantity)
            .values(allocated=StockLevel.allocated + quantity)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            await _give_back(session, done)
            return False
        done.append((level_id, quantity))
    session.add_all(
        Allocation(order_id=order_id, order_line_id=line_id, stock_level_id=level_id, quantity=q)
        for level_id, line_id, q in plan
    )
    await session.flush()
    return True


async def _give_back(session: AsyncSession, amounts: list[tuple[int, int]]) -> None:
    for level_id, quantity in sorted(amounts):
        await session.execute(
            update(StockLevel)
            .where(StockLevel.id == level_id)
            .values(allocated=StockLevel.allocated - quantity)
            .execution_options(synchronize_session=False)
        )


async def release_order_allocations(
    session: AsyncSession, order_id: int, line_ids: list[int] | None = None
) -> int:
    """Give back the stock allocated to order ``order_id`` (only lines ``line_ids`` when given)
    and delete those allocations. Returns the number of units given back."""
    query = select(Allocation).where(Allocation.order_id == order_id)
    if line_ids is not None:
        query = query.where(Allocation.order_line_id.in_(line_ids))
    allocations = list(await session.scalars(query))
    if not allocations:
        return 0
    per_level: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        per_level[allocation.stock_level_id] += allocation.quantity
    await _give_back(session, list(per_level.items()))
    await session.execute(
        delete(Allocation)
        .where(Allocation.id.in_([a.id for a in allocations]))
        .execution_options(synchronize_session=False)
    )
    for allocation in allocations:
        if allocation in session:
            session.expunge(allocation)
    return sum(per_level.values())


async def allocate_line_up_to(
    session: AsyncSession, line: OrderLine, quantity: int, exclude: set[int] | frozenset[int] = frozenset()
) -> list[Allocation]:
    """Allocate up to ``quantity`` more units to ``line`` from bins other than the stock
    levels in ``exclude``, by the same strategy; fewer (or none) when fewer are available.
    Returns the new allocations (flushed)."""
    made: list[Allocation] = []
    want = quantity
    for _ in range(_ATTEMPTS):
        if want <= 0:
            break
        stock = [s for s in await _available_stock(session, [line.product_id]) if s.id not in exclude]
        takes = rules.choose_up_to(await bins_of(session, stock), want)
        if not takes:
            break
        ok = True
        for level_id, units in sorted(takes):
            result = await session.execute(
                update(StockLevel)
                .where(StockLevel.id == level_id, StockLevel.on_hand - StockLevel.allocated >= units)
                .values(allocated=StockLevel.allocated + units)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                ok = False
                continue
            allocation = Allocation(order_id=line.order_id, order_line_id=line.id, stock_level_id=level_id, quantity=units)
            session.add(allocation)
            made.append(allocation)
            want -= units
        if ok:
            break
    await session.flush()
    return made


async def give_back_units(session: AsyncSession, line_id: int, units: int) -> int:
    """Give back ``units`` allocated to order line ``line_id``, newest allocation first
    (deleted when it reaches 0). Returns the units actually given back."""
    allocations = list(
        await session.scalars(
            select(Allocation)
            .where(Allocation.order_line_id == line_id)
            .order_by(Allocation.created_at.desc(), Allocation.id.desc())
            .execution_options(populate_existing=True)
        )
    )
    left = units
    per_level: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        if left <= 0:
            break
        take = min(left, allocation.quantity)
        per_level[allocation.stock_level_id] += take
        left -= take
        if take == allocation.quantity:
            await session.delete(allocation)
        else:
            allocation.quantity -= take
    await session.flush()
    await _give_back(session, list(per_level.items()))
    return units - left
