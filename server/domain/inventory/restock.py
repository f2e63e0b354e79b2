"""Releasing orders that wait on ``on_hold/backorder`` when stock arrives, set-based.

One pass serves every waiting order that needs an arrived product, highest priority first,
then oldest: a few queries load the orders, their lines and the free stock; ``rules.plan_release``
decides in memory which orders can now be allocated whole (each seeing what the ones before it
took); the reservations are conditional updates per stock level (primary-key order), the
allocations one multi-row insert, and the status moves one checked bulk transition
(``flow.change_status_many``) with their history written by ``INSERT ... SELECT``. So releasing
ten thousand orders costs a handful of statements, not a round trip per order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Allocation, OrderLine, SalesOrder, StockLedgerEntry, StockLevel
from server.domain.inventory import rules
from server.domain.inventory.allocation import bins_of
from server.domain.inventory.ledger import PICK
from server.domain.inventory.sql import among, id_chunks, insert_int_rows
from server.domain.orders import flow
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context

_ATTEMPTS = 5
_LOCKED = "inventory_waiting_locked"
WAITING = order_rules.OrderState(order_rules.ON_HOLD, order_rules.BACKORDER)


@dataclass(frozen=True, slots=True)
class Waiting:
    """An order waiting on backorder, with what each of its lines still needs."""

    order_id: int
    number: str
    priority: int
    created_at: datetime
    backorder_policy: str
    needs: list[rules.LineNeed]


async def waiting_orders(
    session: AsyncSession, product_ids: set[int], today: date, *, lock: bool = False
) -> list[Waiting]:
    """Orders on ``on_hold/backorder`` with a line of one of ``product_ids`` and no ship date
    after ``today``, in release order (priority descending, then oldest, then id). ``lock``
    takes their row locks in that order (PostgreSQL; SQLite serialises writers)."""
    if not product_ids:
        return []
    query = (
        select(SalesOrder.id, SalesOrder.number, SalesOrder.priority, SalesOrder.created_at,
               SalesOrder.backorder_policy)
        .where(
            SalesOrder.status == order_rules.ON_HOLD,
            SalesOrder.hold_reason == order_rules.BACKORDER,
            or_(SalesOrder.requested_ship_date.is_(None), SalesOrder.requested_ship_date <= today),
            exists().where(OrderLine.order_id == SalesOrder.id, OrderLine.product_id.in_(sorted(product_ids))),
        )
        .order_by(SalesOrder.priority.desc(), SalesOrder.created_at, SalesOrder.id)
    )
    if lock and session.bind.dialect.name == "postgresql":
        # Wait for, rather than skip, orders another transaction holds: skipping them would
        # leave them waiting beside stock that arrived for them.
        query = query.with_for_update(of=SalesOrder)
    heads = (await session.execute(query)).all()
    if not heads:
        return []
    ids = [h.id for h in heads]
    lines: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    held: dict[int, int] = defaultdict(int)
    for chunk in id_chunks(session, ids):
        for line_id, order_id, product_id, quantity in await session.execute(
            select(OrderLine.id, OrderLine.order_id, OrderLine.product_id, OrderLine.quantity)
            .where(among(session, OrderLine.order_id, chunk)).order_by(OrderLine.order_id, OrderLine.line_no)
        ):
            lines[order_id].append((line_id, product_id, quantity))
        for line_id, units in await session.execute(
            select(Allocation.order_line_id, func.sum(Allocation.quantity))
            .where(among(session, Allocation.order_id, chunk)).group_by(Allocation.order_line_id)
        ):
            held[line_id] += int(units)
        for line_id, units in await session.execute(
            select(StockLedgerEntry.order_line_id, func.sum(StockLedgerEntry.quantity))
            .where(among(session, StockLedgerEntry.order_id, chunk), StockLedgerEntry.reason == PICK)
            .group_by(StockLedgerEntry.order_line_id)
        ):
            if line_id is not None:
                held[line_id] -= int(units)
    return [
        Waiting(h.id, h.number or "", h.priority, h.created_at, h.backorder_policy, [
            rules.LineNeed(line_id, product_id, quantity - held.get(line_id, 0))
            for line_id, product_id, quantity in lines[h.id]
        ])
        for h in heads
    ]


async def lock_waiting(session: AsyncSession, product_ids: set[int], ctx: Context) -> None:
    """Take the row locks of the orders waiting for ``product_ids`` before stock changes, so
    that concurrent arrivals queue on the orders and never hold a stock row while they wait
    (no deadlock), and each sees the other's stock once it is committed."""
    if session.bind.dialect.name == "postgresql" and product_ids:
        today = order_rules.warehouse_today(ctx.now, ctx.timezone)
        query = (
            select(SalesOrder.id)
            .where(
                SalesOrder.status == order_rules.ON_HOLD,
                SalesOrder.hold_reason == order_rules.BACKORDER,
                or_(SalesOrder.requested_ship_date.is_(None), SalesOrder.requested_ship_date <= today),
                exists().where(OrderLine.order_id == SalesOrder.id, OrderLine.product_id.in_(sorted(product_ids))),
            )
            .order_by(SalesOrder.priority.desc(), SalesOrder.created_at, SalesOrder.id)
            .with_for_update(of=SalesOrder)
        )
        await session.execute(query)
        _locked(session).update(product_ids)


def _locked(session: AsyncSession) -> set[int]:
    """Products whose waiting orders this transaction has locked."""
    transaction = session.sync_session.get_transaction()
    mark = session.info.get(_LOCKED)
    if mark is None or mark[0] is not transaction:
        mark = (transaction, set())
        session.info[_LOCKED] = mark
    return mark[1]


async def free_bins(session: AsyncSession, product_ids: set[int]) -> list[rules.Bin]:
    """Stock levels of ``product_ids`` with units available, fresh, with depot distances."""
    if not product_ids:
        return []
    stock = list(
        await session.scalars(
            select(StockLevel)
            .where(StockLevel.product_id.in_(sorted(product_ids)), StockLevel.on_hand > StockLevel.allocated)
            .order_by(StockLevel.id)
            .execution_options(populate_existing=True)
        )
    )
    return await bins_of(session, stock)


async def _reserve(session: AsyncSession, plans: list[rules.OrderPlan]) -> bool:
    """Add the planned units to ``allocated``, level by level in primary-key order; False (and
    nothing reserved) when a level no longer had them."""
    per_level: dict[int, int] = defaultdict(int)
    for plan in plans:
        for level_id, _, units in plan.takes:
            per_level[level_id] += units
    done: list[tuple[int, int]] = []
    for level_id in sorted(per_level):
        units = per_level[level_id]
        result = await session.execute(
            update(StockLevel)
            .where(StockLevel.id == level_id, StockLevel.on_hand - StockLevel.allocated >= units)
            .values(allocated=StockLevel.allocated + units)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            for back_id, back_units in done:
                await session.execute(
                    update(StockLevel).where(StockLevel.id == back_id)
                    .values(allocated=StockLevel.allocated - back_units)
                    .execution_options(synchronize_session=False)
                )
            return False
        done.append((level_id, units))
    return True


async def release_backorders(
    session: AsyncSession, product_ids: set[int], ctx: Context, *, trigger: str = "stock_arrived",
    reference: str | None = None,
) -> list[int]:
    """Release, in one pass, the waiting orders that need one of ``product_ids`` and can now be
    allocated whole: allocations made, ``on_hold/backorder`` → ``ready_for_picking`` with a
    history entry (kind ``released``, ``data.trigger``) each. Waiting orders with backorder
    policy ``split`` that can be served in part are then split one by one. Returns the ids of
    the orders released whole, in release order."""
    today = order_rules.warehouse_today(ctx.now, ctx.timezone)
    # Locking ten thousand rows twice costs; ``lock_waiting`` in this transaction did it once.
    waiting = await waiting_orders(session, product_ids, today, lock=not product_ids <= _locked(session))
    if not waiting:
        return []
    products = {need.product_id for w in waiting for need in w.needs}
    plans: list[rules.OrderPlan] = []
    for _ in range(_ATTEMPTS):
        bins = await free_bins(session, products)
        plans = rules.plan_release([(w.order_id, w.needs) for w in waiting], bins)
        if not plans or await _reserve(session, plans):
            break
    else:
        plans = []
    if plans:
        await insert_int_rows(
            session, Allocation.__table__, ["order_id", "order_line_id", "stock_level_id", "quantity"],
            [(plan.order_id, line_id, level_id, units) for plan in plans for level_id, line_id, units in plan.takes],
            {"created_at": ctx.now},
        )
        numbers = {w.order_id: w.number for w in waiting}
        await flow.change_status_many(
            session, {plan.order_id: numbers[plan.order_id] for plan in plans}, WAITING,
            order_rules.READY_FOR_PICKING, ctx, kind="released",
            message="Stock arrived; every line is allocated.",
            data={"trigger": trigger, "reference": reference},
        )
    released = {plan.order_id for plan in plans}
    await _split_partial(session, [w for w in waiting if w.order_id not in released], ctx)
    return [plan.order_id for plan in plans]


async def _split_partial(session: AsyncSession, waiting: list[Waiting], ctx: Context) -> None:
    """Split orders with backorder policy ``split`` whose short products now have free
    stock."""
    candidates = [w for w in waiting if w.backorder_policy == "split"]
    if not candidates:
        return
    free = {b.product_id for b in await free_bins(session, {n.product_id for w in candidates for n in w.needs})}
    for w in candidates:
        if any(n.product_id in free and n.quantity > 0 for n in w.needs):
            order = await flow.load_order(session, w.order_id, lock=True)
            if (order.status, order.hold_reason) == (WAITING.status, WAITING.hold_reason):
                await flow.release_check(session, order, ctx)


@dataclass(frozen=True, slots=True)
class PreviewItem:
    """An order a receipt would release, at ``position`` (1 = first) of the release order;
    ``units`` of the received product it takes."""

    position: int
    order_id: int
    number: str
    priority: int
    created_at: datetime
    units: int


async def preview(
    session: AsyncSession, product_id: int, quantity: int, today: date, distance: float = 0.0
) -> tuple[list[PreviewItem], int]:
    """Which waiting orders a receipt of ``quantity`` units of ``product_id`` (into a bin at
    ``distance`` metres from the depot) would release, in release order, and how many of the
    received units they would take. Changes nothing."""
    waiting = await waiting_orders(session, {product_id}, today)
    products = {need.product_id for w in waiting for need in w.needs}
    bins = await free_bins(session, products | {product_id})
    bins.append(rules.Bin(-1, product_id, quantity, distance))
    plans = rules.plan_release([(w.order_id, w.needs) for w in waiting], bins)
    by_id = {w.order_id: w for w in waiting}
    items = []
    taken = 0
    for position, plan in enumerate(plans, start=1):
        w = by_id[plan.order_id]
        units = sum(u for _, line_id, u in plan.takes if any(n.line_id == line_id and n.product_id == product_id for n in w.needs))
        from_receipt = sum(u for level_id, _, u in plan.takes if level_id == -1)
        taken += from_receipt
        items.append(PreviewItem(position, w.order_id, w.number, w.priority, w.created_at, units))
    return items, taken
