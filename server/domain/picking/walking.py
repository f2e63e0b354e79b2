"""Metres a picker has walked on a batch, measured on the batch's route.

Definition (``walked_m``): the walking distance in metres from the layout's start through the
batch's stops in route order (``seq``) up to and including the last stop that is done (every
unit picked, or short-reported), each leg the shortest walk between consecutive stops along
aisle and cross-aisle centre lines (``routes.walk_length`` without the walk back to the end).
Stops at one location add nothing between them. It is 0 before the first stop is done, and
once every stop is done it is the route length less the last leg back to the end. A skipped
stop counts where it now lies in the walking order (at the end). Without the batch's layout,
or when a stop's bin is not on it, it is 0.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Location, PickBatch, PickStop
from server.domain.picking import routes


async def walked_m(session: AsyncSession, batches: Sequence[PickBatch]) -> dict[int, float]:
    """``{batch id: metres walked}`` (rounded to 0.01 m) for ``batches``; see the module
    docstring for the definition."""
    ids = [b.id for b in batches]
    if not ids:
        return {}
    rows = await session.execute(
        select(PickStop.batch_id, PickStop.seq, PickStop.state, Location.code)
        .join(Location, Location.id == PickStop.location_id)
        .where(PickStop.batch_id.in_(ids))
        .order_by(PickStop.batch_id, PickStop.seq, PickStop.id)
    )
    stops: dict[int, list[tuple[str, str]]] = {}
    for batch_id, _seq, state, code in rows:
        stops.setdefault(batch_id, []).append((state, code))
    out: dict[int, float] = {}
    for batch in batches:
        walk = stops.get(batch.id, [])
        last = max((i for i, (state, _) in enumerate(walk) if state != "open"), default=-1)
        codes = [code for _, code in walk[: last + 1]]
        out[batch.id] = await _length(session, batch.layout_id, codes)
    return out


async def _length(session: AsyncSession, layout_id: int | None, codes: list[str]) -> float:
    if not codes:
        return 0.0
    found = await routes.layout_by_id(session, layout_id)
    if found is None or any(c not in found[1].locations for c in codes):
        return 0.0
    length = await asyncio.to_thread(routes.walk_length, found[1], codes, False)
    return round(length, 2)
