"""Sales orders and their lines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from server.db.models.customer import Customer


class SalesOrder(Base):
    """A sales order from a channel or typed in by hand.

    ``status`` and ``hold_reason`` take the values of ``server.domain.orders.rules`` and are set
    by ``server.domain.orders.flow.change_status`` only. ``held_from`` is the status an order was
    manually held from (None for holds made by the release check). Money (``total_amount``,
    ``amount_paid``) is in ``currency`` (ISO 4217); ``total_weight_grams`` in grams.
    ``requested_ship_date`` is a date in the warehouse time zone. ``version`` counts every update
    (optimistic locking: an update of a stale version matches no row).
    """

    __tablename__ = "sales_orders"
    __table_args__ = (
        UniqueConstraint("channel", "external_number"),
        CheckConstraint("backorder_count >= 0", name="backorder_count_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str | None] = mapped_column(String(64), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"), index=True)
    channel: Mapped[str] = mapped_column(String(32), index=True)
    external_number: Mapped[str | None] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)

    ship_name: Mapped[str] = mapped_column(String(200))
    ship_company: Mapped[str | None] = mapped_column(String(200))
    ship_street: Mapped[str | None] = mapped_column(String(200))
    ship_postal_code: Mapped[str | None] = mapped_column(String(20))
    ship_city: Mapped[str | None] = mapped_column(String(120))
    ship_region: Mapped[str | None] = mapped_column(String(120))
    ship_country: Mapped[str] = mapped_column(String(2))
    ship_email: Mapped[str | None] = mapped_column(String(254))
    ship_phone: Mapped[str | None] = mapped_column(String(50))

    status: Mapped[str] = mapped_column(String(32), index=True)
    hold_reason: Mapped[str | None] = mapped_column(String(16))
    held_from: Mapped[str | None] = mapped_column(String(32))
    requested_ship_date: Mapped[date | None] = mapped_column(Date, index=True)
    payment_state: Mapped[str] = mapped_column(String(16), default="unpaid")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    total_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    amount_paid: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    total_weight_grams: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    backorder_policy: Mapped[str] = mapped_column(String(8), default="hold")
    backorder_count: Mapped[int] = mapped_column(Integer, default=0)

    shipping_method_id: Mapped[int | None] = mapped_column(ForeignKey("shipping_methods.id"))
    shipping_method_source: Mapped[str | None] = mapped_column(String(8))
    shipping_rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("shipping_rules.id", ondelete="SET NULL")
    )

    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.line_no"
    )
    customer: Mapped[Customer] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class OrderLine(Base):
    """One product and a positive quantity (integer units) of an order; ``unit_price`` in the
    order's currency. ``sku`` and ``name`` are kept as ordered."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        UniqueConstraint("order_id", "line_no"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))

    order: Mapped[SalesOrder] = relationship(back_populates="lines")
