"""Whole batches walked on the handheld API: route order, wrong scans refused with a reason,
every scan replayed, stock, allocations and statuses right after."""

from __future__ import annotations

from sqlalchemy import func, select

from scanners import make_code
from server.db.models import Allocation, PickConfirmation, PickScan
from tests.picking.conftest import STOCK, loc, new_id, order_status, stock, tote


async def test_walk_three_orders_with_wrong_scans_and_replays(client, db, world, enter, supervisor, picker, scan, walk):
    o1 = await enter({"MUG": 2, "BOWL": 1})
    o2 = await enter({"BOWL": 2, "CUP": 3})
    o3 = await enter({"PLATE": 1, "MUG": 1})
    created = await client.post("/api/pick-batches", json={"order_ids": [o1["id"], o2["id"], o3["id"]]},
                                headers=supervisor)
    assert created.status_code == 201, created.text
    batch = created.json()
    assert batch["status"] == "created"
    # MUG for o1 and o3 share one stop; BOWL for o1 and o2 another: 4 stops, 10 units.
    assert len(batch["stops"]) == 4
    assert batch["units_total"] == 10
    assert [s["seq"] for s in batch["stops"]] == [1, 2, 3, 4]
    assert batch["route_length_m"] > 0
    assert batch["code_order_length_m"] >= batch["route_length_m"]
    bid = batch["id"]

    early = await scan(bid, loc(batch["stops"][0]["location"]), expect=409)
    assert early["code"] == "batch_not_started"

    started = await client.post(f"/api/pick-batches/{bid}/start",
                                json={"totes": [tote("T1"), tote("T2"), tote("T3")]}, headers=picker)
    assert started.status_code == 200, started.text
    assert [t["code"] for t in started.json()["totes"]] == ["T1", "T2", "T3"]
    for order in (o1, o2, o3):
        assert await order_status(client, supervisor, order["id"]) == ("picking", None)

    first = batch["stops"][0]
    other_bins = [c for c in ("A-01-01-A", "A-04-01-B") if c != first["location"]]
    refusals = [
        (loc(other_bins[0]), None, "wrong_location"),
        (loc("Z-99-99-Z"), None, "unknown_location"),
        (STOCK[first["product"]["sku"]][1], None, "scan_location_first"),
        ("no such code", None, "unknown_code"),
        ("08712345000097", None, "unknown_product"),
        ("0871234500001", None, "unreadable"),
        (make_code("batch", "999"), None, "unknown_code"),
    ]
    for code, quantity, reason in refusals:
        body = await scan(bid, code, quantity, expect=None)
        assert body["code"] == reason, (code, body)
        if code == make_code("batch", "999"):
            assert body["detail"] == "There is no batch 999."
        assert body["next"]["action"] == "scan_location"
        assert body["next"]["stop_id"] == first["id"]

    located = await scan(bid, loc(first["location"]))
    assert located["result"] == "located"
    assert located["next"]["action"] == "scan_product"
    wrong = next(sku for sku in STOCK if sku != first["product"]["sku"])
    assert (await scan(bid, STOCK[wrong][1], expect=409))["code"] == "wrong_product"
    need = located["next"]["quantity"]
    assert (await scan(bid, STOCK[first["product"]["sku"]][1], quantity=need + 1, expect=409))["code"] == "too_many"

    # Nothing the refusals touched changed.
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PickConfirmation)) == 0

    answers = await walk(bid)
    assert answers[-1]["next"]["action"] == "batch_done"
    assert answers[-1]["progress"] == {"stops_done": 4, "stops_total": 4, "units_picked": 10,
                                       "units_total": 10, "status": "closed"}
    results = [a["result"] for a in answers]
    assert results.count("order_picked") == 3

    closed = await scan(bid, loc(first["location"]), expect=409)
    assert closed["code"] == "batch_closed"

    for order in (o1, o2, o3):
        assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    view = (await client.get(f"/api/pick-batches/{bid}", headers=picker)).json()
    assert view["status"] == "closed"
    assert all(s["state"] == "done" and s["picked"] == s["quantity"] for s in view["stops"])
    # 3 mugs, 3 bowls, 3 cups, 1 plate left their bins.
    mug_bins = [await stock(db, world.levels[("MUG", code)]) for code in ("A-01-02-A", "A-04-05-B")]
    assert sorted(mug_bins) == sorted([(10 - 3, 0), (6, 0)]) or sorted(mug_bins) == sorted([(10, 0), (6 - 3, 0)])
    assert await stock(db, world.levels[("BOWL", "A-02-03-A")]) == (8 - 3, 0)
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (20 - 3, 0)
    assert await stock(db, world.levels[("PLATE", "A-03-01-B")]) == (3 - 1, 0)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Allocation)) == 0
        methods = set(await session.scalars(select(PickConfirmation.method)))
        assert methods == {"scan"}
        assert await session.scalar(select(func.sum(PickConfirmation.quantity))) == 10
        # Every scan once in the log, replays not again.
        logged = await session.scalar(select(func.count()).select_from(PickScan))
    assert logged == 1 + len(refusals) + 1 + 2 + len(answers) + 1


async def test_typed_quantity_and_replayed_refusal(client, db, world, enter, supervisor, picker, scan):
    order = await enter({"CUP": 5})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()["id"]
    await client.post(f"/api/pick-batches/{bid}/start", json=None, headers=picker)
    await scan(bid, loc("A-02-05-B"))
    same = new_id()
    too_many = await scan(bid, STOCK["CUP"][1], quantity=6, expect=409, id=same)
    again = await scan(bid, STOCK["CUP"][1], quantity=6, expect=409, id=same)
    assert again == {**too_many, "replayed": True}
    typed = await scan(bid, STOCK["CUP"][1], quantity=4)
    assert (typed["result"], typed["quantity"], typed["next"]["quantity"]) == ("picked", 4, 1)
    last = await scan(bid, STOCK["CUP"][1])
    assert last["result"] == "order_picked"
    assert last["next"]["action"] == "batch_done"
    async with db() as session:
        rows = list(await session.execute(select(PickConfirmation.method, PickConfirmation.quantity)
                                          .order_by(PickConfirmation.id)))
    assert [tuple(r) for r in rows] == [("typed", 4), ("scan", 1)]
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (15, 0)


async def test_tote_scan_confirms_each_drop_when_the_setting_asks(monkeypatch, client, world, enter, supervisor,
                                                                  picker, scan):
    monkeypatch.setenv("SHIPFLOOR_PICK_TOTE_SCAN", "1")
    o1 = await enter({"BOWL": 1})
    o2 = await enter({"BOWL": 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [o1["id"], o2["id"]]},
                             headers=supervisor)).json()["id"]
    await client.post(f"/api/pick-batches/{bid}/start", json={"totes": [tote("D1"), tote("D2")]}, headers=picker)
    await scan(bid, loc("A-02-03-A"))
    picked = await scan(bid, STOCK["BOWL"][1])
    assert (picked["next"]["action"], picked["next"]["tote"]) == ("scan_tote", 1)
    assert (await scan(bid, STOCK["BOWL"][1], expect=409))["code"] == "scan_tote_first"
    assert (await scan(bid, tote("D2"), expect=409))["code"] == "wrong_tote"
    confirmed = await scan(bid, tote("D1"))
    assert confirmed["result"] == "tote_confirmed"
    assert (confirmed["next"]["action"], confirmed["next"]["tote"]) == ("scan_product", 2)
    last = await scan(bid, STOCK["BOWL"][1])
    assert (last["result"], last["next"]["action"]) == ("order_picked", "scan_tote")
    assert last["progress"]["status"] == "picking"
    done = await scan(bid, tote("D2"))
    assert (done["next"]["action"], done["progress"]["status"]) == ("batch_done", "closed")


async def test_a_scan_id_answers_only_on_its_own_batch(client, db, world, enter, supervisor, picker, scan):
    first_order, second_order = await enter({"CUP": 2}), await enter({"BOWL": 1})
    batches = []
    for order in (first_order, second_order):
        bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]},
                                 headers=supervisor)).json()["id"]
        batches.append(bid)
    await client.post(f"/api/pick-batches/{batches[0]}/start", json=None, headers=picker)
    await scan(batches[0], loc("A-02-05-B"))
    used = new_id()
    picked = await scan(batches[0], STOCK["CUP"][1], id=used)
    assert picked["result"] == "picked"
    # The same UUID on another batch is neither replayed nor answered anew.
    reused = await scan(batches[1], STOCK["BOWL"][1], id=used, expect=409)
    assert reused["code"] == "scan_id_reused"
    async with db() as session:
        logged = list(await session.execute(select(PickScan.batch_id).where(PickScan.client_id == used)))
        confirmed = await session.scalar(select(func.coalesce(func.sum(PickConfirmation.quantity), 0)))
    assert [tuple(r) for r in logged] == [(batches[0],)]
    assert confirmed == 1
    # On its own batch it still replays the first answer.
    assert await scan(batches[0], STOCK["CUP"][1], id=used) == {**picked, "replayed": True}
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (19, 1)
    # The same UUID with another code is a handheld's mistake, not a replay: refused, so that
    # the second scan is not lost to the first one's answer, and nothing changes.
    other_code = await scan(batches[0], loc("A-02-05-B"), id=used, expect=409)
    assert (other_code["code"], other_code["id"]) == ("scan_id_reused", used)
    assert "another code" in other_code["detail"]
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (19, 1)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PickScan).where(PickScan.client_id == used)) == 1


async def test_a_picker_scans_only_into_their_own_batch(client, db, world, enter, supervisor, picker, scan):
    from tests.picking.test_batches import second_picker

    order = await enter({"CUP": 2})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()["id"]
    await client.post(f"/api/pick-batches/{bid}/start", json=None, headers=picker)
    await scan(bid, loc("A-02-05-B"))
    other = await second_picker(client, db)
    refused = await scan(bid, STOCK["CUP"][1], expect=409, headers=other)
    assert refused["code"] == "not_your_batch"
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (20, 2)
    # A supervisor may finish a picker's batch (a picker went home ill).
    helped = await scan(bid, STOCK["CUP"][1], headers=supervisor)
    assert helped["result"] == "picked"
    assert await stock(db, world.levels[("CUP", "A-02-05-B")]) == (19, 1)
