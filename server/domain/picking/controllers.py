"""``/api/pick-batches`` and ``/api/put-away-tasks``: thin handlers over the picking services."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, Parameter
from sqlalchemy import select

from server.db.base import utcnow
from server.db.models import ProductBarcode, User
from server.db.session import DbSession
from server.domain.auth.guards import PICKING, SUPERVISOR
from server.domain.orders.events import Actor, Context
from server.domain.picking import batches, putaway, routes, scans, shorts, skips, views
from server.domain.picking.answers import Answer
from server.domain.picking.picklist import pick_list_pdf
from server.domain.picking.schemas import (
    BatchIn,
    BatchOut,
    NextIn,
    OverrideIn,
    PutAwayOut,
    ScanIn,
    ShortIn,
    SkipIn,
    StartIn,
)
from server.errors import PROBLEM_MEDIA_TYPE
from server.metrics import SCANS

Id = Annotated[int, Parameter(ge=1, le=2**31 - 1)]


def context(request: Request, state: State) -> Context:
    return Context(Actor.for_user(request.user), utcnow(), state.settings.timezone)


def answer_response(answer: Answer) -> Response[dict[str, Any]]:
    SCANS.labels("picking", "refused" if answer.refused else "accepted").inc()
    media = PROBLEM_MEDIA_TYPE if answer.refused else "application/json"
    return Response(answer.body, status_code=answer.status, media_type=media)


class PickBatchController(Controller):
    path = "/api/pick-batches"
    tags = ["picking"]
    guards = [PICKING]

    @post("/", guards=[SUPERVISOR])
    async def create(self, request: Request, state: State, db_session: DbSession, data: JSONBody[BatchIn]) -> BatchOut:
        """Create a batch of orders (cart order), routed over the active layout. Errors: 404
        ``order_not_found``, 409 ``order_not_ready`` / ``order_in_batch``, 422
        ``duplicate_order``."""
        batch = await batches.create_batch(db_session, data.order_ids, context(request, state))
        return await views.batch_view(db_session, batch)

    @post("/next", status_code=200)
    async def next_batch(
        self, request: Request, state: State, db_session: DbSession, data: JSONBody[NextIn | None] = None,
    ) -> BatchOut:
        """The caller's batch in progress, or a new one filled with waiting orders (priority
        and ship date first, then bins close together); ``BatchOut`` (``next``: the step to show
        when it is being picked, else null). Errors: 409 ``no_orders_waiting``;
        409 ``orders_busy`` / ``order_in_batch`` (with ``Retry-After``) while other pickers claim
        the waiting orders: ask again."""
        batch = await batches.next_batch(db_session, context(request, state), data.totes if data else None)
        return await views.batch_view(db_session, batch)

    @get("/{batch_id:int}")
    async def get_batch(self, db_session: DbSession, batch_id: Id) -> BatchOut:
        """The batch with stops in route order (each with ``location_barcode``, its label's
        text) and ``next``, the instruction to show (``BatchOut``). Errors: 404
        ``pick_batch_not_found``."""
        return await views.batch_view(db_session, await views.get_batch(db_session, batch_id))

    @get("/{batch_id:int}/pick-list.pdf", media_type="application/pdf")
    async def pick_list(self, db_session: DbSession, batch_id: Id) -> Response[bytes]:
        """The printed pick list (A4 PDF) in route order with location, product, tote and batch
        barcodes (Code 128). Errors: 404 ``pick_batch_not_found``."""
        batch = await views.get_batch(db_session, batch_id)
        view = await views.batch_view(db_session, batch)
        products = {s.product.id for s in view.stops}
        gtins: dict[int, str] = {}
        for product_id, code in await db_session.execute(
            select(ProductBarcode.product_id, ProductBarcode.code)
            .where(ProductBarcode.product_id.in_(products), ProductBarcode.kind == "gtin")
            .order_by(ProductBarcode.id)
        ):
            gtins.setdefault(product_id, code)
        picker = await db_session.get(User, batch.picker_id) if batch.picker_id else None
        pdf = pick_list_pdf(view, picker.display_name if picker else None, gtins)
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="pick-list-{batch.id}.pdf"'})

    @get("/{batch_id:int}/route.svg", media_type="image/svg+xml")
    async def route_svg(self, db_session: DbSession, batch_id: Id) -> Response[str]:
        """The batch route drawn on the layout (SVG), stops numbered in walking order.
        Errors: 404 ``pick_batch_not_found``, ``layout_not_found``."""
        batch = await views.get_batch(db_session, batch_id)
        found = await routes.require_layout(db_session)
        view = await views.batch_view(db_session, batch)
        codes = list(dict.fromkeys(s.location for s in view.stops))
        svg = routes.drawing(found[1], codes, batch.route_path or [], batch.route_length_m,
                             batch.route_method or "code-order")
        return Response(svg, media_type="image/svg+xml")

    @post("/{batch_id:int}/start", status_code=200)
    async def start(
        self, request: Request, state: State, db_session: DbSession, batch_id: Id,
        data: JSONBody[StartIn | None] = None,
    ) -> BatchOut:
        """Bind totes (``totes``: barcodes in cart order, or free totes) and move the orders
        to ``picking``; ``BatchOut`` whose ``next`` is the first step to show. A batch
        assigned to a picker starts only for that picker or a supervisor (who takes it over);
        a picker works one batch at a time. Errors: 404, 409
        ``batch_started`` / ``batch_closed`` / ``batch_assigned`` / ``batch_in_progress`` /
        ``tote_in_use``, 422 ``tote_count`` / ``not_a_tote``."""
        batch = await batches.start_batch(db_session, batch_id, context(request, state),
                                          data.totes if data else None,
                                          supervisor=request.user.has_any_role(("supervisor",)))
        return await views.batch_view(db_session, batch)

    @post("/{batch_id:int}/scans", status_code=200)
    async def scan(
        self, request: Request, state: State, db_session: DbSession, batch_id: Id, data: JSONBody[ScanIn],
    ) -> Response[dict[str, Any]]:
        """One handheld scan (location, product, tote). 200: ``ScanOut`` (``result``
        ``located`` / ``picked`` / ``order_picked`` / ``tote_confirmed``, ``next`` instruction,
        ``progress``). Refused: a problem whose ``code`` is ``unreadable``, ``unknown_code``,
        ``unknown_location``, ``unknown_product``, ``bare_location`` / ``bare_tote`` (a bin's or
        tote's name typed without its label's prefix and check character; the ``detail`` names
        the label to scan) (422) or ``wrong_location``,
        ``wrong_product``, ``scan_location_first``, ``too_many``, ``stop_done``,
        ``wrong_batch``, ``wrong_tote``, ``not_expected``, ``set_tote_aside``,
        ``batch_not_started``, ``batch_closed``, ``not_your_batch`` (409), with ``next``. The
        same ``id`` again returns the first answer with ``replayed: true`` and changes nothing;
        an ``id`` used on another batch: 409 ``scan_id_reused``. 404 ``pick_batch_not_found``."""
        answer = await scans.scan(db_session, batch_id, data, context(request, state),
                                  supervisor=request.user.has_any_role(("supervisor",)))
        return answer_response(answer)

    @post("/{batch_id:int}/stops/{stop_id:int}/short", status_code=200)
    async def short(
        self, request: Request, state: State, db_session: DbSession, batch_id: Id, stop_id: Id,
        data: JSONBody[ShortIn],
    ) -> Response[dict[str, Any]]:
        """Report a short pick: ``found`` units are in the bin. The rest is looked for in
        other bins (new stops, route recomputed); where none has it the order follows its
        backorder policy (split, or ``on_hold/backorder`` with its tote set aside). The bin's
        stock is corrected. Only the current stop (the one ``next`` points at) takes a short, its
        bin scanned or not. 200: ``ScanOut`` with ``result`` ``short_reported``. Refused like
        scans (``stop_done``, ``batch_closed``, ``batch_not_started``) and 409
        ``not_current_stop`` for another open stop (the ``detail`` names the current bin;
        nothing changes); 404 ``pick_stop_not_found``."""
        answer = await shorts.short_pick(db_session, batch_id, stop_id, data, context(request, state))
        return answer_response(answer)

    @post("/{batch_id:int}/stops/{stop_id:int}/skip", status_code=200)
    async def skip(
        self, request: Request, state: State, db_session: DbSession, batch_id: Id, stop_id: Id,
        data: JSONBody[SkipIn | None] = None,
    ) -> Response[dict[str, Any]]:
        """Come back to the stop later: it moves to the end of the walking order (any open
        stop, reached or not: only the order changes). 200: ``ScanOut`` with ``result``
        ``skipped``. Refused like scans (``stop_done``, ``batch_closed``,
        ``batch_not_started``); 404 ``pick_stop_not_found``."""
        answer = await skips.skip_stop(db_session, batch_id, stop_id, data or SkipIn(), context(request, state))
        return answer_response(answer)

    @post("/{batch_id:int}/stops/{stop_id:int}/override", status_code=200, guards=[SUPERVISOR])
    async def override(
        self, request: Request, state: State, db_session: DbSession, batch_id: Id, stop_id: Id,
        data: JSONBody[OverrideIn],
    ) -> Response[dict[str, Any]]:
        """A supervisor confirms ``quantity`` units of the stop's current tote without a scan;
        recorded as ``override`` in the picks and the order history. Refused like scans."""
        answer = await shorts.override(db_session, batch_id, stop_id, data, context(request, state))
        return answer_response(answer)


class PutAwayController(Controller):
    path = "/api/put-away-tasks"
    tags = ["picking"]
    guards = [PICKING]

    @get("/")
    async def list_tasks(self, request: Request, state: State, db_session: DbSession) -> list[PutAwayOut]:
        """Open put-away tasks (picked units of cancelled orders) by bin code."""
        return await putaway.listing(db_session, context(request, state))

    @post("/{task_id:int}/scans", status_code=200)
    async def confirm(
        self, request: Request, state: State, db_session: DbSession, task_id: Id, data: JSONBody[ScanIn],
    ) -> Response[dict[str, Any]]:
        """Confirm a put-away by scanning its bin's label (``code``): the task (``PutAwayOut``
        with ``replayed``). The scan ``id`` counts as for pick scans: sent again, the first
        answer (``replayed: true``); with another code, 409 ``scan_id_reused``. Refused: 404
        ``put_away_not_found``, 409 ``wrong_location`` / ``not_expected`` (a product barcode),
        422 ``unreadable`` / ``bare_location`` (the bin's name: the answer names its label)."""
        answer = await putaway.confirm(db_session, task_id, data, context(request, state))
        return answer_response(answer)
