"""Routes of pick batches over the active warehouse layout (``routing/``).

Parsing a layout and building its walking graph is costly, so the parsed ``Layout`` is kept
per database and layout row in this process; layouts are never edited in place (a new upload
is a new row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import routing
from routing.layout import Layout
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners.labels import natural_key
from server.db.models import WarehouseLayout
from server.domain.picking import solver_pool
from server.domain.picking.solver_pool import LayoutRef
from server.errors import ShipfloorError

# (database, layout id, created) -> parsed layout (None when it does not parse), the same as
# the solver process gets it
_LAYOUTS: dict[tuple[Any, ...], tuple[Layout | None, LayoutRef]] = {}


@dataclass(frozen=True, slots=True)
class Planned:
    """The visiting order of location codes with lengths in metres: ``length_m`` the route,
    ``code_order_length_m`` the same locations walked in location-code order; ``path`` the
    route's waypoints ``[x, y]``."""

    order: list[str]
    length_m: float
    code_order_length_m: float
    method: str
    layout_id: int | None
    path: list[list[float]] = field(default_factory=list)


async def active_layout(session: AsyncSession) -> tuple[int, Layout] | None:
    """``(id, Layout)`` of the active layout, or None when there is none or it does not parse."""
    found = await _parsed(session, WarehouseLayout.active.is_(True))
    return found and found[:2]


async def active_ref(session: AsyncSession) -> tuple[int, Layout, LayoutRef] | None:
    """``active_layout`` with the ``LayoutRef`` that sends it to the solver process."""
    return await _parsed(session, WarehouseLayout.active.is_(True))


async def layout_by_id(session: AsyncSession, layout_id: int | None) -> tuple[int, Layout] | None:
    """``(id, Layout)`` of layout ``layout_id`` (active or not), or None when there is no such
    layout or it does not parse."""
    if layout_id is None:
        return None
    found = await _parsed(session, WarehouseLayout.id == layout_id)
    return found and found[:2]


async def require_layout(session: AsyncSession) -> tuple[int, Layout]:
    """The active layout; raises 404 ``layout_not_found`` when none has been loaded."""
    found = await active_layout(session)
    if found is None:
        raise ShipfloorError(404, "layout_not_found", "No warehouse layout has been loaded yet.")
    return found


async def _parsed(session: AsyncSession, where: Any) -> tuple[int, Layout, LayoutRef] | None:
    row = (
        await session.execute(
            select(WarehouseLayout.id, WarehouseLayout.created_at)
            .where(where)
            .order_by(WarehouseLayout.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    layout_id, created_at = row
    # The database and the creation time tell apart rows that share an id in different
    # databases (or in one database emptied and filled again).
    key = (str(session.bind.url), layout_id, created_at)
    if key not in _LAYOUTS:
        document = await session.scalar(select(WarehouseLayout.document).where(WarehouseLayout.id == layout_id))
        try:
            parsed: Layout | None = routing.parse_layout(document)
        except routing.LayoutError:
            parsed = None
        if len(_LAYOUTS) > 8:
            _LAYOUTS.clear()
        _LAYOUTS[key] = (parsed, LayoutRef(key, document))
    layout, ref = _LAYOUTS[key]
    return None if layout is None else (layout_id, layout, ref)


def code_order(codes: list[str]) -> list[str]:
    """Location codes as other systems sort pick lists: natural order of the code."""
    return sorted(dict.fromkeys(codes), key=natural_key)


def walk_length(layout: Layout, codes: list[str], to_end: bool = True) -> float:
    """Walking length in metres from the layout's start through ``codes`` in the given order
    to its end (shortest walk between consecutive points); with ``to_end`` false the walk
    stops at the last code. Raises ``KeyError`` for a code not in the layout."""
    net = layout.network_for(layout.start, layout.end)
    sites = [net.point_site(layout.start)]
    for code in codes:
        loc = layout.locations[code]
        sites.append(net.aisle_site(loc.aisle, loc.y))
    if to_end:
        sites.append(net.point_site(layout.end))
    m = net.matrix(sites)
    return float(sum(m[i, i + 1] for i in range(len(sites) - 1)))


def _plan(layout_id: int | None, layout: Layout | None, codes: list[str]) -> Planned:
    by_code = code_order(codes)
    if layout is None or any(c not in layout.locations for c in by_code):
        return Planned(by_code, 0.0, 0.0, "code-order", layout_id)
    try:
        r = routing.route(layout, by_code)
        coded = walk_length(layout, by_code)
    except routing.RoutingError:
        return Planned(by_code, 0.0, 0.0, "code-order", layout_id)
    return Planned(
        list(r.stops), round(r.length_m, 2), round(coded, 2), r.method, layout_id,
        [[round(x, 3), round(y, 3)] for x, y in r.path],
    )


def _plan_ref(layout_id: int, ref: LayoutRef, codes: list[str]) -> Planned:
    return _plan(layout_id, ref.layout(), codes)


async def plan(session: AsyncSession, codes: list[str]) -> Planned:
    """Plan the walk through ``codes`` on the active layout. Without a layout, or when a code is
    not in it, the stops keep location-code order and both lengths are 0."""
    found = await active_ref(session)
    if found is None or not codes:
        return _plan(found[0] if found else None, None, codes)
    layout_id, layout, ref = found
    if any(c not in layout.locations for c in codes):
        return _plan(layout_id, None, codes)
    return await solver_pool.solve(_plan_ref, layout_id, ref, codes)


def drawing(layout: Layout, codes: list[str], path: list[Any], length_m: float, method: str) -> str:
    """SVG of the layout with the batch route (``routing.svg``)."""
    from routing import svg
    from routing.router import Route

    positions = [layout.position(c) for c in codes if c in layout.locations]
    pts = [(float(x), float(y)) for x, y in path] or [layout.start, layout.end]
    r = Route([c for c in codes if c in layout.locations], positions, pts, length_m, method,
              layout.start, layout.end)
    return svg.render(layout, r)
