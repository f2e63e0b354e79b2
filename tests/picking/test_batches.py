"""Creating batches by hand and by ``next``: who gets which orders, and bad input."""

from __future__ import annotations

import asyncio

from server.db.models import User
from tests.conftest import PASSWORD, cached_hash


async def second_picker(client, db) -> dict[str, str]:
    async with db() as session:
        session.add(User(username="picker2", display_name="Picker Two", password_hash=cached_hash(PASSWORD),
                         roles=["picker"]))
        await session.commit()
    response = await client.post("/api/auth/login", json={"username": "picker2", "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_create_refuses_bad_orders(client, world, enter, supervisor, picker):
    ready = await enter({"CUP": 1})
    draft = (await client.post("/api/orders", json={
        "customer": {"id": world.customer}, "lines": [{"sku": "CUP", "quantity": 1}]}, headers=supervisor)).json()
    cases = [
        ({"order_ids": [draft["id"]]}, 409, "order_not_ready"),
        ({"order_ids": [ready["id"], ready["id"]]}, 422, "duplicate_order"),
        ({"order_ids": [999999]}, 404, "order_not_found"),
        ({"order_ids": []}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        response = await client.post("/api/pick-batches", json=body, headers=supervisor)
        assert (response.status_code, response.json()["code"]) == (status, code), response.text
    first = await client.post("/api/pick-batches", json={"order_ids": [ready["id"]]}, headers=supervisor)
    assert first.status_code == 201
    again = await client.post("/api/pick-batches", json={"order_ids": [ready["id"]]}, headers=supervisor)
    assert (again.status_code, again.json()["code"], again.json()["orders"]) == (409, "order_in_batch", [ready["id"]])
    # Pickers may not make batches by hand.
    assert (await client.post("/api/pick-batches", json={"order_ids": [ready["id"]]}, headers=picker)).status_code == 403


async def test_next_takes_priority_first_and_returns_the_pickers_open_batch(client, world, enter, picker):
    low = await enter({"CUP": 1})
    high = await enter({"PLATE": 1}, priority=9)
    batch = await client.post("/api/pick-batches/next", json={"totes": 1}, headers=picker)
    assert batch.status_code == 200, batch.text
    assert [t["order_id"] for t in batch.json()["totes"]] == [high["id"]]
    bid = batch.json()["id"]
    await client.post(f"/api/pick-batches/{bid}/start", headers=picker)
    same = await client.post("/api/pick-batches/next", json={"totes": 1}, headers=picker)
    assert same.json()["id"] == bid
    assert low["id"] not in [t["order_id"] for t in same.json()["totes"]]


async def test_two_pickers_asking_at_once_never_get_the_same_order(backend, client, db, world, enter, picker):
    other = await second_picker(client, db)
    orders = [await enter({"CUP": 1}) for _ in range(6)]
    first, second = await asyncio.gather(
        client.post("/api/pick-batches/next", json={"totes": 3}, headers=picker),
        client.post("/api/pick-batches/next", json={"totes": 3}, headers=other),
    )
    got = []
    for response in (first, second):
        if response.status_code == 200:
            got.append({t["order_id"] for t in response.json()["totes"]})
        else:
            # SQLite serialises the two; the loser is told to ask again.
            assert response.status_code == 409, response.text
            assert response.json()["code"] in ("order_in_batch", "orders_busy")
    if backend.name == "postgres":
        # SKIP LOCKED: the second picker takes other orders without waiting.
        assert len(got) == 2 and all(len(g) == 3 for g in got)
    assert got
    if len(got) == 2:
        assert not got[0] & got[1]
    assert set().union(*got) <= {o["id"] for o in orders}


async def test_next_with_nothing_waiting(client, world, picker):
    response = await client.post("/api/pick-batches/next", headers=picker)
    assert (response.status_code, response.json()["code"]) == (409, "no_orders_waiting")


async def test_start_writes_each_orders_move_with_its_own_tote(client, world, enter, supervisor, picker):
    orders = [await enter({"CUP": 1}), await enter({"BOWL": 1}), await enter({"PLATE": 1})]
    made = await client.post("/api/pick-batches", json={"order_ids": [o["id"] for o in orders]}, headers=supervisor)
    bid = made.json()["id"]
    before = {o["id"]: (await client.get(f"/api/orders/{o['id']}", headers=supervisor)).json()["version"]
              for o in orders}
    started = await client.post(f"/api/pick-batches/{bid}/start", headers=picker)
    assert started.status_code == 200, started.text
    totes = {t["order_id"]: t["code"] for t in started.json()["totes"]}
    assert len(set(totes.values())) == 3
    for order in orders:
        now = (await client.get(f"/api/orders/{order['id']}", headers=supervisor)).json()
        assert (now["status"], now["version"]) == ("picking", before[order["id"]] + 1)
        history = (await client.get(f"/api/orders/{order['id']}/events", headers=supervisor)).json()
        started_entries = [e for e in history if e["kind"] == "picking_started"]
        assert [(e["from_status"], e["to_status"], e["data"]) for e in started_entries] == [
            ("ready_for_picking", "picking", {"batch_id": bid, "tote": totes[order["id"]]})]
