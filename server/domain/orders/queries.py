"""Order reads: the detail view, the filtered list with counts per status, the history."""

from __future__ import annotations

import json
from decimal import Decimal
from datetime import date
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Customer, OrderEvent, OrderLine, PickBatchOrder, SalesOrder, ShippingMethod, User
from server.domain.inventory.allocation import allocated_by_line
from server.domain.orders.flow import load_order
from server.domain.orders.rules import STATUSES
from server.domain.orders.schemas import (
    AddressOut,
    CustomerOut,
    EventOut,
    LineOut,
    OrderOut,
    OrderPage,
    OrderRef,
    OrderSummary,
    OriginOut,
    ShippingOut,
)
from server.errors import NotFound

_SORTS = {
    "created_at": SalesOrder.created_at,
    "number": SalesOrder.id,
    "requested_ship_date": SalesOrder.requested_ship_date,
    "priority": SalesOrder.priority,
    "total_amount": SalesOrder.total_amount,
}


CENT = Decimal("0.01")


def money(value: Decimal | None) -> Decimal:
    """``value`` with exactly two decimals (None counts as zero)."""
    return (value or Decimal("0")).quantize(CENT)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def order_view(session: AsyncSession, order: SalesOrder) -> OrderOut:
    """The detail view of ``order`` (loaded with its lines)."""
    allocated = await allocated_by_line(session, order.id)
    customer = await session.get(Customer, order.customer_id)
    created_by = await session.get(User, order.created_by_id) if order.created_by_id else None
    method = await session.get(ShippingMethod, order.shipping_method_id) if order.shipping_method_id else None
    parent = await session.get(SalesOrder, order.parent_id) if order.parent_id else None
    children = await session.scalars(
        select(SalesOrder).where(SalesOrder.parent_id == order.id).order_by(SalesOrder.id)
    )
    return OrderOut(
        id=order.id,
        number=order.number or "",
        status=order.status,
        hold_reason=order.hold_reason,
        held_from=order.held_from,
        origin=OriginOut(
            channel=order.channel,
            external_number=order.external_number,
            created_by_id=order.created_by_id,
            created_by=created_by.display_name if created_by else None,
        ),
        customer=CustomerOut(id=customer.id, name=customer.name, email=customer.email, company=customer.company),
        shipping_address=AddressOut(
            name=order.ship_name,
            country=order.ship_country,
            company=order.ship_company,
            street=order.ship_street,
            postal_code=order.ship_postal_code,
            city=order.ship_city,
            region=order.ship_region,
            email=order.ship_email,
            phone=order.ship_phone,
        ),
        lines=[
            LineOut(
                id=line.id,
                line_no=line.line_no,
                product_id=line.product_id,
                sku=line.sku,
                name=line.name,
                quantity=line.quantity,
                unit_price=money(line.unit_price),
                allocated=allocated.get(line.id, 0),
            )
            for line in order.lines
        ],
        requested_ship_date=order.requested_ship_date,
        payment_state=order.payment_state,
        currency=order.currency,
        total_amount=money(order.total_amount),
        amount_paid=money(order.amount_paid),
        total_weight_grams=order.total_weight_grams,
        priority=order.priority,
        tags=list(order.tags or []),
        notes=order.notes,
        backorder_policy=order.backorder_policy,
        backorder_count=order.backorder_count,
        parent=OrderRef(id=parent.id, number=parent.number or "", status=parent.status) if parent else None,
        backorders=[OrderRef(id=c.id, number=c.number or "", status=c.status) for c in children],
        shipping=ShippingOut(
            method_id=order.shipping_method_id,
            method_code=method.code if method else None,
            source=order.shipping_method_source,
            rule_id=order.shipping_rule_id,
        ),
        version=order.version,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )


async def get_order(session: AsyncSession, order_id: int) -> OrderOut:
    """The detail view of order ``order_id``. Raises 404 ``order_not_found``."""
    return await order_view(session, await load_order(session, order_id))


async def list_orders(
    session: AsyncSession,
    *,
    statuses: list[str] | None = None,
    hold_reason: str | None = None,
    channel: str | None = None,
    tag: str | None = None,
    ship_date_from: date | None = None,
    ship_date_to: date | None = None,
    q: str | None = None,
    on_batch: bool | None = None,
    sort: str = "-created_at",
    limit: int = 50,
    offset: int = 0,
) -> OrderPage:
    """Orders matching every filter given, sorted (``-`` for descending; ties by id), one page.

    ``q`` matches order number, channel order number, customer name and email
    (case-insensitive, substring); ``tag`` one tag exactly; ship dates inclusive; ``on_batch``
    true: orders on an open pick batch (created or being picked, not set aside), false: the
    others. ``counts`` has every status (zeros included) over all filters but ``statuses``.
    """
    conditions: list[Any] = []
    if on_batch is not None:
        # An open batch claims its orders (``pick_batch_orders.claimed_order_id``, unique).
        claimed = select(PickBatchOrder.claimed_order_id).where(PickBatchOrder.claimed_order_id.is_not(None))
        conditions.append(SalesOrder.id.in_(claimed) if on_batch else SalesOrder.id.not_in(claimed))
    if hold_reason:
        conditions.append(SalesOrder.hold_reason == hold_reason)
    if channel:
        conditions.append(SalesOrder.channel == channel)
    if tag:
        # Tags are stored as a JSON list written by one serialiser, so the quoted tag is a
        # substring of its text on every backend.
        needle = json.dumps(tag.strip(" ").lower())
        conditions.append(cast(SalesOrder.tags, String).like(f"%{_escape_like(needle)}%", escape="\\"))
    if ship_date_from:
        conditions.append(SalesOrder.requested_ship_date >= ship_date_from)
    if ship_date_to:
        conditions.append(SalesOrder.requested_ship_date <= ship_date_to)
    if q:
        pattern = f"%{_escape_like(q.strip(' ').lower())}%"
        customers = select(Customer.id).where(
            or_(
                func.lower(Customer.name).like(pattern, escape="\\"),
                func.lower(Customer.email).like(pattern, escape="\\"),
            )
        )
        conditions.append(
            or_(
                func.lower(SalesOrder.number).like(pattern, escape="\\"),
                func.lower(SalesOrder.external_number).like(pattern, escape="\\"),
                func.lower(SalesOrder.ship_name).like(pattern, escape="\\"),
                func.lower(SalesOrder.ship_email).like(pattern, escape="\\"),
                SalesOrder.customer_id.in_(customers),
            )
        )
    counts = {status: 0 for status in STATUSES}
    for status, count in await session.execute(
        select(SalesOrder.status, func.count()).where(*conditions).group_by(SalesOrder.status)
    ):
        counts[status] = int(count)
    if statuses:
        conditions.append(SalesOrder.status.in_(statuses))
    total = await session.scalar(select(func.count()).select_from(SalesOrder).where(*conditions))
    key = _SORTS[sort.removeprefix("-")]
    order_by = [key.desc(), SalesOrder.id.desc()] if sort.startswith("-") else [key.asc(), SalesOrder.id.asc()]
    line_counts = (
        select(OrderLine.order_id, func.count().label("n")).group_by(OrderLine.order_id).subquery()
    )
    rows = await session.execute(
        select(SalesOrder, Customer.name, line_counts.c.n)
        .join(Customer, Customer.id == SalesOrder.customer_id)
        .outerjoin(line_counts, line_counts.c.order_id == SalesOrder.id)
        .where(*conditions)
        .order_by(*order_by)
        .limit(limit)
        .offset(offset)
    )
    items = [
        OrderSummary(
            id=o.id,
            number=o.number or "",
            status=o.status,
            hold_reason=o.hold_reason,
            channel=o.channel,
            external_number=o.external_number,
            customer_name=name,
            ship_country=o.ship_country,
            requested_ship_date=o.requested_ship_date,
            payment_state=o.payment_state,
            currency=o.currency,
            total_amount=money(o.total_amount),
            priority=o.priority,
            tags=list(o.tags or []),
            line_count=int(n or 0),
            backorder_count=o.backorder_count,
            created_at=o.created_at,
        )
        for o, name, n in rows
    ]
    return OrderPage(items=items, total=int(total or 0), limit=limit, offset=offset, counts=counts)


async def order_events(session: AsyncSession, order_id: int) -> list[EventOut]:
    """The history of order ``order_id``, oldest first. Raises 404 ``order_not_found``."""
    if await session.scalar(select(SalesOrder.id).where(SalesOrder.id == order_id)) is None:
        raise NotFound("order", order_id)
    events = await session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.id)
    )
    return [
        EventOut(
            id=e.id,
            kind=e.kind,
            from_status=e.from_status,
            to_status=e.to_status,
            hold_reason=e.hold_reason,
            actor=e.actor,
            user_id=e.user_id,
            channel=e.channel,
            message=e.message,
            data=e.data or {},
            created_at=e.created_at,
        )
        for e in events
    ]
