"""``/api/layout`` and ``/api/locations``: the active warehouse layout and its bins."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, get
from litestar.params import Parameter
from sqlalchemy import func, select

from server.db.session import DbSession
from server.db.models import Location, WarehouseLayout
from server.domain.auth.guards import ANY_USER
from server.errors import ShipfloorError


class LocationOut(msgspec.Struct):
    """A bin; ``y`` in metres along its aisle."""

    id: int
    code: str
    aisle: str
    y: float
    side: str
    level: str


class LocationPage(msgspec.Struct):
    items: list[LocationOut]
    total: int
    limit: int
    offset: int


class WarehouseController(Controller):
    tags = ["warehouse"]
    guards = [ANY_USER]

    @get("/api/layout")
    async def active_layout(self, db_session: DbSession) -> dict[str, Any]:
        """The active layout document (DESIGN.md, "Warehouse layout file").

        Errors: 404 ``layout_not_found`` when none has been loaded.
        """
        layout = await db_session.scalar(
            select(WarehouseLayout).where(WarehouseLayout.active.is_(True)).order_by(WarehouseLayout.id.desc())
        )
        if layout is None:
            raise ShipfloorError(404, "layout_not_found", "No warehouse layout has been loaded yet.")
        return layout.document

    @get("/api/locations")
    async def locations(
        self,
        db_session: DbSession,
        prefix: Annotated[str | None, Parameter(max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=1000)] = 100,
        offset: Annotated[int, Parameter(ge=0, le=10_000_000)] = 0,
    ) -> LocationPage:
        """Active locations whose code starts with ``prefix``, by code, paginated."""
        query = select(Location).where(Location.active.is_(True))
        if prefix:
            query = query.where(Location.code.startswith(prefix, autoescape=True))
        total = await db_session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await db_session.scalars(query.order_by(Location.code).limit(limit).offset(offset))
        return LocationPage(
            items=[LocationOut(id=r.id, code=r.code, aisle=r.aisle, y=r.y, side=r.side, level=r.level) for r in rows],
            total=int(total or 0),
            limit=limit,
            offset=offset,
        )
