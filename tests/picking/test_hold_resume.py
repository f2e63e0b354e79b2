"""An order held while its batch is being picked: its tote is set aside, the batch goes on
without it, and once released the order is offered for picking again."""

from __future__ import annotations

from tests.picking.conftest import STOCK, loc, tote


async def test_released_order_goes_on_another_batch(client, world, enter, supervisor, picker, scan):
    held, other = await enter({"CUP": 2}), await enter({"BOWL": 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [held["id"], other["id"]]},
                             headers=supervisor)).json()["id"]
    first = await client.post(f"/api/pick-batches/{bid}/start", json=None, headers=picker)
    held_tote = {t["order_id"]: t["code"] for t in first.json()["totes"]}[held["id"]]
    floor = lambda: client.get("/api/dashboard/floor", headers=supervisor)  # noqa: E731

    # Route order on the test layout: A-02-03-A (BOWL) before A-02-05-B (CUP).
    await scan(bid, loc("A-02-03-A"))
    assert (await scan(bid, STOCK["BOWL"][1]))["result"] == "order_picked"
    await scan(bid, loc("A-02-05-B"))
    assert (await scan(bid, STOCK["CUP"][1]))["result"] == "picked"
    assert (await client.post(f"/api/orders/{held['id']}/hold", headers=supervisor)).status_code == 200

    # The next scan tells the picker to take the tote off; nothing else left, the batch closes.
    aside = await scan(bid, STOCK["CUP"][1], expect=409)
    assert aside["code"] == "set_tote_aside"
    batch = (await client.get(f"/api/pick-batches/{bid}", headers=supervisor)).json()
    assert batch["status"] == "closed"
    assert (await floor()).json()["totes_aside"] == 1

    released = await client.post(f"/api/orders/{held['id']}/release", headers=supervisor)
    assert released.json()["status"] == "picking"
    # Still waiting for a decision: its picked unit is in the tote aside, one unit to go.
    assert (await floor()).json()["totes_aside"] == 1
    proposals = (await client.post("/api/pick-batches/proposals", json={"order_ids": [held["id"]]},
                                   headers=supervisor)).json()
    assert proposals["skipped"] == []
    assert [c["order_ids"] for c in proposals["carts"]] == [[held["id"]]]

    # A picker asking for work gets it: one unit of CUP left.
    nxt = await client.post("/api/pick-batches/next", json={"totes": 4}, headers=picker)
    assert nxt.status_code == 200, nxt.text
    again = nxt.json()
    assert [t["order_id"] for t in again["totes"]] == [held["id"]]
    assert [(s["location"], s["quantity"]) for s in again["stops"]] == [("A-02-05-B", 1)]
    assert (await floor()).json()["totes_aside"] == 0

    # Its picked unit waits in its tote: the new cart takes that tote, not a new one.
    refused = await client.post(f"/api/pick-batches/{again['id']}/start", json={"totes": [tote("Z9")]},
                                headers=picker)
    assert (refused.status_code, refused.json()["code"], refused.json()["tote"]) == (409, "order_has_tote", held_tote)
    assert (await client.get(f"/api/pick-batches/{again['id']}", headers=picker)).json()["status"] == "created"
    started = await client.post(f"/api/pick-batches/{again['id']}/start", json=None, headers=picker)
    assert started.status_code == 200, started.text
    assert [t["code"] for t in started.json()["totes"]] == [held_tote]
    await scan(again["id"], loc("A-02-05-B"))
    assert (await scan(again["id"], STOCK["CUP"][1]))["result"] == "order_picked"
    order = (await client.get(f"/api/orders/{held['id']}", headers=supervisor)).json()
    assert order["status"] == "ready_for_packing"


async def test_a_cart_whose_orders_were_held_before_the_start(client, world, enter, supervisor, picker):
    # Route order: A-02-03-A (BOWL) first, then A-02-05-B (CUP).
    first, second = await enter({"BOWL": 1}), await enter({"CUP": 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [first["id"], second["id"]]},
                             headers=supervisor)).json()["id"]
    assert (await client.post(f"/api/orders/{first['id']}/hold", headers=supervisor)).status_code == 200
    started = await client.post(f"/api/pick-batches/{bid}/start", headers=picker)
    assert started.status_code == 200, started.text
    body = started.json()
    assert body["status"] == "picking"
    # The first stop's only order is off the cart: the picker starts at the second bin.
    assert (body["next"]["action"], body["next"]["location"], body["next"]["order_number"]) == (
        "scan_location", "A-02-05-B", second["number"])
    # No tote was bound to the held order: it has nothing picked.
    assert [(t["order_id"], t["state"], t["code"] is None) for t in body["totes"]] == [
        (first["id"], "aside", True), (second["id"], "active", False)]
    floor = (await client.get("/api/dashboard/floor", headers=supervisor)).json()
    assert floor["totes_aside"] == 0

    # A cart whose every order was held before the start has nothing to pick: it closes.
    alone = await enter({"CUP": 1})
    other = (await client.post("/api/pick-batches", json={"order_ids": [alone["id"]]}, headers=supervisor)).json()
    assert (await client.post(f"/api/orders/{alone['id']}/hold", headers=supervisor)).status_code == 200
    closed = await client.post(f"/api/pick-batches/{other['id']}/start", headers=supervisor)
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["next"]["action"]) == ("closed", "batch_done")
    assert [(s["state"], t["code"]) for s in closed.json()["stops"] for t in closed.json()["totes"]] == [("done", None)]
    # Released, the order goes on a new cart and starts with any tote: it never had one.
    assert (await client.post(f"/api/orders/{alone['id']}/release", headers=supervisor)).status_code == 200
    again = (await client.post("/api/pick-batches", json={"order_ids": [alone["id"]]}, headers=supervisor)).json()
    started = await client.post(f"/api/pick-batches/{again['id']}/start", json={"totes": [tote("N1")]},
                                headers=supervisor)
    assert started.status_code == 200, started.text
    assert [t["code"] for t in started.json()["totes"]] == ["N1"]
