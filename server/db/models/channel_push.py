"""Outbox of what Shipfloor tells the shops (order completed with tracking, stock levels)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class ChannelPush(Base):
    """One message for a shop: ``kind`` ``completed`` (``payload``: tracking numbers and
    carrier) or ``stock`` (``payload``: SKU → units). ``state`` is ``pending`` until the shop
    accepted it (``done``) or the attempts ran out (``failed``, retried by an admin). A failed
    attempt waits ``next_attempt_at`` (UTC, backing off exponentially). ``dedupe_key`` keeps one
    completion per order."""

    __tablename__ = "channel_pushes"
    __table_args__ = (UniqueConstraint("channel_id", "kind", "dedupe_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    dedupe_key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
