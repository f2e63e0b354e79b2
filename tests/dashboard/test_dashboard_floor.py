"""``/api/dashboard/floor``: batches walked through the handheld API, then checked figure by
figure against the rows they left."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from server.db.models import PickBatch, PickBatchOrder, PickConfirmation, PutAwayTask, SalesOrder
from tests.picking.conftest import (  # noqa: F401 - fixtures
    STOCK, enter, loc, new_id, picker, scan, supervisor, tote, world,
)

TZ = ZoneInfo("Europe/Amsterdam")


async def test_batches_totes_put_away_and_pick_rate(client, db, world, enter, supervisor, picker, scan):
    o1 = await enter({"MUG": 2, "BOWL": 1})
    o2 = await enter({"CUP": 3})
    o3 = await enter({"PLATE": 1})
    walking = (await client.post("/api/pick-batches", json={"order_ids": [o1["id"], o2["id"]]}, headers=supervisor)).json()
    waiting = (await client.post("/api/pick-batches", json={"order_ids": [o3["id"]]}, headers=supervisor)).json()
    started = await client.post(f"/api/pick-batches/{walking['id']}/start",
                                json={"totes": [tote("T1"), tote("T2")]}, headers=picker)
    assert started.status_code == 200, started.text

    # The whole first stop of the route, one scan per unit.
    stop = walking["stops"][0]
    await scan(walking["id"], loc(stop["location"]))
    for _ in range(stop["quantity"]):
        await scan(walking["id"], STOCK[stop["product"]["sku"]][1])

    today = datetime.now(TZ).date()
    at = lambda day, hour, minute: datetime.combine(day, time(hour, minute), TZ)  # noqa: E731
    async with db() as session:
        await session.execute(update(PickBatch).where(PickBatch.id == walking["id"])
                              .values(started_at=datetime.now(TZ) - timedelta(hours=2)))
        # o3 was held: its tote is off the cart, waiting for a decision.
        await session.execute(update(PickBatchOrder).where(PickBatchOrder.order_id == o3["id"])
                              .values(state="aside", claimed_order_id=None, tote_code="T3"))
        await session.execute(update(SalesOrder).where(SalesOrder.id == o3["id"])
                              .values(status="on_hold", hold_reason="manual", held_from="ready_for_picking"))
        await session.execute(update(PickConfirmation).values(created_at=at(today, 9, 15)))
        first = await session.scalar(select(PickConfirmation).order_by(PickConfirmation.id))
        keep = {c: getattr(first, c) for c in ("batch_id", "task_id", "order_id", "order_line_id", "product_id",
                                               "location_id", "method")}
        for day, hour, quantity in [
            (today - timedelta(weeks=1), 9, 4),
            (today - timedelta(weeks=2), 9, 2),
            (today - timedelta(weeks=4), 10, 8),
            (today - timedelta(weeks=5), 9, 100),  # before the four weeks compared
            (today - timedelta(days=3), 9, 50),  # another weekday
        ]:
            session.add(PickConfirmation(**keep, quantity=quantity, created_at=at(day, hour, 30)))
        session.add_all([
            PutAwayTask(order_id=o3["id"], product_id=first.product_id, location_id=first.location_id, quantity=1),
            PutAwayTask(order_id=o3["id"], product_id=first.product_id, location_id=first.location_id, quantity=2,
                        state="done"),
        ])
        await session.commit()

    response = await client.get("/api/dashboard/floor", headers=supervisor)
    assert response.status_code == 200, response.text
    body = response.json()

    # o1 + o2: 2 MUG + 1 BOWL + 3 CUP; the first stop's units picked, each of its lines whole.
    lines_done = len(stop["tasks"])
    # Walked: from the start (0, 0) along the front cross aisle to the stop's aisle, then up it
    # (aisles A01..A04 at x = 1.5, 4.5, 7.5, 10.5; bays 01/02 at y = 2, 03/04 at 6, 05/06 at 10).
    walked = {"A-01-02-A": 1.5 + 2, "A-04-05-B": 10.5 + 10, "A-02-03-A": 4.5 + 6, "A-02-05-B": 4.5 + 10}
    assert body["batches"] == [
        {
            "id": walking["id"], "code": walking["code"], "status": "picking", "picker": "Picker",
            "units_total": 6, "units_picked": stop["quantity"], "percent_done": 100 * stop["quantity"] // 6,
            "route_length_m": round(walking["route_length_m"], 1), "lines_picked": lines_done,
            "lines_per_hour": round(lines_done / 2, 1), "walked_m": walked[stop["location"]],
            "assigned_picker": None, "assigned_picker_id": None,
        },
        {
            "id": waiting["id"], "code": waiting["code"], "status": "created", "picker": None,
            "units_total": 1, "units_picked": 0, "percent_done": 0,
            "route_length_m": round(waiting["route_length_m"], 1), "lines_picked": 0, "lines_per_hour": None,
            "walked_m": 0.0, "assigned_picker": None, "assigned_picker_id": None,
        },
    ]
    assert body["totes_aside"] == 1
    assert body["put_away_open"] == 1
    expected_today = [0] * 24
    expected_today[9] = stop["quantity"]
    expected_average = [0.0] * 24
    expected_average[9] = (4 + 2) / 4
    expected_average[10] = 8 / 4
    assert body["pick_rate"] == {"today": expected_today, "weekday_average": expected_average}


async def test_a_quiet_floor(client, login):
    body = (await client.get("/api/dashboard/floor", headers=await login("supervisor"))).json()
    assert body == {
        "batches": [], "totes_aside": 0, "put_away_open": 0,
        "pick_rate": {"today": [0] * 24, "weekday_average": [0.0] * 24},
    }
