"""``/api/shipping-methods`` and ``/api/shipping-rules``: admins define them, everyone reads."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import JSONBody, Parameter

from server.db.models import ShippingMethod, ShippingRule
from server.db.session import DbSession
from server.domain.auth.guards import ADMIN, ANY_USER
from server.domain.shipping import services
from server.domain.shipping.schemas import (
    ShippingMethodIn,
    ShippingMethodOut,
    ShippingMethodPatch,
    ShippingRuleIn,
    ShippingRuleOut,
    ShippingRulePatch,
)

Id = Annotated[int, Parameter(ge=1, le=2**31 - 1)]


def method_out(method: ShippingMethod) -> ShippingMethodOut:
    return ShippingMethodOut(
        id=method.id, code=method.code, name=method.name, carrier=method.carrier, active=method.active
    )


def rule_out(rule: ShippingRule) -> ShippingRuleOut:
    return ShippingRuleOut(
        id=rule.id,
        name=rule.name,
        priority=rule.priority,
        shipping_method_id=rule.shipping_method_id,
        countries=rule.countries,
        channels=rule.channels,
        tags=rule.tags,
        min_weight_grams=rule.min_weight_grams,
        max_weight_grams=rule.max_weight_grams,
        min_order_value=rule.min_order_value,
        max_order_value=rule.max_order_value,
        currency=rule.currency,
        active=rule.active,
    )


class ShippingMethodController(Controller):
    path = "/api/shipping-methods"
    tags = ["shipping"]

    @get("/", guards=[ANY_USER])
    async def list_methods(self, db_session: DbSession) -> list[ShippingMethodOut]:
        """Every shipping method, by code."""
        return [method_out(m) for m in await services.list_methods(db_session)]

    @post("/", guards=[ADMIN])
    async def create_method(self, db_session: DbSession, data: JSONBody[ShippingMethodIn]) -> ShippingMethodOut:
        """Create a method. Errors: 409 ``duplicate_code``."""
        return method_out(await services.create_method(db_session, data))

    @patch("/{method_id:int}", guards=[ADMIN])
    async def update_method(
        self, db_session: DbSession, method_id: Id, data: JSONBody[ShippingMethodPatch]
    ) -> ShippingMethodOut:
        """Change a method. Errors: 404 ``shipping_method_not_found``."""
        return method_out(await services.update_method(db_session, method_id, data))


class ShippingRuleController(Controller):
    path = "/api/shipping-rules"
    tags = ["shipping"]

    @get("/", guards=[ANY_USER])
    async def list_rules(self, db_session: DbSession) -> list[ShippingRuleOut]:
        """Every rule in evaluation order (priority, then id)."""
        return [rule_out(r) for r in await services.list_rules(db_session)]

    @get("/{rule_id:int}", guards=[ANY_USER])
    async def get_rule(self, db_session: DbSession, rule_id: Id) -> ShippingRuleOut:
        """One rule. Errors: 404 ``shipping_rule_not_found``."""
        return rule_out(await services.get_rule(db_session, rule_id))

    @post("/", guards=[ADMIN])
    async def create_rule(self, db_session: DbSession, data: JSONBody[ShippingRuleIn]) -> ShippingRuleOut:
        """Create a rule. Errors: 422 ``unknown_shipping_method``, ``invalid_range``."""
        return rule_out(await services.create_rule(db_session, data))

    @patch("/{rule_id:int}", guards=[ADMIN])
    async def update_rule(
        self, db_session: DbSession, rule_id: Id, data: JSONBody[ShippingRulePatch]
    ) -> ShippingRuleOut:
        """Change a rule. Errors: 404 ``shipping_rule_not_found``, 422 as on create."""
        return rule_out(await services.update_rule(db_session, rule_id, data))

    @delete("/{rule_id:int}", guards=[ADMIN])
    async def delete_rule(self, db_session: DbSession, rule_id: Id) -> None:
        """Delete a rule. Errors: 404 ``shipping_rule_not_found``."""
        await services.delete_rule(db_session, rule_id)
