"""Shipping methods and rules: admin CRUD and choosing a method for an order."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import ShippingMethod, ShippingRule
from server.domain.shipping.rules import OrderFacts, first_match
from server.domain.shipping.schemas import (
    ShippingMethodIn,
    ShippingMethodPatch,
    ShippingRuleIn,
    ShippingRulePatch,
)
from server.errors import NotFound, ShipfloorError


def _changes(patch: msgspec.Struct) -> dict[str, Any]:
    return {
        name: getattr(patch, name)
        for name in patch.__struct_fields__
        if getattr(patch, name) is not msgspec.UNSET
    }


async def list_methods(session: AsyncSession) -> list[ShippingMethod]:
    """All shipping methods by code."""
    return list(await session.scalars(select(ShippingMethod).order_by(ShippingMethod.code)))


async def get_method(session: AsyncSession, method_id: int, field: str | None = None) -> ShippingMethod:
    """The method ``method_id``. Raises 404 ``shipping_method_not_found``, or 422
    ``unknown_shipping_method`` naming ``field`` when the id came in a request body."""
    method = await session.get(ShippingMethod, method_id)
    if method is None:
        if field:
            raise ShipfloorError(
                422, "unknown_shipping_method", f"No shipping method with id {method_id}.", field=field
            )
        raise NotFound("shipping_method", method_id)
    return method


async def create_method(session: AsyncSession, data: ShippingMethodIn) -> ShippingMethod:
    """Create a method. Raises 409 ``duplicate_code`` (field ``code``) for a code in use."""
    if await session.scalar(select(ShippingMethod.id).where(ShippingMethod.code == data.code)):
        raise ShipfloorError(
            409, "duplicate_code", f"A shipping method with code {data.code} exists already.", field="code"
        )
    method = ShippingMethod(**msgspec.structs.asdict(data))
    session.add(method)
    await session.flush()
    return method


async def update_method(session: AsyncSession, method_id: int, data: ShippingMethodPatch) -> ShippingMethod:
    """Change a method. Raises 404 ``shipping_method_not_found``."""
    method = await get_method(session, method_id)
    for name, value in _changes(data).items():
        setattr(method, name, value)
    await session.flush()
    return method


def _check_bounds(values: dict[str, Any]) -> None:
    for name in ("min_order_value", "max_order_value"):
        value = values.get(name)
        if value is not None and (not value.is_finite() or value < 0 or value.as_tuple().exponent < -2):
            raise ShipfloorError(
                422, "validation_error", f"{name}: expected an amount of at least 0 with at most two decimals",
                field=name, errors=[{"field": name, "source": "body", "message": "not a valid amount"}],
            )
    for low, high in (("min_weight_grams", "max_weight_grams"), ("min_order_value", "max_order_value")):
        if values.get(low) is not None and values.get(high) is not None and values[low] > values[high]:
            raise ShipfloorError(
                422, "invalid_range", f"{low} is above {high}.", field=low,
                errors=[{"field": low, "source": "body", "message": f"above {high}"}],
            )


async def list_rules(session: AsyncSession) -> list[ShippingRule]:
    """All rules in evaluation order (priority, then id)."""
    return list(await session.scalars(select(ShippingRule).order_by(ShippingRule.priority, ShippingRule.id)))


async def get_rule(session: AsyncSession, rule_id: int) -> ShippingRule:
    """The rule ``rule_id``. Raises 404 ``shipping_rule_not_found``."""
    rule = await session.get(ShippingRule, rule_id)
    if rule is None:
        raise NotFound("shipping_rule", rule_id)
    return rule


async def create_rule(session: AsyncSession, data: ShippingRuleIn) -> ShippingRule:
    """Create a rule. Raises 422 ``unknown_shipping_method`` (field ``shipping_method_id``) or
    ``invalid_range``."""
    values = msgspec.structs.asdict(data)
    _check_bounds(values)
    await get_method(session, data.shipping_method_id, field="shipping_method_id")
    rule = ShippingRule(**values)
    session.add(rule)
    await session.flush()
    return rule


async def update_rule(session: AsyncSession, rule_id: int, data: ShippingRulePatch) -> ShippingRule:
    """Change a rule; same errors as ``create_rule`` plus 404 ``shipping_rule_not_found``."""
    rule = await get_rule(session, rule_id)
    changes = _changes(data)
    merged = {name: getattr(rule, name) for name in ShippingRuleIn.__struct_fields__} | changes
    _check_bounds(merged)
    if "shipping_method_id" in changes:
        await get_method(session, changes["shipping_method_id"], field="shipping_method_id")
    for name, value in changes.items():
        setattr(rule, name, value)
    await session.flush()
    return rule


async def delete_rule(session: AsyncSession, rule_id: int) -> None:
    """Delete a rule; orders it chose a method for keep the method. Raises 404."""
    rule = await get_rule(session, rule_id)
    await session.delete(rule)
    await session.flush()


async def choose_method(session: AsyncSession, facts: OrderFacts) -> ShippingRule | None:
    """The first active rule matching ``facts`` (its ``shipping_method_id`` is the method), or
    None."""
    rules = await session.scalars(select(ShippingRule).where(ShippingRule.active.is_(True)))
    return first_match(list(rules), facts)
