"""``/api/shipments``: labels, packing slips and the hand-over."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, Parameter

from server.db.base import utcnow
from server.db.session import DbSession
from server.domain.auth.guards import PACKING
from server.domain.orders.events import Actor, Context
from server.domain.shipments import services
from server.domain.shipments.schemas import HandOverIn, LabelScanIn, ShipmentOut, shipment_out

Id = Annotated[int, Parameter(ge=1, le=2**31 - 1)]


class ShipmentController(Controller):
    path = "/api/shipments"
    tags = ["shipments"]
    guards = [PACKING]

    @get("/{shipment_id:int}")
    async def get_shipment(self, db_session: DbSession, shipment_id: Id) -> ShipmentOut:
        """One shipment. Errors: 404 ``shipment_not_found``."""
        shipment, _ = await services.current(db_session, shipment_id)
        return shipment_out(shipment)

    @get("/{shipment_id:int}/label.zpl", media_type="application/zpl")
    async def label_zpl(self, db_session: DbSession, shipment_id: Id) -> Response[str]:
        """The 4×6 in shipping label in ZPL II (203 dpi). Errors: 404, 409 ``label_void``."""
        return Response(await services.label_zpl(db_session, shipment_id), media_type="application/zpl")

    @get("/{shipment_id:int}/label.pdf", media_type="application/pdf")
    async def label_pdf(self, db_session: DbSession, shipment_id: Id) -> Response[bytes]:
        """The shipping label as a 4×6 in PDF. Errors: 404, 409 ``label_void``."""
        return Response(await services.label_document(db_session, shipment_id), media_type="application/pdf")

    @get("/{shipment_id:int}/packing-slip.pdf", media_type="application/pdf")
    async def packing_slip(self, db_session: DbSession, shipment_id: Id) -> Response[bytes]:
        """The packing slip (A4 PDF). Errors: 404 ``shipment_not_found``."""
        return Response(await services.packing_slip(db_session, shipment_id), media_type="application/pdf")

    @post("/{shipment_id:int}/hand-over", status_code=200)
    async def hand_over(
        self, request: Request, state: State, db_session: DbSession, shipment_id: Id,
        data: JSONBody[HandOverIn | None] = None,
    ) -> ShipmentOut:
        """The carrier took the parcel: its order is completed (idempotent). Errors: 404,
        409 ``label_void`` / ``order_not_ready``, 422 ``wrong_label``."""
        ctx = Context(Actor.for_user(request.user), utcnow(), state.settings.timezone)
        shipment = await services.hand_over(db_session, shipment_id, ctx, data.code if data else None)
        return shipment_out(shipment)

    @post("/hand-over", status_code=200)
    async def hand_over_scan(
        self, request: Request, state: State, db_session: DbSession, data: JSONBody[LabelScanIn],
    ) -> ShipmentOut:
        """Hand-over by scanning the parcel's label. Errors: 422 ``unknown_label``, then as
        ``/{id}/hand-over``."""
        ctx = Context(Actor.for_user(request.user), utcnow(), state.settings.timezone)
        shipment_id = await services.by_label(db_session, data.code)
        return shipment_out(await services.hand_over(db_session, shipment_id, ctx))
