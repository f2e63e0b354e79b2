"""``/api/stock``: levels, receipts (and their preview), adjustments, moves, the ledger; and
``POST /api/orders/{id}/split-backorder``."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, Parameter

from server.db.base import utcnow
from server.db.session import DbSession
from server.domain.auth.guards import ANY_USER, FLOOR, SUPERVISOR
from server.domain.inventory import backorders, services
from server.domain.inventory.schemas import (
    AdjustmentIn,
    LedgerOut,
    MoveIn,
    PreviewOut,
    ReceiptIn,
    ReceiptOut,
    SplitIn,
    StockOut,
)
from server.domain.orders import flow, queries
from server.domain.orders.events import Actor, Context
from server.domain.orders.schemas import OrderOut

SkuParam = Annotated[str, Parameter(min_length=1, max_length=64)]


def context(request: Request, state: State) -> Context:
    return Context(Actor.for_user(request.user), utcnow(), state.settings.timezone)


class StockController(Controller):
    path = "/api/stock"
    tags = ["stock"]

    @get("/", guards=[ANY_USER])
    async def stock(
        self,
        db_session: DbSession,
        sku: Annotated[str | None, Parameter(min_length=1, max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
        offset: Annotated[int, Parameter(ge=0, le=10_000_000)] = 0,
    ) -> list[StockOut]:
        """Stock per product: ``on_hand``, ``allocated``, ``available`` (units) in total and per
        bin; ``sku`` narrows to one product. Errors: 404 ``product_not_found``."""
        return await services.stock(db_session, sku, limit, offset)

    @get("/ledger", guards=[ANY_USER])
    async def ledger(
        self,
        db_session: DbSession,
        sku: Annotated[str | None, Parameter(min_length=1, max_length=64)] = None,
        location: Annotated[str | None, Parameter(min_length=1, max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
        offset: Annotated[int, Parameter(ge=0, le=10_000_000)] = 0,
    ) -> list[LedgerOut]:
        """Stock ledger entries, newest first: who, what, why, when, before → after."""
        return await services.ledger_entries(db_session, sku, location, limit, offset)

    @post("/receipts", guards=[FLOOR], status_code=201)
    async def receipt(
        self, request: Request, state: State, db_session: DbSession, data: JSONBody[ReceiptIn]
    ) -> ReceiptOut:
        """Book a goods receipt; waiting backorders it covers are released in the same
        transaction. Errors: 422 ``validation_error`` (quantity below 1), ``unknown_product``,
        ``unknown_location``, ``location_inactive`` (a bin a newer layout removed; each naming
        its ``field``)."""
        return await services.receive(db_session, data, context(request, state))

    @get("/receipts/preview", guards=[ANY_USER])
    async def receipt_preview(
        self,
        request: Request,
        state: State,
        db_session: DbSession,
        sku: SkuParam,
        quantity: Annotated[int, Parameter(ge=1, le=1_000_000_000)],
        location: Annotated[str | None, Parameter(min_length=1, max_length=64)] = None,
    ) -> PreviewOut:
        """Which waiting orders a receipt of ``quantity`` units of ``sku`` would release, in
        release order (priority, then oldest); changes nothing. Errors: 422
        ``unknown_product``, ``unknown_location``, ``validation_error``."""
        return await services.preview_receipt(db_session, sku, quantity, location, context(request, state))

    @post("/adjustments", guards=[SUPERVISOR], status_code=201)
    async def adjustment(
        self, request: Request, state: State, db_session: DbSession, data: JSONBody[AdjustmentIn]
    ) -> ReceiptOut:
        """Correct a bin (cycle count, damage, found, return, correction) by ``delta`` or to
        ``counted``; a rise releases waiting backorders. Errors: 422 ``validation_error``,
        ``unknown_product``, ``unknown_location``; 409 ``below_allocated``."""
        return await services.adjust(db_session, data, context(request, state))

    @post("/moves", guards=[FLOOR], status_code=201)
    async def move(
        self, request: Request, state: State, db_session: DbSession, data: JSONBody[MoveIn]
    ) -> ReceiptOut:
        """Move available units between bins. Errors: 422 ``validation_error``,
        ``unknown_product``, ``unknown_location``, ``location_inactive`` (into a bin a newer
        layout removed; out of one is allowed); 409 ``insufficient_stock``."""
        return await services.move(db_session, data, context(request, state))


class SplitResult(msgspec.Struct):
    """The order after the split (``parent``) and the new ``backorder``."""

    parent: OrderOut
    backorder: OrderOut


class BackorderController(Controller):
    path = "/api/orders"
    tags = ["orders"]

    @post("/{order_id:int}/split-backorder", guards=[SUPERVISOR], status_code=200)
    async def split_backorder(
        self,
        request: Request,
        state: State,
        db_session: DbSession,
        order_id: Annotated[int, Parameter(ge=1, le=2**31 - 1)],
        data: JSONBody[SplitIn | None] = None,
    ) -> SplitResult:
        """Move line quantities (default: every unit neither allocated nor picked) to a new
        backorder ``<number>-BO<n>`` on ``on_hold/backorder``; a parent waiting on backorder
        then goes through the release check with what stays. Errors: 404
        ``order_not_found``; 409 ``nothing_to_split``, ``split_not_allowed``,
        ``version_conflict``; 422 ``invalid_split``."""
        data = data or SplitIn()
        order = await flow.load_order(db_session, order_id, lock=True)
        flow.check_version(order, data.version)
        quantities = None
        if data.lines is not None:
            quantities = {}
            for line in data.lines:
                quantities[line.line_id] = quantities.get(line.line_id, 0) + line.quantity
        child = await backorders.split(db_session, order, quantities, context(request, state))
        order = await flow.load_order(db_session, order_id)
        child = await flow.load_order(db_session, child.id)
        return SplitResult(await queries.order_view(db_session, order), await queries.order_view(db_session, child))
