"""Webhook deliveries over HTTP: signatures, ping, duplicates, reordering, concurrency, bad
input, unknown SKUs, secrets."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from sqlalchemy import select

from server.app import create_app
from server.db.models import Channel
from tests.channels.conftest import (
    body_of,
    delivery_headers,
    encode,
    events_of,
    headers_file,
    order_json,
    sign,
    variant,
)
from tests.live import live_server


async def all_orders(client, admin) -> list[dict]:
    response = await client.get("/api/orders", headers=admin)
    return response.json()["items"]


@pytest.mark.parametrize("platform", ["woocommerce", "shopify", "lightspeed"])
async def test_bad_signatures_are_refused_with_401(
    backend, client, admin, stocked, make_channel, deliver, platform
):
    channel = await make_channel(platform)
    body, headers = body_of(platform), delivery_headers(platform)
    header = {
        "woocommerce": "X-WC-Webhook-Signature",
        "shopify": "X-Shopify-Hmac-Sha256",
        "lightspeed": "X-Signature",
    }[platform]
    missing = {k: v for k, v in headers.items() if k != header}
    response = await deliver(channel["id"], body, missing)
    assert response.status_code == 401 and response.json()["code"] == "missing_signature"
    wrong = {**headers, header: sign(platform, body, "another secret")[header]}
    response = await deliver(channel["id"], body, wrong)
    assert response.status_code == 401 and response.json()["code"] == "invalid_signature"
    changed = bytearray(body)
    changed[len(changed) // 2] ^= 0x01
    response = await deliver(channel["id"], bytes(changed), headers)
    assert response.status_code == 401 and response.json()["code"] == "invalid_signature"
    assert await all_orders(client, admin) == []
    # The untouched delivery goes through.
    assert (await deliver(channel["id"], body, headers)).status_code == 200


async def test_woocommerce_ping_gets_200(backend, client, admin, make_channel, deliver):
    channel = await make_channel("woocommerce")
    ping = headers_file("woocommerce")["ping_example"]
    response = await deliver(channel["id"], ping["body"].encode(), ping["headers"])
    assert response.status_code == 200
    assert response.json()["status"] == "ping"
    assert await all_orders(client, admin) == []


async def test_unknown_channel_is_404(backend, client, deliver):
    response = await deliver(999, body_of("shopify"), delivery_headers("shopify"))
    assert response.status_code == 404 and response.json()["code"] == "channel_not_found"


async def test_duplicate_delivery_changes_nothing(
    backend, client, admin, stocked, make_channel, deliver
):
    channel = await make_channel("woocommerce")
    first = (
        await deliver(channel["id"], body_of("woocommerce"), delivery_headers("woocommerce"))
    ).json()
    again = (
        await deliver(channel["id"], body_of("woocommerce"), delivery_headers("woocommerce"))
    ).json()
    assert (first["outcome"], again["outcome"]) == ("created", "duplicate")
    assert again["order_id"] == first["order_id"]
    history = await events_of(client, admin, first["order_id"])
    assert [e["kind"] for e in history].count("created") == 1


async def test_ten_concurrent_deliveries_make_one_order(
    backend, client, admin, stocked, make_channel
):
    channel = await make_channel("shopify")
    body, headers = body_of("shopify"), delivery_headers("shopify")
    # Five copies of one event and five retries carrying other event ids: all the same order,
    # sent at once to two server processes (two apps on real sockets, one database).
    variants = [headers] * 5 + [{**headers, "X-Shopify-Event-Id": f"evt-{n}"} for n in range(5)]
    async with (
        live_server(create_app(backend.settings)) as url_a,
        live_server(create_app(backend.settings)) as url_b,
        httpx.AsyncClient(timeout=60) as http,
    ):
        responses = await asyncio.gather(
            *(
                http.post(
                    f"{(url_a, url_b)[n % 2]}/api/webhooks/{channel['id']}", content=body, headers=h
                )
                for n, h in enumerate(variants)
            )
        )
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    outcomes = sorted(r.json()["outcome"] for r in responses)
    assert outcomes.count("created") == 1
    assert set(outcomes) <= {"created", "duplicate", "unchanged"}
    orders = await all_orders(client, admin)
    assert len(orders) == 1
    history = await events_of(client, admin, orders[0]["id"])
    assert [e["kind"] for e in history].count("created") == 1


async def test_out_of_order_deliveries_keep_the_newest(
    backend, client, admin, stocked, make_channel, deliver
):
    channel = await make_channel("shopify")
    older = variant("shopify", 77, "2025-03-14T15:42:09")["order"]
    newer = variant("shopify", 77, "2025-03-14T16:00:00")["order"]
    newer["line_items"][0]["current_quantity"] = 1  # one pair removed by an order edit
    body_new, body_old = encode(newer), encode(older)
    first = (
        await deliver(
            channel["id"], body_new, {**sign("shopify", body_new), "X-Shopify-Event-Id": "b"}
        )
    ).json()
    late = (
        await deliver(
            channel["id"], body_old, {**sign("shopify", body_old), "X-Shopify-Event-Id": "a"}
        )
    ).json()
    assert (first["outcome"], late["outcome"]) == ("created", "stale")
    order = await order_json(client, admin, first["order_id"])
    assert [(l["sku"], l["quantity"]) for l in order["lines"]] == [
        ("MHS-GRY-L", 1),
        ("TRS-BLU-M", 1),
    ]


async def test_not_json(backend, client, admin, make_channel, deliver):
    channel = await make_channel("woocommerce")
    body = b"<html>502 Bad Gateway</html>"
    response = await deliver(channel["id"], body, sign("woocommerce", body))
    assert response.status_code == 400 and response.json()["code"] == "malformed_body"
    log = (await client.get(f"/api/channels/{channel['id']}/deliveries", headers=admin)).json()
    assert [d["outcome"] for d in log] == ["rejected"]


async def test_wrong_platform(backend, client, admin, make_channel, deliver):
    channel = await make_channel("woocommerce")
    body = body_of("shopify")
    response = await deliver(channel["id"], body, sign("woocommerce", body))
    assert response.status_code == 422
    assert response.json()["code"] == "wrong_platform" and response.json()["platform"] == "shopify"
    body = b'{"hello": "world"}'
    response = await deliver(channel["id"], body, sign("woocommerce", body))
    assert response.status_code == 422 and response.json()["code"] == "not_an_order"


async def test_ten_megabyte_body_is_413(backend, client, admin, make_channel, deliver):
    channel = await make_channel("woocommerce")
    body = b'{"pad": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = await deliver(channel["id"], body, sign("woocommerce", body))
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


@pytest.mark.parametrize(
    "case,code",
    [
        ("no_lines", "order_without_lines"),
        ("line_without_sku", "line_without_sku"),
        ("line_without_quantity", "invalid_order"),
        ("naive_date", "timestamp_without_zone"),
    ],
)
async def test_bad_orders_are_refused_whole(
    backend, client, admin, stocked, make_channel, deliver, case, code
):
    channel = await make_channel("shopify")
    order = variant("shopify", 55, "2025-03-14T15:42:09")["order"]
    if case == "no_lines":
        order["line_items"] = []
    elif case == "line_without_sku":
        order["line_items"][1]["sku"] = ""
    elif case == "line_without_quantity":
        del order["line_items"][1]["quantity"]
    else:
        order["updated_at"] = "2025-03-14T15:42:09"
    body = encode(order)
    response = await deliver(channel["id"], body, sign("shopify", body))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    # Nothing half-imported: no order, no customer-facing trace but the log entry.
    assert await all_orders(client, admin) == []
    log = (await client.get(f"/api/channels/{channel['id']}/deliveries", headers=admin)).json()
    assert log[0]["outcome"] == "rejected" and code in log[0]["message"]


async def test_other_currency_is_held_with_reason(
    backend, client, admin, stocked, make_channel, deliver
):
    channel = await make_channel("woocommerce", currency="EUR")
    doc = variant("woocommerce", 6001, "2025-03-14T15:43:12", currency="USD")
    body = encode(doc)
    ack = (await deliver(channel["id"], body, sign("woocommerce", body))).json()
    assert ack["outcome"] == "held"
    order = await order_json(client, admin, ack["order_id"])
    assert (order["status"], order["hold_reason"], order["currency"]) == (
        "on_hold",
        "manual",
        "USD",
    )
    held = [e for e in await events_of(client, admin, order["id"]) if e["kind"] == "held"]
    assert "currency USD differs from the channel's EUR" in held[0]["message"]


async def test_unknown_sku_holds_the_order_and_keeps_the_line(
    backend, client, admin, stocked, make_channel, deliver
):
    channel = await make_channel("woocommerce")
    doc = variant("woocommerce", 6002, "2025-03-14T15:43:12")
    doc["line_items"][1]["sku"] = "NEW-THING-9"
    body = encode(doc)
    ack = (await deliver(channel["id"], body, sign("woocommerce", body))).json()
    assert ack["outcome"] == "held"
    order = await order_json(client, admin, ack["order_id"])
    assert (order["status"], order["hold_reason"], order["held_from"]) == (
        "on_hold",
        "manual",
        "draft",
    )
    assert [(l["sku"], l["quantity"]) for l in order["lines"]] == [
        ("MWS-GRY-4346", 2),
        ("NEW-THING-9", 1),
    ]
    assert order["tags"] == ["unknown-sku"]
    held = [e for e in await events_of(client, admin, order["id"]) if e["kind"] == "held"]
    assert "unknown SKU NEW-THING-9" in held[0]["message"]


async def test_secrets_are_stored_encrypted_and_never_returned(
    backend, client, admin, make_channel, db
):
    channel = await make_channel(
        "woocommerce", credentials={"key": "ck_live_abc", "secret": "cs_live_xyz"}
    )
    listed = (await client.get("/api/channels", headers=admin)).text
    one = (await client.get(f"/api/channels/{channel['id']}", headers=admin)).text
    for text in (json.dumps(channel), listed, one):
        for secret in ("ck_live_abc", "cs_live_xyz", headers_file("woocommerce")["secret"]):
            assert secret not in text
    assert channel["has_credentials"] and channel["has_webhook_secret"]
    async with db() as session:
        row = await session.scalar(select(Channel).where(Channel.id == channel["id"]))
        assert "cs_live_xyz" not in row.credentials_enc
        assert headers_file("woocommerce")["secret"] not in row.webhook_secret_enc


async def test_only_admins_manage_channels(backend, client, login, make_channel):
    supervisor = await login("supervisor")
    response = await client.get("/api/channels", headers=supervisor)
    assert response.status_code == 403
    response = await client.post(
        "/api/channels", json={"name": "x", "platform": "shopify", "shop_url": "https://x.example"}
    )
    assert response.status_code == 401
