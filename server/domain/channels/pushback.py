"""Push-back: telling the shops what happened here, through an outbox (``channel_pushes``).

Completions are queued in the transaction that completes the order (``enqueue_completion``,
the seam for the hand-over) or found later by ``enqueue_completed_orders``; stock levels are
queued by ``enqueue_stock``. ``run_pushes`` sends what is due, one process at a time (lease
``channel_push``): a failure waits ``BACKOFF_SECONDS * 2**attempts`` (at most an hour) and after
``MAX_ATTEMPTS`` the push is ``failed`` and shown to admins, who can retry it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.config import Settings
from server.db.base import Base, utcnow
from server.db.models import (
    Channel,
    ChannelOrder,
    ChannelPush,
    Product,
    SalesOrder,
    StockLedgerEntry,
    StockLevel,
)
from server.domain.channels.clients import connector_for
from server.domain.channels.platforms.base import Connector
from server.domain.orders import rules
from server.domain.orders.jobs import acquire_lease, holder_name, release_lease
from server.errors import NotFound, ShipfloorError

logger = logging.getLogger("shipfloor.channels.pushback")

MAX_ATTEMPTS = 8
BACKOFF_SECONDS = 30.0
MAX_BACKOFF_SECONDS = 3600.0
PUSH_LEASE = "channel_push"
BATCH = 50


def backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: 30 s, 60 s, 120 s … capped at one hour."""
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, BACKOFF_SECONDS * 2 ** (attempts - 1)))


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert


async def enqueue_completion(
    session: AsyncSession,
    order_id: int,
    tracking: list[dict[str, str]],
    now: datetime,
) -> bool:
    """Queue "order completed" for the shop the order came from, with ``tracking``
    (``number``, ``carrier``, optional ``url``). Once per order; False when the order did not
    come from a channel or is queued already."""
    row = await session.scalar(select(ChannelOrder).where(ChannelOrder.order_id == order_id))
    if row is None:
        return False
    result = await session.execute(
        _insert(session)(ChannelPush)
        .values(
            channel_id=row.channel_id,
            order_id=order_id,
            kind="completed",
            dedupe_key=str(order_id),
            payload={"tracking": tracking, "refs": row.refs, "external_id": row.external_id},
            state="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["channel_id", "kind", "dedupe_key"])
    )
    return result.rowcount == 1


async def tracking_of(session: AsyncSession, order_id: int) -> list[dict[str, str]]:
    """Tracking numbers and carriers of the order's parcels that were not voided (none until
    the shipments table exists)."""
    shipments = Base.metadata.tables.get("shipments")
    if shipments is None:
        return []
    rows = await session.execute(
        select(shipments.c.tracking_number, shipments.c.carrier)
        .where(shipments.c.order_id == order_id, shipments.c.status != "void")
        .order_by(shipments.c.id)
    )
    return [{"number": number, "carrier": carrier} for number, carrier in rows.all()]


async def enqueue_completed_orders(session: AsyncSession, now: datetime) -> int:
    """Queue completions, with the parcels' tracking numbers, for completed channel orders that
    have none yet (orders completed by code that did not call ``enqueue_completion``). Returns
    how many were queued."""
    rows = await session.execute(
        select(ChannelOrder.order_id)
        .join(SalesOrder, SalesOrder.id == ChannelOrder.order_id)
        .outerjoin(
            ChannelPush,
            and_(ChannelPush.order_id == ChannelOrder.order_id, ChannelPush.kind == "completed"),
        )
        .where(SalesOrder.status == rules.COMPLETED, ChannelPush.id.is_(None))
        .limit(500)
    )
    queued = 0
    for (order_id,) in rows.all():
        queued += await enqueue_completion(
            session, order_id, await tracking_of(session, order_id), now
        )
    return queued


async def available_units(session: AsyncSession, skus: list[str]) -> dict[str, int]:
    """Units available (on hand minus allocated, over all bins) per SKU; every active product
    when ``skus`` is empty."""
    query = (
        select(Product.sku, func.coalesce(func.sum(StockLevel.on_hand - StockLevel.allocated), 0))
        .outerjoin(StockLevel, StockLevel.product_id == Product.id)
        .group_by(Product.sku)
    )
    query = query.where(Product.sku.in_(skus)) if skus else query.where(Product.active.is_(True))
    return {sku: max(int(units), 0) for sku, units in (await session.execute(query)).all()}


async def enqueue_stock(
    session: AsyncSession, channel_id: int, levels: dict[str, int], now: datetime
) -> ChannelPush:
    """Queue one stock push (all ``levels`` in one message; the connector batches requests)."""
    push = ChannelPush(
        channel_id=channel_id,
        order_id=None,
        kind="stock",
        dedupe_key=f"stock:{now.isoformat()}",
        payload={"levels": levels},
        state="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(push)
    await session.flush()
    return push


async def enqueue_stock_changes(session: AsyncSession, now: datetime) -> int:
    """For channels with ``options.push_stock``: queue the available units of every SKU whose
    stock moved (stock ledger) since the channel's last stock push, at most once per
    ``options.stock_interval_seconds`` (default 300). Returns how many pushes were queued."""
    queued = 0
    for channel in list(await session.scalars(select(Channel).where(Channel.active.is_(True)))):
        options = channel.options or {}
        if not options.get("push_stock"):
            continue
        last = await session.scalar(
            select(func.max(ChannelPush.created_at)).where(
                ChannelPush.channel_id == channel.id, ChannelPush.kind == "stock"
            )
        )
        since = last or channel.created_at
        if last is not None and (now - last).total_seconds() < float(
            options.get("stock_interval_seconds", 300)
        ):
            continue
        skus = list(
            await session.scalars(
                select(Product.sku)
                .join(StockLedgerEntry, StockLedgerEntry.product_id == Product.id)
                .where(StockLedgerEntry.created_at > since)
                .distinct()
            )
        )
        if skus:
            await enqueue_stock(session, channel.id, await available_units(session, skus), now)
            queued += 1
    return queued


async def retry(session: AsyncSession, channel_id: int, push_id: int, now: datetime) -> ChannelPush:
    """Make a failed (or waiting) push due now with fresh attempts. Raises 404
    ``push_not_found``, 409 ``push_done``."""
    push = await session.get(ChannelPush, push_id)
    if push is None or push.channel_id != channel_id:
        raise NotFound("push", push_id)
    if push.state == "done":
        raise ShipfloorError(409, "push_done", "The shop accepted this push already.")
    push.state, push.attempts, push.next_attempt_at, push.last_error = "pending", 0, now, None
    await session.flush()
    return push


async def _send(connector: Connector, push: ChannelPush) -> dict[str, Any]:
    if push.kind == "completed":
        return await connector.push_completed(
            push.payload.get("refs") or {}, push.payload.get("tracking") or []
        )
    return await connector.push_stock(push.payload.get("levels") or {})


async def run_pushes(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    now: datetime | None = None,
    holder: str | None = None,
    make_connector: Callable[[Channel, Settings], Connector] = connector_for,
    use_lease: bool = True,
) -> dict[str, int]:
    """Send every due push once. Returns counts ``done``, ``retry``, ``failed``; empty when
    another process holds the lease (``use_lease=False`` skips it, for callers that
    serialise by themselves)."""
    now = now or utcnow()
    holder = holder or holder_name()
    counts = {"done": 0, "retry": 0, "failed": 0}
    async with sessionmaker() as session:
        if use_lease and not await acquire_lease(session, PUSH_LEASE, holder, now, 600):
            return {}
        try:
            await enqueue_completed_orders(session, now)
            await enqueue_stock_changes(session, now)
            await session.commit()
            due = list(
                await session.scalars(
                    select(ChannelPush)
                    .where(ChannelPush.state == "pending", ChannelPush.next_attempt_at <= now)
                    .order_by(ChannelPush.next_attempt_at, ChannelPush.id)
                    .limit(BATCH)
                )
            )
            await session.commit()
            for push in due:
                channel = await session.get(Channel, push.channel_id)
                connector = None
                try:
                    connector = make_connector(channel, settings)
                    answer = await _send(connector, push)
                    push.state, push.done_at, push.last_error = "done", utcnow(), None
                    push.payload = {**push.payload, "answer": answer}
                    counts["done"] += 1
                except ShipfloorError as exc:
                    push.attempts += 1
                    push.last_error = f"{exc.code}: {exc.detail}"[:2000]
                    if push.attempts >= MAX_ATTEMPTS or exc.status in (401, 403, 409, 422):
                        push.state = "failed"
                        counts["failed"] += 1
                    else:
                        push.next_attempt_at = now + backoff(push.attempts)
                        counts["retry"] += 1
                    logger.warning("push-back failed", extra={"push_id": push.id, "code": exc.code})
                finally:
                    if connector is not None:
                        await connector.http.aclose()
                session.add(push)
                await session.commit()
        finally:
            await session.rollback()
            if use_lease:
                await release_lease(session, PUSH_LEASE, holder, utcnow())
    return counts
