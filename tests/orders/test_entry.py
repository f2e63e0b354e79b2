"""Entering orders by hand: existing or inline customer and products, atomically; bad input is a
422/409 problem naming the field, and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server.db.models import Customer, OrderEvent, Product, ProductBarcode, SalesOrder

from .conftest import days


async def counts(db) -> tuple[int, int, int, int, int]:
    async with db() as session:
        return tuple(
            [
                await session.scalar(select(func.count()).select_from(model))
                for model in (SalesOrder, Customer, Product, ProductBarcode, OrderEvent)
            ]
        )


async def test_enter_with_existing_customer_and_products_by_id_sku_and_gtin(enter, catalog, client, supervisor):
    order = await enter(
        lines=[
            {"product_id": catalog.bowl, "quantity": 2, "unit_price": "4.25"},
            {"sku": "VASE", "quantity": 1, "unit_price": 20},
            {"gtin": "8712345000011", "quantity": 3},
        ],
        tags=["Fragile", "fragile", "cooled"],
        notes="Leave at the door",
        priority=5,
        backorder_policy="split",
        requested_ship_date=days(3),
    )
    assert order["status"] == "draft"
    assert order["number"] == str(1000 + order["id"])
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [("BOWL", 2), ("VASE", 1), ("MUG", 3)]
    # 2 × 4.25 + 1 × 20 + 3 × 0 = 28.50; 2 × 400 g + 800 g + 3 × 350 g = 2650 g
    assert order["total_amount"] == "28.50"
    assert order["total_weight_grams"] == 2650
    assert order["tags"] == ["fragile", "cooled"]
    assert order["priority"] == 5
    assert order["backorder_policy"] == "split"
    assert order["backorder_count"] == 0
    assert order["parent"] is None and order["backorders"] == []
    assert order["requested_ship_date"] == days(3)
    # The address comes from the customer.
    assert order["shipping_address"]["country"] == "GB"
    assert order["shipping_address"]["name"] == "Ada Lovelace"
    assert order["origin"] == {"channel": "manual", "external_number": None,
                               "created_by_id": order["origin"]["created_by_id"], "created_by": "Supervisor"}
    detail = await client.get(f"/api/orders/{order['id']}", headers=supervisor)
    assert detail.json() == order


async def test_inline_customer_and_products_are_created_with_the_order(enter, db):
    order = await enter(
        customer={"name": "Grace Hopper", "email": "grace@example.org",
                  "address": {"country": "US", "city": "Arlington", "street": "1 Navy Way"}},
        lines=[
            {"new_product": {"sku": "LAMP", "name": "Desk lamp", "weight_grams": 1200, "gtin": "4006381333931"},
             "quantity": 1, "unit_price": "39.90"},
            {"sku": "MUG", "quantity": 2, "unit_price": "9.50"},
        ],
        channel="api",
        external_number="EXT-77",
    )
    assert order["customer"]["name"] == "Grace Hopper"
    assert order["shipping_address"]["country"] == "US"
    assert order["origin"]["channel"] == "api" and order["origin"]["external_number"] == "EXT-77"
    async with db() as session:
        lamp = await session.scalar(select(Product).where(Product.sku == "LAMP"))
        assert lamp is not None and lamp.weight_grams == 1200
        code = await session.scalar(select(ProductBarcode.code).where(ProductBarcode.product_id == lamp.id))
        assert code == "04006381333931"


async def test_shipping_address_given_wins_over_the_customers(enter, catalog):
    order = await enter(shipping_address={"country": "NL", "name": "Office", "city": "Utrecht"})
    assert order["shipping_address"]["country"] == "NL"
    assert order["shipping_address"]["name"] == "Office"
    assert order["shipping_address"]["city"] == "Utrecht"


BAD = [
    # (body changes, status, code, field)
    ({"lines": [{"product_id": 999, "quantity": 1}]}, 422, "unknown_product", "lines[0].product_id"),
    ({"lines": [{"sku": "NOPE", "quantity": 1}]}, 422, "unknown_product", "lines[0].sku"),
    ({"lines": [{"gtin": "4006381333931", "quantity": 1}]}, 422, "unknown_product", "lines[0].gtin"),
    ({"lines": [{"gtin": "4006381333932", "quantity": 1}]}, 422, "invalid_gtin", "lines[0].gtin"),
    ({"customer": {"id": 999}}, 422, "unknown_customer", "customer.id"),
    ({"customer": {"email": "x@example.org"}}, 422, "validation_error", "customer.name"),
    ({"lines": [{"sku": "MUG", "quantity": 0}]}, 422, "validation_error", "lines[0].quantity"),
    ({"lines": [{"sku": "MUG", "quantity": -3}]}, 422, "validation_error", "lines[0].quantity"),
    ({"lines": [{"sku": "MUG", "quantity": 1.5}]}, 422, "validation_error", "lines[0].quantity"),
    ({"lines": [{"sku": "MUG", "quantity": 1, "unit_price": "-1"}]}, 422, "validation_error", "lines[0].unit_price"),
    ({"lines": [{"sku": "MUG", "quantity": 1, "unit_price": "1.005"}]}, 422, "validation_error", "lines[0].unit_price"),
    ({"lines": [{"sku": "MUG", "product_id": 1, "quantity": 1}]}, 422, "validation_error", "lines[0]"),
    ({"lines": []}, 422, "validation_error", "lines"),
    ({"requested_ship_date": "next tuesday"}, 422, "validation_error", "requested_ship_date"),
    ({"requested_ship_date": "2026-02-30"}, 422, "validation_error", "requested_ship_date"),
    ({"shipping_address": {"city": "Paris"}}, 422, "validation_error", "shipping_address.country"),
    ({"customer": {"name": "New", "address": {"city": "Paris"}}}, 422, "validation_error", "shipping_address.country"),
    ({"shipping_address": {"country": "france"}}, 422, "validation_error", "shipping_address.country"),
    ({"channel": "ebay"}, 422, "validation_error", "channel"),
    ({"backorder_policy": "wait"}, 422, "validation_error", "backorder_policy"),
    ({"shipping_method_id": 999}, 422, "unknown_shipping_method", "shipping_method_id"),
    (
        {"lines": [{"new_product": {"sku": "MUG", "name": "Another mug"}, "quantity": 1}]},
        409, "duplicate_sku", "lines[0].new_product.sku",
    ),
    (
        {"lines": [{"new_product": {"sku": "LAMP", "name": "Lamp"}, "quantity": 1},
                   {"new_product": {"sku": "LAMP", "name": "Lamp again"}, "quantity": 1}]},
        409, "duplicate_sku", "lines[1].new_product.sku",
    ),
    (
        {"lines": [{"new_product": {"sku": "LAMP", "name": "Lamp", "gtin": "08712345000011"}, "quantity": 1}]},
        409, "duplicate_gtin", "lines[0].new_product.gtin",
    ),
]


@pytest.mark.parametrize(("changes", "status", "code", "field"), BAD)
async def test_bad_input_is_a_problem_naming_the_field_and_writes_nothing(
    client, supervisor, catalog, db, changes, status, code, field
):
    before = await counts(db)
    body = {
        # A new customer and a new product ride along: they must not survive the refusal.
        "customer": {"name": "Someone New", "address": {"country": "BE"}},
        "lines": [{"new_product": {"sku": "NEW-1", "name": "New thing"}, "quantity": 1},
                  {"sku": "MUG", "quantity": 1}],
    }
    body.update(changes)
    response = await client.post("/api/orders", json=body, headers=supervisor)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == code
    fields = [e["field"] for e in problem.get("errors", [])] + [problem.get("field")]
    assert field in fields, problem
    assert await counts(db) == before


async def test_unknown_product_after_inline_creations_rolls_everything_back(client, supervisor, catalog, db):
    before = await counts(db)
    response = await client.post(
        "/api/orders",
        json={
            "customer": {"name": "Rollback Customer", "address": {"country": "DE"}},
            "lines": [
                {"new_product": {"sku": "ROLL-1", "name": "Roll one", "gtin": "4006381333931"}, "quantity": 1},
                {"new_product": {"sku": "ROLL-2", "name": "Roll two"}, "quantity": 2},
                {"product_id": 4242, "quantity": 1},
            ],
        },
        headers=supervisor,
    )
    assert response.status_code == 422
    assert response.json()["field"] == "lines[2].product_id"
    assert await counts(db) == before
    async with db() as session:
        assert await session.scalar(select(Customer).where(Customer.name == "Rollback Customer")) is None
        assert await session.scalar(select(Product).where(Product.sku.in_(["ROLL-1", "ROLL-2"]))) is None


async def test_customer_without_country_needs_an_address(client, supervisor, catalog, db):
    before = await counts(db)
    response = await client.post(
        "/api/orders",
        json={"customer": {"id": catalog.customer_no_country}, "lines": [{"sku": "MUG", "quantity": 1}]},
        headers=supervisor,
    )
    assert response.status_code == 422
    assert response.json()["field"] == "shipping_address.country"
    assert await counts(db) == before


async def test_the_same_channel_order_twice_is_a_conflict(enter, db):
    await enter(channel="shopify", external_number="#1001")
    before = await counts(db)
    problem = await enter(expect=409, channel="shopify", external_number="#1001")
    assert problem["code"] == "duplicate_order"
    assert problem["field"] == "external_number"
    assert await counts(db) == before
    # Another channel may use the same number.
    await enter(channel="woocommerce", external_number="#1001")


async def test_only_supervisors_enter_or_read_orders(client, login, catalog):
    picker = await login("picker")
    response = await client.post(
        "/api/orders", json={"customer": {"id": catalog.customer}, "lines": [{"sku": "MUG", "quantity": 1}]},
        headers=picker,
    )
    assert response.status_code == 403
    # Orders carry customers' addresses and emails; the floor works from batches and parcels.
    for role in ("picker", "packer"):
        assert (await client.get("/api/orders", headers=await login(role))).status_code == 403
    assert (await client.get("/api/orders", headers=await login("supervisor"))).status_code == 200


async def test_unknown_order_is_404(client, supervisor, catalog):
    response = await client.get("/api/orders/4040", headers=supervisor)
    assert response.status_code == 404
    assert response.json()["code"] == "order_not_found"
    assert (await client.get("/api/orders/4040/events", headers=supervisor)).status_code == 404
    assert (await client.post("/api/orders/4040/hold", headers=supervisor)).status_code == 404
