"""Channel records: create, change, read, and their delivery log and outbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.config import Settings
from server.db.models import Channel, ChannelDelivery, ChannelPush
from server.domain.channels.schemas import (
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    Credentials,
    DeliveryOut,
    PushOut,
)
from server.domain.channels.secrets import seal
from server.errors import NotFound, ShipfloorError

FIRST_SWEEP_DAYS = 7


def _credentials(value: Credentials | None) -> dict[str, str] | None:
    if value is None:
        return None
    plain = {k: v for k, v in msgspec.structs.asdict(value).items() if v is not None}
    return plain or None


def _check(platform: str, currency: str | None, credentials: dict[str, str] | None) -> None:
    if platform == "lightspeed" and not currency:
        raise ShipfloorError(
            422,
            "validation_error",
            "currency: Lightspeed orders carry no currency; give the shop's currency.",
            field="currency",
        )
    if credentials is None:
        return
    wants = ("token",) if platform in ("shopify", "magento") else ("key", "secret")
    missing = [k for k in wants if k not in credentials]
    if missing:
        raise ShipfloorError(
            422,
            "validation_error",
            f"credentials: {platform} needs {' and '.join(wants)}.",
            field="credentials",
        )


async def create_channel(
    session: AsyncSession, settings: Settings, data: ChannelIn, now: datetime
) -> Channel:
    """Store a channel with its secrets encrypted. Raises 409 ``duplicate_channel`` for a name
    in use, 422 ``validation_error`` for missing platform settings."""
    credentials = _credentials(data.credentials)
    _check(data.platform, data.currency, credentials)
    if await session.scalar(select(Channel.id).where(Channel.name == data.name)):
        raise ShipfloorError(
            409, "duplicate_channel", f"A channel named {data.name} exists already.", field="name"
        )
    channel = Channel(
        name=data.name,
        platform=data.platform,
        shop_url=data.shop_url.rstrip("/"),
        credentials_enc=seal(settings, credentials),
        webhook_secret_enc=seal(settings, data.webhook_secret),
        options=dict(data.options),
        status_map=dict(data.status_map),
        currency=data.currency,
        backorder_policy=data.backorder_policy,
        active=data.active,
        poll_interval_seconds=data.poll_interval_seconds,
        poll_overlap_seconds=data.poll_overlap_seconds,
        poll_cursor=data.import_since or now - timedelta(days=FIRST_SWEEP_DAYS),
        created_at=now,
    )
    session.add(channel)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise ShipfloorError(
            409, "duplicate_channel", f"A channel named {data.name} exists already.", field="name"
        ) from exc
    return channel


async def get_channel(session: AsyncSession, channel_id: int) -> Channel:
    """Raises 404 ``channel_not_found``."""
    channel = await session.get(Channel, channel_id)
    if channel is None:
        raise NotFound("channel", channel_id)
    return channel


async def update_channel(
    session: AsyncSession, settings: Settings, channel_id: int, patch: ChannelPatch
) -> Channel:
    channel = await get_channel(session, channel_id)
    for name in (
        "name",
        "shop_url",
        "options",
        "status_map",
        "currency",
        "backorder_policy",
        "active",
        "poll_interval_seconds",
        "poll_overlap_seconds",
    ):
        value = getattr(patch, name)
        if value is not msgspec.UNSET:
            setattr(channel, name, dict(value) if isinstance(value, dict) else value)
    if patch.credentials is not msgspec.UNSET:
        credentials = _credentials(patch.credentials)
        _check(channel.platform, channel.currency, credentials)
        channel.credentials_enc = seal(settings, credentials)
    if patch.webhook_secret is not msgspec.UNSET:
        channel.webhook_secret_enc = seal(settings, patch.webhook_secret)
    _check(channel.platform, channel.currency, None)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise ShipfloorError(
            409, "duplicate_channel", "Another channel has that name.", field="name"
        ) from exc
    return channel


def next_sync_at(channel: Channel) -> datetime | None:
    """When the scheduler sweeps ``channel`` next (UTC): its last sweep plus the polling
    interval, or its creation when it never ran (due at once); None when it is inactive, has
    no credentials, or polling is off (interval 0)."""
    if not channel.active or channel.credentials_enc is None or channel.poll_interval_seconds <= 0:
        return None
    if channel.last_poll_at is None:
        return channel.created_at
    return channel.last_poll_at + timedelta(seconds=channel.poll_interval_seconds)


async def channel_view(session: AsyncSession, channel: Channel, base_url: str = "") -> ChannelOut:
    """The channel's read model; ``base_url`` (scheme and host, e.g. ``https://wms.example``)
    prefixes ``webhook_url``."""
    rejected = await session.scalar(
        select(func.count()).where(
            ChannelDelivery.channel_id == channel.id, ChannelDelivery.outcome == "rejected"
        )
    )
    counts = dict(
        (
            await session.execute(
                select(ChannelPush.state, func.count())
                .where(ChannelPush.channel_id == channel.id)
                .group_by(ChannelPush.state)
            )
        ).all()
    )
    return ChannelOut(
        id=channel.id,
        name=channel.name,
        platform=channel.platform,
        shop_url=channel.shop_url,
        webhook_path=f"/api/webhooks/{channel.id}",
        webhook_url=f"{base_url.rstrip('/')}/api/webhooks/{channel.id}",
        has_credentials=channel.credentials_enc is not None,
        has_webhook_secret=channel.webhook_secret_enc is not None,
        options=dict(channel.options or {}),
        status_map=dict(channel.status_map or {}),
        currency=channel.currency,
        backorder_policy=channel.backorder_policy,
        active=channel.active,
        poll_interval_seconds=channel.poll_interval_seconds,
        poll_overlap_seconds=channel.poll_overlap_seconds,
        poll_cursor=channel.poll_cursor,
        last_poll_at=channel.last_poll_at,
        last_poll_error=channel.last_poll_error,
        last_error_at=channel.last_poll_at if channel.last_poll_error else None,
        next_sync_at=next_sync_at(channel),
        pushes_pending=int(counts.get("pending", 0)),
        pushes_failed=int(counts.get("failed", 0)),
        deliveries_rejected=int(rejected or 0),
        created_at=channel.created_at,
    )


async def list_channels(session: AsyncSession, base_url: str = "") -> list[ChannelOut]:
    channels = await session.scalars(select(Channel).order_by(Channel.id))
    return [await channel_view(session, c, base_url) for c in channels]


async def deliveries(
    session: AsyncSession, channel_id: int, *, outcome: str | None, limit: int, offset: int
) -> list[DeliveryOut]:
    """Newest first."""
    await get_channel(session, channel_id)
    query = select(ChannelDelivery).where(ChannelDelivery.channel_id == channel_id)
    if outcome:
        query = query.where(ChannelDelivery.outcome == outcome)
    rows = await session.scalars(
        query.order_by(ChannelDelivery.received_at.desc(), ChannelDelivery.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        DeliveryOut(
            id=r.id,
            delivery_id=r.delivery_id,
            source=r.source,
            topic=r.topic,
            external_id=r.external_id,
            order_id=r.order_id,
            outcome=r.outcome,
            message=r.message,
            received_at=r.received_at,
        )
        for r in rows
    ]


def push_out(push: ChannelPush) -> PushOut:
    return PushOut(
        id=push.id,
        channel_id=push.channel_id,
        order_id=push.order_id,
        kind=push.kind,
        state=push.state,
        attempts=push.attempts,
        next_attempt_at=push.next_attempt_at,
        last_error=push.last_error,
        payload=dict(push.payload or {}),
        created_at=push.created_at,
        done_at=push.done_at,
    )


async def pushes(session: AsyncSession, channel_id: int, state: str | None) -> list[PushOut]:
    await get_channel(session, channel_id)
    query: Any = select(ChannelPush).where(ChannelPush.channel_id == channel_id)
    if state:
        query = query.where(ChannelPush.state == state)
    return [
        push_out(p) for p in await session.scalars(query.order_by(ChannelPush.id.desc()).limit(500))
    ]
