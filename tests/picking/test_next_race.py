"""A picker double-tapping "next batch": two ``POST /api/pick-batches/next`` of one picker at
the same moment answer the same cart, on both databases. The requests go through a real server
on a socket, so that they truly run side by side (the test client sends one after the other)."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from server.app import create_app
from server.db.models import PickBatch, PickBatchOrder
from tests.live import live_server
from tests.picking.conftest import enter, picker, supervisor, world  # noqa: F401 - fixtures


async def _twice_at_once(app, headers: dict[str, str], body: dict | None = None) -> list[httpx.Response]:
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
            return list(await asyncio.gather(*(http.post("/api/pick-batches/next", json=body or {})
                                               for _ in range(2))))


async def _batches(db) -> list[tuple[int, str, int | None, int | None]]:
    async with db() as session:
        return list((await session.execute(
            select(PickBatch.id, PickBatch.status, PickBatch.assigned_picker_id, PickBatch.picker_id)
            .order_by(PickBatch.id)
        )).all())


async def _claims(db) -> list[int]:
    async with db() as session:
        return sorted(await session.scalars(
            select(PickBatchOrder.claimed_order_id).where(PickBatchOrder.claimed_order_id.is_not(None))
        ))


async def test_a_double_tap_answers_one_cart_of_the_configured_size(
    app, client, db, users, world, enter, picker, monkeypatch
):
    # Cart size from the setting (the request names no totes): 2 orders per cart. Ten orders
    # wait, more than the 2 x 4 candidates one request reads (and locks, on PostgreSQL), so a
    # second request not held back would find orders of its own for a second cart.
    monkeypatch.setenv("SHIPFLOOR_CART_TOTES", "2")
    urgent = [await enter({"CUP": 1}, priority=5) for _ in range(2)]
    rest = [await enter({"CUP": 1}) for _ in range(8)]

    first, second = await _twice_at_once(app, picker)

    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    assert first.json()["id"] == second.json()["id"]
    bid = first.json()["id"]
    # The two priority-5 orders fill the cart of 2 (highest priority first).
    for answer in (first.json(), second.json()):
        assert (answer["status"], answer["assigned_picker_id"]) == ("created", users["picker"])
        assert sorted(t["order_id"] for t in answer["totes"]) == sorted(o["id"] for o in urgent)
    assert await _batches(db) == [(bid, "created", users["picker"], None)]
    # Each urgent order claimed once; the eight others still wait, on no batch.
    assert await _claims(db) == sorted(o["id"] for o in urgent)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PickBatchOrder)) == 2
    assert {o["id"] for o in rest}.isdisjoint(await _claims(db))


async def test_a_double_tap_on_the_default_cart_size(app, client, db, users, world, enter, picker, monkeypatch):
    # No setting: 8 totes. Nine orders wait (one unit each, one bin): the cart takes 8 of them,
    # one is left for the next cart.
    monkeypatch.delenv("SHIPFLOOR_CART_TOTES", raising=False)
    orders = [await enter({"CUP": 1}) for _ in range(9)]

    first, second = await _twice_at_once(app, picker)

    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["totes"] == second.json()["totes"]
    assert len(first.json()["totes"]) == 8
    assert first.json()["units_total"] == 8
    assert await _batches(db) == [(first.json()["id"], "created", users["picker"], None)]
    claims = await _claims(db)
    assert len(claims) == len(set(claims)) == 8
    assert set(claims) < {o["id"] for o in orders}


async def test_a_double_tap_takes_the_batch_a_supervisor_made_for_anyone(
    app, client, db, users, world, enter, supervisor, picker
):
    # A cart a supervisor made for nobody in particular waits, and so do other orders: both
    # taps answer the supervisor's cart (now the picker's); no cart is made of the others.
    made_of = [await enter({"CUP": 1}), await enter({"BOWL": 1})]
    others = [await enter({"CUP": 1}) for _ in range(3)]
    made = (await client.post("/api/pick-batches", json={"order_ids": [o["id"] for o in made_of]},
                              headers=supervisor)).json()
    assert made["assigned_picker_id"] is None

    first, second = await _twice_at_once(app, picker, {})

    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    assert (first.json()["id"], second.json()["id"]) == (made["id"], made["id"])
    assert second.json()["assigned_picker_id"] == users["picker"]
    assert await _batches(db) == [(made["id"], "created", users["picker"], None)]
    assert await _claims(db) == sorted(o["id"] for o in made_of)
    assert {o["id"] for o in others}.isdisjoint(await _claims(db))
