"""The polling sweep against fake shops on loopback: each platform's pagination, rate limits,
timeouts and errors, the cursor with its overlap window, and one sweep at a time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from server.db.base import utcnow
from server.domain.channels.polling import sweep
from server.domain.orders.jobs import acquire_lease
from tests.channels.conftest import body_of, delivery_headers, variant
from tests.channels.fakeshop import FakeShop, serve

PLATFORMS = ["woocommerce", "shopify", "magento", "lightspeed"]
TIMES = ["2025-03-14T15:43:12", "2025-03-14T16:10:00", "2025-03-14T17:20:30"]


def three_orders(platform: str) -> list:
    return [variant(platform, 9000 + n, when) for n, when in enumerate(TIMES)]


async def sync(client, admin, channel_id: int) -> dict:
    response = await client.post(f"/api/channels/{channel_id}/sync", headers=admin)
    assert response.status_code == 200, response.text
    return response.json()


async def channel_with(make_channel, platform: str, shop: FakeShop, **options) -> dict:
    return await make_channel(
        platform,
        shop_url=shop.url,
        options={
            "timeout": 1.0,
            "max_attempts": 3,
            "backoff": 0.01,
            "max_wait": 2.0,
            "page_size": 2,
            **options,
        },
    )


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_sweep_pages_through_every_order(
    backend, client, admin, stocked, make_channel, platform
):
    async with serve(FakeShop(platform, three_orders(platform))) as shop:
        channel = await channel_with(make_channel, platform, shop)
        result = await sync(client, admin, channel["id"])
        assert result["ran"] and result["error"] is None
        assert result["orders"] == 3 and result["outcomes"]["created"] == 3
        assert result["pages"] == 2
        assert result["cursor"] == "2025-03-14T17:20:30Z"
        listing = [
            c
            for c in shop.calls
            if c.method == "GET"
            and c.path.rstrip("/").endswith(
                {
                    "woocommerce": "orders",
                    "shopify": "orders.json",
                    "magento": "orders",
                    "lightspeed": "orders.json",
                }[platform]
            )
        ]
        assert len(listing) == 2
        if platform == "woocommerce":
            assert [c.query["page"] for c in listing] == [["1"], ["2"]]
            # The first filter is the import_since cursor minus the 30-minute overlap, in UTC.
            assert listing[0].query["modified_after"] == ["2024-12-31T23:30:00"]
            assert listing[0].query["dates_are_gmt"] == ["true"]
        if platform == "shopify":
            assert listing[0].query["status"] == ["any"]
            assert set(listing[1].query) == {"page_info", "limit"}
        if platform == "magento":
            assert [c.query["searchCriteria[currentPage]"] for c in listing] == [["1"], ["2"]]
        if platform == "lightspeed":
            assert len(shop.requests("GET", "/products.json")) == 3
        # Again from 17:20:30 - 30 min = 16:50:30: only the newest order is listed once more,
        # with the same updated_at, so it is the same delivery and nothing changes.
        again = await sync(client, admin, channel["id"])
        assert again["error"] is None
        assert again["orders"] == 1 and again["outcomes"]["duplicate"] == 1
        orders = (await client.get("/api/orders", headers=admin)).json()
        assert orders["total"] == 3
        history = (
            await client.get(f"/api/orders/{orders['items'][0]['id']}/events", headers=admin)
        ).json()
        created = [e for e in history if e["kind"] == "created"]
        assert created[0]["actor"] == f"{channel['name']} · poll"
        assert [e["data"]["source"] for e in history if e["kind"] == "imported"] == ["poll"]


async def test_rate_limit_storm_is_waited_out(backend, client, admin, stocked, make_channel):
    async with serve(FakeShop("shopify", three_orders("shopify"))) as shop:
        shop.fail(status=429, retry_after="0.05", times=2, path="orders.json")
        channel = await channel_with(make_channel, "shopify", shop, max_attempts=4)
        result = await sync(client, admin, channel["id"])
        assert result["error"] is None and result["outcomes"]["created"] == 3
        assert len(shop.requests("GET", "orders.json")) == 2 + 2


async def test_endless_rate_limit_stops_the_sweep_and_keeps_the_cursor(
    backend, client, admin, stocked, make_channel
):
    async with serve(FakeShop("lightspeed", three_orders("lightspeed"))) as shop:
        shop.fail(status=429, retry_after="0", times=100, path="orders.json")
        channel = await channel_with(make_channel, "lightspeed", shop)
        result = await sync(client, admin, channel["id"])
        assert result["error"].startswith("shop_rate_limited")
        assert result["cursor"] == "2025-01-01T00:00:00Z"
        stored = (await client.get(f"/api/channels/{channel['id']}", headers=admin)).json()
        assert stored["last_poll_error"].startswith("shop_rate_limited")
        assert stored["poll_cursor"] == "2025-01-01T00:00:00Z"


async def test_retry_after_longer_than_allowed_is_not_slept(
    backend, client, admin, stocked, make_channel
):
    async with serve(FakeShop("woocommerce", three_orders("woocommerce"))) as shop:
        shop.fail(status=429, retry_after="3600", times=1, path="orders")
        channel = await channel_with(make_channel, "woocommerce", shop)
        result = await sync(client, admin, channel["id"])
        assert result["error"].startswith("shop_rate_limited")
        assert len(shop.calls) == 1


async def test_shop_that_times_out(backend, client, admin, stocked, make_channel):
    async with serve(FakeShop("magento", three_orders("magento"))) as shop:
        shop.fail(delay=3.0, times=2, path="orders")
        channel = await channel_with(make_channel, "magento", shop, timeout=0.2, max_attempts=2)
        result = await sync(client, admin, channel["id"])
        assert result["error"].startswith("shop_timeout")
        assert (await client.get("/api/orders", headers=admin)).json()["total"] == 0
        # The shop answers again: the next sweep imports from the old cursor.
        result = await sync(client, admin, channel["id"])
        assert result["error"] is None and result["outcomes"]["created"] == 3


async def test_server_errors_are_retried(backend, client, admin, stocked, make_channel):
    async with serve(FakeShop("woocommerce", three_orders("woocommerce"))) as shop:
        shop.fail(status=503, times=1, path="orders")
        shop.fail(status=500, times=1, path="orders")
        channel = await channel_with(make_channel, "woocommerce", shop)
        result = await sync(client, admin, channel["id"])
        assert result["error"] is None and result["outcomes"]["created"] == 3


async def test_stale_webhook_after_a_newer_poll(
    backend, client, admin, stocked, make_channel, deliver
):
    newer = variant("woocommerce", 5123, "2025-03-14T18:00:00", status="on-hold")
    async with serve(FakeShop("woocommerce", [newer])) as shop:
        channel = await channel_with(make_channel, "woocommerce", shop)
        result = await sync(client, admin, channel["id"])
        assert result["outcomes"]["held"] == 1
        # The shipped webhook body is the same order at 15:43:12, older than what the poll saw.
        ack = (
            await deliver(channel["id"], body_of("woocommerce"), delivery_headers("woocommerce"))
        ).json()
        assert ack["outcome"] == "stale"
        order = (await client.get(f"/api/orders/{ack['order_id']}", headers=admin)).json()
        assert order["status"] == "on_hold"
        log = (await client.get(f"/api/channels/{channel['id']}/deliveries", headers=admin)).json()
        assert [d["outcome"] for d in log][:2] == ["stale", "held"]


async def test_one_sweep_at_a_time_per_channel(backend, client, admin, stocked, make_channel, db):
    async with serve(FakeShop("shopify", three_orders("shopify"))) as shop:
        channel = await channel_with(make_channel, "shopify", shop)
        async with db() as session:
            assert await acquire_lease(
                session, f"channel_poll:{channel['id']}", "another-process", utcnow(), 600
            )
        assert (await sync(client, admin, channel["id"]))["ran"] is False
        assert shop.calls == []
        async with db() as session:
            from server.domain.orders.jobs import release_lease

            await release_lease(
                session, f"channel_poll:{channel['id']}", "another-process", utcnow()
            )
        # Two processes start a sweep together: one runs, the other finds the lease taken.
        shop.fail(delay=0.5, times=1, path="orders.json")
        first, second = await asyncio.gather(
            sweep(db, backend.settings, channel["id"], holder="process-a"),
            sweep(db, backend.settings, channel["id"], holder="process-b"),
        )
        assert sorted([first.ran, second.ran]) == [False, True]
        assert (await client.get("/api/orders", headers=admin)).json()["total"] == 3


def test_retry_after_forms():
    from server.domain.channels.http import retry_after_seconds

    now = datetime(2025, 3, 14, 15, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("2.0", now) == 2.0
    assert retry_after_seconds("Fri, 14 Mar 2025 15:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Fri, 14 Mar 2025 14:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
