"""An order cancelled (or refunded) in the shop, at each of our statuses: cancelled here while
it is not on the floor; stopped and flagged for a supervisor once picking has begun; only
flagged once it shipped."""

from __future__ import annotations

import pytest

from server.db.base import utcnow
from server.db.models import StockLevel
from server.domain.orders import flow, rules
from server.domain.orders.events import SYSTEM, Context
from tests.channels.conftest import encode, events_of, order_json, sign, variant

CREATED = "2025-03-14T15:43:12"
CANCELLED_AT = "2025-03-14T19:00:00"

# our status before the shop cancels -> (status after, hold reason after, held_from after)
CASES = {
    "draft": ("cancelled", None, None),
    "awaiting_payment": ("cancelled", None, None),
    "on_hold_manual": ("cancelled", None, None),
    "on_hold_backorder": ("cancelled", None, None),
    "ready_for_picking": ("cancelled", None, None),
    "picking": ("on_hold", "manual", "picking"),
    "ready_for_packing": ("on_hold", "manual", "ready_for_packing"),
    "ready_for_shipping": ("on_hold", "manual", "ready_for_shipping"),
    "on_hold_from_picking": ("on_hold", "manual", "picking"),
    "completed": ("completed", None, None),
    "cancelled": ("cancelled", None, None),
}


async def arrange(db, backend, order_id: int, case: str) -> None:
    """Move the imported order (ready for picking, or as imported) to ``case``."""
    ctx = Context(SYSTEM, utcnow(), backend.settings.timezone)
    async with db() as session:
        order = await flow.load_order(session, order_id, lock=True)
        path = {
            "picking": [rules.PICKING],
            "ready_for_packing": [rules.PICKING, rules.READY_FOR_PACKING],
            "ready_for_shipping": [
                rules.PICKING,
                rules.READY_FOR_PACKING,
                rules.READY_FOR_SHIPPING,
            ],
            "completed": [
                rules.PICKING,
                rules.READY_FOR_PACKING,
                rules.READY_FOR_SHIPPING,
                rules.COMPLETED,
            ],
            "on_hold_from_picking": [rules.PICKING],
        }.get(case, [])
        for status in path:
            await flow.change_status(session, order, status, ctx)
        if case in ("on_hold_manual", "on_hold_from_picking"):
            await flow.hold(session, order, ctx, "test")
        if case == "draft":
            await flow.release(session, order, ctx)  # held for review from draft -> draft
        if case == "cancelled":
            await flow.cancel(session, order, ctx, "test")
        await session.commit()


@pytest.mark.parametrize("case", list(CASES))
async def test_cancelled_in_shop(backend, client, admin, stocked, make_channel, deliver, db, case):
    channel = await make_channel("woocommerce", currency="EUR")
    changes = {}
    if case == "awaiting_payment":
        changes = {"status": "pending", "date_paid_gmt": None}
    elif case == "draft":
        changes = {"currency": "USD"}  # held for review from draft
    first = variant("woocommerce", 7100, CREATED, **changes)
    if case == "on_hold_backorder":
        first["line_items"][0]["quantity"] = 50  # 10 in stock
    body = encode(first)
    ack = (await deliver(channel["id"], body, sign("woocommerce", body))).json()
    order_id = ack["order_id"]
    await arrange(db, backend, order_id, case)
    before = await order_json(client, admin, order_id)
    expected_before = {
        "on_hold_manual": "on_hold",
        "on_hold_backorder": "on_hold",
        "on_hold_from_picking": "on_hold",
    }.get(case, case)
    assert before["status"] == expected_before

    cancelled = variant("woocommerce", 7100, CANCELLED_AT, **{**changes, "status": "cancelled"})
    if case == "on_hold_backorder":
        cancelled["line_items"][0]["quantity"] = 50
    body = encode(cancelled)
    response = await deliver(channel["id"], body, sign("woocommerce", body))
    assert response.status_code == 200, response.text
    after = await order_json(client, admin, order_id)
    status, reason, held_from = CASES[case]
    assert (after["status"], after["hold_reason"], after["held_from"]) == (
        status,
        reason,
        held_from,
    )
    history = await events_of(client, admin, order_id)
    shop_events = [e for e in history if e["kind"] == "channel_update"]
    if case == "cancelled":
        assert shop_events == []
    elif status == "cancelled":
        assert "cancelled" in shop_events[-1]["message"]
        # Allocated units went back to stock.
        async with db() as session:
            from sqlalchemy import func, select

            assert await session.scalar(select(func.sum(StockLevel.allocated))) == 0
    else:
        assert "flag" in shop_events[-1]["message"]
        assert shop_events[-1]["actor"] == f"{channel['name']} · webhook"
