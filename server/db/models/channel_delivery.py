"""The log of what each channel delivered (webhooks, poll results, files) and what came of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class ChannelDelivery(Base):
    """One delivery: ``delivery_id`` is the platform's own id (WooCommerce delivery id, Shopify
    event id) or one derived from the order id and its ``updated_at``; a repeated id is a
    duplicate. ``outcome``: ``created``, ``updated``, ``unchanged``, ``stale``, ``skipped``,
    ``held``, ``rejected``."""

    __tablename__ = "channel_deliveries"
    __table_args__ = (UniqueConstraint("channel_id", "delivery_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    delivery_id: Mapped[str] = mapped_column(String(160))
    source: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(64))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(16))
    message: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
