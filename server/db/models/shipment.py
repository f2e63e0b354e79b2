"""Shipments (parcels) and their labels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class Shipment(Base):
    """A closed parcel. ``weight_grams`` in grams; ``length_mm``/``width_mm``/``height_mm`` in
    millimetres. ``status``: ``labelled`` → ``handed_over``, or ``void`` (the order was held
    or cancelled; the carrier was told). ``label_zpl`` is the 4×6 in label as printed."""

    __tablename__ = "shipments"
    __table_args__ = (CheckConstraint("weight_grams >= 0", name="weight_non_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"), index=True)
    shipping_method_id: Mapped[int | None] = mapped_column(ForeignKey("shipping_methods.id"))
    carrier: Mapped[str] = mapped_column(String(64))
    service: Mapped[str | None] = mapped_column(String(120))
    tracking_number: Mapped[str] = mapped_column(String(64), unique=True)
    weight_grams: Mapped[int] = mapped_column(Integer)
    box: Mapped[str | None] = mapped_column(String(32))
    length_mm: Mapped[int | None] = mapped_column(Integer)
    width_mm: Mapped[int | None] = mapped_column(Integer)
    height_mm: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="labelled")
    label_zpl: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
