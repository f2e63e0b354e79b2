"""Batch planning: cart proposals (read only), creating them when their orders are still free,
giving batches to pickers, and metres walked.

Lengths are worked out by hand on the test layout (``regular_layout``: aisles A01..A04 at
x = 1.5, 4.5, 7.5, 10.5 m, 20 m long, cross aisles at y = 0 and y = 20; bays 2k-1/2k at
y = 2, 6, 10, 14, 18 for k = 1..5; start and end at (0, 0)). A walk runs along the front cross
aisle to an aisle, along the aisle, and over a cross aisle to the next.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from server.db.models import PickBatch, PickBatchOrder, PickTask, Product, ProductBarcode, SalesOrder, StockLevel
from tests.picking.conftest import (  # noqa: F401 - fixtures
    STOCK, enter, loc, picker, scan, supervisor, tote, world,
)
from tests.picking.test_batches import second_picker

# Two more products deep in the first and third aisles (bay 10: y = 18 m).
DEEP = {"TEA": ("Tea tin", "08712345000059", "A-01-10-A"), "JAR": ("Jar", "08712345000066", "A-03-10-A")}


@pytest.fixture
async def deep(db, world):
    async with db() as session:
        for sku, (name, gtin, code) in DEEP.items():
            product = Product(sku=sku, name=name, weight_grams=200)
            product.barcodes.append(ProductBarcode(code=gtin, kind="gtin"))
            session.add(product)
            await session.flush()
            session.add(StockLevel(product_id=product.id, location_id=world.locations[code], on_hand=10, allocated=0))
        await session.commit()


async def snapshot(db) -> tuple:
    """Everything proposals could change: batches, claims, order statuses and versions."""
    async with db() as session:
        return (
            await session.scalar(select(func.count()).select_from(PickBatch)),
            sorted(await session.scalars(select(PickBatchOrder.claimed_order_id))),
            sorted((await session.execute(select(SalesOrder.id, SalesOrder.status, SalesOrder.version))).all()),
            sorted((await session.execute(select(StockLevel.id, StockLevel.on_hand, StockLevel.allocated))).all()),
        )


def carts_by_orders(body: dict) -> dict[frozenset, dict]:
    return {frozenset(c["order_ids"]): c for c in body["carts"]}


async def test_proposals_group_close_orders_and_change_nothing(client, db, world, enter, supervisor, picker):
    cup = await enter({"CUP": 1})  # A-02-05-B: aisle A02 (x 4.5), y 10
    bowl = await enter({"BOWL": 2})  # A-02-03-A: A02, y 6
    plate = await enter({"PLATE": 1})  # A-03-01-B: A03 (x 7.5), y 2
    before = await snapshot(db)

    response = await client.post("/api/pick-batches/proposals", json={"totes": 2}, headers=supervisor)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["totes"], body["waiting"], body["skipped"]) == (2, 3, [])
    carts = carts_by_orders(body)
    # Alone: cup 4.5 + 10 + 10 + 4.5 = 29, bowl 4.5 + 6 + 6 + 4.5 = 21, plate 7.5 + 2 + 2 + 7.5
    # = 19. Together, cup + bowl walk A02 up to y 10 once: 29 (saving 21); cup + plate = 4.5 +
    # 20 + 3 + 4 + 7.5 = 39, bowl + plate = 4.5 + 12 + 3 + 4 + 7.5 = 31. Best carts: {cup, bowl}
    # and {plate}, 48 m in all. In bin-code order (A-02-03-A, A-02-05-B) the walk is the same.
    assert set(carts) == {frozenset([cup["id"], bowl["id"]]), frozenset([plate["id"]])}
    pair = carts[frozenset([cup["id"], bowl["id"]])]
    assert (pair["route_length_m"], pair["code_order_length_m"], pair["saved_m"]) == (29.0, 29.0, 0.0)
    assert (pair["stops"], pair["units"]) == (2, 3)
    assert pair["token"] == ".".join(str(i) for i in pair["order_ids"])
    assert {o["id"]: (o["number"], o["units"]) for o in pair["orders"]} == {
        cup["id"]: (cup["number"], 1), bowl["id"]: (bowl["number"], 2)}
    alone = carts[frozenset([plate["id"]])]
    assert (alone["route_length_m"], alone["code_order_length_m"], alone["stops"], alone["units"]) == (19.0, 19.0, 1, 1)
    assert await snapshot(db) == before

    # Named orders: the ones that cannot go on a batch are skipped with the reason.
    draft = (await client.post("/api/orders", json={
        "customer": {"id": world.customer}, "lines": [{"sku": "CUP", "quantity": 1}]}, headers=supervisor)).json()
    named = await client.post("/api/pick-batches/proposals", json={
        "order_ids": [plate["id"], draft["id"], 999999], "totes": 2}, headers=supervisor)
    assert named.status_code == 200, named.text
    assert named.json()["skipped"] == [
        {"id": draft["id"], "code": "order_not_ready", "status": "draft"},
        {"id": 999999, "code": "order_not_found", "status": None},
    ]
    assert [c["order_ids"] for c in named.json()["carts"]] == [[plate["id"]]]

    # Creating the proposal gives the batch the proposal showed.
    made = await client.post("/api/pick-batches", json={"order_ids": pair["order_ids"]}, headers=supervisor)
    assert made.status_code == 201, made.text
    assert (made.json()["route_length_m"], len(made.json()["stops"]), made.json()["units_total"]) == (29.0, 2, 3)
    after = (await client.post("/api/pick-batches/proposals", json={"totes": 2}, headers=supervisor)).json()
    assert [c["order_ids"] for c in after["carts"]] == [[plate["id"]]]
    assert after["waiting"] == 1
    again = await client.post("/api/pick-batches/proposals", json={"order_ids": [cup["id"]]}, headers=supervisor)
    assert again.json()["skipped"] == [{"id": cup["id"], "code": "order_in_batch", "status": "ready_for_picking"}]
    # Pickers do not plan.
    assert (await client.post("/api/pick-batches/proposals", json={}, headers=picker)).status_code == 403


async def test_a_zigzag_cart_walks_less_than_by_bin_code(client, deep, enter, supervisor):
    tea = await enter({"TEA": 1})  # A-01-10-A: A01 (x 1.5), y 18
    bowl = await enter({"BOWL": 1})  # A-02-03-A: A02 (x 4.5), y 6
    jar = await enter({"JAR": 1})  # A-03-10-A: A03 (x 7.5), y 18
    body = (await client.post("/api/pick-batches/proposals", json={"totes": 3}, headers=supervisor)).json()
    [cart] = body["carts"]
    assert set(cart["order_ids"]) == {tea["id"], bowl["id"], jar["id"]}
    # By bin code: start → A01 y18 (1.5 + 18 = 19.5) → A02 y6 over the back (2 + 3 + 14 = 19)
    # → A03 y18 over the back (14 + 3 + 2 = 19) → end (18 + 7.5 = 25.5): 83 m.
    # Best: up A01 (1.5 + 20), back cross aisle to A03 and into it to y18 and out (6 + 4),
    # back to A02 (3) and down it through y6 (20), home (4.5): 59 m.
    assert (cart["route_length_m"], cart["code_order_length_m"], cart["saved_m"]) == (59.0, 83.0, 24.0)
    assert (cart["stops"], cart["units"]) == (3, 3)


async def test_proposal_map(client, world, enter, supervisor):
    cup = await enter({"CUP": 1})
    bowl = await enter({"BOWL": 1})
    token = f"{cup['id']}.{bowl['id']}"
    by_token = await client.get(f"/api/pick-batches/proposals/{token}/route.svg", headers=supervisor)
    assert by_token.status_code == 200, by_token.text
    assert by_token.headers["content-type"].startswith("image/svg+xml")
    svg = by_token.text
    assert "2 stops, 29.0 m" in svg and svg.count('class="stop"') == 2
    by_body = await client.post("/api/pick-batches/proposals/route.svg", json={"order_ids": [cup["id"], bowl["id"]]},
                                headers=supervisor)
    assert (by_body.status_code, by_body.text) == (200, svg)
    for path, code in [(f"{cup['id']}.{cup['id']}", "proposal_not_found"), ("999999", "order_not_found")]:
        response = await client.get(f"/api/pick-batches/proposals/{path}/route.svg", headers=supervisor)
        assert (response.status_code, response.json()["code"]) == (404, code)


async def test_creating_a_proposal_whose_order_was_taken_is_a_conflict(client, db, world, enter, supervisor, picker, login):
    first = await enter({"CUP": 1})
    second = await enter({"BOWL": 1})
    [cart] = (await client.post("/api/pick-batches/proposals", json={"totes": 2}, headers=supervisor)).json()["carts"]
    # A picker's next cart takes the highest-priority waiting order meanwhile.
    taken = await client.post("/api/pick-batches/next", json={"totes": 1}, headers=picker)
    assert taken.status_code == 200, taken.text
    late = await client.post("/api/pick-batches", json={"order_ids": cart["order_ids"]}, headers=supervisor)
    assert (late.status_code, late.json()["code"]) == (409, "order_in_batch")
    assert late.json()["orders"] == [o["order_id"] for o in taken.json()["totes"]]
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PickBatch)) == 1
    assert {first["id"], second["id"]} >= {o["order_id"] for o in taken.json()["totes"]}


async def test_two_supervisors_and_a_picker_at_once_never_share_an_order(client, db, world, enter, supervisor, login):
    other_supervisor = await login("supervisor")
    other_picker = await second_picker(client, db)
    orders = [await enter({"CUP": 1}) for _ in range(3)]
    [cart] = (await client.post("/api/pick-batches/proposals", json={"totes": 3}, headers=supervisor)).json()["carts"]
    answers = await asyncio.gather(
        client.post("/api/pick-batches", json={"order_ids": cart["order_ids"]}, headers=supervisor),
        client.post("/api/pick-batches", json={"order_ids": cart["order_ids"]}, headers=other_supervisor),
        client.post("/api/pick-batches/next", json={"totes": 3}, headers=other_picker),
    )
    won = [a for a in answers if a.status_code in (200, 201)]
    lost = [a for a in answers if a.status_code not in (200, 201)]
    for answer in lost:
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] in ("order_in_batch", "orders_busy", "no_orders_waiting"), answer.text
    # One batch holds them; the picker may be answered with it too (a batch a supervisor made
    # for nobody in particular is offered to the first picker who asks).
    assert len({a.json()["id"] for a in won}) == 1
    assert {t["order_id"] for t in won[0].json()["totes"]} == {o["id"] for o in orders}
    async with db() as session:
        claims = list(await session.scalars(select(PickBatchOrder.claimed_order_id)))
    assert sorted(claims) == sorted(o["id"] for o in orders)


async def test_assigning_pickers(client, db, users, world, enter, supervisor, picker, scan):
    other = await second_picker(client, db)
    order = await enter({"CUP": 1})
    batch = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()
    assert (batch["assigned_picker_id"], batch["assigned_picker"]) == (None, None)
    url = f"/api/pick-batches/{batch['id']}/picker"
    for body, status, code in [
        ({"picker_id": users["packer"]}, 422, "not_a_picker"),
        ({"picker_id": users["supervisor"]}, 422, "not_a_picker"),
        ({"picker_id": 999999}, 404, "user_not_found"),
    ]:
        response = await client.put(url, json=body, headers=supervisor)
        assert (response.status_code, response.json()["code"]) == (status, code), response.text
    assert (await client.put(url, json={"picker_id": users["picker"]}, headers=picker)).status_code == 403
    missing = await client.put("/api/pick-batches/999999/picker", json={"picker_id": None}, headers=supervisor)
    assert (missing.status_code, missing.json()["code"]) == (404, "pick_batch_not_found")

    given = await client.put(url, json={"picker_id": users["picker"]}, headers=supervisor)
    assert given.status_code == 200, given.text
    assert (given.json()["assigned_picker_id"], given.json()["assigned_picker"], given.json()["picker_id"]) == (
        users["picker"], "Picker", None)
    # Another picker is not offered it (and nothing else waits); its picker is.
    refused = await client.post("/api/pick-batches/next", headers=other)
    assert (refused.status_code, refused.json()["code"]) == (409, "no_orders_waiting")
    offered = await client.post("/api/pick-batches/next", headers=picker)
    assert (offered.status_code, offered.json()["id"]) == (200, batch["id"])
    # Taken back, it is nobody's; given again, then started by its picker.
    back = await client.put(url, json={"picker_id": None}, headers=supervisor)
    assert back.json()["assigned_picker_id"] is None
    await client.put(url, json={"picker_id": users["picker"]}, headers=supervisor)
    started = await client.post(f"/api/pick-batches/{batch['id']}/start", json={"totes": [tote("A1")]}, headers=picker)
    assert started.status_code == 200, started.text
    assert (started.json()["picker"], started.json()["assigned_picker"]) == ("Picker", "Picker")

    # Being picked: moving it to someone else needs force; it cannot be taken back.
    picker2_id = (await client.get("/api/auth/me", headers=other)).json()["id"]
    busy = await client.put(url, json={"picker_id": picker2_id}, headers=supervisor)
    assert (busy.status_code, busy.json()["code"], busy.json()["picker_id"]) == (409, "batch_started", users["picker"])
    unassign = await client.put(url, json={"picker_id": None, "force": True}, headers=supervisor)
    assert (unassign.status_code, unassign.json()["code"]) == (409, "batch_started")
    same = await client.put(url, json={"picker_id": users["picker"]}, headers=supervisor)
    assert same.status_code == 200
    moved = await client.put(url, json={"picker_id": picker2_id, "force": True}, headers=supervisor)
    assert moved.status_code == 200, moved.text
    assert (moved.json()["picker_id"], moved.json()["assigned_picker"]) == (picker2_id, "Picker Two")
    mine = await client.post("/api/pick-batches/next", headers=other)
    assert (mine.status_code, mine.json()["id"]) == (200, batch["id"])
    # The walk goes on with the new picker's scans; the first picker's are refused.
    where = loc(mine.json()["stops"][0]["location"])
    old_scan = await scan(batch["id"], where, expect=409)
    assert old_scan["code"] == "not_your_batch"
    new_scan = await scan(batch["id"], where, headers=other)
    assert new_scan["result"] == "located"
    async with db() as session:
        row = await session.get(PickBatch, batch["id"])
        assert (row.status, row.picker_id, row.assigned_picker_id) == ("picking", picker2_id, picker2_id)
    [floor_row] = (await client.get("/api/dashboard/floor", headers=supervisor)).json()["batches"]
    assert (floor_row["picker"], floor_row["assigned_picker"], floor_row["assigned_picker_id"]) == (
        "Picker Two", "Picker Two", picker2_id)

    pickers = await client.get("/api/pick-batches/pickers", headers=supervisor)
    assert pickers.status_code == 200
    assert pickers.json() == [
        {"id": users["picker"], "username": "picker", "display_name": "Picker", "batch_id": None},
        {"id": picker2_id, "username": "picker2", "display_name": "Picker Two", "batch_id": batch["id"]},
    ]


async def test_metres_walked_after_each_stop(client, db, deep, enter, supervisor, picker, scan):
    orders = [await enter({sku: 1}) for sku in ("TEA", "BOWL", "JAR")]
    batch = (await client.post("/api/pick-batches", json={"order_ids": [o["id"] for o in orders]},
                               headers=supervisor)).json()
    assert batch["route_length_m"] == 59.0
    started = await client.post(f"/api/pick-batches/{batch['id']}/start",
                                json={"totes": [tote("W1"), tote("W2"), tote("W3")]}, headers=picker)
    assert started.status_code == 200, started.text
    stops = started.json()["stops"]
    gtin = {**{sku: g for sku, (_, g, _) in STOCK.items()}, **{sku: g for sku, (_, g, _) in DEEP.items()}}
    # The best walk visits A01 y18, A03 y18, A02 y6 (or the reverse): from the start to A01 y18
    # 19.5 m, to A02 y6 10.5 m; A01 y18 → A03 y18 over the back 2 + 6 + 2 = 10 m; A03 y18 →
    # A02 y6 over the back 2 + 3 + 14 = 19 m.
    first = {"A-01-10-A": 19.5, "A-02-03-A": 10.5}
    assert stops[0]["location"] in first
    expected = [0.0, first[stops[0]["location"]], 19.5 + 10.0, 19.5 + 10.0 + 19.0]
    assert 10.5 + 19.0 == expected[2]

    async def figures() -> tuple[float, dict | None]:
        view = (await client.get(f"/api/pick-batches/{batch['id']}", headers=supervisor)).json()
        floor = (await client.get("/api/dashboard/floor", headers=supervisor)).json()
        row = next((b for b in floor["batches"] if b["id"] == batch["id"]), None)
        return view["walked_m"], row

    walked, row = await figures()
    assert (walked, row["walked_m"], row["percent_done"]) == (0.0, 0.0, 0)
    for done, stop in enumerate(stops, start=1):
        await scan(batch["id"], loc(stop["location"]))
        await scan(batch["id"], gtin[stop["product"]["sku"]])
        walked, row = await figures()
        assert walked == expected[done]
        async with db() as session:
            picked = await session.scalar(select(func.sum(PickTask.picked)))
            lines = await session.scalar(select(func.count()).select_from(PickTask)
                                         .where(PickTask.picked >= PickTask.quantity))
            status = await session.scalar(select(PickBatch.status).where(PickBatch.id == batch["id"]))
        assert (picked, lines) == (done, done)
        if done < 3:
            assert status == "picking"
            assert (row["walked_m"], row["units_picked"], row["percent_done"], row["lines_picked"]) == (
                expected[done], done, 100 * done // 3, done)
            assert row["picker"] == "Picker"
        else:
            # Closed: off the floor's batches under way.
            assert (status, row) == ("closed", None)


async def test_the_claim_row_refuses_an_order_the_check_missed(client, db, world, enter, supervisor, monkeypatch):
    """Two creations that both pass the free-order check (as on SQLite, which locks no rows):
    the unique claim refuses the second with 409 ``order_in_batch``, not a server error."""
    from server.domain.picking import batches

    order = await enter({"CUP": 1})
    first = await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)
    assert first.status_code == 201
    real, calls = batches._claimed, []

    async def blind_once(session, order_ids):
        calls.append(order_ids)
        return set() if len(calls) == 1 else await real(session, order_ids)

    monkeypatch.setattr(batches, "_claimed", blind_once)
    second = await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)
    assert (second.status_code, second.json()["code"], second.json()["orders"]) == (409, "order_in_batch", [order["id"]])
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PickBatch)) == 1


async def test_the_waiting_list_can_leave_out_orders_on_a_cart(client, world, enter, supervisor):
    first, second, third = [await enter({"CUP": 1}) for _ in range(3)]
    made = await client.post("/api/pick-batches", json={"order_ids": [first["id"], second["id"]]}, headers=supervisor)
    assert made.status_code == 201, made.text

    async def ids(query: str) -> list[int]:
        response = await client.get(f"/api/orders?status=ready_for_picking{query}&sort=created_at", headers=supervisor)
        assert response.status_code == 200, response.text
        return [o["id"] for o in response.json()["items"]]

    # Not started: all three are still ready for picking, two of them taken by the cart.
    assert await ids("") == [first["id"], second["id"], third["id"]]
    assert await ids("&on_batch=false") == [third["id"]]
    assert await ids("&on_batch=true") == [first["id"], second["id"]]
    bad = await client.get("/api/orders?on_batch=perhaps", headers=supervisor)
    assert (bad.status_code, bad.json()["code"]) == (422, "validation_error")
