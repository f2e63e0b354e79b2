"""``/api/dashboard``, ``/api/customers`` and ``/api/shipping-preview``: reads for the
supervisor's screens."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from litestar import get
from litestar.datastructures import State
from litestar.params import Parameter

from server.db.base import utcnow
from server.db.session import DbSession
from server.domain.auth.guards import SUPERVISOR
from server.domain.dashboard import floor, services
from server.domain.dashboard.schemas import CustomerHit, DashboardOut, FloorOut, ShippingPreviewOut
from server.domain.orders.schemas import Channel
from server.domain.orders.services import normalise_tags
from server.domain.shipping.rules import OrderFacts
from server.errors import ShipfloorError


@get("/api/dashboard", guards=[SUPERVISOR], tags=["dashboard"])
async def dashboard(state: State, db_session: DbSession) -> DashboardOut:
    """The floor at a glance: orders per status and hold reason, due today, late, releasing
    tomorrow, backorders waiting, released today by arriving stock (see ``DashboardOut``)."""
    timezone = state.settings.timezone
    return await services.dashboard(db_session, services.warehouse_today(timezone, utcnow()), timezone)


@get("/api/dashboard/floor", guards=[SUPERVISOR], tags=["dashboard"])
async def dashboard_floor(state: State, db_session: DbSession) -> FloorOut:
    """Batches under way with picker and progress, totes set aside, put-away waiting, and
    units picked per hour today against the same weekday's average (see ``FloorOut``)."""
    now = utcnow()
    timezone = state.settings.timezone
    return FloorOut(
        batches=await floor.batches_in_progress(db_session, now),
        totes_aside=await floor.totes_aside(db_session),
        put_away_open=await floor.put_away_open(db_session),
        pick_rate=await floor.pick_rate(db_session, services.warehouse_today(timezone, now), timezone),
    )


@get("/api/customers", guards=[SUPERVISOR], tags=["dashboard"])
async def customers(
    db_session: DbSession,
    q: Annotated[str, Parameter(min_length=1, max_length=200)],
    limit: Annotated[int, Parameter(ge=1, le=50)] = 10,
) -> list[CustomerHit]:
    """Customers whose name, email or company contains ``q``, for order entry."""
    return await services.find_customers(db_session, q, limit)


@get("/api/shipping-preview", guards=[SUPERVISOR], tags=["dashboard"])
async def shipping_preview(
    db_session: DbSession,
    country: Annotated[str, Parameter(pattern=r"^[A-Z]{2}$")],
    weight_grams: Annotated[int, Parameter(ge=0, le=10**9)] = 0,
    value: Annotated[str, Parameter(max_length=20)] = "0",
    currency: Annotated[str, Parameter(pattern=r"^[A-Z]{3}$")] = "EUR",
    channel: Annotated[Channel, Parameter()] = "manual",
    tag: Annotated[list[str] | None, Parameter(description="repeat for several")] = None,
) -> ShippingPreviewOut:
    """The shipping method the rules would choose for an order with these facts, as order
    entry would choose it. Errors: 422 ``validation_error`` for a value that is not an
    amount."""
    try:
        amount = Decimal(value)
    except ArithmeticError:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0:
        raise ShipfloorError(422, "validation_error", "value: expected an amount of at least 0", field="value")
    facts = OrderFacts(
        country=country, weight_grams=weight_grams, value=amount, currency=currency, channel=channel,
        tags=tuple(normalise_tags(list(tag or []))),
    )
    return await services.shipping_preview(db_session, facts)
