"""Allocation strategy, backorders that release themselves when stock arrives (priority, then
oldest), the receipt preview, and splits by hand and by policy."""

from __future__ import annotations

from sqlalchemy import select

from server.db.models import Allocation, Location, StockLevel
from tests.inventory.conftest import check_books


async def allocations_of(db, order_id: int) -> list[tuple[str, int]]:
    """``(location code, units)`` allocated to an order, by allocation id."""
    async with db() as session:
        rows = await session.execute(
            select(Location.code, Allocation.quantity)
            .join(StockLevel, StockLevel.id == Allocation.stock_level_id)
            .join(Location, Location.id == StockLevel.location_id)
            .where(Allocation.order_id == order_id).order_by(Allocation.id)
        )
        return [tuple(r) for r in rows]


async def events(client, headers, order_id: int) -> list[dict]:
    response = await client.get(f"/api/orders/{order_id}/events", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_fewest_bins_then_nearest_the_depot(shop, receive, enter, db):
    # A-01-02 is 3.5 m from the depot, A-02-05 9.5 m, A-01-15 16.5 m.
    await receive([("MUG", "A-01-15", 10), ("MUG", "A-01-02", 3), ("MUG", "A-02-05", 6)])
    five = await enter([("MUG", 5)])
    # One bin suffices (A-02-05 or A-01-15): the nearer one.
    assert five["status"] == "ready_for_picking"
    assert await allocations_of(db, five["id"]) == [("A-02-05", 5)]
    three = await enter([("MUG", 3)])
    assert await allocations_of(db, three["id"]) == [("A-01-02", 3)]
    # Left: A-02-05 1, A-01-15 10. Eleven units need both bins: the nearer first.
    eleven = await enter([("MUG", 11)])
    assert await allocations_of(db, eleven["id"]) == [("A-02-05", 1), ("A-01-15", 10)]
    short = await enter([("MUG", 1)])
    assert (short["status"], short["hold_reason"]) == ("on_hold", "backorder")
    await check_books(db)


async def test_receipt_releases_waiting_orders_by_priority_then_age(client, supervisor, shop, receive, enter, db,
                                                                     order_of):
    o1 = await enter([("VASE", 2)])
    o2 = await enter([("VASE", 3)], priority=5)
    o3 = await enter([("VASE", 1)])
    o4 = await enter([("VASE", 2), ("BOWL", 1)])
    assert {(o["status"], o["hold_reason"]) for o in (o1, o2, o3, o4)} == {("on_hold", "backorder")}

    response = await client.get("/api/stock/receipts/preview", params={"sku": "VASE", "quantity": 4},
                                headers=supervisor)
    assert response.status_code == 200, response.text
    preview = response.json()
    # o2 first (priority 5) takes 3; o1 (2) no longer fits; o3 (1) does; o4 also lacks a bowl.
    assert [(o["position"], o["id"], o["units"]) for o in preview["orders"]] == [(1, o2["id"], 3), (2, o3["id"], 1)]
    assert preview["units_used"] == 4

    body = await receive([("VASE", "A-02-18", 4)])
    assert [o["id"] for o in body["released"]] == [o2["id"], o3["id"]]
    for order in (o2, o3):
        current = await order_of(order["id"])
        assert current["status"] == "ready_for_picking"
        history = await events(client, supervisor, order["id"])
        last = history[-1]
        assert (last["kind"], last["from_status"], last["to_status"]) == ("released", "on_hold", "ready_for_picking")
        assert last["data"]["trigger"] == "receipt"
    assert (await order_of(o1["id"]))["status"] == "on_hold"
    assert await allocations_of(db, o2["id"]) == [("A-02-18", 3)]

    # A bowl and four more vases: o1 (older) and o4 both fit now.
    body = await receive([("BOWL", "A-01-02", 1), ("VASE", "A-01-15", 4)])
    assert [o["id"] for o in body["released"]] == [o1["id"], o4["id"]]
    await check_books(db)


async def test_preview_refuses_unknown_sku(client, supervisor, shop):
    response = await client.get("/api/stock/receipts/preview", params={"sku": "NOPE", "quantity": 1},
                                headers=supervisor)
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_product"
    response = await client.get("/api/stock/receipts/preview", params={"sku": "MUG", "quantity": -1},
                                headers=supervisor)
    assert response.status_code == 422


async def test_split_by_hand_and_again(client, supervisor, shop, receive, enter, db, order_of):
    await receive([("MUG", "A-01-02", 5), ("BOWL", "A-02-05", 1)])
    order = await enter([("MUG", 5), ("VASE", 2), ("BOWL", 3)])
    assert (order["status"], order["hold_reason"]) == ("on_hold", "backorder")
    response = await client.post(f"/api/orders/{order['id']}/split-backorder", headers=supervisor)
    assert response.status_code == 200, response.text
    parent, child = response.json()["parent"], response.json()["backorder"]
    # What is in stock (5 mugs, 1 bowl) stays and goes on; 2 vases and 2 bowls wait.
    assert parent["status"] == "ready_for_picking"
    assert [(ln["sku"], ln["quantity"]) for ln in parent["lines"]] == [("MUG", 5), ("BOWL", 1)]
    assert child["number"] == f"{order['number']}-BO1"
    assert (child["status"], child["hold_reason"]) == ("on_hold", "backorder")
    assert [(ln["sku"], ln["quantity"]) for ln in child["lines"]] == [("VASE", 2), ("BOWL", 2)]
    assert child["parent"]["id"] == order["id"]
    assert parent["backorder_count"] == 1
    assert [b["id"] for b in parent["backorders"]] == [child["id"]]
    assert parent["total_amount"] == "60.00" and child["total_amount"] == "40.00"
    parent_events = await events(client, supervisor, order["id"])
    split_event = next(e for e in parent_events if e["kind"] == "backorder_split")
    assert split_event["data"]["moved"] == [{"line_no": 2, "sku": "VASE", "quantity": 2},
                                            {"line_no": 3, "sku": "BOWL", "quantity": 2}]
    child_events = await events(client, supervisor, child["id"])
    assert child_events[0]["kind"] == "created" and child_events[0]["data"]["parent"] == order["number"]

    # One vase arrives: the backorder splits again by hand, down to part of a line.
    await receive([("VASE", "A-01-15", 1)])
    assert (await order_of(child["id"]))["status"] == "on_hold"  # 2 vases and 2 bowls still not whole
    response = await client.post(f"/api/orders/{child['id']}/split-backorder", headers=supervisor)
    assert response.status_code == 200, response.text
    grandchild = response.json()["backorder"]
    assert grandchild["number"] == f"{order['number']}-BO1-BO1"
    assert [(ln["sku"], ln["quantity"]) for ln in grandchild["lines"]] == [("VASE", 1), ("BOWL", 2)]
    assert response.json()["parent"]["status"] == "ready_for_picking"
    assert (await order_of(order["id"]))["backorder_count"] == 2
    assert (await order_of(child["id"]))["backorder_count"] == 1

    # Nothing left to split: everything allocated, or nothing in stock.
    for order_id in (order["id"], grandchild["id"]):
        response = await client.post(f"/api/orders/{order_id}/split-backorder", headers=supervisor)
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "nothing_to_split"
    await check_books(db)


async def test_split_with_explicit_quantities_and_bad_ones(client, supervisor, shop, receive, enter, db, order_of):
    await receive([("MUG", "A-01-02", 4)])
    order = await enter([("MUG", 4)])
    line_id = order["lines"][0]["id"]
    bad = [
        ({"lines": [{"line_id": line_id, "quantity": 5}]}, 422, "invalid_split"),
        ({"lines": [{"line_id": 999999, "quantity": 1}]}, 422, "invalid_split"),
        ({"lines": [{"line_id": line_id, "quantity": 4}]}, 409, "nothing_to_split"),
        ({"lines": []}, 409, "nothing_to_split"),
        ({"version": order["version"] - 1}, 409, "version_conflict"),
    ]
    for body, status, code in bad:
        response = await client.post(f"/api/orders/{order['id']}/split-backorder", json=body, headers=supervisor)
        assert response.status_code == status, response.text
        assert response.json()["code"] == code
    assert (await order_of(order["id"]))["backorder_count"] == 0
    # Move one of the four (allocated) mugs: its allocation goes back to the bin.
    response = await client.post(f"/api/orders/{order['id']}/split-backorder", headers=supervisor,
                                 json={"lines": [{"line_id": line_id, "quantity": 1}]})
    assert response.status_code == 200, response.text
    assert response.json()["parent"]["status"] == "ready_for_picking"
    assert await allocations_of(db, order["id"]) == [("A-01-02", 3)]
    # The backorder can have the mug back at once: it waits for the release check to run.
    child = response.json()["backorder"]
    assert [(ln["sku"], ln["quantity"]) for ln in child["lines"]] == [("MUG", 1)]
    await check_books(db)


async def test_unpaid_or_draft_orders_are_not_split(client, supervisor, shop, enter):
    draft = await enter([("VASE", 1)], confirm=False, payment_state="unpaid")
    response = await client.post(f"/api/orders/{draft['id']}/split-backorder", headers=supervisor)
    assert response.status_code == 409
    assert response.json()["code"] == "split_not_allowed"
    response = await client.post("/api/orders/99999/split-backorder", headers=supervisor)
    assert response.status_code == 404


async def test_split_policy_splits_by_itself(client, supervisor, shop, receive, enter, db, order_of):
    await receive([("MUG", "A-01-02", 2)])
    order = await enter([("MUG", 3), ("BOWL", 1)], backorder_policy="split")
    assert order["status"] == "ready_for_picking"
    assert [(ln["sku"], ln["quantity"]) for ln in order["lines"]] == [("MUG", 2)]
    [ref] = order["backorders"]
    child = await order_of(ref["id"])
    assert [(ln["sku"], ln["quantity"]) for ln in child["lines"]] == [("MUG", 1), ("BOWL", 1)]
    assert (child["status"], child["hold_reason"], child["backorder_policy"]) == ("on_hold", "backorder", "split")
    # A bowl arrives: the backorder (policy split) splits again; the mug waits on BO1-BO1.
    await receive([("BOWL", "A-02-05", 1)])
    child = await order_of(ref["id"])
    assert child["status"] == "ready_for_picking"
    assert [(ln["sku"], ln["quantity"]) for ln in child["lines"]] == [("BOWL", 1)]
    [grand] = child["backorders"]
    assert grand["number"] == f"{order['number']}-BO1-BO1"
    # Nothing in stock at all: the order waits whole, nothing split.
    waiting = await enter([("VASE", 1)], backorder_policy="split")
    assert (waiting["status"], waiting["backorders"]) == ("on_hold", [])
    await check_books(db)
