"""One tote scanned at two packing benches at the same moment opens one session (the order's
row lock is taken before the open session is looked for, on SQLite too); a session left open
beside the one that packed the order says the parcel is packed already; a unit scan of a label
or a name that is not a product says what it is."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select

from scanners import make_code
from server.app import create_app
from server.db.base import utcnow
from server.db.models import OrderEvent, PackingScan, PackingSession, Shipment
from server.domain.packing import services
from tests.live import live_server, meeting_point
from tests.packing.test_packing import pack, picked_order
from tests.packing.test_parcel_rules import packed_session
from tests.picking.conftest import STOCK, loc, order_status, tote


async def sessions_of(db, order_id: int) -> list[tuple[int, str]]:
    async with db() as session:
        return [tuple(row) for row in await session.execute(
            select(PackingSession.id, PackingSession.state).where(PackingSession.order_id == order_id)
            .order_by(PackingSession.id))]


@pytest.fixture
def meet_after_order_load(monkeypatch):
    """Make two concurrent opens meet after each loaded the order (with its lock), so that
    without the lock both look for an open session before either commits one. The one holding
    the lock waits for the other at most a second, then goes on."""
    original = services._order_for
    meet = meeting_point(2)

    async def _load_then_meet(session, raw):
        found = await original(session, raw)
        await meet()
        return found

    monkeypatch.setattr(services, "_order_for", _load_then_meet)


@pytest.mark.parametrize("meet", [True, False], ids=["after-load", "free"])
async def test_two_opens_of_one_tote_at_once_open_one_session(meet, request, app, client, db, world, enter,
                                                              supervisor, picker, packer, walk):
    if meet:
        request.getfixturevalue("meet_after_order_load")
    order = await picked_order(client, supervisor, picker, walk, enter, {"BOWL": 1}, tote_body="G1")
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=packer, timeout=60) as http:
            opens = await asyncio.gather(*(http.post("/api/packing/sessions", json={"code": tote("G1")})
                                           for _ in range(2)))
    assert [r.status_code for r in opens] == [200, 200], [r.text for r in opens]
    assert opens[0].json()["id"] == opens[1].json()["id"]
    assert await sessions_of(db, order["id"]) == [(opens[0].json()["id"], "open")]
    # The one unit is packed once, and the parcel closes.
    sid = opens[0].json()["id"]
    assert (await pack(client, packer, sid, STOCK["BOWL"][1])).status_code == 200
    again = await pack(client, packer, sid, STOCK["BOWL"][1])
    assert (again.status_code, again.json()["code"]) == (409, "too_many")
    closed = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 500}, headers=packer)
    assert closed.status_code == 200, closed.text
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_shipping", None)


async def test_a_session_left_open_beside_the_packed_one_says_the_parcel_is_packed(
    client, db, world, enter, supervisor, picker, packer, walk
):
    order = await picked_order(client, supervisor, picker, walk, enter, {"CUP": 1}, tote_body="G2")
    sid = await packed_session(client, packer, "G2", {"CUP": 1})
    # The second session of the race before the fix: open too, with the order's one unit scanned.
    async with db() as session:
        stale = PackingSession(order_id=order["id"], tote_code="G2", state="open",
                               packed={str(world.products["CUP"]): 1}, created_at=utcnow())
        session.add(stale)
        await session.commit()
        stale_id = stale.id
    closed = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 400}, headers=packer)
    assert closed.status_code == 200, closed.text
    shipment_id = closed.json()["shipment"]["id"]
    label = make_code("order", order["number"])
    async with db() as session:
        history = await session.scalar(select(func.count()).select_from(OrderEvent)
                                       .where(OrderEvent.order_id == order["id"]))

    late = await client.post(f"/api/packing/sessions/{stale_id}/close", json={"weight_grams": 400}, headers=packer)
    assert late.status_code == 409, late.text
    problem = late.json()
    assert (problem["code"], problem["order_status"]) == ("order_not_ready", "ready_for_shipping")
    assert problem["detail"] == (
        f"Order {order['number']} is packed already: its parcel is closed and waits for the carrier "
        f"(ready_for_shipping). Nothing is left to pack here; scan the order's label {label} to see that "
        "parcel and print its label again.")
    assert "aside" not in problem["detail"]
    scanned = await pack(client, packer, stale_id, STOCK["CUP"][1])
    assert (scanned.status_code, scanned.json()["code"], scanned.json()["detail"]) == (
        409, "session_closed", problem["detail"])
    # The order's label answers the parcel that was closed, with its shipment.
    shown = await client.post("/api/packing/sessions", json={"code": label}, headers=packer)
    assert (shown.status_code, shown.json()["id"], shown.json()["state"], shown.json()["shipment"]["id"]) == (
        200, sid, "closed", shipment_id)
    # Nothing changed: one shipment, no history entry, the stale session as it was.
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Shipment)
                                    .where(Shipment.order_id == order["id"])) == 1
        assert await session.scalar(select(func.count()).select_from(OrderEvent)
                                    .where(OrderEvent.order_id == order["id"])) == history
        assert (await session.get(PackingSession, stale_id)).packed == {str(world.products["CUP"]): 1}

    # Handed over, the parcel is gone: still packed, nothing to set aside.
    handed = await client.post(f"/api/shipments/{shipment_id}/hand-over", headers=packer)
    assert handed.status_code == 200, handed.text
    for response in (await client.post(f"/api/packing/sessions/{stale_id}/close", json={"weight_grams": 400},
                                       headers=packer),
                     await client.post("/api/packing/sessions", json={"code": label}, headers=packer)):
        assert (response.status_code, response.json()["code"], response.json()["detail"]) == (
            409, "order_not_ready",
            f"Order {order['number']} is packed already and handed to the carrier; nothing is left to pack.")


async def test_a_unit_scan_of_a_label_or_a_name_says_what_it_is(
    client, db, world, enter, supervisor, picker, packer, walk
):
    order = await picked_order(client, supervisor, picker, walk, enter, {"MUG": 1}, tote_body="G3")
    other = await picked_order(client, supervisor, picker, walk, enter, {"CUP": 1}, tote_body="G4")
    sid = (await client.post("/api/packing/sessions", json={"code": tote("G3")}, headers=packer)).json()["id"]
    number, units = order["number"], f"scan the units of order {order['number']}"
    cases = [
        (loc("A-01-02-A"), f"That is a bin label (A-01-02-A), not a product; {units}."),
        (tote("G3"), f"That is this order's tote label (G3), not a product; {units}."),
        (tote("G4"), f"That is a tote label (G4), not a product; {units}."),
        (make_code("order", number), f"That is this order's label ({number}), not a product; {units}."),
        (make_code("order", other["number"]),
         f"That is another order's label ({other['number']}), not a product; {units}."),
        (make_code("batch", "7"), f"That is a pick batch label (7), not a product; {units}."),
        (make_code("badge", "TPACK"), f"That is a badge, not a product; {units}."),
        ("G3", f"G3 is the name of this order's tote, not a product; {units}."),
        ("g4", f"G4 is the name of a tote, not a product; {units}."),
        ("A-04-05-B", f"A-04-05-B is a bin's name, not a product; {units}."),
        (number, f"{number} is this order's number, not a product; {units}."),
        (other["number"], f"{other['number']} is another order's number, not a product; {units}."),
    ]
    for code, detail in cases:
        response = await pack(client, packer, sid, code)
        assert response.status_code == 409, (code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert (response.json()["code"], response.json()["detail"]) == ("not_expected", detail), code
    # Codes that are nothing known stay unknown_product.
    for code in ("08712345000097", "NOT-A-THING", "ZZ-99"):
        response = await pack(client, packer, sid, code)
        assert (response.status_code, response.json()["code"], response.json()["detail"]) == (
            422, "unknown_product", "No product has this barcode."), code
    # Refusals pack nothing; the mug still goes in.
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PackingScan).where(
            PackingScan.session_id == sid, PackingScan.outcome == "accepted")) == 0
    packed = await pack(client, packer, sid, STOCK["MUG"][1])
    assert packed.status_code == 200, packed.text
    assert packed.json()["session"]["complete"] is True
