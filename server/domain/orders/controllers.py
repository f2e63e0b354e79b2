"""``/api/orders``: entry, list, detail, edits, actions and history."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import ResponseHeader, State
from litestar.params import HeaderParameter, JSONBody, Parameter

from server.db.base import utcnow
from server.db.session import DbSession
from server.domain.auth.guards import SUPERVISOR
from server.domain.orders import flow, idempotency, queries, services
from server.domain.orders.events import Actor, Context
from server.domain.orders.schemas import (
    ActionIn,
    Channel,
    EventOut,
    HoldIn,
    HoldReason,
    OrderIn,
    OrderOut,
    OrderPage,
    OrderPatch,
    PaymentIn,
    SortKey,
    Status,
)

OrderId = Annotated[int, Parameter(ge=1, le=2**31 - 1)]


def context(request: Request, state: State) -> Context:
    return Context(Actor.for_user(request.user), utcnow(), state.settings.timezone)


class OrderController(Controller):
    path = "/api/orders"
    tags = ["orders"]

    @post(
        "/", guards=[SUPERVISOR], status_code=201,
        response_headers=[ResponseHeader(
            name=idempotency.REPLAYED_HEADER, documentation_only=True, required=False,
            description="`true` on a stored answer sent again for a repeated Idempotency-Key.",
        )],
    )
    async def create_order(
        self, request: Request, state: State, db_session: DbSession, data: JSONBody[OrderIn],
        idempotency_key: Annotated[str | None, HeaderParameter(
            name=idempotency.HEADER, required=False,
            description=f"1-{idempotency.MAX_KEY_LENGTH} printable ASCII characters of the "
            "client's making, the same on every try of one order "
            "(draft-ietf-httpapi-idempotency-key-header). A key is the user's own and lasts "
            f"{idempotency.KEY_LIFETIME.total_seconds() / 3600:g} hours: the same order again "
            "gets the first answer (`Idempotent-Replayed: true`) and creates nothing.",
        )] = None,
    ) -> Response[OrderOut]:
        """Enter an order, with new customer and products inline if needed, atomically.

        With an ``Idempotency-Key`` header the order is created once per key (see
        ``server.domain.orders.idempotency``, after draft-ietf-httpapi-idempotency-key-header):
        the same request with the same key again is answered with the stored answer and
        ``Idempotent-Replayed: true``; keys are per user and expire (``KEY_LIFETIME``, 24 h).

        Errors: 422 ``validation_error`` / ``unknown_product`` / ``unknown_customer`` /
        ``invalid_gtin`` / ``unknown_shipping_method``, 409 ``duplicate_sku`` /
        ``duplicate_gtin`` / ``duplicate_order``; each names its ``field``. 400
        ``invalid_idempotency_key``, 422 ``idempotency_key_reused`` (the key was used with
        another body), 409 ``idempotency_key_in_progress``.
        """
        answer = await services.enter_order(
            db_session, data, context(request, state), idempotency.read_key(idempotency_key)
        )
        return Response(answer.body, status_code=answer.status, headers=answer.headers)

    @get("/", guards=[SUPERVISOR])
    async def list_orders(
        self,
        db_session: DbSession,
        status: Annotated[list[Status] | None, Parameter(description="repeat for several")] = None,
        hold_reason: Annotated[HoldReason | None, Parameter()] = None,
        channel: Annotated[Channel | None, Parameter()] = None,
        tag: Annotated[str | None, Parameter(max_length=40)] = None,
        ship_date_from: Annotated[date | None, Parameter()] = None,
        ship_date_to: Annotated[date | None, Parameter()] = None,
        q: Annotated[str | None, Parameter(max_length=200)] = None,
        on_batch: Annotated[bool | None, Parameter(description="true: on an open pick batch; false: not")] = None,
        sort: Annotated[SortKey, Parameter()] = "-created_at",
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=10_000_000)] = 0,
    ) -> OrderPage:
        """Orders by status, hold reason, channel, tag, ship date (inclusive range) and free
        text (order number, customer name, email), and whether an open pick batch holds them
        (``on_batch``), sorted and paginated, with counts per status. Errors: 422 naming the
        query parameter."""
        return await queries.list_orders(
            db_session,
            statuses=list(status) if status else None,
            hold_reason=hold_reason,
            channel=channel,
            tag=tag,
            ship_date_from=ship_date_from,
            ship_date_to=ship_date_to,
            q=q,
            on_batch=on_batch,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @get("/{order_id:int}", guards=[SUPERVISOR])
    async def get_order(self, db_session: DbSession, order_id: OrderId) -> OrderOut:
        """One order with lines, origin, shipping and backorder links. Errors: 404
        ``order_not_found``."""
        return await queries.get_order(db_session, order_id)

    @patch("/{order_id:int}", guards=[SUPERVISOR])
    async def update_order(
        self, request: Request, state: State, db_session: DbSession, order_id: OrderId,
        data: JSONBody[OrderPatch],
    ) -> OrderOut:
        """Change an order as the edit table allows. Errors: 409 ``edit_not_allowed`` (names
        the field and status), ``lines_locked_after_picking`` (lines of an order held from
        the floor), 409 ``version_conflict``, ``order_changed_concurrently``, entry
        errors as on create."""
        order = await services.update_order(db_session, order_id, data, context(request, state))
        return await queries.order_view(db_session, order)

    @get("/{order_id:int}/events", guards=[SUPERVISOR])
    async def order_events(self, db_session: DbSession, order_id: OrderId) -> list[EventOut]:
        """The order's history, oldest first. Errors: 404 ``order_not_found``."""
        return await queries.order_events(db_session, order_id)

    @post("/{order_id:int}/confirm", guards=[SUPERVISOR], status_code=200)
    async def confirm(
        self, request: Request, state: State, db_session: DbSession, order_id: OrderId,
        data: JSONBody[ActionIn | None] = None,
    ) -> OrderOut:
        """Confirm a draft (→ awaiting payment, or the release check when paid). Errors: 409
        ``not_draft``, ``version_conflict``."""
        order = await flow.load_order(db_session, order_id, lock=True)
        flow.check_version(order, data.version if data else None)
        await flow.confirm(db_session, order, context(request, state), data.reason if data else None)
        return await queries.order_view(db_session, order)

    @post("/{order_id:int}/payments", guards=[SUPERVISOR], status_code=200)
    async def payments(
        self, request: Request, state: State, db_session: DbSession, order_id: OrderId,
        data: JSONBody[PaymentIn | None] = None,
    ) -> OrderOut:
        """Record a payment (default: the amount still owed); a paid order awaiting payment
        goes through the release check. Errors: 409 ``already_paid``,
        ``payment_not_allowed``."""
        data = data or PaymentIn()
        order = await flow.load_order(db_session, order_id, lock=True)
        await flow.receive_payment(
            db_session, order, context(request, state),
            amount=data.amount, reference=data.reference, reason=data.reason,
        )
        return await queries.order_view(db_session, order)

    @post("/{order_id:int}/hold", guards=[SUPERVISOR], status_code=200)
    async def hold(
        self, request: Request, state: State, db_session: DbSession, order_id: OrderId,
        data: JSONBody[HoldIn | None] = None,
    ) -> OrderOut:
        """Put the order on hold (manual). Errors: 409 ``hold_not_allowed``,
        ``version_conflict``."""
        order = await flow.load_order(db_session, order_id, lock=True)
        flow.check_version(order, data.version if data else None)
        await flow.hold(db_session, order, context(request, state), data.reason if data else None)
        return await queries.order_view(db_session, order)

    @post("/{order_id:int}/release", guards=[SUPERVISOR], status_code=200)
    async def release(
        self, request: Request, state: State, db_session: DbSession, order_id: OrderId,
        data: JSONBody[ActionIn | None] = None,
    ) -> OrderOut:
        """Release a hold. Errors: 409 ``not_on_hold``, ``still_scheduled``,
        ``insufficient_stock`` (with ``short``), ``version_conflict``."""
        order = await flow.load_order(db_session, order_id, lock=True)
        flow.check_version(order, data.version if data else None)
        await flow.release(db_session, order, context(request, state), data.reason if data else None)
        return await queries.order_view(db_session, order)

    @post("/{order_id:int}/cancel", guards=[SUPERVISOR], status_code=200)
    async def cancel(
        self, request: Request, state: State, db_session: DbSession, order_id: OrderId,
        data: JSONBody[ActionIn | None] = None,
    ) -> OrderOut:
        """Cancel the order; its allocated stock is given back. Errors: 409
        ``cancel_not_allowed``, ``version_conflict``."""
        order = await flow.load_order(db_session, order_id, lock=True)
        flow.check_version(order, data.version if data else None)
        await flow.cancel(db_session, order, context(request, state), data.reason if data else None)
        return await queries.order_view(db_session, order)
