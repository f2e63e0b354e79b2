"""Pick stops (one location and product in the route) and their tasks (a quantity per tote)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class PickStop(Base):
    """One visit: ``location_id`` and ``product_id``; ``seq`` is its place in the route (1..).
    ``state``: ``open`` → ``done``; ``located`` is set once the location was scanned."""

    __tablename__ = "pick_stops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("pick_batches.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    stock_level_id: Mapped[int] = mapped_column(ForeignKey("stock_levels.id"))
    state: Mapped[str] = mapped_column(String(16), default="open")
    located: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PickTask(Base):
    """``quantity`` units of one order line to pick at a stop into the order's tote;
    ``picked`` counts what was confirmed. ``allocation_id`` is the allocation the units come
    from (no foreign key: picking the last unit removes the allocation)."""

    __tablename__ = "pick_tasks"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_non_negative"),
        CheckConstraint("picked >= 0 AND picked <= quantity", name="picked_within_quantity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stop_id: Mapped[int] = mapped_column(ForeignKey("pick_stops.id", ondelete="CASCADE"), index=True)
    batch_order_id: Mapped[int] = mapped_column(ForeignKey("pick_batch_orders.id", ondelete="CASCADE"))
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    allocation_id: Mapped[int | None] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    picked: Mapped[int] = mapped_column(Integer, default=0)
