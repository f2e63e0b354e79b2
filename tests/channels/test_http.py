"""The shop HTTP layer alone: client-side quotas, and webhook confirmation against the shop."""

from __future__ import annotations

from server.domain.channels.http import QuotaPacer
from tests.channels.conftest import encode, order_json, sign, variant
from tests.channels.fakeshop import FakeShop, serve


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_quota_pacer_keeps_every_window():
    clock = Clock()
    pacer = QuotaPacer([(1.0, 20), (300.0, 300)], clock=clock)
    for _ in range(20):
        assert pacer.delay() == 0.0
        pacer.spent()
    # The 21st request within one second waits for the first to leave the 1 s window.
    assert pacer.delay() == 1.0
    for second in range(1, 15):
        clock.now = 1000.0 + second
        for _ in range(20):
            pacer.spent()
    # 300 requests sent by t = 1014 s: the next waits until the first leaves the 5-minute window.
    clock.now = 1015.0
    assert pacer.delay() == 1000.0 + 300.0 - 1015.0


async def test_confirmed_webhook_takes_the_shops_newer_order(
    backend, client, admin, stocked, make_channel, deliver
):
    old = variant("woocommerce", 7800, "2025-03-14T15:43:12", status="pending", date_paid_gmt=None)
    new = variant("woocommerce", 7800, "2025-03-14T16:30:00")
    async with serve(FakeShop("woocommerce", [new])) as shop:
        channel = await make_channel(
            "woocommerce",
            shop_url=shop.url,
            options={"timeout": 1.0, "max_attempts": 1, "confirm_webhooks": True},
        )
        body = encode(old)
        ack = (await deliver(channel["id"], body, sign("woocommerce", body))).json()
        order = await order_json(client, admin, ack["order_id"])
        # The delivery said pending; the shop says processing (paid) since 16:30.
        assert (order["status"], order["payment_state"]) == ("ready_for_picking", "paid")
        shop.fail(status=503, times=10)
        newer = variant("woocommerce", 7801, "2025-03-14T15:43:12")
        body = encode(newer)
        ack = (await deliver(channel["id"], body, sign("woocommerce", body))).json()
        # The shop is down: the delivered order is imported as it is.
        assert ack["outcome"] == "created"
