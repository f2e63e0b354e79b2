"""Backorders: splitting what is not in stock off an order, and releasing waiting orders when
stock arrives.

A split moves line quantities to a new order with ``parent_id`` set, numbered after its parent
(``1042-BO1``, ``1042-BO1-BO1``), status ``on_hold/backorder``; both histories say what moved.
Quantities are conserved: the lines of an order and of all its backorders add up to what was
ordered. Units already picked never move.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import OrderLine, Product, SalesOrder, StockLedgerEntry
from server.domain.inventory import rules
from server.domain.inventory.allocation import allocate_line_up_to, allocated_by_line, give_back_units
from server.domain.inventory.ledger import PICK
from server.domain.orders import flow
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context, record
from server.errors import ShipfloorError

# Statuses whose lines a split may change; an order must have passed the release check (paid).
SPLITTABLE = frozenset({order_rules.ON_HOLD, order_rules.READY_FOR_PICKING, order_rules.PICKING})


async def picked_by_line(session: AsyncSession, line_ids: list[int]) -> dict[int, int]:
    """Units picked per order line id (from the ledger's ``pick`` entries)."""
    if not line_ids:
        return {}
    rows = await session.execute(
        select(StockLedgerEntry.order_line_id, func.sum(StockLedgerEntry.quantity))
        .where(StockLedgerEntry.order_line_id.in_(line_ids), StockLedgerEntry.reason == PICK)
        .group_by(StockLedgerEntry.order_line_id)
    )
    return {line_id: -int(total) for line_id, total in rows}


def _nothing(order: SalesOrder, detail: str) -> ShipfloorError:
    return ShipfloorError(409, "nothing_to_split", detail, order_status=order.status)


async def _checked_moves(
    session: AsyncSession, order: SalesOrder, quantities: dict[int, int] | None,
    allowed: frozenset[str] = SPLITTABLE,
) -> dict[int, int]:
    """Units to move per line id, or a problem: 409 ``split_not_allowed`` (status, unpaid),
    422 ``invalid_split`` (unknown line, quantity out of range, picked units),
    409 ``nothing_to_split``."""
    if order.status not in allowed or order.payment_state != "paid":
        raise order_rules.refused(
            order.status, "split_not_allowed",
            f"An order in status {order.status} ({order.payment_state}) cannot be split: only paid "
            "orders on hold, ready for picking or being picked can.",
        )
    lines = {line.id: line.quantity for line in order.lines}
    allocated = await allocated_by_line(session, order.id)
    picked = await picked_by_line(session, list(lines))
    if quantities is not None:
        problems = rules.split_problems(lines, quantities)
        for line_id, qty in quantities.items():
            done = picked.get(line_id, 0)
            if line_id in lines and 0 <= qty <= lines[line_id] and qty > lines[line_id] - done:
                problems.append(f"line {line_id}: {done} units are picked already; at most "
                                f"{lines[line_id] - done} can move")
        if problems:
            raise ShipfloorError(422, "invalid_split", "; ".join(problems) + ".", field="quantities",
                                 errors=[{"field": "quantities", "source": "body", "message": p} for p in problems])
    held = {line_id: allocated.get(line_id, 0) + picked.get(line_id, 0) for line_id in lines}
    moved = rules.split_quantities(lines, held, quantities)
    if not moved:
        raise _nothing(order, "Every unit of this order is allocated or picked; there is nothing to split off.")
    if sum(moved.values()) == sum(lines.values()):
        raise _nothing(order, "Nothing of this order would stay (none of it is in stock): split off part "
                              "of it, or leave it on hold.")
    return moved


async def _weights(session: AsyncSession, product_ids: set[int]) -> dict[int, int]:
    rows = await session.execute(select(Product.id, Product.weight_grams).where(Product.id.in_(product_ids)))
    return {pid: grams or 0 for pid, grams in rows}


async def _split(session: AsyncSession, order: SalesOrder, moved: dict[int, int], ctx: Context) -> SalesOrder:
    """Move ``moved`` (line id → units) to a new backorder of ``order``; allocations beyond
    what stays on a line are given back, newest first."""
    lines = {line.id: line for line in order.lines}
    allocated = await allocated_by_line(session, order.id)
    picked = await picked_by_line(session, list(moved))
    for line_id, qty in moved.items():
        excess = allocated.get(line_id, 0) + picked.get(line_id, 0) - (lines[line_id].quantity - qty)
        if excess > 0:
            await give_back_units(session, line_id, excess)
    children = await session.scalar(select(func.count()).where(SalesOrder.parent_id == order.id)) or 0
    weights = await _weights(session, {line.product_id for line in order.lines})
    child = SalesOrder(
        number=f"{order.number}-BO{children + 1}",
        parent_id=order.id,
        channel=order.channel,
        created_by_id=ctx.actor.user_id,
        customer_id=order.customer_id,
        status=order_rules.ON_HOLD,
        hold_reason=order_rules.BACKORDER,
        requested_ship_date=order.requested_ship_date,
        payment_state=order.payment_state,
        currency=order.currency,
        priority=order.priority,
        tags=list(order.tags or []),
        notes=order.notes,
        backorder_policy=order.backorder_policy,
        backorder_count=0,
        shipping_method_id=order.shipping_method_id,
        shipping_method_source=order.shipping_method_source,
        shipping_rule_id=order.shipping_rule_id,
        created_at=ctx.now,
        updated_at=ctx.now,
        **{c: getattr(order, c) for c in (
            "ship_name", "ship_company", "ship_street", "ship_postal_code", "ship_city",
            "ship_region", "ship_country", "ship_email", "ship_phone")},
    )
    moves = []
    for number, (line_id, qty) in enumerate(sorted(moved.items(), key=lambda m: lines[m[0]].line_no), start=1):
        line = lines[line_id]
        child.lines.append(OrderLine(line_no=number, product_id=line.product_id, sku=line.sku, name=line.name,
                                     quantity=qty, unit_price=line.unit_price))
        moves.append({"line_no": line.line_no, "sku": line.sku, "quantity": qty})
        if qty == line.quantity:
            order.lines.remove(line)
        else:
            line.quantity -= qty
    for target in (child, order):
        target.total_amount = sum((ln.quantity * ln.unit_price for ln in target.lines), Decimal("0"))
        target.total_weight_grams = sum(ln.quantity * weights.get(ln.product_id, 0) for ln in target.lines)
    if order.payment_state == "paid":
        child.amount_paid = min(child.total_amount, order.amount_paid)
        order.amount_paid -= child.amount_paid
    else:
        child.amount_paid = Decimal("0")
    order.updated_at = ctx.now
    session.add(child)
    await flow.flush(session)
    ancestor: SalesOrder | None = order
    while ancestor is not None:
        ancestor.backorder_count += 1
        ancestor = await session.get(SalesOrder, ancestor.parent_id) if ancestor.parent_id else None
    record(session, order, ctx, "backorder_split", message=f"Moved to backorder {child.number}.",
           data={"backorder_id": child.id, "backorder": child.number, "moved": moves})
    record(session, child, ctx, "created", to_status=order_rules.ON_HOLD, hold_reason=order_rules.BACKORDER,
           message=f"Split off {order.number}.",
           data={"parent_id": order.id, "parent": order.number, "lines": [
               {"sku": ln.sku, "quantity": ln.quantity} for ln in child.lines]})
    await flow.flush(session)
    return child


async def _allocate_missing(session: AsyncSession, order: SalesOrder) -> dict[int, int]:
    """Allocate what each line still misses (neither allocated nor picked), as far as stock
    goes; returns the units allocated per line id."""
    allocated = await allocated_by_line(session, order.id)
    picked = await picked_by_line(session, [line.id for line in order.lines])
    made: dict[int, int] = {}
    for line in order.lines:
        missing = line.quantity - allocated.get(line.id, 0) - picked.get(line.id, 0)
        if missing > 0:
            got = sum(a.quantity for a in await allocate_line_up_to(session, line, missing))
            if got:
                made[line.id] = got
    return made


async def _split_missing(
    session: AsyncSession, order: SalesOrder, quantities: dict[int, int] | None, ctx: Context,
    allowed: frozenset[str] = SPLITTABLE,
) -> SalesOrder:
    made: dict[int, int] = {}
    if quantities is None and order.status in allowed and order.payment_state == "paid":
        made = await _allocate_missing(session, order)
    try:
        moved = await _checked_moves(session, order, quantities, allowed)
    except ShipfloorError:
        for line_id, units in made.items():
            await give_back_units(session, line_id, units)
        raise
    return await _split(session, order, moved, ctx)


async def split(session: AsyncSession, order: SalesOrder, quantities: dict[int, int] | None, ctx: Context) -> SalesOrder:
    """Split ``quantities`` (line id → units) off ``order`` (loaded with its lines and locked)
    into a new backorder and return it. ``None`` splits off what is not in stock: each line
    first gets what stock can give, then every unit neither allocated nor picked moves. A
    parent waiting on ``on_hold/backorder`` then goes through the release check with what
    stays.

    Raises 409 ``split_not_allowed``, ``nothing_to_split`` (all allocated, or none of it in
    stock); 422 ``invalid_split``. Nothing changes then."""
    child = await _split_missing(session, order, quantities, ctx)
    if (order.status, order.hold_reason) == (order_rules.ON_HOLD, order_rules.BACKORDER):
        await flow.release_check(session, order, ctx)
    return child


async def split_shortage(session: AsyncSession, order: SalesOrder, ctx: Context) -> SalesOrder | None:
    """For the release check of an order with backorder policy ``split``: allocate what can
    be had and split the rest off. None (nothing allocated, nothing split) when none of it is
    in stock or the order may not be split."""
    allowed = SPLITTABLE | {order_rules.DRAFT, order_rules.AWAITING_PAYMENT}
    try:
        return await _split_missing(session, order, None, ctx, frozenset(allowed))
    except ShipfloorError as exc:
        if exc.code in ("nothing_to_split", "split_not_allowed"):
            return None
        raise
