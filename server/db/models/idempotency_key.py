"""Idempotency keys a client sent with a request that creates something (``POST /api/orders``),
with the answer it got, so that the same request sent again gets the same answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class IdempotencyKey(Base):
    """One ``Idempotency-Key`` of one user (``key`` is unique per ``user_id``: the unique
    constraint decides between two requests with the same key at the same moment).

    ``fingerprint`` is the SHA-256 (hex) of the request (method, path and the canonical JSON
    of its body); ``response_status`` and ``response_body`` the answer sent, returned again
    on a replay; ``order_id`` the order the request created. The row is written in the same
    transaction as the order, so an order made with a key exists exactly when its key is
    stored. ``created_at`` tells when the key expires (``server.domain.orders.idempotency``).
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True
    )
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
