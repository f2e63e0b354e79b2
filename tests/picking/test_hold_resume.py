"""An order held while its batch is being picked: its tote is set aside, the batch goes on
without it, and once released the order is offered for picking again."""

from __future__ import annotations

from tests.picking.conftest import STOCK, loc


async def test_released_order_goes_on_another_batch(client, world, enter, supervisor, picker, scan):
    held, other = await enter({"CUP": 2}), await enter({"BOWL": 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [held["id"], other["id"]]},
                             headers=supervisor)).json()["id"]
    await client.post(f"/api/pick-batches/{bid}/start", json=None, headers=picker)
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
