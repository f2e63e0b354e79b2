"""``/api/layout`` and ``/api/locations``: the active warehouse layout and its bins; admins
upload, preview and activate a new layout; location labels as PDF."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter, QueryParameter
from sqlalchemy import func, select

from server.db.session import DbSession
from server.db.models import Location
import routing
from routing.svg import render
from server.domain.auth.guards import ADMIN, ANY_USER, SUPERVISOR
from server.domain.warehouse import labels, layouts
from server.domain.warehouse.layouts import LayoutChanges
from server.errors import ShipfloorError

LocationCode = Annotated[str, Parameter(min_length=1, max_length=64)]


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
        return (await layouts.active_document(db_session))[1]

    @get("/api/layout.svg", media_type="image/svg+xml")
    async def layout_svg(self, db_session: DbSession) -> Response[str]:
        """The active layout drawn as SVG (aisles, cross aisles, closed segments, bins, start and
        end). Errors: 404 ``layout_not_found``."""
        _, document = await layouts.active_document(db_session)
        return Response(render(routing.parse_layout(document)), media_type="image/svg+xml")

    @post("/api/layout/preview", guards=[ADMIN], opt={"raw_body": True}, status_code=200)
    async def preview_layout(self, request: Request, db_session: DbSession) -> LayoutChanges:
        """Check an uploaded layout file (the body: the JSON document of DESIGN.md) and say what
        activating it would do to the bins: added, kept, moved, removed, and the removed bins
        that hold stock (``blocked``). Changes nothing. Errors: 422 ``layout_not_json``,
        ``layout_format``, ``layout_duplicate_id``, ``layout_overlapping_aisles``,
        ``layout_unknown_aisle``, ``layout_location_outside_aisle``,
        ``layout_point_off_network``, ``layout_disconnected_aisle``,
        ``layout_invalid_location_code`` (with ``codes``)."""
        return await layouts.preview(db_session, layouts.read_document(await request.body()))

    @post("/api/layout/preview.svg", guards=[ADMIN], opt={"raw_body": True}, status_code=200,
          media_type="image/svg+xml")
    async def preview_svg(self, request: Request) -> Response[str]:
        """The uploaded layout file (the body) drawn as SVG, before it is activated. Errors: the
        422 problems of ``POST /api/layout/preview``."""
        layout = layouts.validate(layouts.read_document(await request.body()))
        return Response(render(layout), media_type="image/svg+xml")

    @post("/api/layout", guards=[ADMIN], opt={"raw_body": True}, status_code=201)
    async def activate_layout(self, request: Request, db_session: DbSession) -> LayoutChanges:
        """Make the uploaded layout file (the body) the active layout. Kept bins keep their id
        and stock; bins it no longer has are deactivated. Errors: the 422 problems of
        ``POST /api/layout/preview``; 409 ``locations_in_use`` with ``locations`` (code,
        on_hand, allocated) when it drops bins that hold stock — nothing changes then."""
        return await layouts.activate(db_session, layouts.read_document(await request.body()))

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

    @get("/api/locations/labels.pdf", guards=[SUPERVISOR], media_type="application/pdf")
    async def location_labels(
        self,
        db_session: DbSession,
        first: Annotated[LocationCode | None, QueryParameter(name="from")] = None,
        last: Annotated[LocationCode | None, QueryParameter(name="to")] = None,
        spec: Annotated[str | None, QueryParameter(name="range", min_length=1, max_length=2000)] = None,
        aisle: Annotated[str | None, Parameter(min_length=1, max_length=32)] = None,
    ) -> Response[bytes]:
        """Location labels (A4 PDF, 24 a page, Code 128 of ``LOC-<code>-<check>``) for the active
        bins from ``from`` to ``to`` (ends may be leading parts of codes: ``A-01..A-03`` takes
        every bin of A-01 to A-03), or ``range`` (``A-01..A-03,B-02``), and/or layout aisle
        ``aisle`` (e.g. ``A01``); natural order. Errors: 422 ``missing_range`` (none given),
        ``invalid_range`` (malformed, backwards, names no active bin, more than 5,000)."""
        if spec is None and (first or last):
            spec = f"{first or last}..{last or first}"
        if spec is None and aisle is None:
            raise ShipfloorError(422, "missing_range", "Give from and to, a range, or an aisle.")
        try:
            codes = await labels.range_codes(db_session, spec, aisle)
            pdf = labels.sheet(codes)
        except ValueError as exc:
            raise ShipfloorError(422, "invalid_range", f"{exc}.", field="range") from exc
        name = f"locations-{codes[0]}-{codes[-1]}.pdf"
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{name}"'})
