"""Packing sessions: a packer packs one order's tote into a parcel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class PackingSession(Base):
    """``state``: ``open`` → ``closed`` (parcel closed, ``shipment_id`` set). ``packed`` maps
    product id (as text) to units scanned into the parcel."""

    __tablename__ = "packing_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"), index=True)
    tote_code: Mapped[str | None] = mapped_column(String(64))
    packer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default="open")
    packed: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    shipment_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PackingScan(Base):
    """A packing station scan by client UUID (``client_id``), kept with its answer."""

    __tablename__ = "packing_scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("packing_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    raw_escaped: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))
    response: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
