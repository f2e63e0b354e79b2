"""Warehouse layouts (the JSON document of DESIGN.md) and the locations (bins) they define."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class WarehouseLayout(Base):
    """An uploaded layout document; exactly one is ``active`` at a time."""

    __tablename__ = "warehouse_layouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Location(Base):
    """A bin. ``y`` is its position along ``aisle`` in metres; ``side`` is ``left`` or ``right``;
    ``level`` does not change walking distance."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    layout_id: Mapped[int] = mapped_column(ForeignKey("warehouse_layouts.id"), index=True)
    aisle: Mapped[str] = mapped_column(String(32))
    y: Mapped[float] = mapped_column(Float)
    side: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
