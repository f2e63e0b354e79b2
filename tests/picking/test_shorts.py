"""Short picks: found in another bin (a stop is added and the route recomputed), split off to
a backorder, or the order held; holds and cancellations while picking."""

from __future__ import annotations

from sqlalchemy import func, select

from server.db.models import Allocation, PutAwayTask, SalesOrder, StockLedgerEntry
from tests.picking.conftest import STOCK, loc, new_id, order_status, stock


async def start(client, supervisor, picker, order_ids: list[int]) -> dict:
    bid = (await client.post("/api/pick-batches", json={"order_ids": order_ids}, headers=supervisor)).json()["id"]
    response = await client.post(f"/api/pick-batches/{bid}/start", headers=picker)
    assert response.status_code == 200, response.text
    return response.json()


async def short(client, picker, bid: int, stop_id: int, found: int, id: str | None = None):
    return await client.post(f"/api/pick-batches/{bid}/stops/{stop_id}/short",
                             json={"found": found, "id": id or new_id()}, headers=picker)


async def test_short_pick_found_in_another_bin(client, db, world, enter, supervisor, picker, scan, walk):
    order = await enter({"MUG": 4})
    batch = await start(client, supervisor, picker, [order["id"]])
    bid, stop = batch["id"], batch["stops"][0]
    first = stop["location"]
    other = next(code for code in ("A-01-02-A", "A-04-05-B") if code != first)
    first_level, other_level = world.levels[("MUG", first)], world.levels[("MUG", other)]
    on_hand_first = dict(STOCK["MUG"][2])[first]
    await scan(bid, loc(first))
    await scan(bid, STOCK["MUG"][1])
    # One mug taken; the bin holds 2 more, the stop wanted 3 more: 1 must come from the other bin.
    same = new_id()
    response = await short(client, picker, bid, stop["id"], 2, id=same)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["result"] == "short_reported"
    assert body["backorders"] == []
    replay = await short(client, picker, bid, stop["id"], 2, id=same)
    assert replay.json() == {**body, "replayed": True}
    view = (await client.get(f"/api/pick-batches/{bid}", headers=picker)).json()
    assert [(s["location"], s["quantity"], s["picked"]) for s in view["stops"]] == [(first, 3, 1), (other, 1, 0)]
    assert view["route_length_m"] > 0
    assert await stock(db, first_level) == (2, 2)
    assert await stock(db, other_level) == (dict(STOCK["MUG"][2])[other], 1)
    answers = await walk(bid)
    assert answers[-1]["next"]["action"] == "batch_done"
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    assert await stock(db, first_level) == (0, 0)
    assert await stock(db, other_level) == (dict(STOCK["MUG"][2])[other] - 1, 0)
    assert on_hand_first - 1 - 2 > 0  # the bin really was short


async def pick_cups(scan, bid: int, quantity: int) -> dict:
    """Pick the cup stop (the first of these batches) in one scan: the plate stop comes next."""
    await scan(bid, loc("A-02-05-B"))
    return await scan(bid, STOCK["CUP"][1], quantity=quantity)


async def test_short_pick_split_to_backorder(client, db, world, enter, supervisor, picker, scan, walk):
    order = await enter({"PLATE": 3, "CUP": 1}, policy="split")
    batch = await start(client, supervisor, picker, [order["id"]])
    plate = next(s for s in batch["stops"] if s["product"]["sku"] == "PLATE")
    assert (await pick_cups(scan, batch["id"], 1))["next"]["stop_id"] == plate["id"]
    response = await short(client, picker, batch["id"], plate["id"], 1)
    assert response.status_code == 200, response.text
    (entry,) = response.json()["backorders"]
    assert entry["policy"] == "split" and entry["order_id"] == order["id"]
    await walk(batch["id"])
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    child = (await client.get(f"/api/orders/{entry['backorder_id']}", headers=supervisor)).json()
    assert (child["status"], child["hold_reason"], child["number"]) == ("on_hold", "backorder", f"{order['number']}-BO1")
    assert [(line["sku"], line["quantity"]) for line in child["lines"]] == [("PLATE", 2)]
    parent = (await client.get(f"/api/orders/{order['id']}", headers=supervisor)).json()
    assert sorted((line["sku"], line["quantity"]) for line in parent["lines"]) == [("CUP", 1), ("PLATE", 1)]
    assert await stock(db, world.levels[("PLATE", "A-03-01-B")]) == (0, 0)
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (19, 0)


async def test_short_pick_holds_a_hold_policy_order_and_sets_its_tote_aside(client, db, world, enter, supervisor,
                                                                            picker, scan):
    held = await enter({"PLATE": 3}, policy="hold")
    other = await enter({"CUP": 2})
    batch = await start(client, supervisor, picker, [held["id"], other["id"]])
    plate = next(s for s in batch["stops"] if s["product"]["sku"] == "PLATE")
    assert (await pick_cups(scan, batch["id"], 2))["next"]["stop_id"] == plate["id"]
    response = await short(client, picker, batch["id"], plate["id"], 0)
    assert response.status_code == 200, response.text
    assert response.json()["backorders"] == [{"order_id": held["id"], "policy": "hold", "backorder_id": None}]
    # The cups were picked first: the short closes the batch.
    assert (response.json()["next"]["action"], response.json()["progress"]["status"]) == ("batch_done", "closed")
    assert await order_status(client, supervisor, held["id"]) == ("on_hold", "backorder")
    assert await order_status(client, supervisor, other["id"]) == ("ready_for_packing", None)
    assert await stock(db, world.levels[("PLATE", "A-03-01-B")]) == (0, 0)
    view = (await client.get(f"/api/pick-batches/{batch['id']}", headers=picker)).json()
    assert [t["state"] for t in view["totes"]] == ["aside", "done"]


async def test_hold_and_cancel_while_picking(client, db, world, enter, supervisor, picker, scan, walk):
    keep = await enter({"CUP": 1})
    hold = await enter({"BOWL": 2})
    cancel = await enter({"MUG": 2})
    batch = await start(client, supervisor, picker, [keep["id"], hold["id"], cancel["id"]])
    bid = batch["id"]
    mug = next(s for s in batch["stops"] if s["product"]["sku"] == "MUG")
    mug_level = world.levels[("MUG", mug["location"])]
    before = await stock(db, mug_level)
    # One mug picked for the order that is then cancelled.
    await client.post(f"/api/pick-batches/{bid}/stops/{mug['id']}/override",
                      json={"quantity": 1, "reason": "label torn"}, headers=supervisor)
    assert (await client.post(f"/api/orders/{hold['id']}/hold", headers=supervisor)).status_code == 200
    assert (await client.post(f"/api/orders/{cancel['id']}/cancel", headers=supervisor)).status_code == 200
    asides = []
    for _ in range(2):
        body = await scan(bid, loc(batch["stops"][0]["location"]), expect=409)
        assert body["code"] == "set_tote_aside"
        asides.append(body["next"]["order_number"])
    assert sorted(asides) == sorted([hold["number"], cancel["number"]])
    await walk(bid)
    assert await order_status(client, supervisor, keep["id"]) == ("ready_for_packing", None)
    assert await order_status(client, supervisor, hold["id"]) == ("on_hold", "manual")
    assert await order_status(client, supervisor, cancel["id"]) == ("cancelled", None)
    # The held order keeps its allocation; the cancelled one's picked mug waits for put-away.
    async with db() as session:
        kept = await session.scalar(select(func.sum(Allocation.quantity)).where(Allocation.order_id == hold["id"]))
        assert kept == 2
    assert await stock(db, mug_level) == (before[0] - 1, before[1] - 2)
    tasks = (await client.get("/api/put-away-tasks", headers=picker)).json()
    assert [(t["order_id"], t["location"], t["quantity"]) for t in tasks] == [(cancel["id"], mug["location"], 1)]
    wrong = await client.post(f"/api/put-away-tasks/{tasks[0]['id']}/scans",
                              json={"id": new_id(), "code": loc("A-01-01-A")}, headers=picker)
    assert (wrong.status_code, wrong.json()["code"]) == (409, "wrong_location")
    done = await client.post(f"/api/put-away-tasks/{tasks[0]['id']}/scans",
                             json={"id": new_id(), "code": loc(mug["location"])}, headers=picker)
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "done"
    assert await stock(db, mug_level) == (before[0], before[1] - 2)
    events = (await client.get(f"/api/orders/{cancel['id']}/events", headers=supervisor)).json()
    assert any(e["kind"] == "pick_override" and e["message"] == "label torn" for e in events)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PutAwayTask)) == 1
        assert (await session.get(SalesOrder, keep["id"])).status == "ready_for_packing"


async def test_short_only_at_the_current_stop(client, db, world, enter, supervisor, picker, scan):
    order = await enter({"MUG": 1, "PLATE": 3}, policy="hold")
    batch = await start(client, supervisor, picker, [order["id"]])
    bid = batch["id"]
    here, later = batch["stops"]
    assert (here["location"], later["location"]) == ("A-01-02-A", "A-03-01-B")
    assert batch["next"]["stop_id"] == here["id"]

    async def short_lines() -> list[tuple[int, int]]:
        async with db() as session:
            return (await session.execute(
                select(StockLedgerEntry.stock_level_id, StockLedgerEntry.quantity)
                .where(StockLedgerEntry.reason == "short_pick").order_by(StockLedgerEntry.id)
            )).all()

    # The plate bin was never reached: a short there is refused and changes nothing.
    same = new_id()
    refused = await short(client, picker, bid, later["id"], 0, id=same)
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert body["code"] == "not_current_stop"
    assert body["detail"] == "You are at A-01-02-A; report a short there, or finish it first."
    assert body["next"]["stop_id"] == here["id"]
    replay = await short(client, picker, bid, later["id"], 0, id=same)
    assert replay.json() == {**body, "replayed": True}
    assert await short_lines() == []
    assert await stock(db, world.levels[("PLATE", "A-03-01-B")]) == (3, 3)
    assert await stock(db, world.levels[("MUG", "A-01-02-A")]) == (10, 1)
    assert await order_status(client, supervisor, order["id"]) == ("picking", None)
    view = (await client.get(f"/api/pick-batches/{bid}", headers=picker)).json()
    assert [(s["id"], s["quantity"], s["picked"]) for s in view["stops"]] == [(here["id"], 1, 0), (later["id"], 3, 0)]

    # Located or not, the current stop takes a short (the handheld offers it before the bin scan).
    done = await short(client, picker, bid, here["id"], 0)
    assert done.status_code == 200, done.text
    assert done.json()["result"] == "short_reported"
    assert await short_lines() == [(world.levels[("MUG", "A-01-02-A")], -10)]
    assert await stock(db, world.levels[("MUG", "A-01-02-A")]) == (0, 0)
    # Now at the plate bin (located this time), its short is taken.
    await scan(bid, loc("A-03-01-B"))
    plate = await short(client, picker, bid, later["id"], 1)
    assert plate.status_code == 200, plate.text
    assert plate.json()["backorders"] == [{"order_id": order["id"], "policy": "hold", "backorder_id": None}]
    assert await stock(db, world.levels[("PLATE", "A-03-01-B")]) == (1, 1)
    assert await order_status(client, supervisor, order["id"]) == ("on_hold", "backorder")
