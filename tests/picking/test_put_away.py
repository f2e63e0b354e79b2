"""Put-away scans: the bin scan that brings a cancelled order's picked units back on hand counts
once, whatever arrives at the same moment or again later; the scan id decides replays; a bin's
bare name and a product barcode are answered with the label to scan.

Stock by hand: CUP has 20 on hand in A-02-05-B, its only bin (``STOCK``). An order for
``units + 1`` cups allocates them there; ``units`` picked leave 20 - units on hand, and the
cancellation gives the last allocated cup back: (20 - units, 0). The put-away brings the picked
cups back: (20, 0), with exactly one ``put_away`` ledger line of ``units``.
"""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from server.app import create_app
from server.db.models import PickScan, PutAwayTask, StockLedgerEntry
from tests.live import live_server
from tests.picking.conftest import STOCK, loc, new_id, stock

BIN = "A-02-05-B"
LABEL = loc(BIN)  # LOC-A-02-05-B-<check character>
CUP_GTIN = STOCK["CUP"][1]
BOWL_GTIN = STOCK["BOWL"][1]


async def cancelled_pick(client, supervisor, picker, scan, enter, units: int) -> dict:
    """A put-away task of ``units`` cups: an order for ``units + 1`` cups, ``units`` picked,
    then cancelled mid-pick."""
    order = await enter({"CUP": units + 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()["id"]
    started = await client.post(f"/api/pick-batches/{bid}/start", headers=picker)
    assert started.status_code == 200, started.text
    await scan(bid, LABEL)
    for _ in range(units):
        await scan(bid, CUP_GTIN)
    cancelled = await client.post(f"/api/orders/{order['id']}/cancel", headers=supervisor)
    assert cancelled.status_code == 200, cancelled.text
    tasks = (await client.get("/api/put-away-tasks", headers=picker)).json()
    assert [(t["order_id"], t["location"], t["quantity"], t["state"]) for t in tasks] == [
        (order["id"], BIN, units, "open")
    ]
    return tasks[0]


async def ledger_lines(db) -> list[int]:
    async with db() as session:
        return list(await session.scalars(
            select(StockLedgerEntry.quantity).where(StockLedgerEntry.reason == "put_away")
        ))


async def task_state(db, task_id: int) -> str:
    async with db() as session:
        return (await session.get(PutAwayTask, task_id)).state


async def untouched(db, task_id: int, level_id: int) -> tuple[str, tuple[int, int], list[int]]:
    """What a refused put-away scan must leave as it was: the task's state, the bin's
    (on_hand, allocated) and the put-away ledger lines."""
    return await task_state(db, task_id), await stock(db, level_id), await ledger_lines(db)


def put(client, picker, task_id: int, scan_id: str, code: str):
    return client.post(f"/api/put-away-tasks/{task_id}/scans", json={"id": scan_id, "code": code}, headers=picker)


async def test_identical_scans_at_once_put_away_once(app, client, db, world, enter, supervisor, picker, scan):
    task = await cancelled_pick(client, supervisor, picker, scan, enter, units=2)
    level = world.levels[("CUP", BIN)]
    assert await stock(db, level) == (18, 0)
    body = {"id": "pa-dup-000001", "code": LABEL}
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=picker, timeout=60) as http:
            responses = await asyncio.gather(*(
                http.post(f"/api/put-away-tasks/{task['id']}/scans", json=body) for _ in range(3)
            ))
    assert [r.status_code for r in responses] == [200, 200, 200], [r.text for r in responses]
    assert await stock(db, level) == (20, 0)
    assert await ledger_lines(db) == [2]
    answers = [r.json() for r in responses]
    # One answered the scan, the other two got its answer again.
    assert sorted(a["replayed"] for a in answers) == [False, True, True]
    first = next(a for a in answers if not a["replayed"])
    assert first["state"] == "done"
    assert first["quantity"] == 2
    assert all(a == {**first, "replayed": a["replayed"]} for a in answers)


async def test_two_scans_at_once_on_a_one_unit_task_book_once(app, client, db, world, enter, supervisor, picker, scan):
    task = await cancelled_pick(client, supervisor, picker, scan, enter, units=1)
    level = world.levels[("CUP", BIN)]
    assert await stock(db, level) == (19, 0)
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=picker, timeout=60) as http:
            responses = await asyncio.gather(*(
                http.post(f"/api/put-away-tasks/{task['id']}/scans", json={"id": new_id(), "code": LABEL})
                for _ in range(2)
            ))
    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    assert await stock(db, level) == (20, 0)
    assert await ledger_lines(db) == [1]
    # The later one finds the task done: answered as done, nothing booked again.
    assert [(a["state"], a["replayed"]) for a in (r.json() for r in responses)] == [("done", False)] * 2


async def test_same_scan_id_replays_or_is_refused(client, db, world, enter, supervisor, picker, scan):
    task = await cancelled_pick(client, supervisor, picker, scan, enter, units=1)
    level = world.levels[("CUP", BIN)]
    # A refused scan is kept too: its id answers the same again, and not for another code.
    wrong = new_id()
    refused = await put(client, picker, task["id"], wrong, loc("A-01-01-A"))
    assert refused.status_code == 409, refused.text
    assert (refused.json()["code"], refused.json()["replayed"]) == ("wrong_location", False)
    again = await put(client, picker, task["id"], wrong, loc("A-01-01-A"))
    assert (again.status_code, again.json()) == (409, {**refused.json(), "replayed": True})
    reused = await put(client, picker, task["id"], wrong, LABEL)
    assert (reused.status_code, reused.json()["code"]) == (409, "scan_id_reused")
    assert await task_state(db, task["id"]) == "open"
    assert await stock(db, level) == (19, 0)

    same = new_id()
    done = await put(client, picker, task["id"], same, LABEL)
    assert done.status_code == 200, done.text
    assert (done.json()["state"], done.json()["replayed"]) == ("done", False)
    assert await stock(db, level) == (20, 0)
    replay = await put(client, picker, task["id"], same, LABEL)
    assert (replay.status_code, replay.json()) == (200, {**done.json(), "replayed": True})
    other_code = await put(client, picker, task["id"], same, loc("A-01-01-A"))
    assert other_code.status_code == 409, other_code.text
    body = other_code.json()
    assert (body["code"], body["id"]) == ("scan_id_reused", same)
    assert body["detail"] == f"The scan id {same} was used for another code already; send this scan with a new id."
    # The id of a pick scan is not a put-away's.
    async with db() as session:
        pick_id = await session.scalar(select(PickScan.client_id).where(PickScan.raw_escaped == CUP_GTIN).limit(1))
    picked = (await put(client, picker, task["id"], pick_id, LABEL)).json()
    assert (picked["code"], picked["detail"]) == (
        "scan_id_reused", f"The scan id {pick_id} was used for another scan already; send this scan with a new id."
    )
    assert await stock(db, level) == (20, 0)
    assert await ledger_lines(db) == [1]
    async with db() as session:
        logged = await session.scalar(select(func.count()).select_from(PickScan).where(PickScan.client_id.in_(
            [wrong, same])))
    assert logged == 2


async def test_bare_bin_name_names_the_label(client, db, world, enter, supervisor, picker, scan):
    task = await cancelled_pick(client, supervisor, picker, scan, enter, units=1)
    level = world.levels[("CUP", BIN)]
    for typed in (BIN, BIN.lower(), f" {BIN} "):
        response = await put(client, picker, task["id"], new_id(), typed)
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["code"] == "bare_location"
        assert body["detail"] == f"{BIN} is the bin's name; scan its label {LABEL}."
    other = await put(client, picker, task["id"], new_id(), "A-01-01-A")
    assert (other.status_code, other.json()["code"]) == (422, "bare_location")
    assert other.json()["detail"] == (
        f"A-01-01-A is a bin's name, and this put-away goes to {BIN}: scan its label {LABEL}."
    )
    assert await untouched(db, task["id"], level) == ("open", (19, 0), [])
    # The label itself still does it.
    assert (await put(client, picker, task["id"], new_id(), LABEL)).json()["state"] == "done"
    assert await stock(db, level) == (20, 0)


async def test_product_barcode_asks_for_the_bin(client, db, world, enter, supervisor, picker, scan):
    task = await cancelled_pick(client, supervisor, picker, scan, enter, units=1)
    level = world.levels[("CUP", BIN)]
    own = await put(client, picker, task["id"], new_id(), CUP_GTIN)
    assert own.status_code == 409, own.text
    assert own.json()["code"] == "not_expected"
    assert own.json()["detail"] == f"That is the product (Cup); bring the units to {BIN} and scan the bin's label {LABEL}."
    other = await put(client, picker, task["id"], new_id(), BOWL_GTIN)
    assert (other.status_code, other.json()["code"]) == (409, "not_expected")
    assert other.json()["detail"] == (
        f"That is Bowl, not this put-away's Cup; bring the Cup to {BIN} and scan the bin's label {LABEL}."
    )
    assert await untouched(db, task["id"], level) == ("open", (19, 0), [])
