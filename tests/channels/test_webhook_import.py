"""Each platform's shipped webhook body imports one order end to end; expected values are
worked out by hand from the fixture files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.channels.conftest import (
    body_of,
    delivery_headers,
    encode,
    events_of,
    order_json,
    shop_doc,
    sign,
)

# platform -> (external number, currency, [(sku, quantity, unit price)], ship-to (name, street, postcode, city, country))
EXPECTED = {
    # Lines 23.45 / 2 = 11.725 -> 11.73 and 35.21 / 1 (line totals after the coupon, without tax).
    "woocommerce": (
        "5123",
        "EUR",
        [("MWS-GRY-4346", 2, "11.73"), ("TLS-BLU-M", 1, "35.21")],
        ("Lena Vogtmann", "Musterhof 3, Hinterhaus", "04107", "Leipzig", "DE"),
    ),
    # (2 x 14.95 - 2.99) / 2 = 13.455 -> 13.46 and 44.90 - 4.49 = 40.41 (discount allocations).
    "shopify": (
        "#1042",
        "USD",
        [("MHS-GRY-L", 2, "13.46"), ("TRS-BLU-M", 1, "40.41")],
        ("Dana Whitfield", "1847 W Maplecrest Ave, Apt 3B", "60622", "Chicago", "US"),
    ),
    # priceExcl per unit 66.0744 -> 66.07 and 5.3719 -> 5.37; TPT4-RBR is found by its EAN as TIPS-4;
    # no currency on Lightspeed orders: the channel's EUR.
    "lightspeed": (
        "ORD04187",
        "EUR",
        [("WDP22-OLV", 1, "66.07"), ("TIPS-4", 2, "5.37")],
        ("Sanne de Waard", "Kastanjelaan 17 bis", "3581 AB", "Utrecht", "NL"),
    ),
    # The configurable parent (price 84) and its simple child are one line; IB-750-STL 2 x 21.
    "magento": (
        "000000412",
        "EUR",
        [("SSJ-ALP-GRN-L", 1, "84.00"), ("IB-750-STL", 2, "21.00")],
        ("Jonas Brenner", "Hafenstraße 27, Hinterhaus, 3. OG", "20459", "Hamburg", "DE"),
    ),
}


def webhook_body(platform: str) -> tuple[bytes, dict[str, str]]:
    if platform == "magento":
        body = encode(shop_doc("magento"))
        return body, sign("magento", body)
    return body_of(platform), delivery_headers(platform)


@pytest.mark.parametrize("platform", ["woocommerce", "shopify", "lightspeed", "magento"])
async def test_webhook_imports_the_fixture_order(
    backend, client, admin, stocked, make_channel, deliver, platform
):
    channel = await make_channel(platform)
    body, headers = webhook_body(platform)
    response = await deliver(channel["id"], body, headers)
    assert response.status_code == 200, response.text
    ack = response.json()
    assert ack["status"] == "accepted" and ack["outcome"] == "created"
    order = await order_json(client, admin, ack["order_id"])
    number, currency, lines, ship_to = EXPECTED[platform]
    assert order["origin"]["channel"] == platform
    assert order["origin"]["external_number"] == number
    assert order["currency"] == currency
    assert [(l["sku"], l["quantity"], l["unit_price"]) for l in order["lines"]] == lines
    total = sum(Decimal(p) * q for _, q, p in lines)
    assert Decimal(order["total_amount"]) == total
    assert order["payment_state"] == "paid"
    # Paid and every unit in stock: the release check allocated it.
    assert order["status"] == "ready_for_picking"
    assert all(line["allocated"] == line["quantity"] for line in order["lines"])
    address = order["shipping_address"]
    assert (
        address["name"],
        address["street"],
        address["postal_code"],
        address["city"],
        address["country"],
    ) == ship_to
    history = await events_of(client, admin, order["id"])
    created = [e for e in history if e["kind"] == "created"]
    assert len(created) == 1 and created[0]["channel"] == platform
    assert created[0]["actor"] == f"{channel['name']} · webhook"
    imported = [e for e in history if e["kind"] == "imported"]
    assert imported[0]["data"]["source"] == "webhook"
    if platform == "woocommerce":
        assert imported[0]["data"]["delivery_id"] == "9d6a1c3e57b04f28a1e0c4b7f3d92e61"
    if platform == "shopify":
        assert imported[0]["data"]["delivery_id"] == "e3a9d1c7-4b2f-4f8e-9a06-7c5d2b1e8f93"
