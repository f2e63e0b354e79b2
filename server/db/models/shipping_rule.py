"""Shipping rules: condition → shipping method, evaluated by priority, first match wins."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class ShippingRule(Base):
    """A rule. Every condition that is set must hold: ``countries`` (ISO alpha-2 codes, any of),
    ``channels`` (any of), ``tags`` (all of), total weight in grams within
    ``min_weight_grams``..``max_weight_grams`` (inclusive), order value within
    ``min_order_value``..``max_order_value`` (inclusive, in ``currency`` when set). Lower
    ``priority`` numbers are tried first; ties by id."""

    __tablename__ = "shipping_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    priority: Mapped[int] = mapped_column(Integer, default=100)
    shipping_method_id: Mapped[int] = mapped_column(ForeignKey("shipping_methods.id"), index=True)
    countries: Mapped[list[str] | None] = mapped_column(JSON)
    channels: Mapped[list[str] | None] = mapped_column(JSON)
    tags: Mapped[list[str] | None] = mapped_column(JSON)
    min_weight_grams: Mapped[int | None] = mapped_column(Integer)
    max_weight_grams: Mapped[int | None] = mapped_column(Integer)
    min_order_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    max_order_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
