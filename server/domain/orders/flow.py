"""The order flow: the one function that changes status, the release check, and the actions
(confirm, payment, hold, release, cancel).

Every change of ``SalesOrder.status`` in Shipfloor goes through ``change_status``: it checks the
move against ``rules.TRANSITIONS``, writes the history entry in the same transaction and queues
the live event for after the commit.
"""

from __future__ import annotations

from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from server.db.locking import lock_row
from server.db.models import OrderEvent, SalesOrder
from server.db.session import queue_event
from server.domain.inventory.allocation import allocate_order, release_order_allocations
from server.domain.inventory.sql import among, id_chunks
from server.domain.orders import rules
from server.domain.orders.entry import check_money
from server.domain.orders.events import Context, record
from server.errors import NotFound, ShipfloorError

_moving: ContextVar[bool] = ContextVar("order_status_move", default=False)


@event.listens_for(SalesOrder.status, "set")
def _status_only_through_change_status(target: SalesOrder, value: str, old: Any, initiator: Any) -> None:
    # A new order gets its first status on construction; after that only change_status moves it.
    if inspect(target).has_identity and not _moving.get():
        raise RuntimeError("SalesOrder.status changes only through server.domain.orders.flow.change_status")


CONCURRENT = (
    "Someone else changed this order at the same moment; reload it and try again."
)


async def flush(session: AsyncSession) -> None:
    """Flush, turning a lost optimistic-lock race into 409 ``order_changed_concurrently``."""
    try:
        await session.flush()
    except StaleDataError as exc:
        raise ShipfloorError(409, "order_changed_concurrently", CONCURRENT) from exc
    except IntegrityError as exc:
        raise ShipfloorError(
            409, "conflict", "The change conflicts with data stored meanwhile; reload and try again."
        ) from exc


async def load_order(session: AsyncSession, order_id: int, *, lock: bool = False) -> SalesOrder:
    """The order with its lines, fresh from the database; ``lock`` takes its row lock first,
    so that two concurrent actions on one order run one after the other, the second reading
    what the first committed. Raises 404 ``order_not_found``.

    The lock is ``FOR UPDATE OF sales_orders`` on PostgreSQL. SQLite ignores ``FOR UPDATE``
    and would let a second action read the order before the first commits (three cancels at
    once gave the stock back three times, and the check constraint answered 500): there
    ``locking.lock_row`` first takes the database's write lock with a no-op write of the row
    (``updated_at`` set to itself: no column's ``onupdate`` runs, nothing changes). One query
    then loads the order and its lines, locked or not."""
    query = (
        select(SalesOrder)
        .where(SalesOrder.id == order_id)
        .options(selectinload(SalesOrder.lines))
        .execution_options(populate_existing=True)
    )
    if lock:
        # Not lock_row alone on PostgreSQL: the order's customer is loaded by an outer join,
        # and FOR UPDATE without OF would fall on its nullable side (an error there).
        if session.get_bind().dialect.name == "sqlite":
            await lock_row(session, SalesOrder, order_id, SalesOrder.updated_at)
        query = query.with_for_update(of=SalesOrder)
    order = await session.scalar(query)
    if order is None:
        raise NotFound("order", order_id)
    return order


def check_version(order: SalesOrder, version: int | None) -> None:
    """409 ``version_conflict`` when the client saw another ``version`` than the stored one."""
    if version is not None and version != order.version:
        raise ShipfloorError(
            409,
            "version_conflict",
            f"The order changed since you loaded it (version {order.version}, you sent "
            f"{version}); reload it and try again.",
            field="version",
            current_version=order.version,
        )


def state_of(order: SalesOrder) -> rules.OrderState:
    return rules.OrderState(order.status, order.hold_reason, order.held_from)


async def change_status(
    session: AsyncSession,
    order: SalesOrder,
    to: str,
    ctx: Context,
    *,
    hold_reason: str | None = None,
    kind: str = "status_changed",
    message: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Move ``order`` to ``to`` (with ``hold_reason`` for ``on_hold``), write its history entry
    and queue the live event. Raises 409 ``transition_not_allowed`` for a move outside the
    table and 409 ``order_changed_concurrently`` when another transaction won the race."""
    old = order.status
    rules.check_transition(state_of(order), to, hold_reason)
    if to == rules.ON_HOLD:
        order.held_from = old if hold_reason == rules.MANUAL else None
    else:
        order.held_from = None
    token = _moving.set(True)
    try:
        order.status = to
    finally:
        _moving.reset(token)
    order.hold_reason = hold_reason
    record(session, order, ctx, kind, from_status=old, to_status=to, hold_reason=hold_reason,
           message=message, data=data)
    await flush(session)
    if rules.READY_FOR_SHIPPING in (old, to):
        # A held or cancelled parcel's label is void at once; a release gets a fresh one.
        from server.domain.shipments.services import reissue_labels, void_labels  # imports this module

        if to in (rules.ON_HOLD, rules.CANCELLED):
            await void_labels(session, order, ctx)
        elif old == rules.ON_HOLD:
            await reissue_labels(session, order, ctx)


async def change_status_many(
    session: AsyncSession,
    orders: dict[int, str | None],
    state: rules.OrderState,
    to: str,
    ctx: Context,
    *,
    hold_reason: str | None = None,
    kind: str = "status_changed",
    message: str | None = None,
    data: dict[str, Any] | None = None,
    data_of: dict[int, dict[str, Any]] | None = None,
) -> None:
    """``change_status`` for many orders that share one ``state`` (``orders``: id → number),
    in a few statements: the move is checked once against the same transition table, the rows
    are updated where they still are in ``state``, the history entries are written with
    ``INSERT ... SELECT`` (or, with ``data_of``, each order's own history ``data`` by order id,
    one multi-row ``INSERT``) and the live events queued. Raises 409
    ``transition_not_allowed``, and 409 ``order_changed_concurrently`` when some order was no
    longer in ``state``."""
    rules.check_transition(state, to, hold_reason)
    held_from = state.status if to == rules.ON_HOLD and hold_reason == rules.MANUAL else None
    ids = sorted(orders)
    for chunk in id_chunks(session, ids):
        result = await session.execute(
            update(SalesOrder)
            .where(
                among(session, SalesOrder.id, chunk),
                SalesOrder.status == state.status,
                SalesOrder.hold_reason.is_(None) if state.hold_reason is None
                else SalesOrder.hold_reason == state.hold_reason,
            )
            .values(status=to, hold_reason=hold_reason, held_from=held_from,
                    version=SalesOrder.version + 1, updated_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != len(chunk):
            raise ShipfloorError(409, "order_changed_concurrently", CONCURRENT)
        if data_of is not None:
            await session.execute(insert(OrderEvent), [
                dict(order_id=order_id, kind=kind, from_status=state.status, to_status=to,
                     hold_reason=hold_reason, actor=ctx.actor.label, user_id=ctx.actor.user_id,
                     channel=ctx.actor.channel, message=message, data=data_of[order_id], created_at=ctx.now)
                for order_id in chunk
            ])
            continue
        await session.execute(
            insert(OrderEvent).from_select(
                ["order_id", "kind", "from_status", "to_status", "hold_reason", "actor", "user_id",
                 "channel", "message", "data", "created_at"],
                select(
                    SalesOrder.id, literal(kind), literal(state.status), literal(to),
                    literal(hold_reason, OrderEvent.hold_reason.type), literal(ctx.actor.label),
                    literal(ctx.actor.user_id, OrderEvent.user_id.type),
                    literal(ctx.actor.channel, OrderEvent.channel.type),
                    literal(message, OrderEvent.message.type), literal(data or {}, OrderEvent.data.type),
                    literal(ctx.now, OrderEvent.created_at.type),
                ).where(among(session, SalesOrder.id, chunk)),
            )
        )
    for order in list(session.identity_map.values()):
        # By identity, not ``order.id``: reading an attribute of an expired order loads it.
        if isinstance(order, SalesOrder) and inspect(order).identity[0] in orders:
            session.expire(order)
    for order_id in ids:
        queue_event(session, "orders", {
            "type": f"order.{kind}", "order_id": order_id, "number": orders[order_id],
            "from": state.status, "to": to, "hold_reason": hold_reason,
        })


def _shortage_list(shortages: list[Any]) -> list[dict[str, Any]]:
    return [
        {"line_id": s.order_line_id, "sku": s.sku, "wanted": s.wanted, "available": s.available}
        for s in shortages
    ]


async def release_check(
    session: AsyncSession, order: SalesOrder, ctx: Context, *, kind: str = "release_check",
    message: str | None = None,
) -> tuple[str, str | None, list[dict[str, Any]]]:
    """Run the release check on ``order`` and move it: ship date after today (warehouse zone)
    → ``on_hold/scheduled``; not every line allocatable → ``on_hold/backorder``; else allocate
    every line → ``ready_for_picking``. Nothing moves when the verdict is where the order is
    already. Returns ``(status, hold_reason, shortages)``.

    An order whose backorder policy is ``split`` and that can be allocated in part is split
    instead: what is in stock stays and goes on, the rest moves to a new backorder
    (``server.domain.inventory.backorders``)."""
    today = rules.warehouse_today(ctx.now, ctx.timezone)
    shortages: list[dict[str, Any]] = []
    if order.requested_ship_date is not None and order.requested_ship_date > today:
        can_allocate = True
    else:
        outcome = await allocate_order(session, order.id)
        can_allocate = outcome.ok
        shortages = _shortage_list(outcome.shortages)
        if not can_allocate and order.backorder_policy == "split":
            from server.domain.inventory.backorders import split_shortage

            backorder = await split_shortage(session, order, ctx)
            if backorder is not None:
                can_allocate = True
                shortages = [dict(s, backorder=backorder.number) for s in shortages]
    to, reason = rules.release_decision(order.requested_ship_date, today, can_allocate)
    if (to, reason) != (order.status, order.hold_reason):
        data: dict[str, Any] = {}
        if shortages:
            data["short"] = shortages
        if reason == rules.SCHEDULED:
            data["ship_date"] = order.requested_ship_date.isoformat()
        await change_status(session, order, to, ctx, hold_reason=reason, kind=kind,
                            message=message, data=data)
    return to, reason, shortages


async def confirm(session: AsyncSession, order: SalesOrder, ctx: Context, reason: str | None = None) -> None:
    """Confirm a draft: unpaid → ``awaiting_payment``; paid → the release check.
    Raises 409 ``not_draft``."""
    if order.status != rules.DRAFT:
        raise rules.refused(
            order.status, "not_draft",
            f"Only a draft can be confirmed; this order is {order.status} already.",
        )
    if order.payment_state == "paid":
        record(session, order, ctx, "confirmed", message=reason)
        await release_check(session, order, ctx)
    else:
        await change_status(session, order, rules.AWAITING_PAYMENT, ctx, kind="confirmed", message=reason)


async def receive_payment(
    session: AsyncSession, order: SalesOrder, ctx: Context, *,
    amount: Decimal | None, reference: str | None, reason: str | None = None,
) -> None:
    """Book a payment of ``amount`` (default: what is still owed) in the order's currency; once
    the total is covered the order is paid, and an order awaiting payment goes through the
    release check. Raises 409 ``already_paid`` or ``payment_not_allowed`` (completed or
    cancelled orders)."""
    if order.status in rules.TERMINAL:
        raise rules.refused(
            order.status, "payment_not_allowed",
            f"An order in status {order.status} takes no payments.",
        )
    if order.payment_state == "paid":
        raise rules.refused(order.status, "already_paid", "The order is paid already.")
    owed = order.total_amount - order.amount_paid
    amount = owed if amount is None else check_money(amount, "amount", positive=True)
    order.amount_paid = order.amount_paid + amount
    if rules.is_paid(order.total_amount, order.amount_paid):
        order.payment_state = "paid"
    record(session, order, ctx, "payment_received", message=reason, data={
        "amount": str(amount), "currency": order.currency, "reference": reference,
        "paid": order.payment_state == "paid",
    })
    await flush(session)
    if order.payment_state == "paid" and order.status == rules.AWAITING_PAYMENT:
        await release_check(session, order, ctx)


async def hold(session: AsyncSession, order: SalesOrder, ctx: Context, reason: str | None = None) -> None:
    """Put the order on hold (``on_hold/manual``), remembering where it was. Allocations are
    kept. Raises 409 ``hold_not_allowed``."""
    rules.check_hold(state_of(order))
    data = {"label_void": True} if order.status == rules.READY_FOR_SHIPPING else None
    await change_status(session, order, rules.ON_HOLD, ctx, hold_reason=rules.MANUAL, kind="held",
                        message=reason, data=data)


async def release(session: AsyncSession, order: SalesOrder, ctx: Context, reason: str | None = None) -> None:
    """Release a hold: back to the floor status it was held from, back to draft or awaiting
    payment, or through the release check. Raises 409 ``not_on_hold``; 409 ``still_scheduled``
    when the ship date is still ahead; 409 ``insufficient_stock`` (listing every short line in
    ``short``) when a backorder still cannot be allocated."""
    target = rules.release_target(state_of(order), order.payment_state == "paid")
    if target != rules.RELEASE_CHECK:
        await change_status(session, order, target, ctx, kind="released", message=reason)
        return
    before = (order.status, order.hold_reason)
    to, hold_reason, shortages = await release_check(session, order, ctx, kind="released", message=reason)
    if (to, hold_reason) != before:
        return
    if hold_reason == rules.SCHEDULED:
        raise rules.refused(
            order.status, "still_scheduled",
            f"The ship date {order.requested_ship_date} is after today; change the ship date "
            "to release the order now.",
        )
    raise rules.refused(
        order.status, "insufficient_stock",
        "Not every line can be allocated yet: " + ", ".join(
            f"{s['sku']} wants {s['wanted']}, {s['available']} available" for s in shortages
        ) + ".",
        short=shortages,
    )


async def cancel(session: AsyncSession, order: SalesOrder, ctx: Context, reason: str | None = None) -> None:
    """Cancel the order and give its allocated stock back. Raises 409 ``cancel_not_allowed``.
    Units already picked go back by a put-away task (``data.put_away`` in the history)."""
    rules.check_cancel(state_of(order))
    was = order.held_from if order.status == rules.ON_HOLD else order.status
    units = await release_order_allocations(session, order.id)
    await change_status(session, order, rules.CANCELLED, ctx, kind="cancelled", message=reason, data={
        "units_released": units, "put_away": was in rules.FLOOR_STATUSES,
    })
