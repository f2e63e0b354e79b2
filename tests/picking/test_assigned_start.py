"""Starting a batch a supervisor assigned to a picker: only that picker starts it (another
picker is refused and nothing changes), or a supervisor takes it over."""

from __future__ import annotations

from sqlalchemy import select

from server.db.models import PickBatch, Tote
from tests.picking.conftest import enter, order_status, picker, supervisor, tote, world  # noqa: F401 - fixtures
from tests.picking.test_batches import second_picker


async def _assigned(client, enter, supervisor, picker_id: int) -> tuple[dict, dict]:
    order = await enter({"CUP": 1})
    batch = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()
    given = await client.put(f"/api/pick-batches/{batch['id']}/picker", json={"picker_id": picker_id},
                             headers=supervisor)
    assert given.status_code == 200, given.text
    return order, batch


async def test_only_the_assigned_picker_starts_it(client, db, users, world, enter, supervisor, picker):
    other = await second_picker(client, db)
    order, batch = await _assigned(client, enter, supervisor, users["picker"])
    url = f"/api/pick-batches/{batch['id']}/start"

    refused = await client.post(url, json={"totes": [tote("S1")]}, headers=other)
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert (body["code"], body["picker_id"], body["picker"]) == ("batch_assigned", users["picker"], "Picker")
    assert body["detail"] == f"Batch {batch['id']} is assigned to Picker; ask for your next batch instead."
    # Nothing changed: the batch waits, the order too, the tote is bound to nothing.
    async with db() as session:
        row = await session.get(PickBatch, batch["id"])
        assert (row.status, row.picker_id, row.assigned_picker_id) == ("created", None, users["picker"])
        assert list(await session.scalars(select(Tote.code).where(Tote.order_id.is_not(None)))) == []
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_picking", None)

    started = await client.post(url, json={"totes": [tote("S1")]}, headers=picker)
    assert started.status_code == 200, started.text
    assert (started.json()["status"], started.json()["picker_id"]) == ("picking", users["picker"])
    assert await order_status(client, supervisor, order["id"]) == ("picking", None)


async def test_a_supervisor_takes_an_assigned_batch_over(client, db, users, world, enter, supervisor, picker):
    order, batch = await _assigned(client, enter, supervisor, users["picker"])
    started = await client.post(f"/api/pick-batches/{batch['id']}/start", json={"totes": [tote("S2")]},
                                headers=supervisor)
    assert started.status_code == 200, started.text
    assert (started.json()["status"], started.json()["picker_id"]) == ("picking", users["supervisor"])
    assert await order_status(client, supervisor, order["id"]) == ("picking", None)
    # The picker it was assigned to finds it started by someone else.
    late = await client.post(f"/api/pick-batches/{batch['id']}/start", json={"totes": [tote("S3")]}, headers=picker)
    assert (late.status_code, late.json()["code"]) == (409, "batch_started")


async def test_next_keeps_its_cart_for_the_picker_who_asked(client, db, users, world, enter, supervisor, picker):
    other = await second_picker(client, db)
    await enter({"CUP": 1})
    offered = (await client.post("/api/pick-batches/next", json={"totes": 1}, headers=picker)).json()
    assert (offered["status"], offered["assigned_picker_id"]) == ("created", users["picker"])
    # Another picker cannot start the cart made for this one; asking again offers it again.
    taken = await client.post(f"/api/pick-batches/{offered['id']}/start", headers=other)
    assert (taken.status_code, taken.json()["code"]) == (409, "batch_assigned")
    again = (await client.post("/api/pick-batches/next", json={"totes": 1}, headers=picker)).json()
    assert again["id"] == offered["id"]


async def test_a_picker_works_one_batch_at_a_time(client, db, users, world, enter, supervisor, picker):
    first = (await client.post("/api/pick-batches", json={"order_ids": [(await enter({"CUP": 1}))["id"]]},
                               headers=supervisor)).json()
    second = (await client.post("/api/pick-batches", json={"order_ids": [(await enter({"CUP": 1}))["id"]]},
                                headers=supervisor)).json()
    assert (await client.post(f"/api/pick-batches/{first['id']}/start", headers=picker)).status_code == 200
    refused = await client.post(f"/api/pick-batches/{second['id']}/start", headers=picker)
    assert refused.status_code == 409, refused.text
    assert (refused.json()["code"], refused.json()["batch_id"]) == ("batch_in_progress", first["id"])
    async with db() as session:
        row = await session.get(PickBatch, second["id"])
        assert (row.status, row.picker_id) == ("created", None)


async def test_next_offers_a_batch_a_supervisor_made_for_anyone(client, db, users, world, enter, supervisor, picker):
    other = await second_picker(client, db)
    order = await enter({"CUP": 1})
    made = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()
    assert made["assigned_picker_id"] is None
    offered = (await client.post("/api/pick-batches/next", headers=picker)).json()
    assert (offered["id"], offered["assigned_picker_id"]) == (made["id"], users["picker"])
    # Taken by the first to ask: the other picker finds no work, not the same batch.
    nothing = await client.post("/api/pick-batches/next", headers=other)
    assert (nothing.status_code, nothing.json()["code"]) == (409, "no_orders_waiting")


async def test_the_picker_list_shows_a_cart_assigned_and_not_started(
    client, db, users, world, enter, supervisor, picker
):
    other = await second_picker(client, db)
    other_id = (await client.get("/api/auth/me", headers=other)).json()["id"]
    await enter({"CUP": 1})
    await enter({"BOWL": 1})
    # A cart made by next for the picker, and one a supervisor gives the other picker.
    made = (await client.post("/api/pick-batches/next", json={"totes": 1}, headers=picker)).json()
    given = (await client.post("/api/pick-batches", json={"order_ids": [(await enter({"PLATE": 1}))["id"]]},
                               headers=supervisor)).json()
    assert (await client.put(f"/api/pick-batches/{given['id']}/picker", json={"picker_id": other_id},
                             headers=supervisor)).status_code == 200

    listed = await client.get("/api/pick-batches/pickers", headers=supervisor)
    assert listed.status_code == 200, listed.text
    assert listed.json() == [
        {"id": users["picker"], "username": "picker", "display_name": "Picker", "batch_id": None,
         "assigned_batch_id": made["id"]},
        {"id": other_id, "username": "picker2", "display_name": "Picker Two", "batch_id": None,
         "assigned_batch_id": given["id"]},
    ]

    # Started, the cart is the one being picked; nothing else waits for that picker.
    assert (await client.post(f"/api/pick-batches/{made['id']}/start", headers=picker)).status_code == 200
    listed = (await client.get("/api/pick-batches/pickers", headers=supervisor)).json()
    assert listed == [
        {"id": users["picker"], "username": "picker", "display_name": "Picker", "batch_id": made["id"]},
        {"id": other_id, "username": "picker2", "display_name": "Picker Two", "batch_id": None,
         "assigned_batch_id": given["id"]},
    ]
