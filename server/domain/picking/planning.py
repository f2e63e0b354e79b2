"""``/api/pick-batches`` for batch planning: cart proposals and their maps, giving batches to
pickers, the picker list. Thin handlers over ``proposals`` and ``assignment``."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import State
from litestar.params import JSONBody, Parameter

from server.db.session import DbSession
from server.domain.auth.guards import SUPERVISOR
from server.domain.picking import assignment, proposals, settings, views
from server.domain.picking.controllers import Id, context
from server.domain.picking.schemas import AssignIn, BatchOut, PickerOut, ProposalsIn, ProposalsOut, RouteIn

Token = Annotated[str, Parameter(max_length=600, pattern=r"^[0-9]+(\.[0-9]+)*$")]


class BatchPlanningController(Controller):
    path = "/api/pick-batches"
    tags = ["picking"]
    guards = [SUPERVISOR]

    @post("/proposals", status_code=200)
    async def propose(self, db_session: DbSession, data: JSONBody[ProposalsIn | None] = None) -> ProposalsOut:
        """Proposed carts (``totes`` orders each, default ``SHIPFLOOR_CART_TOTES``) for
        ``order_ids``, or for the orders waiting for picking, grouped as ``next`` fills a cart,
        each with its route length and the length in location-code order (metres). Creates and
        locks nothing: create a cart with ``POST /api/pick-batches`` and its ``order_ids``
        (409 ``order_in_batch`` / ``order_not_ready`` when an order was taken meanwhile).
        Given orders that cannot go on a batch are listed in ``skipped``."""
        data = data or ProposalsIn()
        return await proposals.propose(db_session, data.order_ids, data.totes or settings.cart_totes())

    @get("/proposals/{token:str}/route.svg", media_type="image/svg+xml")
    async def proposal_svg(self, db_session: DbSession, token: Token) -> Response[str]:
        """The route of a proposed cart (``token`` of a proposal: its order ids joined by dots)
        drawn on the layout, stops numbered in walking order. Errors: 404
        ``proposal_not_found``, ``order_not_found``, ``layout_not_found``."""
        svg = await proposals.drawing(db_session, proposals.ids_of(token))
        return Response(svg, media_type="image/svg+xml")

    @post("/proposals/route.svg", status_code=200, media_type="image/svg+xml")
    async def proposal_svg_of(self, db_session: DbSession, data: JSONBody[RouteIn]) -> Response[str]:
        """The same drawing for ``order_ids`` in the body. Errors: 404 ``order_not_found``,
        ``layout_not_found``."""
        svg = await proposals.drawing(db_session, list(dict.fromkeys(data.order_ids)))
        return Response(svg, media_type="image/svg+xml")

    @put("/{batch_id:int}/picker")
    async def assign(
        self, request: Request, state: State, db_session: DbSession, batch_id: Id, data: JSONBody[AssignIn],
    ) -> BatchOut:
        """Give the batch to picker ``picker_id`` (null: take it back); ``next`` offers it to
        them first and to no other picker. Errors: 404 ``pick_batch_not_found`` /
        ``user_not_found``, 422 ``not_a_picker``, 409 ``batch_closed``, ``batch_started``
        (another picker is walking it: send ``force`` to move it)."""
        batch = await assignment.assign(db_session, batch_id, data.picker_id, data.force, context(request, state))
        return await views.batch_view(db_session, batch)

    @get("/pickers")
    async def pickers(self, db_session: DbSession) -> list[PickerOut]:
        """Active users with the picker role, with the batch each is picking now (``batch_id``)
        and the one waiting for them, given to them or made by their ``next`` but not started
        (``assigned_batch_id``, absent when none)."""
        return await assignment.pickers(db_session)
