"""The order flow through the API: confirm, payments, the release check with allocation, hold,
release, cancel; every move leaves a history entry."""

from __future__ import annotations

from .conftest import days, events_of, moves, stock_of


async def test_unpaid_order_waits_for_payment_then_is_released(enter, act, client, supervisor, catalog, db):
    order = await enter(lines=[{"sku": "MUG", "quantity": 2, "unit_price": "9.50"}])
    confirmed = await act(order["id"], "confirm", reason="phoned in")
    assert confirmed["status"] == "awaiting_payment"
    # 2 × 9.50 = 19.00; a first payment of 10.00 leaves 9.00 owed.
    partly = await act(order["id"], "payments", amount="10.00", reference="PSP-1")
    assert partly["status"] == "awaiting_payment"
    assert partly["payment_state"] == "unpaid"
    assert partly["amount_paid"] == "10.00"
    paid = await act(order["id"], "payments", reference="PSP-2")
    assert paid["payment_state"] == "paid"
    assert paid["amount_paid"] == "19.00"
    assert paid["status"] == "ready_for_picking"
    assert paid["lines"][0]["allocated"] == 2
    assert await stock_of(db, catalog.mug_a) == (10, 2)
    again = await act(order["id"], "payments", expect=409)
    assert again["code"] == "already_paid"
    history = await events_of(client, supervisor, order["id"])
    assert [e["kind"] for e in history] == ["created", "confirmed", "payment_received", "payment_received", "release_check"]
    assert moves(history) == [("draft", "awaiting_payment", None), ("awaiting_payment", "ready_for_picking", None)]
    assert history[1]["message"] == "phoned in"
    assert history[2]["data"] == {"amount": "10.00", "currency": "EUR", "reference": "PSP-1", "paid": False}
    assert all(e["actor"] == "Supervisor" for e in history)


async def test_paid_order_allocates_across_bins_in_primary_key_order(enter, act, catalog, db):
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 12}, {"sku": "BOWL", "quantity": 2}])
    released = await act(order["id"], "confirm")
    assert released["status"] == "ready_for_picking"
    assert [line["allocated"] for line in released["lines"]] == [12, 2]
    # 12 mugs: all 10 of bin A (the lower stock level id), then 2 of bin B's 5.
    assert await stock_of(db, catalog.mug_a) == (10, 10)
    assert await stock_of(db, catalog.mug_b) == (5, 2)
    assert await stock_of(db, catalog.bowl_a) == (2, 2)


async def test_short_order_waits_on_backorder_and_promises_nothing(enter, act, client, supervisor, catalog, db):
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 3}, {"sku": "BOWL", "quantity": 5}])
    held = await act(order["id"], "confirm")
    assert (held["status"], held["hold_reason"]) == ("on_hold", "backorder")
    assert [line["allocated"] for line in held["lines"]] == [0, 0]
    assert await stock_of(db, catalog.mug_a) == (10, 0)
    assert await stock_of(db, catalog.bowl_a) == (2, 0)
    last = (await events_of(client, supervisor, order["id"]))[-1]
    assert last["data"]["short"] == [{"line_id": held["lines"][1]["id"], "sku": "BOWL", "wanted": 5, "available": 2}]
    # Releasing while still short is refused and lists the short line.
    problem = await act(order["id"], "release", expect=409)
    assert problem["code"] == "insufficient_stock"
    assert problem["short"][0]["sku"] == "BOWL"
    assert "BOWL wants 5, 2 available" in problem["detail"]


async def test_future_ship_date_waits_scheduled_and_early_release_is_refused(enter, act, catalog, db):
    order = await enter(payment_state="paid", requested_ship_date=days(5))
    held = await act(order["id"], "confirm")
    assert (held["status"], held["hold_reason"]) == ("on_hold", "scheduled")
    assert await stock_of(db, catalog.mug_a) == (10, 0)
    problem = await act(order["id"], "release", expect=409)
    assert problem["code"] == "still_scheduled"


async def test_confirm_twice_is_refused(enter, act):
    order = await enter()
    await act(order["id"], "confirm")
    problem = await act(order["id"], "confirm", expect=409)
    assert problem["code"] == "not_draft"
    assert problem["order_status"] == "awaiting_payment"


async def test_hold_keeps_allocations_and_release_does_not_allocate_twice(enter, act, client, supervisor, catalog, db):
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 4}], confirm=True)
    assert order["status"] == "ready_for_picking"
    held = await act(order["id"], "hold", reason="customer called")
    assert (held["status"], held["hold_reason"], held["held_from"]) == ("on_hold", "manual", "ready_for_picking")
    assert held["lines"][0]["allocated"] == 4
    assert await stock_of(db, catalog.mug_a) == (10, 4)
    released = await act(order["id"], "release")
    assert released["status"] == "ready_for_picking"
    assert await stock_of(db, catalog.mug_a) == (10, 4)
    assert moves(await events_of(client, supervisor, order["id"]))[-2:] == [
        ("ready_for_picking", "on_hold", "manual"),
        ("on_hold", "ready_for_picking", None),
    ]


async def test_editing_lines_during_a_hold_gives_stock_back(enter, act, client, supervisor, catalog, db):
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 4}], confirm=True)
    await act(order["id"], "hold")
    response = await client.patch(
        f"/api/orders/{order['id']}", json={"lines": [{"sku": "BOWL", "quantity": 1, "unit_price": "3"}]},
        headers=supervisor,
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert [(line["sku"], line["allocated"]) for line in edited["lines"]] == [("BOWL", 0)]
    assert await stock_of(db, catalog.mug_a) == (10, 0)
    # The total grew from 0 to 3.00 after being paid in full: the difference is owed again.
    assert edited["payment_state"] == "unpaid"
    await act(order["id"], "payments")
    released = await act(order["id"], "release")
    assert released["status"] == "ready_for_picking"
    assert await stock_of(db, catalog.bowl_a) == (2, 1)


async def test_a_stop_returns_to_the_floor_status_it_was_held_from(enter, act, force, catalog):
    order = await enter(payment_state="paid", confirm=True)
    await force(order["id"], "picking")
    held = await act(order["id"], "hold")
    assert held["held_from"] == "picking"
    assert (await act(order["id"], "release"))["status"] == "picking"
    await force(order["id"], "ready_for_packing", "ready_for_shipping")
    await act(order["id"], "hold")
    assert (await act(order["id"], "release"))["status"] == "ready_for_shipping"


async def test_holds_before_confirmation_return_where_they_were(enter, act):
    draft = await enter()
    await act(draft["id"], "hold")
    assert (await act(draft["id"], "release"))["status"] == "draft"
    waiting = await enter()
    await act(waiting["id"], "confirm")
    await act(waiting["id"], "hold")
    assert (await act(waiting["id"], "release"))["status"] == "awaiting_payment"


async def test_manual_hold_of_a_short_order_releases_into_backorder(enter, act, catalog):
    order = await enter(lines=[{"sku": "VASE", "quantity": 1}])
    await act(order["id"], "confirm")
    await act(order["id"], "hold")
    await act(order["id"], "payments")
    released = await act(order["id"], "release")
    assert (released["status"], released["hold_reason"]) == ("on_hold", "backorder")


async def test_cancel_gives_stock_back_and_is_final(enter, act, client, supervisor, catalog, db):
    order = await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 12}], confirm=True)
    assert await stock_of(db, catalog.mug_b) == (5, 2)
    cancelled = await act(order["id"], "cancel", reason="fraud")
    assert cancelled["status"] == "cancelled"
    assert cancelled["lines"][0]["allocated"] == 0
    assert await stock_of(db, catalog.mug_a) == (10, 0)
    assert await stock_of(db, catalog.mug_b) == (5, 0)
    last = (await events_of(client, supervisor, order["id"]))[-1]
    assert (last["kind"], last["message"], last["data"]) == ("cancelled", "fraud", {"units_released": 12, "put_away": False})
    for action, code in (("cancel", "cancel_not_allowed"), ("hold", "hold_not_allowed"),
                         ("release", "not_on_hold"), ("payments", "payment_not_allowed")):
        assert (await act(order["id"], action, expect=409))["code"] == code


async def test_cancel_while_picking_asks_for_put_away(enter, act, force, client, supervisor, catalog):
    order = await enter(payment_state="paid", confirm=True)
    await force(order["id"], "picking")
    await act(order["id"], "cancel")
    assert (await events_of(client, supervisor, order["id"]))[-1]["data"]["put_away"] is True


async def test_completed_order_refuses_everything(enter, act, force, client, supervisor, catalog):
    order = await enter(payment_state="paid", confirm=True)
    await force(order["id"], "picking", "ready_for_packing", "ready_for_shipping", "completed")
    for action, code in (("cancel", "cancel_not_allowed"), ("hold", "hold_not_allowed"),
                         ("confirm", "not_draft")):
        problem = await act(order["id"], action, expect=409)
        assert problem["code"] == code
        assert problem["order_status"] == "completed"
    history = await events_of(client, supervisor, order["id"])
    assert moves(history) == [
        ("draft", "ready_for_picking", None),
        ("ready_for_picking", "picking", None),
        ("picking", "ready_for_packing", None),
        ("ready_for_packing", "ready_for_shipping", None),
        ("ready_for_shipping", "completed", None),
    ]


async def test_hold_of_an_order_on_hold_is_refused(enter, act):
    order = await enter()
    await act(order["id"], "hold")
    problem = await act(order["id"], "hold", expect=409)
    assert problem["code"] == "hold_not_allowed"


async def test_stale_version_in_an_action_is_refused(enter, act):
    order = await enter()
    problem = await act(order["id"], "hold", expect=409, version=order["version"] + 1)
    assert problem["code"] == "version_conflict"
    assert (await act(order["id"], "hold", version=order["version"]))["status"] == "on_hold"


async def test_status_changes_only_through_the_one_function(db, enter):
    import pytest

    from server.domain.orders.flow import load_order

    order = await enter()
    async with db() as session:
        loaded = await load_order(session, order["id"])
        with pytest.raises(RuntimeError, match="change_status"):
            loaded.status = "completed"
