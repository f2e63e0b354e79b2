"""PATCH /api/orders/{id} against every row and column of the edit table, edits in the history,
ship date edits, and two supervisors editing at once."""

from __future__ import annotations

import asyncio

import pytest

from .conftest import days, events_of, stock_of

Y, N = True, False
COLUMNS = ("draft", "awaiting_payment", "on_hold", "ready_for_picking", "picking",
           "ready_for_packing", "ready_for_shipping", "completed", "cancelled")
# DESIGN.md "Who may change what", by hand.
ROWS = {
    "lines":           (Y, Y, Y, N, N, N, N, N, N),
    "customer":        (Y, Y, Y, Y, Y, Y, N, N, N),
    "shipping_method": (Y, Y, Y, Y, N, Y, N, N, N),
    "ship_date":       (Y, Y, Y, Y, N, N, N, N, N),
    "notes":           (Y, Y, Y, Y, Y, Y, Y, N, N),
}


@pytest.fixture
async def method_id(client, admin) -> int:
    response = await client.post(
        "/api/shipping-methods", json={"code": "postnl", "name": "PostNL", "carrier": "postnl"}, headers=admin
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def order_in(status: str, enter, act, force) -> dict:
    """A fresh order in ``status``, reached the way the flow reaches it."""
    if status == "draft":
        return await enter()
    if status == "awaiting_payment":
        order = await enter()
        return await act(order["id"], "confirm")
    if status == "on_hold":
        order = await enter()
        return await act(order["id"], "hold")
    if status == "cancelled":
        order = await enter()
        return await act(order["id"], "cancel")
    order = await enter(payment_state="paid", confirm=True)
    path = ["picking", "ready_for_packing", "ready_for_shipping", "completed"]
    if status != "ready_for_picking":
        await force(order["id"], *path[: path.index(status) + 1])
    return order


async def test_every_cell_of_the_edit_table(client, supervisor, enter, act, force, method_id, catalog):
    bodies = {
        "lines": {"lines": [{"sku": "MUG", "quantity": 2}]},
        "customer": {"shipping_address": {"country": "NL", "city": "Delft"}},
        "shipping_method": {"shipping_method_id": method_id},
        "ship_date": {"requested_ship_date": days(-1)},
        "notes": {"notes": "ring twice", "tags": ["express"], "priority": 3},
    }
    for column, status in enumerate(COLUMNS):
        for group, body in bodies.items():
            order = await order_in(status, enter, act, force)
            response = await client.patch(f"/api/orders/{order['id']}", json=body, headers=supervisor)
            if ROWS[group][column]:
                assert response.status_code == 200, (status, group, response.text)
                assert response.json()["status"] == status
            else:
                assert response.status_code == 409, (status, group, response.text)
                problem = response.json()
                assert problem["code"] == "edit_not_allowed"
                assert problem["order_status"] == status
                assert problem["field"] in body
                assert status in problem["detail"]
            if status not in ("completed", "cancelled"):
                # Give the stock back for the next orders.
                await act(order["id"], "cancel")


async def test_refused_line_edit_says_what_to_do_and_changes_nothing(client, supervisor, enter, catalog, db):
    order = await enter(payment_state="paid", confirm=True, notes="keep")
    response = await client.patch(
        f"/api/orders/{order['id']}", json={"notes": "changed", "lines": [{"sku": "BOWL", "quantity": 1}]},
        headers=supervisor,
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["field"] == "lines"
    assert "put the order on hold to change its lines" in problem["detail"]
    after = (await client.get(f"/api/orders/{order['id']}", headers=supervisor)).json()
    assert after["notes"] == "keep"
    assert after["version"] == order["version"]
    assert await stock_of(db, catalog.mug_a) == (10, 1)


async def test_edits_are_in_the_history(client, supervisor, enter):
    order = await enter(notes="a")
    response = await client.patch(
        f"/api/orders/{order['id']}", json={"notes": "b", "priority": 7, "tags": ["Cooled"]}, headers=supervisor
    )
    assert response.status_code == 200
    edited = [e for e in await events_of(client, supervisor, order["id"]) if e["kind"] == "edited"]
    assert edited[-1]["data"] == {"notes": ["a", "b"], "priority": [0, 7], "tags": [[], ["cooled"]]}
    assert edited[-1]["actor"] == "Supervisor"


async def test_ship_date_moved_forward_holds_a_ready_order_and_back_releases_it(client, supervisor, enter, catalog, db):
    order = await enter(payment_state="paid", confirm=True)
    later = await client.patch(f"/api/orders/{order['id']}", json={"requested_ship_date": days(4)}, headers=supervisor)
    assert (later.json()["status"], later.json()["hold_reason"]) == ("on_hold", "scheduled")
    # Allocations are kept while it waits.
    assert await stock_of(db, catalog.mug_a) == (10, 1)
    sooner = await client.patch(f"/api/orders/{order['id']}", json={"requested_ship_date": days(0)}, headers=supervisor)
    assert sooner.json()["status"] == "ready_for_picking"
    assert await stock_of(db, catalog.mug_a) == (10, 1)


async def test_stale_version_is_refused(client, supervisor, enter):
    order = await enter()
    first = await client.patch(
        f"/api/orders/{order['id']}", json={"notes": "first", "version": order["version"]}, headers=supervisor
    )
    assert first.status_code == 200
    second = await client.patch(
        f"/api/orders/{order['id']}", json={"notes": "second", "version": order["version"]}, headers=supervisor
    )
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict"
    assert second.json()["current_version"] == first.json()["version"]


async def test_two_supervisors_editing_at_once_cannot_both_win(client, supervisor, enter):
    order = await enter()
    bodies = [{"notes": f"edit {i}", "version": order["version"]} for i in range(2)]
    responses = await asyncio.gather(
        *(client.patch(f"/api/orders/{order['id']}", json=body, headers=supervisor) for body in bodies)
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["code"] in {"version_conflict", "order_changed_concurrently"}
    winner = next(r for r in responses if r.status_code == 200).json()
    stored = (await client.get(f"/api/orders/{order['id']}", headers=supervisor)).json()
    assert stored["notes"] == winner["notes"]
    edits = [e for e in await events_of(client, supervisor, order["id"]) if e["kind"] == "edited"]
    assert len(edits) == 1


async def test_two_supervisors_releasing_at_once_cannot_both_win(client, supervisor, enter, act, catalog, db):
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 3}], confirm=True)
    await act(order["id"], "hold")
    responses = await asyncio.gather(
        *(client.post(f"/api/orders/{order['id']}/release", headers=supervisor) for _ in range(2))
    )
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    assert await stock_of(db, catalog.mug_a) == (10, 3)
    releases = [e for e in await events_of(client, supervisor, order["id"]) if e["kind"] == "released"]
    assert len(releases) == 1


async def test_two_holds_at_once_one_wins(client, supervisor, enter):
    order = await enter()
    responses = await asyncio.gather(
        *(client.post(f"/api/orders/{order['id']}/hold", headers=supervisor) for _ in range(2))
    )
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
