"""Lines edited in the shop for an order held here from picking: its picked units are in a
tote, so its lines stay as they are and a supervisor is told (the delivery is not refused)."""

from __future__ import annotations

import copy

from server.db.base import utcnow
from server.domain.orders import flow, rules
from server.domain.orders.events import SYSTEM, Context
from tests.channels.conftest import encode, events_of, order_json, sign, variant


async def test_lines_edited_in_the_shop_while_held_from_picking(
    backend, client, admin, stocked, make_channel, deliver, db
):
    channel = await make_channel("shopify")
    first = variant("shopify", 7402, "2025-03-14T15:42:09")["order"]
    body = encode(first)
    ack = (await deliver(channel["id"], body, sign("shopify", body))).json()
    order_id = ack["order_id"]
    async with db() as session:
        order = await flow.load_order(session, order_id, lock=True)
        ctx = Context(SYSTEM, utcnow(), backend.settings.timezone)
        await flow.change_status(session, order, rules.PICKING, ctx)
        await flow.hold(session, order, ctx, "test")
        await session.commit()
    before = await order_json(client, admin, order_id)
    assert (before["status"], before["held_from"]) == ("on_hold", "picking")

    edited = copy.deepcopy(first)
    edited.update(updated_at="2025-03-14T17:00:00+00:00")
    edited["line_items"][0]["current_quantity"] = 1
    body = encode(edited)
    response = await deliver(channel["id"], body, sign("shopify", body))
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "updated"
    after = await order_json(client, admin, order_id)
    assert (after["status"], after["held_from"]) == ("on_hold", "picking")
    assert [(line["sku"], line["quantity"]) for line in after["lines"]] == [
        (line["sku"], line["quantity"]) for line in before["lines"]]
    [update] = [e for e in await events_of(client, admin, order_id) if e["kind"] == "channel_update"]
    assert update["message"] == (
        "From the shop (webhook): flagged for a supervisor: lines changed in the shop while held from picking.")
