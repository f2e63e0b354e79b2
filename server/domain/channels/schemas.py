"""Channel bodies. Times are aware UTC ISO 8601; secrets go in and never come out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

Platform = Literal["woocommerce", "shopify", "magento", "lightspeed"]
ImportState = Literal["pending", "paid", "on_hold", "cancelled", "shipped", "ignore", "unknown"]
BackorderPolicy = Literal["hold", "split"]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
ShopUrl = Annotated[str, msgspec.Meta(pattern=r"^https?://[^\s/]+(/[^\s]*)?$", max_length=500)]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Secret = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
StatusKey = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Seconds = Annotated[int, msgspec.Meta(ge=0, le=86_400)]


class Credentials(msgspec.Struct, forbid_unknown_fields=True):
    """API credentials: ``key`` + ``secret`` (WooCommerce consumer key/secret, Lightspeed API
    key/secret) or ``token`` (Shopify Admin API access token, Magento bearer token)."""

    key: Secret | None = None
    secret: Secret | None = None
    token: Secret | None = None


class ChannelIn(msgspec.Struct, forbid_unknown_fields=True):
    """``POST /api/channels``.

    ``options``: ``api_version`` (Shopify), ``store`` (Magento store code), ``language``
    (Lightspeed), ``timeout`` (s), ``max_attempts``, ``max_wait`` (s), ``backoff`` (s),
    ``page_size``, ``confirm_webhooks`` (fetch the order from the shop before importing a
    delivery), ``push_stock`` with ``stock_interval_seconds`` (send stock changes to the
    shop), and per platform the ids stock push needs (Shopify ``location_id`` and
    ``inventory_items``, Lightspeed ``variants``, Magento ``source_code``).
    ``status_map``: platform status → import state, over the platform's defaults.
    ``currency`` is required for Lightspeed (its orders carry none). ``import_since``: the first
    sweep lists orders changed since then (default: 7 days back). ``poll_interval_seconds`` 0
    turns polling off.
    """

    name: Name
    platform: Platform
    shop_url: ShopUrl
    credentials: Credentials | None = None
    webhook_secret: Secret | None = None
    options: dict[str, Any] = {}
    status_map: dict[StatusKey, ImportState] = {}
    currency: Currency | None = None
    backorder_policy: BackorderPolicy = "hold"
    active: bool = True
    poll_interval_seconds: Seconds = 300
    poll_overlap_seconds: Seconds = 1800
    import_since: datetime | None = None


class ChannelPatch(msgspec.Struct, forbid_unknown_fields=True):
    """``PATCH /api/channels/{id}``: only the fields given change; a secret given replaces the
    stored one."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    shop_url: ShopUrl | msgspec.UnsetType = msgspec.UNSET
    credentials: Credentials | msgspec.UnsetType = msgspec.UNSET
    webhook_secret: Secret | msgspec.UnsetType = msgspec.UNSET
    options: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET
    status_map: dict[StatusKey, ImportState] | msgspec.UnsetType = msgspec.UNSET
    currency: Currency | None | msgspec.UnsetType = msgspec.UNSET
    backorder_policy: BackorderPolicy | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET
    poll_interval_seconds: Seconds | msgspec.UnsetType = msgspec.UNSET
    poll_overlap_seconds: Seconds | msgspec.UnsetType = msgspec.UNSET


class ChannelOut(msgspec.Struct):
    """A channel without its secrets: ``has_credentials`` / ``has_webhook_secret`` say whether
    they are set. ``webhook_path`` is where the shop posts; ``webhook_url`` the full URL to
    enter in the shop (``SHIPFLOOR_PUBLIC_URL``, else the scheme and host of the request).
    Sync state: ``poll_cursor``, ``last_poll_at`` (the last sweep, complete or not),
    ``next_sync_at`` (when the scheduler sweeps next; null when the channel is inactive, has no
    credentials or polling is off), ``last_poll_error`` and ``last_error_at`` (null after a
    complete sweep). ``pushes_pending`` / ``pushes_failed`` count the push-back outbox,
    ``deliveries_rejected`` the refused deliveries of the log."""

    id: int
    name: str
    platform: str
    shop_url: str
    webhook_path: str
    webhook_url: str
    has_credentials: bool
    has_webhook_secret: bool
    options: dict[str, Any]
    status_map: dict[str, str]
    currency: str | None
    backorder_policy: str
    active: bool
    poll_interval_seconds: int
    poll_overlap_seconds: int
    poll_cursor: datetime | None
    last_poll_at: datetime | None
    last_poll_error: str | None
    last_error_at: datetime | None
    next_sync_at: datetime | None
    pushes_pending: int
    pushes_failed: int
    deliveries_rejected: int
    created_at: datetime


class WebhookAck(msgspec.Struct):
    """Answer to a shop's delivery: ``status`` ``ping`` or ``accepted``; ``outcome`` as in
    ``DeliveryOut``."""

    status: str
    outcome: str | None = None
    order_id: int | None = None
    external_id: str | None = None


class DeliveryOut(msgspec.Struct):
    """One logged delivery. ``outcome``: ``created``, ``held``, ``updated``, ``unchanged``,
    ``stale``, ``duplicate``, ``skipped``, ``rejected``."""

    id: int
    delivery_id: str
    source: str
    topic: str | None
    external_id: str | None
    order_id: int | None
    outcome: str
    message: str | None
    received_at: datetime


class SyncOut(msgspec.Struct):
    """One sweep: ``ran`` False when another process is sweeping this channel; ``outcomes``
    counts orders per outcome; ``cursor`` the new cursor; ``error`` why it stopped early."""

    ran: bool
    pages: int = 0
    orders: int = 0
    outcomes: dict[str, int] = {}
    cursor: datetime | None = None
    error: str | None = None


class PushOut(msgspec.Struct):
    """One push-back message; ``state`` ``pending``, ``done`` or ``failed``."""

    id: int
    channel_id: int
    order_id: int | None
    kind: str
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    payload: dict[str, Any]
    created_at: datetime
    done_at: datetime | None


class StockPushIn(msgspec.Struct, forbid_unknown_fields=True):
    """``POST /api/channels/{id}/stock``: SKUs whose available units go to the shop (all
    active products when empty)."""

    skus: Annotated[
        list[Annotated[str, msgspec.Meta(min_length=1, max_length=64)]],
        msgspec.Meta(max_length=5000),
    ] = []


class FileImportOut(msgspec.Struct):
    """What ``shipfloor import FILE`` did: outcome counts, ``problems`` (refused orders) and
    ``notes`` (imported orders a person should look at, e.g. a number taken by another channel)."""

    platform: str
    orders: int
    outcomes: dict[str, int]
    problems: list[str]
    notes: list[str] = msgspec.field(default_factory=list)
