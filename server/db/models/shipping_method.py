"""Shipping methods (a carrier's service an order ships with)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base


class ShippingMethod(Base):
    """A way to ship, e.g. ``postnl-standard``; ``carrier`` names the carrier integration."""

    __tablename__ = "shipping_methods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    carrier: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
