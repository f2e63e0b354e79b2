"""Two pickers walk different batches at the same time through the same bins."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from sqlalchemy import func, select

from scanners import make_code
from server.app import create_app
from tests.live import live_server
from server.db.models import Allocation, PickConfirmation
from tests.picking.conftest import STOCK, loc, order_status, stock, tote
from tests.picking.test_batches import second_picker


async def test_concurrent_pickers_share_bins(client, db, world, enter, supervisor, picker, scan, walk):
    other = await second_picker(client, db)
    first = [await enter({"CUP": 2, "BOWL": 1}), await enter({"CUP": 1, "PLATE": 1})]
    second = [await enter({"CUP": 3, "BOWL": 2}), await enter({"CUP": 1})]
    b1 = (await client.post("/api/pick-batches", json={"order_ids": [o["id"] for o in first]},
                            headers=supervisor)).json()["id"]
    b2 = (await client.post("/api/pick-batches", json={"order_ids": [o["id"] for o in second]},
                            headers=supervisor)).json()["id"]
    await client.post(f"/api/pick-batches/{b1}/start", json={"totes": [tote("X1"), tote("X2")]}, headers=picker)
    await client.post(f"/api/pick-batches/{b2}/start", json={"totes": [tote("Y1"), tote("Y2")]}, headers=other)
    # The other cart's tote and batch label mean nothing here.
    assert (await scan(b1, tote("Y1"), expect=409))["code"] == "wrong_batch"
    assert (await scan(b1, make_code("batch", str(b2)), expect=409))["code"] == "wrong_batch"
    assert (await scan(b1, make_code("order", second[0]["number"]), expect=409))["code"] == "wrong_batch"

    one, two = await asyncio.gather(walk(b1), walk(b2, headers=other))
    assert one[-1]["progress"]["units_picked"] == 5
    assert two[-1]["progress"]["units_picked"] == 6
    for order in first + second:
        assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (20 - 7, 0)
    assert await stock(db, world.levels[("BOWL", "A-02-03-A")]) == (8 - 3, 0)
    assert await stock(db, world.levels[("PLATE", "A-03-01-B")]) == (3 - 1, 0)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Allocation)) == 0
        assert await session.scalar(select(func.sum(PickConfirmation.quantity))) == 11
    assert STOCK["CUP"][2] == [("A-02-05-B", 20)]


async def test_parallel_scans_of_one_stop_count_each_unit_once(
    app, client, db, world, enter, supervisor, picker, scan
):
    # A handheld flushing its queue can send many scans at once: 12 product scans for a stop that
    # wants 8 units must pick exactly 8 and refuse 4, on both databases. A real server on a socket
    # runs the requests truly side by side.
    order = await enter({"CUP": 8})
    batch = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()
    await client.post(f"/api/pick-batches/{batch['id']}/start", json={"totes": [tote("Z1")]}, headers=picker)
    await scan(batch["id"], loc("A-02-05-B"))
    gtin = STOCK["CUP"][1]
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=picker, timeout=60) as http:
            responses = await asyncio.gather(*(
                http.post(f"/api/pick-batches/{batch['id']}/scans", json={"id": str(uuid.uuid4()), "code": gtin})
                for _ in range(12)
            ))
    answers = [r.json() for r in responses]
    picked = [a for a in answers if a.get("result") in ("picked", "order_picked")]
    refused = [a for a in answers if "code" in a]
    assert len(picked) == 8
    assert len(refused) == 4
    # The eighth unit ends the only stop and so the batch: later scans find it closed.
    assert {a["code"] for a in refused} <= {"too_many", "stop_done", "batch_closed"}
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (20 - 8, 0)
    async with db() as session:
        assert await session.scalar(select(func.sum(PickConfirmation.quantity))) == 8
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
