"""Order entry and edits; reads are in ``queries``, status moves in ``flow``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Customer, OrderLine, SalesOrder, ShippingMethod
from server.domain.inventory.allocation import release_order_allocations
from server.domain.orders import flow, idempotency, queries, rules
from server.domain.orders.entry import ResolvedLine, invalid, resolve_customer, resolve_lines, shipping_address
from server.domain.orders.events import Context, record
from server.domain.orders.schemas import OrderIn, OrderPatch
from server.domain.shipping.rules import OrderFacts
from server.domain.shipping.services import choose_method, get_method

FIRST_NUMBER = 1000
# Fields whose change may change the shipping rule's choice.
_RULE_INPUTS = {"lines", "shipping_address", "customer", "tags"}


def normalise_tags(tags: list[str]) -> list[str]:
    """Lower-case, trimmed, each once, in the order given."""
    seen: list[str] = []
    for tag in tags:
        clean = tag.strip(" ").lower()
        if clean and clean not in seen:
            seen.append(clean)
    return seen


def _set_lines(order: SalesOrder, resolved: list[ResolvedLine]) -> None:
    order.lines = [
        OrderLine(
            line_no=number,
            product_id=item.product.id,
            sku=item.product.sku,
            name=item.product.name,
            quantity=item.data.quantity,
            unit_price=item.data.unit_price,
        )
        for number, item in enumerate(resolved, start=1)
    ]
    order.total_amount = sum((item.data.quantity * item.data.unit_price for item in resolved), Decimal("0"))
    order.total_weight_grams = sum(item.data.quantity * (item.product.weight_grams or 0) for item in resolved)


async def apply_shipping_rules(session: AsyncSession, order: SalesOrder, ctx: Context) -> None:
    """Let the shipping rules choose the method of an order without a hand-picked one; the
    history says which rule chose it (or that none matched)."""
    if order.shipping_method_source == "manual":
        return
    facts = OrderFacts(
        country=order.ship_country,
        weight_grams=order.total_weight_grams,
        value=order.total_amount,
        currency=order.currency,
        channel=order.channel,
        tags=tuple(order.tags or ()),
    )
    rule = await choose_method(session, facts)
    method_id = rule.shipping_method_id if rule else None
    if (method_id, rule.id if rule else None) == (order.shipping_method_id, order.shipping_rule_id) and (
        order.shipping_method_source is not None or rule is None
    ):
        return
    order.shipping_method_id = method_id
    order.shipping_rule_id = rule.id if rule else None
    order.shipping_method_source = "rule" if rule else None
    if rule is None:
        record(session, order, ctx, "shipping_method_chosen", message="No shipping rule matches.",
               data={"rule_id": None, "shipping_method_id": None})
        return
    method = await session.get(ShippingMethod, method_id)
    record(session, order, ctx, "shipping_method_chosen",
           message=f"Rule '{rule.name}' chose {method.code if method else method_id}.",
           data={"rule_id": rule.id, "rule_name": rule.name, "shipping_method_id": method_id,
                 "shipping_method_code": method.code if method else None})


async def create_order(session: AsyncSession, data: OrderIn, ctx: Context) -> SalesOrder:
    """Create an order (status ``draft``) with its customer and products, new ones included,
    then confirm it when ``data.confirm``.

    Raises 422/409 problems naming the field (see ``entry``), 422 ``unknown_shipping_method``,
    409 ``duplicate_order`` for a channel order number already imported. Nothing is written when
    any of it fails (the request's transaction rolls back).
    """
    if data.external_number is not None and await session.scalar(
        select(SalesOrder.id).where(
            SalesOrder.channel == data.channel, SalesOrder.external_number == data.external_number
        )
    ):
        raise invalid(409, "duplicate_order", "external_number",
                      f"{data.channel} order {data.external_number} exists already")
    if data.shipping_method_id is not None:
        await get_method(session, data.shipping_method_id, field="shipping_method_id")
    customer = await resolve_customer(session, data.customer)
    address = shipping_address(customer, data.shipping_address)
    resolved = await resolve_lines(session, data.lines)
    order = SalesOrder(
        channel=data.channel,
        external_number=data.external_number,
        created_by_id=ctx.actor.user_id,
        customer_id=customer.id,
        status=rules.DRAFT,
        requested_ship_date=data.requested_ship_date,
        payment_state=data.payment_state,
        currency=data.currency,
        amount_paid=Decimal("0"),
        priority=data.priority,
        tags=normalise_tags(data.tags),
        notes=data.notes,
        backorder_policy=data.backorder_policy,
        backorder_count=0,
        shipping_method_id=data.shipping_method_id,
        shipping_method_source="manual" if data.shipping_method_id else None,
        created_at=ctx.now,
        updated_at=ctx.now,
        **address,
    )
    _set_lines(order, resolved)
    if data.payment_state == "paid":
        order.amount_paid = order.total_amount
    session.add(order)
    await flow.flush(session)
    order.number = str(FIRST_NUMBER + order.id)
    record(session, order, ctx, "created", to_status=rules.DRAFT, data={
        "channel": order.channel, "external_number": order.external_number,
        "lines": [{"sku": line.sku, "quantity": line.quantity} for line in order.lines],
    })
    await apply_shipping_rules(session, order, ctx)
    await flow.flush(session)
    if data.confirm:
        await flow.confirm(session, order, ctx)
    return order


ENTRY = "POST /api/orders"
"""The request ``enter_order`` answers (part of its idempotency fingerprint)."""


async def enter_order(
    session: AsyncSession, data: OrderIn, ctx: Context, key: str | None = None
) -> idempotency.Answer:
    """``POST /api/orders``: ``create_order``, answered 201 with the order's view.

    With an idempotency ``key`` (see ``idempotency``; the key is the acting user's) the order
    is created once: the key, the request's fingerprint and the answer are stored with the
    order, and the same request with the same key again gets the stored answer (``replayed``)
    without creating anything. Raises, besides ``create_order``'s problems, 422
    ``idempotency_key_reused`` and 409 ``idempotency_key_in_progress``.
    """
    if key is None:
        order = await create_order(session, data, ctx)
        return idempotency.Answer(201, await queries.order_view(session, order))
    if ctx.actor.user_id is None:
        raise ValueError("idempotency keys belong to a user; this actor has none")
    claimed = await idempotency.claim(
        session, ctx.actor.user_id, key, idempotency.fingerprint(ENTRY, data), ctx.now
    )
    if isinstance(claimed, idempotency.Answer):
        return claimed
    order = await create_order(session, data, ctx)
    view = msgspec.to_builtins(await queries.order_view(session, order))
    return await idempotency.complete(session, claimed, 201, view, order_id=order.id)


def _fields_given(patch: OrderPatch) -> list[str]:
    return [
        name for name in patch.__struct_fields__
        if name != "version" and getattr(patch, name) is not msgspec.UNSET
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


async def update_order(session: AsyncSession, order_id: int, patch: OrderPatch, ctx: Context) -> SalesOrder:
    """Apply a PATCH following the edit table.

    Every field is checked first: 409 ``edit_not_allowed`` names the field and the status that
    forbids it and says what to do (``lines_locked_after_picking``: the lines of an order held
    from the floor); 409 ``version_conflict`` for a stale ``version``; entry
    errors as on create. Changing lines gives back the order's allocations. A new ship date
    sends an order that is ``ready_for_picking`` or ``on_hold/scheduled`` through the release
    check again.
    """
    order = await flow.load_order(session, order_id, lock=True)
    flow.check_version(order, None if patch.version is msgspec.UNSET else patch.version)
    fields = _fields_given(patch)
    for name in fields:
        rules.check_edit(order.status, rules.FIELD_GROUPS[name], name, order.held_from)
    changes: dict[str, Any] = {}

    if patch.lines is not msgspec.UNSET:
        resolved = await resolve_lines(session, patch.lines)
        units = await release_order_allocations(session, order.id)
        before = [{"sku": line.sku, "quantity": line.quantity} for line in order.lines]
        order.lines.clear()
        await flow.flush(session)
        _set_lines(order, resolved)
        if order.payment_state == "paid" and order.amount_paid < order.total_amount:
            # Paid in full before the lines grew: the difference is owed again.
            order.payment_state = "unpaid"
            changes["payment_state"] = ["paid", "unpaid"]
        changes["lines"] = [before, [{"sku": r.product.sku, "quantity": r.data.quantity} for r in resolved]]
        if units:
            changes["units_released"] = units
    if patch.customer is not msgspec.UNSET:
        customer = await resolve_customer(session, patch.customer)
        changes["customer_id"] = [order.customer_id, customer.id]
        order.customer_id = customer.id
    if patch.shipping_address is not msgspec.UNSET:
        customer = await session.get(Customer, order.customer_id)
        for column, value in shipping_address(customer, patch.shipping_address).items():
            if getattr(order, column) != value:
                changes[column] = [getattr(order, column), value]
                setattr(order, column, value)
    if patch.shipping_method_id is not msgspec.UNSET:
        if patch.shipping_method_id is None:
            order.shipping_method_source = None
        else:
            await get_method(session, patch.shipping_method_id, field="shipping_method_id")
            order.shipping_method_source = "manual"
            order.shipping_rule_id = None
        changes["shipping_method_id"] = [order.shipping_method_id, patch.shipping_method_id]
        order.shipping_method_id = patch.shipping_method_id
    simple = {
        "requested_ship_date": patch.requested_ship_date,
        "notes": patch.notes,
        "priority": patch.priority,
        "backorder_policy": patch.backorder_policy,
        "tags": normalise_tags(patch.tags) if patch.tags is not msgspec.UNSET else msgspec.UNSET,
    }
    for name, value in simple.items():
        if value is not msgspec.UNSET and getattr(order, name) != value:
            changes[name] = [_plain(getattr(order, name)), _plain(value)]
            setattr(order, name, value)

    order.updated_at = ctx.now
    if changes:
        record(session, order, ctx, "edited", data={
            name: [_plain(v) for v in pair] if isinstance(pair, list) and name != "lines" else pair
            for name, pair in changes.items()
        })
    if _RULE_INPUTS & set(fields) or patch.shipping_method_id is None:
        await apply_shipping_rules(session, order, ctx)
    await flow.flush(session)
    if "requested_ship_date" in changes and (
        order.status == rules.READY_FOR_PICKING
        or (order.status == rules.ON_HOLD and order.hold_reason == rules.SCHEDULED)
    ):
        await flow.release_check(session, order, ctx)
    return order
