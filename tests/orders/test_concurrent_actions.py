"""Actions on one order sent at the same moment, through a real server on a socket (the test
client answers one request after the other): they run one after the other on both databases, so
every answer is one a request sent afterwards would get, and never a 500.

SQLite ignores ``SELECT ... FOR UPDATE``; ``flow.load_order(lock=True)`` takes its write lock
first (``server.db.locking.lock_row``), as the row lock does on PostgreSQL."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import select

from server.app import create_app
from server.db.models import OrderEvent
from server.domain.orders import flow
from tests.live import live_server, meeting_point

from .conftest import stock_of


@pytest.fixture
def meet_after_load(monkeypatch):
    """Make concurrent requests meet after they loaded the order (with its lock), so that
    without the lock every one of them reads the order before any commits. A request that holds
    the lock waits for the others at most a second, then goes on: with the lock the
    others cannot arrive before it commits."""
    original = flow.load_order
    meet = meeting_point(3)

    async def _load_then_meet(session, order_id, *, lock=False):
        order = await original(session, order_id, lock=lock)
        if lock:
            await meet()
        return order

    monkeypatch.setattr(flow, "load_order", _load_then_meet)


async def at_once(app, headers, requests: list[tuple[str, str, dict | None]]) -> list[httpx.Response]:
    """Send every ``(method, path, body)`` at the same moment to the app on a real socket."""
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
            return list(await asyncio.gather(*(http.request(method, path, json=body)
                                               for method, path, body in requests)))


async def history(db, order_id: int) -> list[tuple[str, str | None, str | None]]:
    async with db() as session:
        rows = await session.execute(
            select(OrderEvent.kind, OrderEvent.from_status, OrderEvent.to_status)
            .where(OrderEvent.order_id == order_id).order_by(OrderEvent.id))
        return [tuple(row) for row in rows]


@pytest.mark.parametrize("meet", [True, False], ids=["after-load", "free"])
async def test_three_cancels_at_once_cancel_once(meet, request, app, enter, act, supervisor, catalog, db):
    if meet:
        request.getfixturevalue("meet_after_load")
    # 12 mugs: bin A's 10 and 2 of bin B's 5 (fewest bins, test_flow).
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 12}], confirm=True)
    assert (await stock_of(db, catalog.mug_a), await stock_of(db, catalog.mug_b)) == ((10, 10), (5, 2))
    # What a second cancel sent afterwards answers: 409 cancel_not_allowed.
    answers = await at_once(app, supervisor, [("POST", f"/api/orders/{order['id']}/cancel", {})] * 3)
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200, 409, 409], [r.text for r in answers]
    assert next(r for r in answers if r.status_code == 200).json()["status"] == "cancelled"
    for refused in (r.json() for r in answers if r.status_code == 409):
        assert (refused["code"], refused["order_status"]) == ("cancel_not_allowed", "cancelled")
    # As one cancel leaves it: every unit on hand, none allocated.
    assert (await stock_of(db, catalog.mug_a), await stock_of(db, catalog.mug_b)) == ((10, 0), (5, 0))
    assert [e for e in await history(db, order["id"]) if e[0] == "cancelled"] == [
        ("cancelled", "ready_for_picking", "cancelled")]
    assert (await act(order["id"], "cancel", expect=409))["code"] == "cancel_not_allowed"


async def test_hold_release_edit_and_cancel_at_once_run_one_after_the_other(
    meet_after_load, app, enter, supervisor, catalog, db
):
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 3}], confirm=True)
    path = f"/api/orders/{order['id']}"
    answers = await at_once(app, supervisor, [
        ("POST", f"{path}/hold", {"reason": "check address"}),
        ("POST", f"{path}/release", {}),
        ("PATCH", path, {"priority": 5, "version": order["version"]}),
        ("POST", f"{path}/cancel", {}),
    ])
    assert all(r.status_code in (200, 409) for r in answers), [r.text for r in answers]
    assert any(r.status_code == 200 for r in answers)
    for refused in (r.json() for r in answers if r.status_code == 409):
        assert refused["code"] in ("not_on_hold", "cancel_not_allowed", "hold_not_allowed", "version_conflict",
                                   "edit_not_allowed", "order_changed_concurrently"), refused
    # The history is one chain of moves, and the stock matches where it ended.
    moves = [(f, t) for _, f, t in await history(db, order["id"]) if f and t]
    assert all(a[1] == b[0] for a, b in zip(moves, moves[1:])), moves
    final = moves[-1][1]
    allocated = 0 if final == "cancelled" else 3
    assert await stock_of(db, catalog.mug_a) == (10, allocated)
    assert await stock_of(db, catalog.mug_b) == (5, 0)
