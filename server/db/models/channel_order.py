"""The link between a shop's order and the sales order imported from it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class ChannelOrder(Base):
    """Shop order ``external_id`` of channel ``channel_id``, imported as ``order_id`` (None when
    it was skipped, e.g. nothing to ship). ``shop_updated_at`` (UTC) is the newest platform
    ``updated_at`` applied: older deliveries change nothing. ``refs`` keeps the platform ids
    that push-back needs (line ids, shipment id). ``source`` and ``delivery_id`` name the
    delivery (``webhook``, ``poll`` or ``file``) that last changed it.
    """

    __tablename__ = "channel_orders"
    __table_args__ = (UniqueConstraint("channel_id", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(64))
    external_number: Mapped[str | None] = mapped_column(String(120))
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("sales_orders.id", ondelete="SET NULL"), index=True
    )
    shop_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shop_status: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16), default="claimed")
    message: Mapped[str | None] = mapped_column(Text)
    refs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str | None] = mapped_column(String(16))
    delivery_id: Mapped[str | None] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
