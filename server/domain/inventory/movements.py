"""Stock movements the floor makes: picks, short picks, reallocation, put-away, splits.

These are the functions the picking and packing code calls. Each runs in the caller's
transaction (it flushes, never commits), writes a ledger entry for every change of ``on_hand``,
and keeps ``0 <= allocated <= on_hand`` with conditional updates. Callers hold the order's row
lock (``flow.load_order(..., lock=True)``) while they pick, short-pick or split for it.
"""

from __future__ import annotations

import functools

from sqlalchemy import Integer, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from server.config import Settings
from server.db.base import utcnow
from server.db.models import Allocation, OrderLine, SalesOrder, User
from server.domain.inventory import backorders, ledger, restock
from server.domain.inventory.allocation import allocate_line_up_to
from server.domain.orders import flow
from server.domain.orders import rules as order_rules
from server.domain.orders.events import SYSTEM, Actor, Context
from server.errors import NotFound, ShipfloorError


@functools.cache
def _timezone() -> str:
    return Settings.from_env().timezone


async def context_for(session: AsyncSession, user_id: int | None, timezone: str | None = None) -> Context:
    """The order-flow context for ``user_id`` (the system when None), now."""
    actor = SYSTEM
    if user_id is not None:
        user = await session.get(User, user_id)
        if user is not None:
            actor = Actor(user.display_name or user.username, user.id)
    return Context(actor, utcnow(), timezone or session.info.get("timezone") or _timezone())


def insufficient(detail: str, short: list[dict]) -> ShipfloorError:
    """409 ``insufficient_stock`` listing every short item in ``short``."""
    return ShipfloorError(409, "insufficient_stock", detail, short=short)


# The last units delete the allocation rather than leave a row of 0, which its CHECK
# (quantity > 0) refuses; at most one of the two matches. Built once: every picked unit runs
# one of them.
_LAST = (
    delete(Allocation)
    .where(Allocation.id == bindparam("allocation_id", type_=Integer),
           Allocation.quantity == bindparam("taken", type_=Integer))
    .returning(Allocation.stock_level_id, Allocation.order_id, Allocation.order_line_id,
               Allocation.quantity - bindparam("taken", type_=Integer))
    .execution_options(synchronize_session=False)
)
_SOME = (
    update(Allocation)
    .where(Allocation.id == bindparam("allocation_id", type_=Integer),
           Allocation.quantity > bindparam("taken", type_=Integer))
    .values(quantity=Allocation.quantity - bindparam("taken", type_=Integer))
    .returning(Allocation.stock_level_id, Allocation.order_id, Allocation.order_line_id, Allocation.quantity)
    .execution_options(synchronize_session=False)
)


async def pick_units(
    session: AsyncSession, *, allocation_id: int, quantity: int, user_id: int | None, reference: str,
    more_left: bool = False,
) -> None:
    """``quantity`` picked units (> 0) leave their bin: the allocation's ``on_hand`` and
    ``allocated`` go down together, the allocation shrinks (deleted at 0), and one ledger
    entry (reason ``pick``, with the order and line) records it. ``more_left``: the caller
    expects units to stay allocated (one unit of several), which saves a statement.

    Raises 409 ``insufficient_stock`` when the allocation holds fewer units (or does not
    exist), 422 ``validation_error`` for a quantity below 1; nothing changes then."""
    if quantity < 1:
        raise ShipfloorError(422, "validation_error", "quantity: a pick takes at least 1 unit", field="quantity")
    first, second = (_SOME, _LAST) if more_left else (_LAST, _SOME)
    params = {"allocation_id": allocation_id, "taken": quantity}
    row = (await session.execute(first, params)).first() or (await session.execute(second, params)).first()
    if row is None:
        held = await session.scalar(select(Allocation.quantity).where(Allocation.id == allocation_id))
        raise insufficient(
            f"Allocation {allocation_id} holds {held or 0} units; {quantity} cannot be picked from it.",
            [{"allocation_id": allocation_id, "wanted": quantity, "available": held or 0}],
        )
    level_id, order_id, line_id, left = row
    who = ledger.Who(user_id, reference, order_id=order_id, order_line_id=line_id)
    if await ledger.change_level(session, level_id, ledger.PICK, who, on_hand=-quantity, allocated=-quantity) is None:
        raise RuntimeError(f"stock level {level_id} disagrees with allocation {allocation_id}")
    cached = session.identity_map.get(session.identity_key(Allocation, allocation_id))  # type: ignore[arg-type]
    if cached is not None:
        # The row changed behind the session's back: keep the loaded object true, or drop it.
        if left == 0:
            session.expunge(cached)
        else:
            set_committed_value(cached, "quantity", left)
    await session.flush()


async def report_short(
    session: AsyncSession, *, stock_level_id: int, found_quantity: int, user_id: int | None, reference: str
) -> int:
    """The picker found only ``found_quantity`` units (>= 0) in the bin of stock level
    ``stock_level_id``: ``on_hand`` becomes that (ledger reason ``short_pick``), and the
    allocations beyond it are given back, newest first.

    Orders that lost units and are not being picked (``ready_for_picking``) get them from
    other bins right away, or go to ``on_hold/backorder`` when no bin has them. Returns the
    units given back from orders being picked (status ``picking``, or held from it), which the
    caller finds elsewhere (``reallocate_line``) or splits off.

    Raises 404 ``stock_level_not_found``, 422 ``validation_error`` for a negative count."""
    if found_quantity < 0:
        raise ShipfloorError(422, "validation_error", "found_quantity: must be 0 or more", field="found_quantity")
    level = await ledger.current(session, stock_level_id)
    if level is None:
        raise NotFound("stock_level", stock_level_id)
    excess = max(level.allocated - found_quantity, 0)
    allocations = list(
        await session.scalars(
            select(Allocation).where(Allocation.stock_level_id == stock_level_id)
            .order_by(Allocation.created_at.desc(), Allocation.id.desc())
            .execution_options(populate_existing=True)
        )
    )
    lost: dict[int, int] = {}
    left = excess
    for allocation in allocations:
        if left == 0:
            break
        take = min(left, allocation.quantity)
        lost[allocation.order_line_id] = lost.get(allocation.order_line_id, 0) + take
        left -= take
        if take == allocation.quantity:
            await session.delete(allocation)
        else:
            allocation.quantity -= take
    await session.flush()
    who = ledger.Who(user_id, reference, note=f"found {found_quantity} of {level.on_hand}")
    entry = await ledger.change_level(
        session, stock_level_id, ledger.SHORT_PICK, who,
        on_hand=found_quantity - level.on_hand, allocated=-excess,
    )
    if entry is None:
        raise ShipfloorError(409, "order_changed_concurrently", "The bin changed meanwhile; report the count again.")
    return await _rehome(session, lost, stock_level_id, user_id)


async def _rehome(session: AsyncSession, lost: dict[int, int], level_id: int, user_id: int | None) -> int:
    """Find elsewhere what orders not on the floor lost; return what orders being picked lost."""
    if not lost:
        return 0
    rows = (await session.execute(
        select(OrderLine.id, SalesOrder.id, SalesOrder.status, SalesOrder.held_from)
        .join(SalesOrder, SalesOrder.id == OrderLine.order_id).where(OrderLine.id.in_(lost))
    )).all()
    for_caller = 0
    ctx = None
    for line_id, order_id, status, held_from in sorted(rows):
        units = lost[line_id]
        if status == order_rules.PICKING or held_from == order_rules.PICKING:
            for_caller += units
            continue
        line = await session.get(OrderLine, line_id)
        got = sum(a.quantity for a in await allocate_line_up_to(session, line, units, {level_id}))
        if got < units and status == order_rules.READY_FOR_PICKING:
            ctx = ctx or await context_for(session, user_id)
            order = await flow.load_order(session, order_id, lock=True)
            await flow.change_status(session, order, order_rules.ON_HOLD, ctx, hold_reason=order_rules.BACKORDER,
                                     kind="stock_short", message="A bin held less than counted.",
                                     data={"line_id": line_id, "missing": units - got})
    return for_caller


async def reallocate_line(
    session: AsyncSession, *, order_line_id: int, quantity: int, exclude_stock_level_ids: set[int]
) -> list[Allocation]:
    """Allocate up to ``quantity`` more units to order line ``order_line_id`` from bins other
    than ``exclude_stock_level_ids``, by the usual strategy (fewest bins, nearest the depot).
    Returns the new allocations; they may hold fewer units than asked, or be empty.

    Raises 404 ``order_line_not_found``."""
    line = await session.get(OrderLine, order_line_id)
    if line is None:
        raise NotFound("order_line", order_line_id)
    if quantity <= 0:
        return []
    return await allocate_line_up_to(session, line, quantity, exclude_stock_level_ids)


async def put_away(
    session: AsyncSession, *, product_id: int, location_id: int, quantity: int, user_id: int | None,
    reference: str,
) -> None:
    """``quantity`` units (> 0) of ``product_id`` go back into the bin ``location_id``
    (ledger reason ``put_away``); then the orders waiting on backorder for the product are
    released as after a receipt.

    Raises 404 ``product_not_found`` / ``location_not_found``, 422 ``validation_error``."""
    from server.domain.inventory.services import check_place

    if quantity < 1:
        raise ShipfloorError(422, "validation_error", "quantity: at least 1 unit", field="quantity")
    await check_place(session, product_id, location_id)
    ctx = await context_for(session, user_id)
    await restock.lock_waiting(session, {product_id}, ctx)
    level_id = await ledger.level_id_for(session, product_id, location_id)
    await ledger.change_level(session, level_id, ledger.PUT_AWAY, ledger.Who(user_id, reference), on_hand=quantity)
    await restock.release_backorders(session, {product_id}, ctx, trigger="put_away", reference=reference)


async def split_backorder(
    session: AsyncSession, *, order_id: int, quantities: dict[int, int] | None, user_id: int | None
) -> SalesOrder | None:
    """Move ``quantities`` (order line id → units) of order ``order_id`` to a new backorder
    (``parent_id`` set, number ``<parent>-BO<n>``, ``on_hold/backorder``, a history entry on
    both); None splits off what is not in stock (each line first gets what stock can give, then
    every unit neither allocated nor picked moves). Returns the backorder, or None when there
    is nothing to split. Picked units never move; allocations beyond what stays on a line are
    given back. A parent waiting on ``on_hold/backorder`` goes through the release check.

    Raises 404 ``order_not_found``; 409 ``split_not_allowed`` (status or unpaid order); 422
    ``invalid_split``."""
    order = await flow.load_order(session, order_id, lock=True)
    ctx = await context_for(session, user_id)
    try:
        return await backorders.split(session, order, quantities, ctx)
    except ShipfloorError as exc:
        if exc.code == "nothing_to_split":
            return None
        raise
