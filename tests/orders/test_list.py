"""GET /api/orders: filters, free text, pagination, sorting and counts per status."""

from __future__ import annotations

from .conftest import days


async def listing(client, headers, query: str = "", expect: int = 200) -> dict:
    response = await client.get(f"/api/orders{query}", headers=headers)
    assert response.status_code == expect, response.text
    return response.json()


async def test_filters_text_pages_sorts_and_counts(client, supervisor, enter, act, catalog):
    a = await enter(tags=["fragile"], priority=2, requested_ship_date=days(2))  # draft
    b = await enter(channel="shopify", external_number="SHOP-9", customer={"name": "Bob Builder", "email": "bob@build.example", "address": {"country": "NL"}})
    await act(b["id"], "confirm")  # awaiting_payment
    c = await enter(payment_state="paid", requested_ship_date=days(9), tags=["cooled", "fragile"], confirm=True)
    d = await enter(payment_state="paid", lines=[{"sku": "VASE", "quantity": 1}], confirm=True, channel="magento")
    e = await enter(payment_state="paid", confirm=True, priority=9)

    page = await listing(client, supervisor)
    assert page["total"] == 5
    # Newest first by default.
    assert [o["id"] for o in page["items"]] == [e["id"], d["id"], c["id"], b["id"], a["id"]]
    assert page["counts"] == {"draft": 1, "awaiting_payment": 1, "ready_for_picking": 1, "picking": 0,
                              "ready_for_packing": 0, "ready_for_shipping": 0, "completed": 0, "on_hold": 2,
                              "cancelled": 0}

    on_hold = await listing(client, supervisor, "?status=on_hold")
    assert {o["id"] for o in on_hold["items"]} == {c["id"], d["id"]}
    # Counts ignore the status filter (the dashboard shows every tab).
    assert on_hold["counts"]["draft"] == 1
    several = await listing(client, supervisor, "?status=draft&status=awaiting_payment")
    assert {o["id"] for o in several["items"]} == {a["id"], b["id"]}
    assert [o["id"] for o in (await listing(client, supervisor, "?hold_reason=backorder"))["items"]] == [d["id"]]
    assert [o["id"] for o in (await listing(client, supervisor, "?hold_reason=scheduled"))["items"]] == [c["id"]]
    assert [o["id"] for o in (await listing(client, supervisor, "?channel=magento"))["items"]] == [d["id"]]
    fragile = await listing(client, supervisor, "?tag=fragile")
    assert {o["id"] for o in fragile["items"]} == {a["id"], c["id"]}
    assert fragile["counts"]["on_hold"] == 1
    ship = await listing(client, supervisor, f"?ship_date_from={days(1)}&ship_date_to={days(5)}")
    assert [o["id"] for o in ship["items"]] == [a["id"]]

    # Free text: order number, channel number, customer name, email; case-insensitive.
    assert [o["id"] for o in (await listing(client, supervisor, f"?q={c['number']}"))["items"]] == [c["id"]]
    assert [o["id"] for o in (await listing(client, supervisor, "?q=shop-9"))["items"]] == [b["id"]]
    assert [o["id"] for o in (await listing(client, supervisor, "?q=BUILDER"))["items"]] == [b["id"]]
    assert [o["id"] for o in (await listing(client, supervisor, "?q=bob@build"))["items"]] == [b["id"]]
    assert (await listing(client, supervisor, "?q=%25"))["total"] == 0

    by_priority = await listing(client, supervisor, "?sort=-priority&limit=2")
    assert [o["id"] for o in by_priority["items"]] == [e["id"], a["id"]]
    second_page = await listing(client, supervisor, "?sort=number&limit=2&offset=2")
    assert [o["id"] for o in second_page["items"]] == [c["id"], d["id"]]
    assert (second_page["total"], second_page["limit"], second_page["offset"]) == (5, 2, 2)
    summary = next(o for o in page["items"] if o["id"] == b["id"])
    assert summary["customer_name"] == "Bob Builder"
    assert summary["line_count"] == 1
    assert summary["total_amount"] == "9.50"


async def test_bad_filters_are_422_naming_the_parameter(client, supervisor, catalog):
    for query, field in (("?status=shipped", "status"), ("?hold_reason=lazy", "hold_reason"),
                         ("?channel=ebay", "channel"), ("?ship_date_from=tomorrow", "ship_date_from"),
                         ("?sort=colour", "sort"), ("?limit=0", "limit")):
        problem = await listing(client, supervisor, query, expect=422)
        assert problem["code"] == "validation_error"
        assert field in [e["field"] for e in problem["errors"]], problem
