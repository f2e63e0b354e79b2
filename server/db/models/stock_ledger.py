"""The stock ledger: one row per change of a stock level's ``on_hand``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db.base import Base, UTCDateTime, utcnow


class StockLedgerEntry(Base):
    """``quantity`` units (signed) added to ``on_hand`` of one stock level, why (``reason``:
    ``receipt``, ``move_in``, ``move_out``, ``pick``, ``short_pick``, ``put_away``, or an
    adjustment's reason: ``cycle_count``, ``damage``, ``found``, ``return``, ``correction``), by whom (``user_id``, None for the system) and when, with the
    level before and after (``on_hand_before`` → ``on_hand_after``, ``allocated_before`` →
    ``allocated_after``).

    For every stock level, the sum of ``quantity`` over its entries equals its ``on_hand``.
    ``reference`` ties entries of one business action together (a receipt's delivery note, a
    move, a pick batch); ``order_id`` and ``order_line_id`` name the order line a pick was for
    (the units picked for a line are minus the sum of its ``pick`` entries).
    """

    __tablename__ = "stock_ledger"
    __table_args__ = (Index("ix_stock_ledger_product_id_created_at", "product_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stock_level_id: Mapped[int] = mapped_column(ForeignKey("stock_levels.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    reason: Mapped[str] = mapped_column(String(24))
    quantity: Mapped[int] = mapped_column(Integer)
    on_hand_before: Mapped[int] = mapped_column(Integer)
    on_hand_after: Mapped[int] = mapped_column(Integer)
    allocated_before: Mapped[int] = mapped_column(Integer)
    allocated_after: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id", ondelete="SET NULL"))
    order_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("order_lines.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
