"""Every scan a handheld sends during picking, kept with its parse result and its answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class PickScan(Base):
    """One scan, by the client's UUID (``client_id``, unique: a replay finds the first one).
    ``raw_escaped`` is the exact input with control characters escaped; ``kind`` what
    ``scanners.parse`` read; ``outcome`` ``accepted`` or ``refused`` with ``reason``;
    ``response`` the answer sent, returned again on a replay."""

    __tablename__ = "pick_scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("pick_batches.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device: Mapped[str | None] = mapped_column(String(64))
    raw_escaped: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    parsed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    quantity: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))
    response: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
