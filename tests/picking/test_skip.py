"""Skipping a stop: it comes last, the walk goes on with the next one, a replay moves nothing."""

from __future__ import annotations

from tests.picking.conftest import loc, new_id, order_status, tote


async def test_a_skipped_stop_comes_last(client, world, enter, supervisor, picker, scan, walk):
    o1 = await enter({"MUG": 1, "BOWL": 1, "CUP": 1})
    created = await client.post("/api/pick-batches", json={"order_ids": [o1["id"]]}, headers=supervisor)
    batch = created.json()
    bid = batch["id"]
    first, second, third = batch["stops"]
    await client.post(f"/api/pick-batches/{bid}/start", json={"totes": [tote("T1")]}, headers=picker)
    assert (await scan(bid, loc(first["location"])))["result"] == "located"

    body = {"id": new_id()}
    skipped = await client.post(f"/api/pick-batches/{bid}/stops/{first['id']}/skip", json=body, headers=picker)
    assert skipped.status_code == 200, skipped.text
    assert skipped.json()["result"] == "skipped"
    assert skipped.json()["next"]["stop_id"] == second["id"]
    assert skipped.json()["next"]["action"] == "scan_location"
    again = await client.post(f"/api/pick-batches/{bid}/stops/{first['id']}/skip", json=body, headers=picker)
    assert again.json() == {**skipped.json(), "replayed": True}

    view = (await client.get(f"/api/pick-batches/{bid}", headers=picker)).json()
    assert [s["id"] for s in view["stops"]] == [second["id"], third["id"], first["id"]]

    # The skipped bin is scanned again when the picker comes back to it.
    answers = await walk(bid)
    located = [a["next"]["stop_id"] for a in answers if a["result"] == "located"]
    assert located == [second["id"], third["id"], first["id"]]
    assert answers[-1]["next"]["action"] == "batch_done"
    assert await order_status(client, supervisor, o1["id"]) == ("ready_for_packing", None)


async def test_a_stop_not_reached_yet_may_be_skipped(client, db, world, enter, supervisor, picker):
    # Unlike a short, a skip only moves the stop to the end of the walk: no stock, no order
    # changes, and the bin is still scanned when the picker gets there.
    o1 = await enter({"MUG": 1, "BOWL": 1, "CUP": 1})
    batch = (await client.post("/api/pick-batches", json={"order_ids": [o1["id"]]}, headers=supervisor)).json()
    bid = batch["id"]
    first, second, third = batch["stops"]
    await client.post(f"/api/pick-batches/{bid}/start", json={"totes": [tote("T1")]}, headers=picker)
    skipped = await client.post(f"/api/pick-batches/{bid}/stops/{second['id']}/skip", json={"id": new_id()},
                                headers=picker)
    assert skipped.status_code == 200, skipped.text
    assert (skipped.json()["result"], skipped.json()["next"]["stop_id"]) == ("skipped", first["id"])
    view = (await client.get(f"/api/pick-batches/{bid}", headers=picker)).json()
    assert [s["id"] for s in view["stops"]] == [first["id"], third["id"], second["id"]]
    assert await order_status(client, supervisor, o1["id"]) == ("picking", None)
