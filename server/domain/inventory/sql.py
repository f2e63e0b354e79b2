"""Set-based SQL helpers: filtering on many ids and inserting many rows in one statement.

PostgreSQL takes a whole id list as one array parameter (``= ANY(:ids)``) and many rows as
arrays unnested in one ``INSERT ... SELECT``; SQLite takes an ``IN`` list, in chunks below its
variable limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

_SQLITE_CHUNK = 5000


def is_postgres(session: AsyncSession) -> bool:
    return session.bind.dialect.name == "postgresql"


def id_chunks(session: AsyncSession, ids: Sequence[int]) -> Iterator[list[int]]:
    """``ids`` in as few pieces as the database takes at once (one on PostgreSQL)."""
    ids = list(ids)
    if is_postgres(session):
        yield ids
        return
    for start in range(0, len(ids), _SQLITE_CHUNK):
        yield ids[start:start + _SQLITE_CHUNK]


def among(session: AsyncSession, column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids`` as one array parameter on PostgreSQL, an ``IN`` list elsewhere
    (pass pieces from ``id_chunks``)."""
    if is_postgres(session):
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


async def insert_int_rows(session: AsyncSession, table: Any, columns: list[str], rows: list[tuple[int, ...]],
                          constants: dict[str, Any] | None = None) -> None:
    """Insert ``rows`` (integer values for ``columns``) into ``table`` plus the same
    ``constants`` in every row: one ``INSERT ... SELECT unnest(...)`` on PostgreSQL, batched
    multi-row inserts elsewhere."""
    if not rows:
        return
    constants = constants or {}
    if is_postgres(session):
        arrays = [bindparam(None, [row[i] for row in rows], type_=ARRAY(Integer)) for i in range(len(columns))]
        source = select(
            *(func.unnest(array).label(name) for array, name in zip(arrays, columns, strict=True)),
            *(bindparam(None, value, type_=table.c[name].type).label(name) for name, value in constants.items()),
        )
        await session.execute(insert(table).from_select([*columns, *constants], source))
        return
    await session.execute(insert(table), [dict(zip(columns, row, strict=True)) | constants for row in rows])
