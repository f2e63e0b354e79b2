"""Push-back through the outbox: each platform is told an order shipped, with tracking, in its
own API; failures back off, end as ``failed`` for admins, and can be retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.db.base import utcnow
from server.domain.channels.pushback import MAX_ATTEMPTS, enqueue_completion, run_pushes
from server.domain.orders import flow, rules
from server.domain.orders.events import SYSTEM, Context
from tests.channels.conftest import body_of, delivery_headers, encode, shop_doc, sign
from tests.channels.fakeshop import FakeShop, serve

TRACKING = [{"number": "00340434161234567890", "carrier": "DHL"}]


async def imported(
    make_channel, deliver, platform: str, shop_url: str, **options
) -> tuple[dict, int]:
    channel = await make_channel(
        platform,
        shop_url=shop_url,
        options={"timeout": 1.0, "max_attempts": 1, "backoff": 0.01, "max_wait": 1.0, **options},
    )
    if platform == "magento":
        body = encode(shop_doc("magento"))
        headers = sign("magento", body)
    else:
        body, headers = body_of(platform), delivery_headers(platform)
    ack = (await deliver(channel["id"], body, headers)).json()
    assert ack["outcome"] == "created"
    return channel, ack["order_id"]


async def complete(db, backend, order_id: int, tracking: list | None) -> None:
    """Walk the order to completed, queueing the push-back in the same transaction."""
    now = utcnow()
    ctx = Context(SYSTEM, now, backend.settings.timezone)
    async with db() as session:
        order = await flow.load_order(session, order_id, lock=True)
        for status in (
            rules.PICKING,
            rules.READY_FOR_PACKING,
            rules.READY_FOR_SHIPPING,
            rules.COMPLETED,
        ):
            await flow.change_status(session, order, status, ctx)
        if tracking is not None:
            assert await enqueue_completion(session, order_id, tracking, now)
        await session.commit()


@pytest.mark.parametrize("platform", ["woocommerce", "shopify", "magento", "lightspeed"])
async def test_completed_order_is_pushed_with_tracking(
    backend, client, admin, stocked, make_channel, deliver, db, platform
):
    async with serve(FakeShop(platform, [shop_doc(platform)])) as shop:
        channel, order_id = await imported(make_channel, deliver, platform, shop.url)
        await complete(db, backend, order_id, TRACKING)
        counts = await run_pushes(db, backend.settings, use_lease=False)
        assert counts == {"done": 1, "retry": 0, "failed": 0}
        if platform == "woocommerce":
            [track] = shop.requests(
                "POST", "wc-shipment-tracking/v3/orders/5123/shipment-trackings"
            )
            assert track.body == {
                "tracking_provider": "DHL",
                "tracking_number": "00340434161234567890",
            }
            [done] = shop.requests("PUT", "wc/v3/orders/5123")
            assert done.body == {"status": "completed"}
        if platform == "shopify":
            assert shop.requests("GET", "orders/6120458735921/fulfillment_orders.json")
            [post] = shop.requests("POST", "fulfillments.json")
            # Only the open fulfillment order (7001) is fulfilled; 7002 is closed.
            assert post.body == {
                "fulfillment": {
                    "line_items_by_fulfillment_order": [{"fulfillment_order_id": 7001}],
                    "notify_customer": True,
                    "tracking_info": {"number": "00340434161234567890", "company": "DHL"},
                }
            }
        if platform == "magento":
            [ship] = shop.requests("POST", "V1/order/412/ship")
            assert ship.body == {
                "notify": True,
                "tracks": [
                    {
                        "track_number": "00340434161234567890",
                        "title": "DHL",
                        "carrier_code": "custom",
                    }
                ],
            }
        if platform == "lightspeed":
            [put] = shop.requests("PUT", "en/shipments/118205573.json")
            assert put.body == {
                "shipment": {
                    "status": "shipped",
                    "doNotifyShipped": True,
                    "trackingCode": "00340434161234567890",
                    "doNotifyTrackingCode": True,
                }
            }
        pushes = (await client.get(f"/api/channels/{channel['id']}/pushes", headers=admin)).json()
        assert [(p["kind"], p["state"], p["order_id"]) for p in pushes] == [
            ("completed", "done", order_id)
        ]
        # Sent once: another round sends nothing.
        assert await run_pushes(db, backend.settings, use_lease=False) == {
            "done": 0,
            "retry": 0,
            "failed": 0,
        }


async def test_woocommerce_without_tracking_extension_gets_a_note(
    backend, client, admin, stocked, make_channel, deliver, db
):
    async with serve(
        FakeShop("woocommerce", [shop_doc("woocommerce")], tracking_plugin=False)
    ) as shop:
        _, order_id = await imported(make_channel, deliver, "woocommerce", shop.url)
        await complete(db, backend, order_id, TRACKING)
        assert (await run_pushes(db, backend.settings, use_lease=False))["done"] == 1
        [note] = shop.requests("POST", "wc/v3/orders/5123/notes")
        assert note.body == {"note": "Shipped with DHL 00340434161234567890", "customer_note": True}


async def test_completed_orders_without_a_push_are_found(
    backend, client, admin, stocked, make_channel, deliver, db
):
    async with serve(FakeShop("lightspeed", [shop_doc("lightspeed")])) as shop:
        _, order_id = await imported(make_channel, deliver, "lightspeed", shop.url)
        await complete(db, backend, order_id, None)
        assert (await run_pushes(db, backend.settings, use_lease=False))["done"] == 1
        [put] = shop.requests("PUT", "shipments/118205573.json")
        assert put.body == {"shipment": {"status": "shipped", "doNotifyShipped": True}}


async def test_failures_back_off_then_fail_and_an_admin_retries(
    backend, client, admin, stocked, make_channel, deliver, db
):
    async with serve(FakeShop("magento", [shop_doc("magento")])) as shop:
        channel, order_id = await imported(make_channel, deliver, "magento", shop.url)
        await complete(db, backend, order_id, TRACKING)
        shop.fail(status=500, times=1000, path="ship")
        now = utcnow()
        waits = []
        for attempt in range(1, MAX_ATTEMPTS + 1):
            counts = await run_pushes(db, backend.settings, now=now, use_lease=False)
            assert counts == (
                {"done": 0, "retry": 1, "failed": 0}
                if attempt < MAX_ATTEMPTS
                else {"done": 0, "retry": 0, "failed": 1}
            )
            [push] = (
                await client.get(f"/api/channels/{channel['id']}/pushes", headers=admin)
            ).json()
            assert push["attempts"] == attempt
            if attempt < MAX_ATTEMPTS:
                # Not due before its backoff has passed.
                assert await run_pushes(db, backend.settings, now=now, use_lease=False) == {
                    "done": 0,
                    "retry": 0,
                    "failed": 0,
                }
                from datetime import datetime

                due = datetime.fromisoformat(push["next_attempt_at"])
                waits.append((due - now).total_seconds())
                now = due
        # 30 s doubling each time: 30, 60, 120, 240, 480, 960, 1920 seconds.
        assert waits == [30.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0]
        stored = (await client.get(f"/api/channels/{channel['id']}", headers=admin)).json()
        assert stored["pushes_failed"] == 1
        [push] = (
            await client.get(f"/api/channels/{channel['id']}/pushes?state=failed", headers=admin)
        ).json()
        assert "shop_error" in push["last_error"]
        shop.faults.clear()
        response = await client.post(
            f"/api/channels/{channel['id']}/pushes/{push['id']}/retry", headers=admin
        )
        assert response.status_code == 200 and response.json()["state"] == "pending"
        assert (
            await run_pushes(db, backend.settings, now=now + timedelta(seconds=1), use_lease=False)
        )["done"] == 1
        response = await client.post(
            f"/api/channels/{channel['id']}/pushes/{push['id']}/retry", headers=admin
        )
        assert response.status_code == 409 and response.json()["code"] == "push_done"


async def test_stock_levels_are_pushed(backend, client, admin, stocked, make_channel, db):
    async with serve(FakeShop("magento", [])) as shop:
        channel = await make_channel("magento", shop_url=shop.url)
        response = await client.post(
            f"/api/channels/{channel['id']}/stock",
            json={"skus": ["IB-750-STL", "SSJ-ALP-GRN-L"]},
            headers=admin,
        )
        assert response.status_code == 202, response.text
        assert (await run_pushes(db, backend.settings, use_lease=False))["done"] == 1
        [post] = shop.requests("POST", "inventory/source-items")
        assert sorted(post.body["sourceItems"], key=lambda i: i["sku"]) == [
            {"sku": "IB-750-STL", "source_code": "default", "quantity": 10, "status": 1},
            {"sku": "SSJ-ALP-GRN-L", "source_code": "default", "quantity": 10, "status": 1},
        ]


async def test_stock_changes_are_pushed_by_themselves(
    backend, client, admin, stocked, make_channel, db
):
    from server.db.models import StockLedgerEntry, StockLevel

    async with serve(FakeShop("magento", [])) as shop:
        channel = await make_channel(
            "magento", shop_url=shop.url, options={"push_stock": True, "stock_interval_seconds": 0}
        )
        assert (await run_pushes(db, backend.settings, use_lease=False))["done"] == 0
        async with db() as session:
            level = await session.scalar(
                select(StockLevel).where(StockLevel.product_id == stocked["IB-750-STL"])
            )
            level.on_hand = 7
            session.add(
                StockLedgerEntry(
                    stock_level_id=level.id,
                    product_id=level.product_id,
                    location_id=level.location_id,
                    reason="damage",
                    quantity=-3,
                    on_hand_before=10,
                    on_hand_after=7,
                    allocated_before=0,
                    allocated_after=0,
                )
            )
            await session.commit()
        assert (await run_pushes(db, backend.settings, use_lease=False))["done"] == 1
        [post] = shop.requests("POST", "inventory/source-items")
        assert post.body == {
            "sourceItems": [
                {"sku": "IB-750-STL", "source_code": "default", "quantity": 7, "status": 1}
            ]
        }
        # Nothing moved since: nothing more to send.
        assert (await run_pushes(db, backend.settings, use_lease=False))["done"] == 0
        pushes = (await client.get(f"/api/channels/{channel['id']}/pushes", headers=admin)).json()
        assert [(p["kind"], p["state"]) for p in pushes] == [("stock", "done")]
