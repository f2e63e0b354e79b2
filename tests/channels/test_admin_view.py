"""What the admin's channel screen reads: the full webhook URL, the sync state after a failing
sweep, and counts of refused deliveries and failed pushes."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.channels.conftest import sign
from tests.channels.fakeshop import FakeShop, serve
from tests.channels.test_polling import three_orders


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_new_channel_shows_its_webhook_url_and_no_sync_yet(backend, client, admin, make_channel):
    channel = await make_channel("woocommerce", poll_interval_seconds=600)
    # The test client calls http://testserver.local; the shop must post to the channel's path there.
    assert channel["webhook_path"] == f"/api/webhooks/{channel['id']}"
    assert channel["webhook_url"] == f"http://testserver.local/api/webhooks/{channel['id']}"
    assert channel["last_poll_at"] is None and channel["last_poll_error"] is None
    assert channel["last_error_at"] is None
    # Never swept: due at once, i.e. at its creation.
    assert channel["next_sync_at"] == channel["created_at"]
    assert (channel["pushes_failed"], channel["deliveries_rejected"]) == (0, 0)
    listed = (await client.get("/api/channels", headers=admin)).json()
    assert [c["webhook_url"] for c in listed] == [channel["webhook_url"]]


async def test_polling_off_has_no_next_sync(backend, client, admin, make_channel):
    channel = await make_channel("shopify")  # the fixture turns polling off (interval 0)
    assert channel["poll_interval_seconds"] == 0
    assert channel["next_sync_at"] is None


async def test_failing_sync_shows_the_error_when_and_next_sync(backend, client, admin, stocked, make_channel):
    async with serve(FakeShop("lightspeed", three_orders("lightspeed"))) as shop:
        shop.fail(status=429, retry_after="0", times=100, path="orders.json")
        channel = await make_channel(
            "lightspeed",
            shop_url=shop.url,
            poll_interval_seconds=300,
            options={"timeout": 1.0, "max_attempts": 2, "backoff": 0.01, "max_wait": 1.0},
        )
        response = await client.post(f"/api/channels/{channel['id']}/sync", headers=admin)
        assert response.status_code == 200 and response.json()["error"].startswith("shop_rate_limited")
    view = (await client.get(f"/api/channels/{channel['id']}", headers=admin)).json()
    assert view["last_poll_error"].startswith("shop_rate_limited")
    assert view["last_error_at"] == view["last_poll_at"] is not None
    assert at(view["next_sync_at"]) - at(view["last_poll_at"]) == timedelta(seconds=300)
    # The cursor stays where it was: the failed sweep is repeated from import_since.
    assert view["poll_cursor"] == "2025-01-01T00:00:00Z"


async def test_refused_delivery_is_counted(backend, client, admin, make_channel, deliver):
    channel = await make_channel("woocommerce")
    body = b'{"hello": "world"}'
    response = await deliver(channel["id"], body, sign("woocommerce", body))
    assert response.status_code == 422
    view = (await client.get(f"/api/channels/{channel['id']}", headers=admin)).json()
    assert view["deliveries_rejected"] == 1
