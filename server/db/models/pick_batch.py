"""Pick batches: one cart, one walk, a route; and the orders on the cart (one tote each)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class PickBatch(Base):
    """A pick batch. ``status``: ``created`` → ``picking`` (started) → ``closed`` (every stop
    done). Lengths in metres: ``route_length_m`` the computed route, ``code_order_length_m``
    the same stops walked in location-code order. ``route_path`` holds the route's waypoints
    ``[[x, y], ...]`` (metres) for drawing. ``awaiting_tote`` is the cart position whose tote
    scan must confirm the last pick (when picks are confirmed by tote scans).
    ``assigned_picker_id`` is the picker a supervisor gave the batch to (``next`` offers it to
    them and to nobody else); ``picker_id`` is who started it."""

    __tablename__ = "pick_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="created")
    layout_id: Mapped[int | None] = mapped_column(ForeignKey("warehouse_layouts.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    picker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_picker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    route_method: Mapped[str | None] = mapped_column(String(32))
    route_length_m: Mapped[float] = mapped_column(Float, default=0.0)
    code_order_length_m: Mapped[float] = mapped_column(Float, default=0.0)
    route_path: Mapped[list[Any]] = mapped_column(JSON, default=list)
    awaiting_tote: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PickBatchOrder(Base):
    """An order on a batch's cart. ``position`` is its place on the cart (1..N); ``tote_code``
    the body of the tote barcode bound at start. ``claimed_order_id`` equals ``order_id``
    while the batch is open and is cleared when it closes: its unique constraint is what makes
    two batches unable to hold one order at the same time. ``state``: ``active``, ``done``
    (every unit picked), ``aside`` (held or cancelled meanwhile)."""

    __tablename__ = "pick_batch_orders"
    __table_args__ = (UniqueConstraint("batch_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("pick_batches.id", ondelete="CASCADE"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"), index=True)
    claimed_order_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    position: Mapped[int] = mapped_column(Integer)
    tote_code: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="active")
