"""Importing orders from a file (``shipfloor import FILE``) for shops without API access: one
order or a list, in any of the four platforms' JSON, through the same upsert as webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.config import Settings
from server.db.models import Channel, ChannelOrder, SalesOrder
from server.domain.channels.clients import info
from server.domain.channels.imports import (
    ChannelInfo,
    Delivery,
    ImportResult,
    import_order,
    outcome_counts,
)
from server.domain.channels.platforms.registry import PLATFORMS, detect
from server.domain.channels.schemas import FileImportOut
from server.domain.channels.shape import ShopOrder
from server.domain.channels.webhooks import parse_json
from server.errors import ShipfloorError


def file_channel_name(platform: str) -> str:
    return f"{platform} file import"


async def file_channel(
    session: AsyncSession,
    platform: str,
    name: str | None,
    currency: str | None,
    now: datetime,
) -> Channel:
    """The channel named ``name``, or the platform's file-import channel (created without
    credentials and with polling off). Raises 404 ``channel_not_found`` for an unknown name and
    422 ``wrong_platform`` when the named channel is on another platform."""
    wanted = name or file_channel_name(platform)
    channel = await session.scalar(select(Channel).where(Channel.name == wanted))
    if channel is None:
        if name is not None:
            raise ShipfloorError(404, "channel_not_found", f"No channel named {name}.")
        channel = Channel(
            name=wanted,
            platform=platform,
            shop_url="file:",
            options={},
            status_map={},
            currency=currency,
            backorder_policy="hold",
            active=True,
            poll_interval_seconds=0,
            poll_overlap_seconds=0,
            created_at=now,
        )
        session.add(channel)
        await session.flush()
    elif channel.platform != platform:
        raise ShipfloorError(
            422,
            "wrong_platform",
            f"The file holds {platform} orders but channel {wanted} is {channel.platform}.",
        )
    return channel


async def _number_note(
    session: AsyncSession, channel: ChannelInfo, shop: ShopOrder, result: ImportResult
) -> str | None:
    """A note when the new order could not take the shop's own number: an order number is
    unique per platform, so a shop order that another channel (or a person) brought in already
    is created again with the channel's name in its number (``5123@woocommerce file import``),
    as the webhook and poll imports do. Says which order has the number and how to update that
    one from the file instead."""
    if result.outcome not in ("created", "held") or result.order_id is None:
        return None
    number = shop.number[:120]
    given = await session.scalar(
        select(SalesOrder.external_number).where(SalesOrder.id == result.order_id)
    )
    if given == number:
        return None
    first = await session.scalar(
        select(SalesOrder.id).where(
            SalesOrder.channel == channel.platform, SalesOrder.external_number == number
        )
    )
    if first is None:
        return None
    owner = await session.scalar(
        select(Channel.name)
        .join(ChannelOrder, ChannelOrder.channel_id == Channel.id)
        .where(ChannelOrder.order_id == first, Channel.id != channel.id)
    )
    where = f"from channel {owner}" if owner else "entered by hand"
    note = (
        f"{channel.platform} order {number} is here already (order {first}, {where}); "
        f"this file's copy is a second order, {result.order_id}, numbered {given}"
    )
    if owner:
        note += f". To update order {first} from the file instead, import with --channel \"{owner}\""
    return note + "."


async def import_file(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    data: bytes,
    *,
    now: datetime,
    channel_name: str | None = None,
    platform: str | None = None,
    currency: str | None = None,
) -> FileImportOut:
    """Import every order in ``data``, each in its own transaction. The platform is recognised
    from the JSON unless given. Raises 400 ``malformed_body`` (not JSON), 422
    ``unknown_platform``; a bad order is counted as ``rejected`` with its problem in
    ``problems`` and does not stop the others. An order whose shop number another channel's
    order has already gets a note (see ``_number_note``)."""
    doc = parse_json(data)
    platform = platform or detect(doc)
    if platform is None or platform not in PLATFORMS:
        raise ShipfloorError(
            422,
            "unknown_platform",
            "The file is not a WooCommerce, Shopify, Magento or Lightspeed order export.",
        )
    connector = PLATFORMS[platform]
    async with sessionmaker() as session:
        channel = await file_channel(session, platform, channel_name, currency, now)
        about = info(channel)
        await session.commit()
    results: list[ImportResult] = []
    problems: list[str] = []
    notes: list[str] = []
    orders: list[Any] = connector.orders_in(doc)
    for index, item in enumerate(orders):
        async with sessionmaker() as session:
            try:
                shop = connector.normalize(item)
                result = await import_order(
                    session, about, shop, Delivery("file"), now=now, timezone=settings.timezone
                )
                note = await _number_note(session, about, shop, result)
                await session.commit()
                results.append(result)
                if note:
                    notes.append(f"order {index + 1}: {note}")
            except ShipfloorError as exc:
                await session.rollback()
                results.append(ImportResult("rejected", str(index), None, exc.detail))
                problems.append(f"order {index + 1}: {exc.code}: {exc.detail}")
    return FileImportOut(
        platform=platform,
        orders=len(orders),
        outcomes=outcome_counts(results),
        problems=problems,
        notes=notes,
    )
