"""Row locks that hold on both databases."""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

T = TypeVar("T")


@functools.cache
def _statements(entity: type, touch: InstrumentedAttribute[Any]) -> tuple[Any, Any]:
    # Built once per entity: every scan takes a batch's lock, and building the statements would
    # cost more than running them.
    key = entity.id  # type: ignore[attr-defined]
    touching = (
        update(entity).where(key == bindparam("row_id")).values({touch: touch})
        .execution_options(synchronize_session=False)
    )
    locking = (
        select(entity).where(key == bindparam("row_id")).with_for_update().execution_options(populate_existing=True)
    )
    return touching, locking


async def lock_row(session: AsyncSession, entity: type[T], row_id: int, touch: InstrumentedAttribute[Any]) -> T | None:
    """The ``entity`` row with primary key ``row_id``, fresh from the database, with its row
    lock (PostgreSQL ``SELECT ... FOR UPDATE``); None when there is no such row.

    SQLite ignores ``FOR UPDATE``: there a no-op write of the row (``touch`` set to itself)
    first takes the database's write lock, so that concurrent callers wait here and then read
    what the one before them committed, as they do on PostgreSQL."""
    touching, locking = _statements(entity, touch)
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(touching, {"row_id": row_id})
    return await session.scalar(locking, {"row_id": row_id})
