"""What happens on the floor reaches a supervisor watching ``GET /api/events``: batch progress on
every confirmed pick scan, an order's move to ready_for_packing and ready_for_shipping, and a
label voided by a hold. The app runs on a real socket here (a stream needs one)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.live import live_server, sse_messages
from tests.packing.test_packing import pack, picked_order
from tests.picking.conftest import STOCK, tote


@pytest.fixture
async def client(app):
    """The module's client talks to the app over a socket, so that a stream and the actions
    share one app (and, without Redis, one in-memory event bus)."""
    async with live_server(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as http:
        yield http


async def _collect(response: httpx.Response, into: list[tuple[str, dict]]) -> None:
    async for message in sse_messages(response):
        into.append(message)


async def _until(seen: list[tuple[str, dict]], found, timeout: float = 10.0) -> list[tuple[str, dict]]:
    for _ in range(int(timeout / 0.05)):
        hits = [(name, data) for name, data in seen if found(name, data)]
        if hits:
            return hits
        await asyncio.sleep(0.05)
    raise AssertionError(f"no such event among {seen}")


async def test_supervisor_sees_pick_scans_and_order_moves(app, client, world, enter, supervisor, picker, packer,
                                                          walk):
    token = supervisor["Authorization"].removeprefix("Bearer ")
    seen: list[tuple[str, dict]] = []
    async with client.stream("GET", f"/api/events?topics=orders,batches&access_token={token}") as response:
        assert response.status_code == 200
        reader = asyncio.create_task(_collect(response, seen))
        try:
            # Subscribing is asynchronous: probe until the stream carries events.
            for attempt in range(100):
                app.state.event_bus.publish("orders", {"type": "probe", "n": attempt})
                await asyncio.sleep(0.05)
                if any(data.get("type") == "probe" for _, data in seen):
                    break
            await _until(seen, lambda name, data: data.get("type") == "probe")

            order = await picked_order(client, supervisor, picker, walk, enter, {"MUG": 2}, tote_body="E1")
            # Every confirmed unit is batch progress: 2 mugs, one unit per scan; the walk sends
            # every scan twice and a replay publishes nothing.
            progress = await _until(seen, lambda name, data: name == "batches" and data["type"] == "batch.progress"
                                    and data["units_picked"] == 2)
            assert progress[0][1]["units_total"] == 2
            units = [(data["batch_id"], data["units_picked"]) for name, data in seen
                     if name == "batches" and data["type"] == "batch.progress"]
            assert units == [(progress[0][1]["batch_id"], 1), (progress[0][1]["batch_id"], 2)]
            picked = await _until(seen, lambda name, data: name == "orders" and data.get("to") == "ready_for_packing")
            assert [(d["order_id"], d["from"], d["type"]) for _, d in picked] == [
                (order["id"], "picking", "order.picked")]

            sid = (await client.post("/api/packing/sessions", json={"code": tote("E1")}, headers=packer)).json()["id"]
            assert (await pack(client, packer, sid, STOCK["MUG"][1], quantity=2)).status_code == 200
            closed = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 700},
                                       headers=packer)
            assert closed.status_code == 200, closed.text
            packed = await _until(seen, lambda name, data: data.get("to") == "ready_for_shipping")
            assert packed[0][1]["order_id"] == order["id"]

            assert (await client.post(f"/api/orders/{order['id']}/hold", headers=supervisor)).status_code == 200
            voided = await _until(seen, lambda name, data: data.get("type") == "order.label_voided")
            assert [(name, d["order_id"]) for name, d in voided] == [("orders", order["id"])]
        finally:
            reader.cancel()
