"""Changing a stock level and writing its ledger entry, in one step.

Every change of ``on_hand`` goes through ``change_level``: one conditional ``UPDATE ...
RETURNING`` that refuses to leave ``on_hand`` below ``allocated`` (or either below zero), and a
``stock_ledger`` row with the level before and after, in the caller's transaction. So the sum of
a level's ledger quantities is its ``on_hand``, always.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import utcnow
from server.db.models import StockLedgerEntry, StockLevel
from server.db.session import queue_event

RECEIPT = "receipt"
MOVE_IN = "move_in"
MOVE_OUT = "move_out"
PICK = "pick"
SHORT_PICK = "short_pick"
PUT_AWAY = "put_away"
# Adjustment reasons a person gives.
ADJUSTMENT_REASONS = ("cycle_count", "damage", "found", "return", "correction")


@dataclass(frozen=True, slots=True)
class Who:
    """Who changes stock and why: ``user_id`` (None for the system), a ``reference`` tying
    entries of one action together, a free ``note``, the ``order_id`` concerned."""

    user_id: int | None
    reference: str | None = None
    note: str | None = None
    order_id: int | None = None
    order_line_id: int | None = None
    at: datetime | None = None


async def level_id_for(session: AsyncSession, product_id: int, location_id: int) -> int:
    """The id of the stock level of ``product_id`` at ``location_id``, created empty when the
    bin has never held the product (safe against a concurrent creation)."""
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(StockLevel)
        .values(product_id=product_id, location_id=location_id, on_hand=0, allocated=0)
        .on_conflict_do_nothing(index_elements=["product_id", "location_id"])
    )
    return int(
        await session.scalar(
            select(StockLevel.id).where(StockLevel.product_id == product_id, StockLevel.location_id == location_id)
        )
    )


def _level_update(keep_available: bool) -> Any:
    on_hand, allocated = bindparam("on_hand_delta", type_=Integer), bindparam("allocated_delta", type_=Integer)
    conditions = [
        StockLevel.id == bindparam("level_id", type_=Integer),
        StockLevel.on_hand + on_hand >= StockLevel.allocated + allocated,
        StockLevel.allocated + allocated >= 0,
    ]
    if keep_available:
        conditions.append(StockLevel.on_hand - StockLevel.allocated >= -on_hand)
    return (
        update(StockLevel)
        .where(and_(*conditions))
        .values(on_hand=StockLevel.on_hand + on_hand, allocated=StockLevel.allocated + allocated)
        .returning(StockLevel.product_id, StockLevel.location_id, StockLevel.on_hand, StockLevel.allocated)
        .execution_options(synchronize_session=False)
    )


# Built once: on the hot paths (every picked unit) building the statement costs more than
# running it.
_LEVEL_UPDATE = {False: _level_update(False), True: _level_update(True)}
_LEDGER_INSERT = insert(StockLedgerEntry.__table__)


async def change_level(
    session: AsyncSession,
    level_id: int,
    reason: str,
    who: Who,
    *,
    on_hand: int = 0,
    allocated: int = 0,
    keep_available: bool = False,
) -> dict[str, Any] | None:
    """Add ``on_hand`` and ``allocated`` (signed units) to stock level ``level_id`` and write
    the ledger entry; returns the entry's column values, or None (nothing changed) when the
    change would break ``0 <= allocated <= on_hand``. ``keep_available`` also refuses a change that takes more than the available
    units (``on_hand - allocated``) before it, as a move out does."""
    row = (
        await session.execute(
            _LEVEL_UPDATE[keep_available and on_hand < 0],
            {"level_id": level_id, "on_hand_delta": on_hand, "allocated_delta": allocated},
        )
    ).first()
    if row is None:
        return None
    product_id, location_id, on_hand_after, allocated_after = row
    entry = dict(
        stock_level_id=level_id,
        product_id=product_id,
        location_id=location_id,
        reason=reason,
        quantity=on_hand,
        on_hand_before=on_hand_after - on_hand,
        on_hand_after=on_hand_after,
        allocated_before=allocated_after - allocated,
        allocated_after=allocated_after,
        reference=who.reference,
        note=who.note,
        order_id=who.order_id,
        order_line_id=who.order_line_id,
        user_id=who.user_id,
        created_at=who.at or utcnow(),
    )
    # A Core insert of the table: every picked unit writes one, and nothing reads it back here.
    await session.execute(_LEDGER_INSERT, entry)
    queue_event(session, "stock", {
        "type": "stock.changed", "product_id": product_id, "location_id": location_id,
        "stock_level_id": level_id, "reason": reason, "on_hand": on_hand_after,
        "allocated": allocated_after,
    })
    return entry


async def current(session: AsyncSession, level_id: int) -> StockLevel | None:
    """The stock level, fresh from the database."""
    return await session.scalar(
        select(StockLevel).where(StockLevel.id == level_id).execution_options(populate_existing=True)
    )
