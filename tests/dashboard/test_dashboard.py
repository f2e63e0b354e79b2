"""``/api/dashboard``: every figure against orders arranged row by row, on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from server.db.models import Customer, OrderEvent, SalesOrder, ShippingMethod, ShippingRule

TZ = "Europe/Amsterdam"


async def arrange(db, rows) -> dict[str, int]:
    """One order per ``(name, status, hold_reason, ship date, parent name)``; ids by name."""
    ids: dict[str, int] = {}
    async with db() as session:
        customer = Customer(name="Grace Hopper", email="grace@example.org", country="NL")
        session.add(customer)
        await session.flush()
        for name, status, reason, ship_date, parent in rows:
            order = SalesOrder(
                number=name, channel="manual", customer_id=customer.id, ship_name=customer.name,
                ship_country="NL", status=status, hold_reason=reason, requested_ship_date=ship_date,
                parent_id=ids[parent] if parent else None, version=1,
            )
            session.add(order)
            await session.flush()
            ids[name] = order.id
        await session.commit()
    return ids


async def test_every_figure_counts_the_orders_it_names(client, db, login):
    headers = await login("supervisor")
    today = datetime.now(ZoneInfo(TZ)).date()
    day = timedelta(days=1)
    await arrange(db, [
        ("1001", "draft", None, today, None),
        ("1002", "awaiting_payment", None, today - day, None),
        ("1003", "ready_for_picking", None, today, None),
        ("1004", "on_hold", "manual", today - 3 * day, None),
        ("1005", "on_hold", "scheduled", today + day, None),
        ("1006", "on_hold", "scheduled", today + 5 * day, None),
        ("1003-BO1", "on_hold", "backorder", None, "1003"),
        ("1008", "on_hold", "backorder", None, None),
        ("1009", "completed", None, today - day, None),
        ("1010", "cancelled", None, today, None),
        ("1011", "picking", None, today, None),
    ])

    response = await client.get("/api/dashboard", headers=headers)

    assert response.status_code == 200, response.text
    assert response.json() == {
        "today": today.isoformat(),
        "by_status": {
            "draft": 1, "awaiting_payment": 1, "ready_for_picking": 1, "picking": 1,
            "ready_for_packing": 0, "ready_for_shipping": 0, "completed": 1, "on_hold": 5,
            "cancelled": 1,
        },
        "on_hold": {"manual": 1, "scheduled": 2, "backorder": 2},
        # 1001, 1003, 1011; the cancelled 1010 is not due.
        "due_today": 3,
        # 1002 and 1004; the completed 1009 left on time.
        "late": 2,
        # 1005; 1006 waits five days.
        "releasing_tomorrow": 1,
        # 1003-BO1 was split off; 1008 is held whole.
        "backorders_waiting": 1,
        "stock_arrived_today": 0,
    }


async def test_an_empty_floor_counts_zero(client, login):
    response = await client.get("/api/dashboard", headers=await login("supervisor"))
    body = response.json()
    assert set(body["by_status"].values()) == {0}
    assert body["on_hold"] == {"manual": 0, "scheduled": 0, "backorder": 0}
    assert (body["due_today"], body["late"], body["releasing_tomorrow"], body["backorders_waiting"],
            body["stock_arrived_today"]) == (0, 0, 0, 0, 0)


async def test_released_today_by_arriving_stock(client, db, login):
    headers = await login("supervisor")
    ids = await arrange(db, [(n, "ready_for_picking", None, None, None) for n in ("A", "B", "C", "D")])
    now = datetime.now(ZoneInfo(TZ))
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    released = dict(kind="released", from_status="on_hold", to_status="ready_for_picking", actor="Supervisor")
    async with db() as session:
        session.add_all([
            # A: a receipt released it today, and an adjustment once more after a new hold.
            OrderEvent(order_id=ids["A"], **released, data={"trigger": "receipt"}, created_at=midnight + timedelta(minutes=1)),
            OrderEvent(order_id=ids["A"], **released, data={"trigger": "adjustment"}, created_at=now),
            # B: stock arrived yesterday, just before midnight.
            OrderEvent(order_id=ids["B"], **released, data={"trigger": "receipt"}, created_at=midnight - timedelta(minutes=1)),
            # C: a supervisor released its hold today.
            OrderEvent(order_id=ids["C"], **released, data={}, created_at=now),
            # D: stock arrived today, for an order that was not waiting on hold.
            OrderEvent(order_id=ids["D"], kind="released", from_status="awaiting_payment",
                       to_status="ready_for_picking", actor="system", data={"trigger": "receipt"}, created_at=now),
        ])
        await session.commit()
    body = (await client.get("/api/dashboard", headers=headers)).json()
    assert body["stock_arrived_today"] == 1


async def test_the_dashboard_is_for_supervisors(client, login):
    response = await client.get("/api/dashboard", headers=await login("picker"))
    assert response.status_code == 403


async def test_customers_are_found_by_name_email_or_company(client, db, login):
    headers = await login("supervisor")
    async with db() as session:
        session.add_all([
            Customer(name="Ada Lovelace", email="ada@example.org", country="GB", city="London"),
            Customer(name="Bob", email="bob@bakery.example", company="Lovelace Bakes", country="NL"),
            Customer(name="Carol", email="carol@example.org", country="FR"),
        ])
        await session.commit()
    names = lambda r: [c["name"] for c in r.json()]  # noqa: E731
    assert names(await client.get("/api/customers", params={"q": "LOVELACE"}, headers=headers)) == ["Ada Lovelace", "Bob"]
    assert names(await client.get("/api/customers", params={"q": "carol@"}, headers=headers)) == ["Carol"]
    hit = (await client.get("/api/customers", params={"q": "ada"}, headers=headers)).json()[0]
    assert (hit["country"], hit["city"]) == ("GB", "London")


async def test_the_shipping_preview_is_the_rule_order_entry_would_apply(client, db, login):
    headers = await login("supervisor")
    async with db() as session:
        small = ShippingMethod(code="PNL-SMALL", name="Letterbox", carrier="postnl", active=True)
        parcel = ShippingMethod(code="DHL", name="Parcel", carrier="dhl", active=True)
        session.add_all([small, parcel])
        await session.flush()
        session.add_all([
            ShippingRule(name="Light to NL", priority=10, shipping_method_id=small.id, countries=["NL"],
                         max_weight_grams=1000, active=True),
            ShippingRule(name="Fragile", priority=5, shipping_method_id=parcel.id, tags=["fragile"], active=True),
            ShippingRule(name="Anything else", priority=100, shipping_method_id=parcel.id, active=True),
        ])
        await session.commit()

    async def preview(**params):
        response = await client.get("/api/shipping-preview", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    light = await preview(country="NL", weight_grams=700)
    assert (light["rule_name"], light["method_code"], light["method_name"]) == ("Light to NL", "PNL-SMALL", "Letterbox")
    assert (await preview(country="NL", weight_grams=1001))["rule_name"] == "Anything else"
    assert (await preview(country="NL", weight_grams=700, tag=" Fragile"))["rule_name"] == "Fragile"
    assert (await preview(country="BE", weight_grams=10))["method_code"] == "DHL"
    bad = await client.get("/api/shipping-preview", params={"country": "NL", "value": "lots"}, headers=headers)
    assert (bad.status_code, bad.json()["code"]) == (422, "validation_error")
