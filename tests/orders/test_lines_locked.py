"""An order held from the floor (``picking``, ``ready_for_packing``, ``ready_for_shipping``)
keeps its lines: its picked units are in a tote or a packed parcel. One held from
``ready_for_picking`` keeps the edit table's rules (the edit gives its allocations back)."""

from __future__ import annotations

import pytest

from server.domain.orders import rules
from server.errors import ShipfloorError

from .conftest import stock_of

PATH = ["picking", "ready_for_packing", "ready_for_shipping"]
WHERE = {"picking": "its tote", "ready_for_packing": "its tote", "ready_for_shipping": "a packed parcel"}


@pytest.mark.parametrize("held_from", PATH)
async def test_lines_of_an_order_held_from_the_floor_are_locked(client, supervisor, enter, act, force, catalog, db,
                                                                held_from):
    order = await enter(payment_state="paid", confirm=True)  # 1 MUG, allocated in bin A: (10, 1)
    await force(order["id"], *PATH[: PATH.index(held_from) + 1])
    held = await act(order["id"], "hold")
    assert (held["status"], held["held_from"]) == ("on_hold", held_from)

    response = await client.patch(f"/api/orders/{order['id']}", headers=supervisor,
                                  json={"lines": [{"sku": "MUG", "quantity": 2}], "notes": "changed"})
    assert response.status_code == 409, response.text
    problem = response.json()
    assert (problem["code"], problem["order_status"], problem["held_from"], problem["field"]) == (
        "lines_locked_after_picking", "on_hold", held_from, "lines")
    assert problem["detail"] == (
        f"The picked units of an order held from {held_from} are in {WHERE[held_from]}, so its lines cannot "
        "change: release it and handle the difference at packing, or cancel it (picked units go back to "
        "stock by a put-away task).")
    after = (await client.get(f"/api/orders/{order['id']}", headers=supervisor)).json()
    assert [(line["sku"], line["quantity"]) for line in after["lines"]] == [("MUG", 1)]
    assert (after["version"], after["notes"]) == (held["version"], None)
    assert await stock_of(db, catalog.mug_a) == (10, 1)
    # Other fields keep the edit table's rules for on_hold.
    notes = await client.patch(f"/api/orders/{order['id']}", json={"notes": "call first"}, headers=supervisor)
    assert (notes.status_code, notes.json()["notes"]) == (200, "call first")


async def test_lines_of_an_order_held_from_ready_for_picking_still_change(client, supervisor, enter, act, catalog, db):
    order = await enter(payment_state="paid", confirm=True)
    assert await stock_of(db, catalog.mug_a) == (10, 1)
    held = await act(order["id"], "hold")
    assert (held["status"], held["held_from"]) == ("on_hold", "ready_for_picking")
    response = await client.patch(f"/api/orders/{order['id']}", json={"lines": [{"sku": "MUG", "quantity": 2}]},
                                  headers=supervisor)
    assert response.status_code == 200, response.text
    assert [(line["sku"], line["quantity"]) for line in response.json()["lines"]] == [("MUG", 2)]
    assert response.json()["status"] == "on_hold"
    # The edit gave the allocation back: bin A holds 10, none promised.
    assert await stock_of(db, catalog.mug_a) == (10, 0)


def test_the_rule_alone():
    for held_from in ("ready_for_picking", "awaiting_payment", None):
        rules.check_edit("on_hold", rules.LINES, "lines", held_from)
    for group in (rules.CUSTOMER, rules.SHIP_DATE, rules.NOTES):
        rules.check_edit("on_hold", group, None, "ready_for_shipping")
    with pytest.raises(ShipfloorError) as refused:
        rules.check_edit("on_hold", rules.LINES, "lines", "ready_for_packing")
    assert (refused.value.status, refused.value.code) == (409, "lines_locked_after_picking")
