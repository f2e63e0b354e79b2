"""Dashboard queries: plain counts over the orders table, one query per figure group."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Customer, OrderEvent, SalesOrder, ShippingMethod
from server.domain.dashboard.schemas import CustomerHit, DashboardOut, ShippingPreviewOut
from server.domain.orders.rules import STATUSES
from server.domain.shipping.rules import OrderFacts
from server.domain.shipping.services import choose_method

HOLD_REASONS = ("manual", "scheduled", "backorder")
CLOSED = ("completed", "cancelled")


def warehouse_today(timezone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


async def _count(session: AsyncSession, *conditions) -> int:
    return int(await session.scalar(select(func.count()).select_from(SalesOrder).where(*conditions)) or 0)


async def stock_arrived(session: AsyncSession, since: datetime) -> int:
    """Orders released since ``since`` by stock arriving: the release the stock services write
    names its trigger, a supervisor's release does not."""
    rows = await session.execute(
        select(OrderEvent.order_id, OrderEvent.data).where(
            OrderEvent.kind == "released",
            OrderEvent.from_status == "on_hold",
            OrderEvent.to_status == "ready_for_picking",
            OrderEvent.created_at >= since,
        )
    )
    return len({order_id for order_id, data in rows if (data or {}).get("trigger")})


async def dashboard(session: AsyncSession, today: date, timezone: str) -> DashboardOut:
    by_status = {status: 0 for status in STATUSES}
    for status, count in await session.execute(select(SalesOrder.status, func.count()).group_by(SalesOrder.status)):
        by_status[status] = int(count)
    on_hold = {reason: 0 for reason in HOLD_REASONS}
    for reason, count in await session.execute(
        select(SalesOrder.hold_reason, func.count())
        .where(SalesOrder.status == "on_hold")
        .group_by(SalesOrder.hold_reason)
    ):
        if reason in on_hold:
            on_hold[reason] = int(count)
    is_open = SalesOrder.status.not_in(CLOSED)
    held = SalesOrder.status == "on_hold"
    return DashboardOut(
        today=today,
        by_status=by_status,
        on_hold=on_hold,
        due_today=await _count(session, is_open, SalesOrder.requested_ship_date == today),
        late=await _count(session, is_open, SalesOrder.requested_ship_date < today),
        releasing_tomorrow=await _count(
            session, held, SalesOrder.hold_reason == "scheduled",
            SalesOrder.requested_ship_date == today + timedelta(days=1),
        ),
        backorders_waiting=await _count(
            session, held, SalesOrder.hold_reason == "backorder", SalesOrder.parent_id.is_not(None)
        ),
        stock_arrived_today=await stock_arrived(session, datetime.combine(today, time(0), ZoneInfo(timezone))),
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def find_customers(session: AsyncSession, q: str, limit: int) -> list[CustomerHit]:
    """Customers whose name, email or company contains ``q`` (case-insensitive), by name."""
    pattern = f"%{_escape_like(q.strip(' ').lower())}%"
    rows = await session.scalars(
        select(Customer)
        .where(or_(
            func.lower(Customer.name).like(pattern, escape="\\"),
            func.lower(Customer.email).like(pattern, escape="\\"),
            func.lower(Customer.company).like(pattern, escape="\\"),
        ))
        .order_by(Customer.name, Customer.id)
        .limit(limit)
    )
    return [
        CustomerHit(
            id=c.id, name=c.name, email=c.email, company=c.company, street=c.street,
            postal_code=c.postal_code, city=c.city, country=c.country,
        )
        for c in rows
    ]


async def shipping_preview(session: AsyncSession, facts: OrderFacts) -> ShippingPreviewOut:
    """What ``choose_method`` (the function order entry uses) picks for ``facts``."""
    rule = await choose_method(session, facts)
    if rule is None:
        return ShippingPreviewOut(None, None, None, None, None)
    method = await session.get(ShippingMethod, rule.shipping_method_id)
    return ShippingPreviewOut(
        rule_id=rule.id,
        rule_name=rule.name,
        method_id=rule.shipping_method_id,
        method_code=method.code if method else None,
        method_name=method.name if method else None,
    )
