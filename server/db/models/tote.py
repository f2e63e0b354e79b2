"""Totes: crates with their own barcode, bound to one order while it is picked and packed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class Tote(Base):
    """``code`` is the barcode body (``T017`` → ``TOT-T017-<check>``). ``order_id`` is the
    order it holds (unique: a tote holds one order), cleared when the parcel is closed."""

    __tablename__ = "totes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"), unique=True)
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
