"""Importing one shop order: an idempotent upsert keyed by (channel, external id), guarded by
the platform's ``updated_at``, that creates and moves orders only through the order domain.

Concurrency: the first statement claims the ``channel_orders`` row (insert, or nothing when it
exists), the second locks it. On PostgreSQL concurrent imports of one shop order wait for each
other on that row; SQLite lets one writer in at a time. Whoever comes second sees the first's
result, so ten copies of one delivery make one order and one creation entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import ChannelDelivery, ChannelOrder, SalesOrder
from server.domain.channels import resolve
from server.domain.channels.shape import ShopOrder
from server.domain.orders import flow, rules, services
from server.domain.orders.events import Actor, Context, record
from server.domain.orders.schemas import OrderIn, OrderPatch

OUTCOMES = ("created", "held", "updated", "unchanged", "stale", "duplicate", "skipped")


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """What an import needs to know of its channel (plain values, usable across sessions)."""

    id: int
    name: str
    platform: str
    currency: str | None = None
    status_map: dict[str, str] = field(default_factory=dict)
    backorder_policy: str = "hold"


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the order came: ``source`` ``webhook``, ``poll`` or ``file``; ``delivery_id`` the
    platform's delivery/event id (or one derived from the order and its ``updated_at``)."""

    source: str
    delivery_id: str | None = None
    topic: str | None = None


@dataclass(slots=True)
class ImportResult:
    outcome: str
    external_id: str
    order_id: int | None = None
    message: str | None = None


def derived_delivery_id(shop: ShopOrder, source: str) -> str:
    return f"{source}:{shop.external_id}:{shop.updated_at.isoformat()}"


async def _claim(
    session: AsyncSession, channel_id: int, external_id: str, now: datetime
) -> ChannelOrder:
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    await session.execute(
        insert(ChannelOrder)
        .values(
            channel_id=channel_id,
            external_id=external_id,
            outcome="claimed",
            refs={},
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["channel_id", "external_id"])
    )
    return await session.scalar(
        select(ChannelOrder)
        .where(ChannelOrder.channel_id == channel_id, ChannelOrder.external_id == external_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def import_order(
    session: AsyncSession,
    channel: ChannelInfo,
    shop: ShopOrder,
    delivery: Delivery,
    *,
    now: datetime,
    timezone: str,
) -> ImportResult:
    """Create or update the order for ``shop`` in ``session`` (flushed; the caller commits).

    Outcomes: ``created`` (confirmed: awaiting payment or through the release check),
    ``held`` (created on hold for review: unknown SKU, other currency, unmapped or held status;
    or stopped because the shop cancelled or changed it while it is on the floor), ``updated``,
    ``unchanged`` (same ``updated_at``), ``stale`` (older than what was applied), ``duplicate``
    (delivery id seen before), ``skipped`` (nothing to ship: not a real order, cancelled or
    shipped before we saw it, no shippable line). Raises the order service's problems (422/409).
    """
    row = await _claim(session, channel.id, shop.external_id, now)
    delivery_id = delivery.delivery_id or derived_delivery_id(shop, delivery.source)
    seen = await session.scalar(
        select(ChannelDelivery.id).where(
            ChannelDelivery.channel_id == channel.id, ChannelDelivery.delivery_id == delivery_id
        )
    )
    if seen is not None:
        return ImportResult("duplicate", shop.external_id, row.order_id, "delivery seen before")
    actor = Actor(label=f"{channel.name} · {delivery.source}"[:120], channel=channel.platform)
    ctx = Context(actor, now, timezone)
    state = channel.status_map.get(shop.status, shop.state)

    if row.shop_updated_at is not None and shop.updated_at < row.shop_updated_at:
        result = ImportResult(
            "stale",
            shop.external_id,
            row.order_id,
            f"shop updated_at {shop.updated_at.isoformat()} is older than the "
            f"{row.shop_updated_at.isoformat()} already applied",
        )
    elif row.shop_updated_at is not None and shop.updated_at == row.shop_updated_at:
        result = ImportResult("unchanged", shop.external_id, row.order_id, None)
    elif row.order_id is None:
        result = await _create(session, channel, shop, state, delivery, delivery_id, ctx)
    else:
        result = await _update(
            session, channel, row.order_id, shop, state, delivery, delivery_id, ctx
        )

    if row.shop_updated_at is None or shop.updated_at > row.shop_updated_at:
        row.shop_updated_at = shop.updated_at
        row.shop_status = shop.status[:64]
        if shop.refs:  # a deletion notice carries no order, so it keeps what was stored
            row.external_number = shop.number[:120]
            row.refs = shop.refs
        row.source = delivery.source
        row.delivery_id = delivery_id[:160]
        row.order_id = result.order_id
        row.outcome = result.outcome
        row.message = result.message
        row.updated_at = now
    session.add(
        ChannelDelivery(
            channel_id=channel.id,
            delivery_id=delivery_id[:160],
            source=delivery.source,
            topic=delivery.topic[:64] if delivery.topic else None,
            external_id=shop.external_id,
            order_id=result.order_id,
            outcome=result.outcome,
            message=result.message,
            received_at=now,
        )
    )
    await flow.flush(session)
    return result


def _skip_reason(shop: ShopOrder, state: str) -> str | None:
    if state == "ignore":
        return f"status {shop.status} is not an order to fulfil"
    if state == "cancelled":
        return f"cancelled in the shop (status {shop.status}) before it was imported"
    if state == "shipped":
        return f"fulfilled by the shop (status {shop.status}) before it was imported"
    if not shop.lines:
        return "no line to ship (" + "; ".join(shop.skipped) + ")"
    return None


async def _external_number(session: AsyncSession, channel: ChannelInfo, number: str) -> str:
    # Two shops on one platform may both have an order "1001"; the second gets the shop name.
    taken = await session.scalar(
        select(SalesOrder.id).where(
            SalesOrder.channel == channel.platform, SalesOrder.external_number == number[:120]
        )
    )
    return number[:120] if taken is None else f"{number}@{channel.name}"[:120]


async def _create(
    session: AsyncSession,
    channel: ChannelInfo,
    shop: ShopOrder,
    state: str,
    delivery: Delivery,
    delivery_id: str,
    ctx: Context,
) -> ImportResult:
    skip = _skip_reason(shop, state)
    if skip:
        return ImportResult("skipped", shop.external_id, None, skip)
    resolved = await resolve.resolve_lines(session, shop.lines)
    problems = [
        f"unknown SKU {sku}: created as a new product; check it in the catalogue"
        for sku in resolved.unknown
    ]
    currency = shop.currency or channel.currency or "EUR"
    if channel.currency and shop.currency and shop.currency != channel.currency:
        problems.append(f"currency {shop.currency} differs from the channel's {channel.currency}")
    if state == "unknown":
        problems.append(f"shop status {shop.status!r} has no mapping; map it on the channel")
    elif state == "on_hold":
        problems.append(f"on hold in the shop (status {shop.status})")
    body = {
        "customer": await resolve.customer_for(session, shop),
        "shipping_address": resolve.address_body(shop),
        "lines": resolved.lines,
        "channel": channel.platform,
        "external_number": await _external_number(session, channel, shop.number),
        "payment_state": "paid" if shop.paid and state != "pending" else "unpaid",
        "currency": currency,
        "notes": resolve.cut(shop.notes, 4000),
        "tags": [resolve.UNKNOWN_SKU_TAG] if resolved.unknown else [],
        "backorder_policy": channel.backorder_policy,
    }
    order = await services.create_order(session, resolve.convert(body, OrderIn, "order"), ctx)
    record(
        session,
        order,
        ctx,
        "imported",
        message=f"Imported from {channel.name} ({delivery.source}).",
        data={
            "channel_id": channel.id,
            "channel_name": channel.name,
            "source": delivery.source,
            "delivery_id": delivery_id,
            "topic": delivery.topic,
            "external_id": shop.external_id,
            "shop_status": shop.status,
            "shop_updated_at": shop.updated_at.isoformat(),
            "shipping_method": shop.shipping_method,
            "not_shipped": shop.skipped,
        },
    )
    if problems:
        reason = "Held for review: " + "; ".join(problems) + ". Release it, then confirm it."
        await flow.hold(session, order, ctx, reason[:500])
        return ImportResult("held", shop.external_id, order.id, reason)
    await flow.confirm(session, order, ctx, f"{shop.platform} status {shop.status}")
    return ImportResult("created", shop.external_id, order.id, None)


async def _update(
    session: AsyncSession,
    channel: ChannelInfo,
    order_id: int,
    shop: ShopOrder,
    state: str,
    delivery: Delivery,
    delivery_id: str,
    ctx: Context,
) -> ImportResult:
    order = await flow.load_order(session, order_id, lock=True)
    done: list[str] = []
    held = False
    status = order.status
    on_floor = status in rules.FLOOR_STATUSES or (
        status == rules.ON_HOLD and order.held_from in rules.FLOOR_STATUSES
    )
    if state == "cancelled":
        if status == rules.CANCELLED:
            pass
        elif status == rules.COMPLETED:
            done.append("flagged: cancelled in the shop after it shipped here")
        elif on_floor:
            if status != rules.ON_HOLD:
                await flow.hold(
                    session,
                    order,
                    ctx,
                    f"Cancelled in the shop while {status}: take the "
                    "picked units out and cancel the order here.",
                )
                held = True
            done.append(
                f"flagged for a supervisor: cancelled in the shop while {order.held_from or status}"
            )
        else:
            await flow.cancel(session, order, ctx, f"Cancelled in the shop (status {shop.status}).")
            done.append("cancelled")
        return _changed(session, order, ctx, shop, delivery, delivery_id, done, held)
    if (
        shop.paid
        and state != "pending"
        and order.payment_state != "paid"
        and status not in rules.TERMINAL
    ):
        await flow.receive_payment(
            session,
            order,
            ctx,
            amount=None,
            reference=f"{shop.platform} {shop.status}"[:120],
            reason="Paid in the shop.",
        )
        done.append("payment received")
    resolved = await resolve.resolve_lines(session, shop.lines)
    wanted = sorted(
        (pid, body["quantity"])
        for pid, body in zip(resolved.product_ids, resolved.lines)
        if pid is not None
    )
    have = sorted((line.product_id, line.quantity) for line in order.lines)
    if (wanted != have or resolved.unknown) and shop.lines:
        held = await _apply_line_change(session, order, resolved, ctx, done) or held
    if state == "shipped" and order.status not in rules.TERMINAL:
        done.append("flagged: marked fulfilled in the shop")
    if state == "on_hold" and order.status in rules.HOLDABLE:
        await flow.hold(session, order, ctx, f"On hold in the shop (status {shop.status}).")
        held = True
        done.append("held: on hold in the shop")
    return _changed(session, order, ctx, shop, delivery, delivery_id, done, held)


async def _apply_line_change(
    session: AsyncSession,
    order: SalesOrder,
    resolved: resolve.ResolvedLines,
    ctx: Context,
    done: list[str],
) -> bool:
    status = order.status
    if status in rules.TERMINAL:
        done.append("flagged: lines changed in the shop after the order was closed here")
        return False
    if rules.lines_locked(status, order.held_from):
        done.append(f"flagged for a supervisor: lines changed in the shop while held from {order.held_from}")
        return False
    held = False
    if status not in rules.EDITABLE[rules.LINES]:
        if status != rules.READY_FOR_PICKING:
            await flow.hold(
                session,
                order,
                ctx,
                f"Lines changed in the shop while {status}: compare the tote with the shop order.",
            )
            done.append(f"flagged for a supervisor: lines changed in the shop while {status}")
            return True
        await flow.hold(session, order, ctx, "Lines changed in the shop; check them, then release.")
        held = True
    patch = OrderPatch(lines=resolve.line_structs(resolved.lines))
    await services.update_order(session, order.id, patch, ctx)
    done.append("lines replaced by the shop's")
    if resolved.unknown and order.status in rules.HOLDABLE:
        await flow.hold(
            session,
            order,
            ctx,
            "Unknown SKU " + ", ".join(resolved.unknown) + ": check the catalogue.",
        )
        held = True
    return held


def _changed(
    session: AsyncSession,
    order: SalesOrder,
    ctx: Context,
    shop: ShopOrder,
    delivery: Delivery,
    delivery_id: str,
    done: list[str],
    held: bool,
) -> ImportResult:
    if not done:
        return ImportResult("unchanged", shop.external_id, order.id, None)
    message = "; ".join(done)
    record(
        session,
        order,
        ctx,
        "channel_update",
        message=f"From the shop ({delivery.source}): {message}."[:2000],
        data={
            "source": delivery.source,
            "delivery_id": delivery_id,
            "topic": delivery.topic,
            "shop_status": shop.status,
            "shop_updated_at": shop.updated_at.isoformat(),
        },
    )
    return ImportResult("held" if held else "updated", shop.external_id, order.id, message)


def outcome_counts(results: list[ImportResult]) -> dict[str, int]:
    counts: dict[str, Any] = {name: 0 for name in OUTCOMES}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return counts
