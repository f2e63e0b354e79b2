"""Normalisers, pure: platform JSON → one internal shape, and the problems of bad payloads."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from server.domain.channels.platforms.registry import PLATFORMS, detect
from server.errors import ShipfloorError
from tests.channels.conftest import order_of, shop_doc


def problem(platform: str, doc) -> ShipfloorError:
    with pytest.raises(ShipfloorError) as caught:
        PLATFORMS[platform].normalize(doc)
    return caught.value


def test_timestamps_become_utc():
    # WooCommerce *_gmt and Magento are UTC without an offset; Shopify 10:42:09-05:00 is 15:42:09Z.
    assert PLATFORMS["woocommerce"].normalize(shop_doc("woocommerce")).updated_at == datetime(
        2025, 3, 14, 15, 43, 12, tzinfo=UTC
    )
    assert PLATFORMS["shopify"].normalize(shop_doc("shopify")).updated_at == datetime(
        2025, 3, 14, 15, 42, 9, tzinfo=UTC
    )
    assert PLATFORMS["magento"].normalize(shop_doc("magento")).updated_at == datetime(
        2025, 3, 15, 8, 10, 44, tzinfo=UTC
    )
    assert PLATFORMS["lightspeed"].normalize(shop_doc("lightspeed")).updated_at == datetime(
        2025, 3, 14, 15, 44, 51, tzinfo=UTC
    )


def test_shopify_webhook_and_rest_answers_are_the_same_order():
    import json

    from tests.channels.conftest import body_of

    hook = PLATFORMS["shopify"].normalize(json.loads(body_of("shopify")))
    rest = PLATFORMS["shopify"].normalize(shop_doc("shopify"))
    assert hook == rest


def test_magento_configurable_pair_is_one_line():
    order = PLATFORMS["magento"].normalize(shop_doc("magento"))
    assert [(l.sku, l.quantity) for l in order.lines] == [("SSJ-ALP-GRN-L", 1), ("IB-750-STL", 2)]
    # Push-back ships the parent item ids.
    assert order.refs["item_ids"] == {"SSJ-ALP-GRN-L": 1031, "IB-750-STL": 1033}


def test_lightspeed_keeps_ean_and_shipment():
    order = PLATFORMS["lightspeed"].normalize(shop_doc("lightspeed"))
    assert [(l.sku, l.gtin) for l in order.lines] == [
        ("WDP22-OLV", "2001234500012"),
        ("TPT4-RBR", "2001234500029"),
    ]
    assert order.refs["shipment_id"] == 118205573
    assert order.currency is None


def test_detect_each_platform():
    for platform in PLATFORMS:
        assert detect(shop_doc(platform)) == platform
    assert detect({"hello": "world"}) is None


def test_shopify_refunded_and_gift_card_lines_are_not_shipped():
    doc = shop_doc("shopify")
    lines = doc["order"]["line_items"]
    lines[0]["current_quantity"] = 1  # one pair refunded
    lines[1]["gift_card"] = True
    order = PLATFORMS["shopify"].normalize(doc)
    assert [(l.sku, l.quantity) for l in order.lines] == [("MHS-GRY-L", 1)]
    assert len(order.skipped) == 1


def test_magento_refunded_and_virtual_items_are_not_shipped():
    doc = shop_doc("magento")
    doc["items"][2]["qty_refunded"] = 1
    doc["items"].append(
        {
            **copy.deepcopy(doc["items"][2]),
            "item_id": 1040,
            "sku": "GIFT-WRAP",
            "product_type": "virtual",
            "is_virtual": 1,
        }
    )
    order = PLATFORMS["magento"].normalize(doc)
    assert [(l.sku, l.quantity) for l in order.lines] == [("SSJ-ALP-GRN-L", 1), ("IB-750-STL", 1)]


def test_magento_bundle_children_are_the_items():
    doc = shop_doc("magento")
    parent = {
        **copy.deepcopy(doc["items"][2]),
        "item_id": 2000,
        "sku": "SET",
        "product_type": "bundle",
        "price": 30,
    }
    child_a = {
        **copy.deepcopy(doc["items"][2]),
        "item_id": 2001,
        "sku": "CUP",
        "parent_item_id": 2000,
        "price": 0,
        "qty_ordered": 2,
    }
    child_b = {
        **copy.deepcopy(doc["items"][2]),
        "item_id": 2002,
        "sku": "LID",
        "parent_item_id": 2000,
        "price": 0,
        "qty_ordered": 1,
    }
    doc["items"] = [parent, child_a, child_b]
    order = PLATFORMS["magento"].normalize(doc)
    assert [(l.sku, l.quantity) for l in order.lines] == [("CUP", 2), ("LID", 1)]


def test_status_meanings():
    cases = {
        ("woocommerce", "pending"): "pending",
        ("woocommerce", "on-hold"): "on_hold",
        ("woocommerce", "refunded"): "cancelled",
        ("woocommerce", "checkout-draft"): "ignore",
        ("woocommerce", "awaiting-shipment"): "unknown",
        ("magento", "pending_payment"): "pending",
        ("magento", "canceled"): "cancelled",
        ("lightspeed", "processing_awaiting_payment"): "pending",
        ("lightspeed", "cancelled"): "cancelled",
    }
    for (platform, status), state in cases.items():
        doc = shop_doc(platform)
        order = order_of(platform, doc)
        key = {"woocommerce": "status", "lightspeed": "status", "magento": "state"}[platform]
        order[key] = status
        assert PLATFORMS[platform].normalize(doc).state == state, (platform, status)
    doc = shop_doc("shopify")
    doc["order"]["cancelled_at"] = "2025-03-15T09:00:00-05:00"
    assert PLATFORMS["shopify"].normalize(doc).state == "cancelled"


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_order_without_lines(platform):
    doc = shop_doc(platform)
    order = order_of(platform, doc)
    if platform == "lightspeed":
        order["products"]["resource"]["embedded"] = []
    else:
        order["line_items" if platform in ("woocommerce", "shopify") else "items"] = []
    assert problem(platform, doc).code == "order_without_lines"


@pytest.mark.parametrize(
    "platform,path",
    [
        ("woocommerce", ("line_items", 1, "sku")),
        ("shopify", ("line_items", 0, "sku")),
        ("magento", ("items", 2, "sku")),
    ],
)
def test_line_without_sku(platform, path):
    doc = shop_doc(platform)
    order = order_of(platform, doc)
    order[path[0]][path[1]][path[2]] = None if platform != "shopify" else ""
    exc = problem(platform, doc)
    assert exc.code == "line_without_sku"
    assert exc.extra["field"] == f"{path[0]}[{path[1]}].sku"


def test_lightspeed_line_without_any_code():
    doc = shop_doc("lightspeed")
    item = doc["order"]["products"]["resource"]["embedded"][0]
    item.update(sku="", articleCode="", ean="")
    assert problem("lightspeed", doc).code == "line_without_sku"


@pytest.mark.parametrize(
    "platform,path",
    [
        ("woocommerce", ("line_items", 0, "quantity")),
        ("shopify", ("line_items", 1, "quantity")),
        ("magento", ("items", 2, "qty_ordered")),
    ],
)
def test_line_without_quantity(platform, path):
    doc = shop_doc(platform)
    order = order_of(platform, doc)
    del order[path[0]][path[1]][path[2]]
    exc = problem(platform, doc)
    assert exc.code == "invalid_order" and exc.extra["field"] == f"{path[0]}[{path[1]}].{path[2]}"


def test_fractional_quantity_is_refused():
    doc = shop_doc("woocommerce")
    doc["line_items"][0]["quantity"] = 1.5
    assert problem("woocommerce", doc).code == "invalid_order"


@pytest.mark.parametrize(
    "platform,key,value",
    [
        ("shopify", "updated_at", "2025-03-14T10:42:09"),
        ("lightspeed", "updatedAt", "2025-03-14T15:44:51"),
    ],
)
def test_timestamp_without_zone(platform, key, value):
    doc = shop_doc(platform)
    order_of(platform, doc)[key] = value
    exc = problem(platform, doc)
    assert exc.code == "timestamp_without_zone"


def test_woocommerce_local_time_only_is_refused():
    doc = shop_doc("woocommerce")
    del doc["date_modified_gmt"]
    assert problem("woocommerce", doc).code == "timestamp_without_zone"


@pytest.mark.parametrize(
    "platform,key",
    [("woocommerce", "currency"), ("shopify", "currency"), ("magento", "order_currency_code")],
)
def test_malformed_currency(platform, key):
    doc = shop_doc(platform)
    order_of(platform, doc)[key] = "euro"
    assert problem(platform, doc).code == "invalid_currency"


def test_money_from_floats_stays_exact():
    order = PLATFORMS["magento"].normalize(shop_doc("magento"))
    assert order.lines[0].unit_price == Decimal("84.00")
