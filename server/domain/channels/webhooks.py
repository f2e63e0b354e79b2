"""A shop's webhook delivery: signature on the raw bytes, then the import in the request's
transaction. Refused deliveries are logged (the request's transaction is rolled back first)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.config import Settings
from server.db.models import Channel, ChannelDelivery
from server.domain.channels.clients import connector_for, info
from server.domain.channels.http import ShopNotFound, ShopUnavailable
from server.domain.channels.imports import Delivery, ImportResult, import_order
from server.domain.channels.platforms.registry import PLATFORMS, detect
from server.domain.channels.schemas import WebhookAck
from server.domain.channels.secrets import unseal
from server.domain.channels.shape import ShopAddress, ShopOrder
from server.errors import NotFound, ShipfloorError

logger = logging.getLogger("shipfloor.channels.webhooks")


def parse_json(raw: bytes) -> Any:
    """The JSON document in ``raw`` (decimals kept exact). Raises 400 ``malformed_body``."""
    try:
        return json.loads(raw, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise ShipfloorError(400, "malformed_body", "The body is not valid JSON.") from None


def check_platform(platform: str, doc: Any) -> None:
    """422 ``wrong_platform`` when ``doc`` is another platform's order (or no order at all)."""
    connector = PLATFORMS[platform]
    if connector.looks_like(doc) or connector.hint_id(doc) is not None:
        return
    other = detect(doc)
    if other and other != platform:
        raise ShipfloorError(
            422,
            "wrong_platform",
            f"The body is a {other} order but the channel is {platform}.",
            platform=other,
        )
    raise ShipfloorError(422, "not_an_order", f"The body is not a {platform} order.")


async def receive(
    session: AsyncSession,
    settings: Settings,
    channel_id: int,
    raw: bytes,
    headers: Mapping[str, str],
    now: datetime,
) -> WebhookAck:
    """Verify and import one delivery. Errors: 404 ``channel_not_found``, 409
    ``channel_inactive``, 401 ``missing_signature`` / ``invalid_signature``, 400
    ``malformed_body``, 422 ``wrong_platform`` / ``not_an_order`` and the normaliser's
    problems (``order_without_lines``, ``line_without_sku``, ``timestamp_without_zone``,
    ``invalid_currency``, ``invalid_order``), shop errors when the order had to be fetched."""
    channel = await session.get(Channel, channel_id)
    if channel is None:
        raise NotFound("channel", channel_id)
    connector = PLATFORMS[channel.platform]
    if connector.is_ping(raw, headers):
        return WebhookAck(status="ping")
    if not channel.active:
        raise ShipfloorError(409, "channel_inactive", f"Channel {channel.name} is switched off.")
    secret = unseal(settings, channel.webhook_secret_enc)
    if not headers.get(connector.signature_header):
        logger.warning("webhook without signature", extra={"channel_id": channel_id})
        raise ShipfloorError(
            401, "missing_signature", f"The delivery has no {connector.signature_header} header."
        )
    if not secret or not connector.verify(raw, headers, secret):
        logger.warning(
            "webhook with a wrong signature", extra={"channel_id": channel_id, "bytes": len(raw)}
        )
        raise ShipfloorError(
            401,
            "invalid_signature",
            f"{connector.signature_header} does not match the body and the channel's secret.",
        )
    doc = parse_json(raw)
    check_platform(channel.platform, doc)
    hint = connector.hint_id(doc)
    if hint is not None:
        # The body names the order without carrying it whole: ask the shop for the current one.
        try:
            doc = await _fetch(channel, settings, hint)
        except ShopNotFound:
            doc = None
    shop = (
        connector.normalize(doc)
        if doc is not None
        else deleted_order(channel.platform, hint or "", now)
    )
    if hint is None and (channel.options or {}).get("confirm_webhooks") and channel.credentials_enc:
        shop = await _confirmed(channel, settings, shop)
    delivery_id, topic = connector.delivery(raw, headers)
    result: ImportResult = await import_order(
        session,
        info(channel),
        shop,
        Delivery("webhook", delivery_id, topic),
        now=now,
        timezone=settings.timezone,
    )
    return WebhookAck(
        status="accepted",
        outcome=result.outcome,
        order_id=result.order_id,
        external_id=result.external_id,
    )


def deleted_order(platform: str, external_id: str, now: datetime) -> ShopOrder:
    """A shop order the shop no longer has (deleted): imported as cancelled in the shop, as of
    ``now``, so it stops here like a cancellation and is never created."""
    return ShopOrder(
        platform=platform,
        external_id=external_id,
        number=external_id,
        updated_at=now,
        created_at=None,
        status="deleted",
        state="cancelled",
        currency=None,
        paid=False,
        address=ShopAddress(name="", country="ZZ"),
        lines=[],
    )


async def _fetch(channel: Channel, settings: Settings, external_id: str) -> Any:
    shop_connector = connector_for(channel, settings)
    try:
        return await shop_connector.fetch(external_id)
    finally:
        await shop_connector.http.aclose()


async def _confirmed(channel: Channel, settings: Settings, shop: ShopOrder) -> ShopOrder:
    """The shop's current order when it answers (a delivery may carry an old payload: retries
    resend the original), else the delivered one."""
    try:
        current = PLATFORMS[channel.platform].normalize(
            await _fetch(channel, settings, shop.external_id)
        )
    except (ShopUnavailable, ShopNotFound) as exc:
        logger.info("webhook not confirmed", extra={"channel_id": channel.id, "code": exc.code})
        return shop
    return current if current.updated_at >= shop.updated_at else shop


async def log_rejection(
    sessionmaker: async_sessionmaker[AsyncSession],
    channel_id: int,
    raw: bytes,
    headers: Mapping[str, str],
    problem: ShipfloorError,
    source: str,
    now: datetime,
) -> None:
    """Keep a refused delivery in the channel's log (once per body)."""
    async with sessionmaker() as session:
        if await session.get(Channel, channel_id) is None:
            return
        insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
        digest = hashlib.sha256(raw).hexdigest()
        await session.execute(
            insert(ChannelDelivery)
            .values(
                channel_id=channel_id,
                delivery_id=f"rejected:{digest}",
                source=source,
                topic=None,
                external_id=None,
                order_id=None,
                outcome="rejected",
                message=f"{problem.status} {problem.code}: {problem.detail}"[:2000],
                received_at=now,
            )
            .on_conflict_do_nothing(index_elements=["channel_id", "delivery_id"])
        )
        await session.commit()
