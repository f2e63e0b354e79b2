"""Walking distance from the depot to each bin, from the active warehouse layout.

The allocation strategy prefers bins near the depot (the layout's ``start`` point). Distances
are measured by ``routing`` along aisle and cross-aisle centre lines, once per layout and bin,
and kept in memory for as long as the layout stays active.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import routing
from server.db.models import Location, WarehouseLayout

logger = logging.getLogger("shipfloor.inventory")

# (database, layout id, created) -> (parsed layout or None when unusable, code -> metres)
_CACHE: dict[tuple[Any, ...], tuple[Any, dict[str, float]]] = {}


def _parse(document: Any) -> Any:
    try:
        return routing.parse_layout(document)
    except (routing.RoutingError, ValueError, TypeError, KeyError):
        return None


def _measure(layout: Any, codes: list[str]) -> dict[str, float]:
    """Metres from the layout's start to each code: walking distance where the network
    answers, straight along the axes (never more than the walk) otherwise, ``inf`` for a code
    the layout does not know."""
    out: dict[str, float] = {}
    known = [c for c in codes if c in layout.locations]
    for code in codes:
        if code not in layout.locations:
            out[code] = math.inf
    if not known:
        return out
    sx, sy = layout.start
    try:
        net = layout.network_for(layout.start)
        start = net.point_site(layout.start)
        sites = [net.aisle_site(layout.locations[c].aisle, layout.locations[c].y) for c in known]
        row = net.matrix([start, *sites])[0]
        for code, metres in zip(known, row[1:], strict=True):
            out[code] = float(metres)
    except Exception:  # noqa: BLE001 - a layout the router cannot walk still ranks by axes
        logger.warning("layout network unusable for allocation distances; using axis distances")
        for code in known:
            x, y = layout.position(code)
            out[code] = abs(x - sx) + abs(y - sy)
    return out


async def depot_distances(session: AsyncSession, location_ids: Iterable[int]) -> dict[int, float]:
    """Metres from the depot per location id (0.0 for every bin when no layout is active or
    it cannot be read; ``inf`` for a bin the active layout does not know)."""
    ids = sorted(set(location_ids))
    if not ids:
        return {}
    layout_row = (await session.execute(
        select(WarehouseLayout.id, WarehouseLayout.created_at).where(WarehouseLayout.active.is_(True))
        .order_by(WarehouseLayout.id.desc()).limit(1)
    )).first()
    if layout_row is None:
        return dict.fromkeys(ids, 0.0)
    codes = dict((await session.execute(select(Location.id, Location.code).where(Location.id.in_(ids)))).all())
    # A layout row never changes once stored; the database and creation time tell apart rows
    # that share an id in different databases.
    key = (str(session.bind.url), layout_row.id, layout_row.created_at)
    cached = _CACHE.get(key)
    if cached is None:
        document = await session.scalar(select(WarehouseLayout.document).where(WarehouseLayout.id == layout_row.id))
        cached = (_parse(document), {})
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = cached
    layout, known = cached
    if layout is None:
        return dict.fromkeys(ids, 0.0)
    missing = [code for code in codes.values() if code not in known]
    if missing:
        known.update(_measure(layout, missing))
    return {location_id: known.get(code, math.inf) for location_id, code in codes.items()}
