"""Shipping methods and rules: admin CRUD, the first matching rule by priority chooses the method
at entry and again when a relevant field changes, and the history says which rule chose."""

from __future__ import annotations

from decimal import Decimal

import pytest

from server.domain.shipping.rules import OrderFacts, first_match, matches

from .conftest import events_of


class Rule:
    def __init__(self, id, priority=100, **conditions):  # noqa: A002
        self.id = id
        self.priority = priority
        self.active = conditions.pop("active", True)
        for name in ("countries", "channels", "tags", "min_weight_grams", "max_weight_grams",
                     "min_order_value", "max_order_value", "currency"):
            setattr(self, name, conditions.pop(name, None))
        assert not conditions


FACTS = OrderFacts(country="NL", weight_grams=2000, value=Decimal("50.00"), currency="EUR",
                   channel="shopify", tags=("fragile", "express"))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (Rule(1), True),
        (Rule(1, countries=["NL", "BE"]), True),
        (Rule(1, countries=["DE"]), False),
        (Rule(1, channels=["shopify"]), True),
        (Rule(1, channels=["magento"]), False),
        (Rule(1, tags=["fragile"]), True),
        (Rule(1, tags=["fragile", "cooled"]), False),
        (Rule(1, min_weight_grams=2000), True),
        (Rule(1, min_weight_grams=2001), False),
        (Rule(1, max_weight_grams=2000), True),
        (Rule(1, max_weight_grams=1999), False),
        (Rule(1, min_order_value=Decimal("50.00")), True),
        (Rule(1, min_order_value=Decimal("50.01")), False),
        (Rule(1, max_order_value=Decimal("49.99")), False),
        (Rule(1, max_order_value=Decimal("50"), currency="USD"), False),
        (Rule(1, active=False), False),
    ],
)
def test_rule_conditions(rule, expected):
    assert matches(rule, FACTS) is expected


def test_lowest_priority_first_then_id():
    rules = [Rule(3, priority=10), Rule(2, priority=5, countries=["DE"]), Rule(1, priority=10)]
    assert first_match(rules, FACTS).id == 1
    assert first_match([Rule(1, countries=["DE"])], FACTS) is None


@pytest.fixture
async def methods(client, admin) -> dict[str, int]:
    ids = {}
    for code, carrier in (("postnl-std", "postnl"), ("dhl-express", "dhl"), ("pallet", "freight")):
        response = await client.post(
            "/api/shipping-methods", json={"code": code, "name": code.title(), "carrier": carrier}, headers=admin
        )
        assert response.status_code == 201, response.text
        ids[code] = response.json()["id"]
    return ids


async def add_rule(client, admin, **body) -> dict:
    response = await client.post("/api/shipping-rules", json=body, headers=admin)
    assert response.status_code == 201, response.text
    return response.json()


async def test_rules_choose_at_entry_and_on_relevant_edits(client, admin, supervisor, methods, enter, catalog):
    heavy = await add_rule(client, admin, name="Heavy", priority=1, shipping_method_id=methods["pallet"],
                           min_weight_grams=10_000)
    express = await add_rule(client, admin, name="Express NL", priority=5, shipping_method_id=methods["dhl-express"],
                             countries=["NL"], tags=["express"])
    default = await add_rule(client, admin, name="Default", priority=100, shipping_method_id=methods["postnl-std"])

    order = await enter(shipping_address={"country": "NL"}, tags=["express"])
    assert order["shipping"] == {"method_id": methods["dhl-express"], "method_code": "dhl-express",
                                 "source": "rule", "rule_id": express["id"]}
    chosen = [e for e in await events_of(client, supervisor, order["id"]) if e["kind"] == "shipping_method_chosen"]
    assert chosen[-1]["data"]["rule_id"] == express["id"]
    assert chosen[-1]["data"]["rule_name"] == "Express NL"

    # Moving the address to Belgium: the express rule no longer matches; the default does.
    moved = await client.patch(f"/api/orders/{order['id']}", json={"shipping_address": {"country": "BE"}},
                               headers=supervisor)
    assert moved.json()["shipping"]["rule_id"] == default["id"]
    # 30 mugs × 350 g = 10,500 g ≥ 10,000 g: the heavy rule (priority 1) wins.
    heavier = await client.patch(f"/api/orders/{order['id']}", json={"lines": [{"sku": "MUG", "quantity": 30}]},
                                 headers=supervisor)
    assert heavier.json()["total_weight_grams"] == 10_500
    assert heavier.json()["shipping"]["rule_id"] == heavy["id"]
    # A field that no rule reads leaves the choice alone and writes no new choice.
    before = len(await events_of(client, supervisor, order["id"]))
    await client.patch(f"/api/orders/{order['id']}", json={"notes": "hi"}, headers=supervisor)
    after = await events_of(client, supervisor, order["id"])
    assert [e["kind"] for e in after[before:]] == ["edited"]


async def test_hand_picked_method_is_kept_until_handed_back(client, admin, supervisor, methods, enter, catalog):
    default = await add_rule(client, admin, name="Default", shipping_method_id=methods["postnl-std"])
    order = await enter(shipping_method_id=methods["pallet"])
    assert order["shipping"]["source"] == "manual"
    assert order["shipping"]["method_id"] == methods["pallet"]
    edited = await client.patch(f"/api/orders/{order['id']}", json={"shipping_address": {"country": "FR"}},
                                headers=supervisor)
    assert edited.json()["shipping"]["method_id"] == methods["pallet"]
    handed_back = await client.patch(f"/api/orders/{order['id']}", json={"shipping_method_id": None},
                                     headers=supervisor)
    assert handed_back.json()["shipping"] == {"method_id": methods["postnl-std"], "method_code": "postnl-std",
                                              "source": "rule", "rule_id": default["id"]}


async def test_no_matching_rule_leaves_no_method(enter, client, admin, methods, catalog):
    await add_rule(client, admin, name="Only DE", shipping_method_id=methods["postnl-std"], countries=["DE"])
    order = await enter()
    assert order["shipping"]["method_id"] is None


async def test_rule_crud_and_bad_input(client, admin, supervisor, methods):
    rule = await add_rule(client, admin, name="Value", shipping_method_id=methods["postnl-std"],
                          min_order_value="10.00", max_order_value="99.99", currency="EUR", channels=["shopify"])
    assert rule["min_order_value"] == "10.00"
    listed = (await client.get("/api/shipping-rules", headers=supervisor)).json()
    assert [r["id"] for r in listed] == [rule["id"]]
    patched = await client.patch(f"/api/shipping-rules/{rule['id']}", json={"priority": 3, "channels": None},
                                 headers=admin)
    assert patched.status_code == 200
    assert (patched.json()["priority"], patched.json()["channels"]) == (3, None)
    for body, field in (
        ({"name": "x", "shipping_method_id": 999}, "shipping_method_id"),
        ({"name": "x", "shipping_method_id": methods["pallet"], "min_weight_grams": 5, "max_weight_grams": 1},
         "min_weight_grams"),
        ({"name": "x", "shipping_method_id": methods["pallet"], "countries": ["nl"]}, "countries[0]"),
        ({"name": "x", "shipping_method_id": methods["pallet"], "min_order_value": "-1"}, "min_order_value"),
    ):
        response = await client.post("/api/shipping-rules", json=body, headers=admin)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert field in [problem.get("field")] + [e["field"] for e in problem.get("errors", [])]
    duplicate = await client.post("/api/shipping-methods", json={"code": "pallet", "name": "P", "carrier": "x"},
                                  headers=admin)
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "duplicate_code")
    assert (await client.post("/api/shipping-rules", json={"name": "x", "shipping_method_id": methods["pallet"]},
                              headers=supervisor)).status_code == 403
    assert (await client.delete(f"/api/shipping-rules/{rule['id']}", headers=admin)).status_code == 204
    assert (await client.get(f"/api/shipping-rules/{rule['id']}", headers=admin)).status_code == 404
