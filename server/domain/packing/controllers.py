"""``/api/packing/sessions``: open by tote or order code, scan units, close the parcel."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, post
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.params import JSONBody, Parameter

from server import errors
from server.db.base import utcnow
from server.db.session import DbSession
from server.domain.auth.guards import PACKING
from server.domain.orders.events import Actor, Context
from server.domain.packing import services
from server.domain.packing.schemas import CloseIn, ScanIn, SessionIn, SessionOut
from server.errors import PROBLEM_MEDIA_TYPE, problem_response
from server.metrics import SCANS

Id = Annotated[int, Parameter(ge=1, le=2**31 - 1)]


def _close_refused(request: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    """A weight outside 1..70,000 g fails the schema's bounds (``CloseIn.weight_grams``) before
    the service sees it; it is answered as the service answers it (422 ``invalid_weight``), so
    that the code stays what it was. Every other invalid body is the app's ``validation_error``."""
    for error in exc.extra if isinstance(exc.extra, list) else []:
        # msgspec words a failed bound "Expected `int` >= 1" / "Expected `int` <= 70000".
        if isinstance(error, dict) and error.get("key") == "weight_grams" and (
                ">=" in str(error.get("message")) or "<=" in str(error.get("message"))):
            refused = services.invalid_weight()
            return problem_response(refused.status, refused.code, refused.detail, title=refused.title,
                                    **refused.extra)
    return errors.EXCEPTION_HANDLERS[ValidationException](request, exc)


def context(request: Request, state: State) -> Context:
    return Context(Actor.for_user(request.user), utcnow(), state.settings.timezone)


class PackingController(Controller):
    path = "/api/packing/sessions"
    tags = ["packing"]
    guards = [PACKING]

    @post("/", status_code=200)
    async def open_session(self, request: Request, state: State, db_session: DbSession,
                           data: JSONBody[SessionIn]) -> SessionOut:
        """Open (or resume) the session for a scanned tote or order barcode; a packed order
        (``ready_for_shipping``) answers its closed session and current label. Errors: 422
        ``unreadable`` / ``unknown_code`` / ``bare_tote_code`` / ``bare_order_number`` (a tote's
        name or an order's number typed bare: ``barcode`` holds the label to scan), 409
        ``tote_empty`` / ``order_on_hold`` / ``order_not_ready``."""
        return await services.open_session(db_session, data.code, context(request, state))

    @post("/{session_id:int}/scans", status_code=200)
    async def scan(self, request: Request, state: State, db_session: DbSession, session_id: Id,
                   data: JSONBody[ScanIn]) -> Response[dict[str, Any]]:
        """Scan a unit into the parcel. 200 ``PackingScanOut``; refused: 422 ``unreadable`` /
        ``unknown_product``, 409 ``wrong_product`` / ``too_many`` / ``order_on_hold`` /
        ``not_expected`` (a label or a bin's, tote's or order's name, not a product: the detail
        says which) / ``session_closed`` (also when the order was packed meanwhile) /
        ``scan_id_reused`` (the ``id`` was sent to another session). A repeated
        ``id`` on the same session returns the first answer. 404
        ``packing_session_not_found``."""
        answer = await services.scan(db_session, session_id, data, context(request, state))
        SCANS.labels("packing", "refused" if answer.refused else "accepted").inc()
        media = PROBLEM_MEDIA_TYPE if answer.refused else "application/json"
        return Response(answer.body, status_code=answer.status, media_type=media)

    @post("/{session_id:int}/close", status_code=200,
          exception_handlers={ValidationException: _close_refused})
    async def close(self, request: Request, state: State, db_session: DbSession, session_id: Id,
                    data: JSONBody[CloseIn]) -> SessionOut:
        """Close the parcel: shipment with label and packing slip, order
        ``ready_for_shipping``. The same body again answers the closed session. Errors: 404,
        422 ``invalid_weight`` (1 to 70,000 g), 409 ``parcel_already_closed`` (closed with
        another weight or box) / ``units_missing`` / ``order_on_hold`` / ``order_not_ready``."""
        return await services.close(db_session, session_id, data, context(request, state))
