"""The polling sweep: per channel, list orders changed since the cursor minus an overlap window
and import each in its own transaction. A lease row (``job_leases``, name
``channel_poll:<id>``) lets one process at a time sweep a channel; the upsert's ``updated_at``
guard makes the overlap and any second sweep harmless.

The cursor moves only after a complete sweep, to the newest ``updated_at`` seen: a sweep cut
short by the shop (timeouts, 429) is repeated from the old cursor next time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.config import Settings
from server.db.base import utcnow
from server.db.models import Channel
from server.db.session import PENDING_EVENTS, commit_and_publish
from server.domain.channels.clients import connector_for, info
from server.domain.channels.imports import (
    ChannelInfo,
    Delivery,
    ImportResult,
    import_order,
    outcome_counts,
)
from server.domain.channels.platforms.base import Connector
from server.domain.channels.schemas import SyncOut
from server.domain.channels.webhooks import log_rejection
from server.domain.orders.jobs import acquire_lease, holder_name, release_lease
from server.errors import ShipfloorError
from server.events import EventBus

logger = logging.getLogger("shipfloor.channels.polling")

LEASE_SECONDS = 600


def lease_name(channel_id: int) -> str:
    return f"channel_poll:{channel_id}"


async def sweep(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    channel_id: int,
    *,
    now: datetime | None = None,
    holder: str | None = None,
    bus: EventBus | None = None,
    make_connector: Callable[[Channel, Settings], Connector] = connector_for,
) -> SyncOut:
    """Sweep one channel now. Returns ``SyncOut(ran=False)`` when another process holds the
    channel's lease. Shop failures end the sweep early with ``error`` set (and kept on the
    channel as ``last_poll_error``); they are not raised."""
    now = now or utcnow()
    holder = holder or holder_name()
    async with sessionmaker() as session:
        if not await acquire_lease(session, lease_name(channel_id), holder, now, LEASE_SECONDS):
            return SyncOut(ran=False)
    try:
        return await _sweep(sessionmaker, settings, channel_id, now, bus, make_connector)
    finally:
        async with sessionmaker() as session:
            await release_lease(session, lease_name(channel_id), holder, utcnow())


async def _sweep(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    channel_id: int,
    now: datetime,
    bus: EventBus | None,
    make_connector: Callable[[Channel, Settings], Connector],
) -> SyncOut:
    async with sessionmaker() as session:
        channel = await session.get(Channel, channel_id)
        if channel is None:
            return SyncOut(ran=False, error="channel not found")
        about = info(channel)
        cursor = channel.poll_cursor
        since = cursor - timedelta(seconds=channel.poll_overlap_seconds) if cursor else None
        connector = make_connector(channel, settings)
    results: list[ImportResult] = []
    pages = 0
    newest = cursor
    error: str | None = None
    try:
        async for page in connector.changed_since(since):
            pages += 1
            for doc in page:
                result, seen = await _one(sessionmaker, settings, about, connector, doc, now, bus)
                if result is not None:
                    results.append(result)
                if seen is not None and (newest is None or seen > newest):
                    newest = seen
    except ShipfloorError as exc:
        error = f"{exc.code}: {exc.detail}"
        logger.warning("sweep stopped", extra={"channel_id": channel_id, "code": exc.code})
    finally:
        await connector.http.aclose()
    async with sessionmaker() as session:
        channel = await session.get(Channel, channel_id)
        if channel is not None:
            channel.last_poll_at = now
            channel.last_poll_error = error
            if error is None and newest is not None:
                channel.poll_cursor = newest
            await session.commit()
    return SyncOut(
        ran=True,
        pages=pages,
        orders=len(results),
        outcomes=outcome_counts(results),
        cursor=newest if error is None else cursor,
        error=error,
    )


async def _one(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    about: ChannelInfo,
    connector: Connector,
    doc: object,
    now: datetime,
    bus: EventBus | None,
) -> tuple[ImportResult | None, datetime | None]:
    """Import one listed order in its own transaction; a bad one is logged and skipped so that
    it cannot stop the sweep."""
    async with sessionmaker() as session:
        try:
            shop = connector.normalize(doc)
            result = await import_order(
                session, about, shop, Delivery("poll"), now=now, timezone=settings.timezone
            )
            await commit_and_publish(session, bus)
            return result, shop.updated_at
        except ShipfloorError as exc:
            await session.rollback()
            session.info.pop(PENDING_EVENTS, None)
            if exc.status >= 500:
                raise
            raw = json.dumps(doc, default=str, sort_keys=True).encode()
            await log_rejection(sessionmaker, about.id, raw, {}, exc, "poll", now)
            return ImportResult("rejected", "?", None, exc.detail), None


async def due_channels(sessionmaker: async_sessionmaker[AsyncSession], now: datetime) -> list[int]:
    """Active channels whose polling interval has passed since their last sweep."""
    async with sessionmaker() as session:
        rows = await session.execute(
            select(Channel.id, Channel.poll_interval_seconds, Channel.last_poll_at).where(
                Channel.active.is_(True), Channel.poll_interval_seconds > 0
            )
        )
        return [
            cid
            for cid, interval, last in rows
            if last is None or (now - last).total_seconds() >= interval
        ]
