"""Later deliveries of an imported order: payment, edited lines, shop holds, status maps, and
bodies that only name the order (fetched from the shop)."""

from __future__ import annotations

import copy

from tests.channels.conftest import encode, events_of, order_json, shop_doc, sign, variant
from tests.channels.fakeshop import FakeShop, serve


async def send(deliver, channel, platform: str, doc) -> dict:
    body = encode(doc)
    response = await deliver(channel["id"], body, sign(platform, body))
    assert response.status_code == 200, response.text
    return response.json()


async def test_payment_in_the_shop_releases_the_order(
    backend, client, admin, stocked, make_channel, deliver
):
    channel = await make_channel("woocommerce")
    pending = variant(
        "woocommerce", 7300, "2025-03-14T15:43:12", status="pending", date_paid_gmt=None
    )
    ack = await send(deliver, channel, "woocommerce", pending)
    order = await order_json(client, admin, ack["order_id"])
    assert (order["status"], order["payment_state"]) == ("awaiting_payment", "unpaid")
    paid = variant(
        "woocommerce",
        7300,
        "2025-03-14T16:00:00",
        status="processing",
        date_paid_gmt="2025-03-14T16:00:00",
    )
    ack = await send(deliver, channel, "woocommerce", paid)
    assert ack["outcome"] == "updated"
    order = await order_json(client, admin, ack["order_id"])
    assert (order["status"], order["payment_state"]) == ("ready_for_picking", "paid")
    kinds = [e["kind"] for e in await events_of(client, admin, order["id"])]
    assert "payment_received" in kinds and kinds.count("created") == 1


async def test_lines_edited_in_the_shop(backend, client, admin, stocked, make_channel, deliver):
    channel = await make_channel("shopify")
    unpaid = variant("shopify", 7400, "2025-03-14T15:42:09", financial_status="pending")["order"]
    ack = await send(deliver, channel, "shopify", unpaid)
    assert (await order_json(client, admin, ack["order_id"]))["status"] == "awaiting_payment"
    edited = copy.deepcopy(unpaid)
    edited.update(updated_at="2025-03-14T17:00:00+00:00")
    edited["line_items"][1]["current_quantity"] = 0  # the shirt removed by an order edit
    ack = await send(deliver, channel, "shopify", edited)
    order = await order_json(client, admin, ack["order_id"])
    assert [(l["sku"], l["quantity"]) for l in order["lines"]] == [("MHS-GRY-L", 2)]
    assert order["status"] == "awaiting_payment"


async def test_lines_edited_after_allocation_hold_the_order(
    backend, client, admin, stocked, make_channel, deliver
):
    channel = await make_channel("shopify")
    first = variant("shopify", 7401, "2025-03-14T15:42:09")["order"]
    ack = await send(deliver, channel, "shopify", first)
    assert (await order_json(client, admin, ack["order_id"]))["status"] == "ready_for_picking"
    edited = copy.deepcopy(first)
    edited.update(updated_at="2025-03-14T17:00:00+00:00")
    edited["line_items"][0]["current_quantity"] = 1
    ack = await send(deliver, channel, "shopify", edited)
    assert ack["outcome"] == "held"
    order = await order_json(client, admin, ack["order_id"])
    assert (order["status"], order["held_from"]) == ("on_hold", "ready_for_picking")
    assert [(l["sku"], l["quantity"]) for l in order["lines"]] == [
        ("MHS-GRY-L", 1),
        ("TRS-BLU-M", 1),
    ]


async def test_status_map_of_the_channel(backend, client, admin, stocked, make_channel, deliver):
    channel = await make_channel("woocommerce", status_map={"awaiting-shipment": "paid"})
    ack = await send(
        deliver,
        channel,
        "woocommerce",
        variant("woocommerce", 7500, "2025-03-14T15:43:12", status="awaiting-shipment"),
    )
    assert ack["outcome"] == "created"
    ack = await send(
        deliver,
        channel,
        "woocommerce",
        variant("woocommerce", 7501, "2025-03-14T15:43:12", status="shipped-to-partner"),
    )
    assert ack["outcome"] == "held"
    held = [e for e in await events_of(client, admin, ack["order_id"]) if e["kind"] == "held"]
    assert "shop status 'shipped-to-partner' has no mapping" in held[0]["message"]


async def test_orders_cancelled_or_drafts_before_import_are_skipped(
    backend, client, admin, stocked, make_channel, deliver
):
    channel = await make_channel("woocommerce")
    for n, status in enumerate(["cancelled", "checkout-draft", "completed"]):
        ack = await send(
            deliver,
            channel,
            "woocommerce",
            variant("woocommerce", 7600 + n, "2025-03-14T15:43:12", status=status),
        )
        assert (ack["outcome"], ack["order_id"]) == ("skipped", None)
    assert (await client.get("/api/orders", headers=admin)).json()["total"] == 0


async def test_body_naming_an_order_is_fetched_from_the_shop(
    backend, client, admin, stocked, make_channel, deliver
):
    current = variant("woocommerce", 7700, "2025-03-14T15:43:12")
    async with serve(FakeShop("woocommerce", [current])) as shop:
        channel = await make_channel("woocommerce", shop_url=shop.url)
        ack = await send(deliver, channel, "woocommerce", {"id": 7700})
        assert ack["outcome"] == "created"
        assert shop.requests("GET", "wc/v3/orders/7700")


async def test_lightspeed_body_without_products_is_completed_from_the_shop(
    backend, client, admin, stocked, make_channel, deliver
):
    async with serve(FakeShop("lightspeed", [shop_doc("lightspeed")])) as shop:
        channel = await make_channel("lightspeed", shop_url=shop.url)
        bare = shop_doc("lightspeed")
        bare["order"]["products"] = {"resource": {"id": False, "url": "orders/289341527/products"}}
        ack = await send(deliver, channel, "lightspeed", bare)
        assert ack["outcome"] == "created"
        assert shop.requests("GET", "orders/289341527/products.json")
        order = await order_json(client, admin, ack["order_id"])
        assert [(l["sku"], l["quantity"]) for l in order["lines"]] == [
            ("WDP22-OLV", 1),
            ("TIPS-4", 2),
        ]


async def test_order_deleted_in_the_shop_is_cancelled_here(
    backend, client, admin, stocked, make_channel, deliver
):
    async with serve(FakeShop("woocommerce", [])) as shop:
        channel = await make_channel("woocommerce", shop_url=shop.url)
        ack = await send(
            deliver, channel, "woocommerce", variant("woocommerce", 7900, "2025-03-14T15:43:12")
        )
        assert (await order_json(client, admin, ack["order_id"]))["status"] == "ready_for_picking"
        # order.deleted carries only the id, and the shop answers 404 for it now.
        gone = await send(deliver, channel, "woocommerce", {"id": 7900})
        assert (gone["outcome"], gone["order_id"]) == ("updated", ack["order_id"])
        assert (await order_json(client, admin, ack["order_id"]))["status"] == "cancelled"
        never = await send(deliver, channel, "woocommerce", {"id": 7999})
        assert (never["outcome"], never["order_id"]) == ("skipped", None)
