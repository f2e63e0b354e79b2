"""Webshop connections: one row per shop Shipfloor imports orders from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class Channel(Base):
    """A shop on ``platform`` (``woocommerce``, ``shopify``, ``magento``, ``lightspeed``).

    ``credentials_enc`` and ``webhook_secret_enc`` hold Fernet tokens (see
    ``server.domain.channels.secrets``) and are never returned by the API. ``options`` holds
    platform settings (API version, store code, language). ``status_map`` maps a platform status
    to an import state and overrides the platform's default map. ``poll_cursor`` is the newest
    shop ``updated_at`` (UTC) a complete sweep has seen; sweeps restart ``poll_overlap_seconds``
    before it.
    """

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    shop_url: Mapped[str] = mapped_column(String(500))
    credentials_enc: Mapped[str | None] = mapped_column(Text)
    webhook_secret_enc: Mapped[str | None] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status_map: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    currency: Mapped[str | None] = mapped_column(String(3))
    backorder_policy: Mapped[str] = mapped_column(String(8), default="hold")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    poll_interval_seconds: Mapped[int] = mapped_column(Integer, default=300)
    poll_overlap_seconds: Mapped[int] = mapped_column(Integer, default=1800)
    poll_cursor: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_poll_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
