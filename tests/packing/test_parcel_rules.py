"""Closing a parcel: its weight, closing twice, scan ids of another session, and orders that are
not ready for packing. Every refusal changes nothing."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from scanners import make_code
from server.app import create_app
from server.db.models import OrderEvent, PackingScan, PackingSession, Shipment
from tests.live import live_server
from tests.packing.test_packing import pack, picked_order
from tests.picking.conftest import STOCK, new_id, order_status, tote


async def counts(db, order_id: int) -> tuple[int, int, int]:
    """(shipments, history entries, packing scans) of the order."""
    async with db() as session:
        shipments = await session.scalar(select(func.count()).select_from(Shipment).where(Shipment.order_id == order_id))
        history = await session.scalar(select(func.count()).select_from(OrderEvent).where(OrderEvent.order_id == order_id))
        scans = await session.scalar(
            select(func.count()).select_from(PackingScan).join(PackingSession, PackingSession.id == PackingScan.session_id)
            .where(PackingSession.order_id == order_id))
        return shipments, history, scans


async def packed_session(client, packer, tote_body: str, lines: dict[str, int]) -> int:
    """Open the tote's session and scan every unit of ``lines``; the session id."""
    opened = await client.post("/api/packing/sessions", json={"code": tote(tote_body)}, headers=packer)
    assert opened.status_code == 200, opened.text
    sid = opened.json()["id"]
    for sku, quantity in lines.items():
        response = await pack(client, packer, sid, STOCK[sku][1], quantity=quantity)
        assert response.status_code == 200, response.text
    return sid


async def test_parcel_weight_is_1_to_70000_grams(client, db, world, enter, supervisor, picker, packer, walk):
    order = await picked_order(client, supervisor, picker, walk, enter, {"CUP": 2}, tote_body="W1")
    sid = await packed_session(client, packer, "W1", {"CUP": 2})
    before = await counts(db, order["id"])
    for weight in (0, -1, -70_000, 70_001, 1_000_000):
        refused = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": weight},
                                    headers=packer)
        assert (refused.status_code, refused.json()["code"]) == (422, "invalid_weight"), (weight, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert (refused.json()["field"], refused.json()["maximum"]) == ("weight_grams", 70_000)
    assert await counts(db, order["id"]) == before
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    # The heaviest parcel a carrier takes is still a parcel.
    closed = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 70_000}, headers=packer)
    assert closed.status_code == 200, closed.text
    assert closed.json()["shipment"]["weight_grams"] == 70_000


async def test_second_close_answers_the_same_request_and_refuses_another(client, db, world, enter, supervisor, picker,
                                                                        packer, walk):
    order = await picked_order(client, supervisor, picker, walk, enter, {"BOWL": 1}, tote_body="W2")
    sid = await packed_session(client, packer, "W2", {"BOWL": 1})
    body = {"weight_grams": 800, "box": "M"}
    first = await client.post(f"/api/packing/sessions/{sid}/close", json=body, headers=packer)
    assert first.status_code == 200, first.text
    after_first = await counts(db, order["id"])
    assert after_first[0] == 1
    again = await client.post(f"/api/packing/sessions/{sid}/close", json=body, headers=packer)
    assert (again.status_code, again.json()) == (200, first.json())
    shipment_id = first.json()["shipment"]["id"]
    for other in ({"weight_grams": 801, "box": "M"}, {"weight_grams": 800, "box": "L"}, {"weight_grams": 800},
                  {**body, "length_mm": 300}):
        refused = await client.post(f"/api/packing/sessions/{sid}/close", json=other, headers=packer)
        assert (refused.status_code, refused.json()["code"]) == (409, "parcel_already_closed"), refused.text
        assert refused.json()["shipment_id"] == shipment_id
    assert await counts(db, order["id"]) == after_first
    shipment = (await client.get(f"/api/shipments/{shipment_id}", headers=packer)).json()
    assert (shipment["weight_grams"], shipment["box"], shipment["status"]) == (800, "M", "labelled")
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_shipping", None)


async def test_one_close_and_one_hand_over_sent_at_once_answer_alike(app, client, db, world, enter, supervisor,
                                                                     picker, packer, walk):
    # A handheld flushing its queue may send the same request several times at once; a real
    # server on a socket runs them side by side, on both databases.
    order = await picked_order(client, supervisor, picker, walk, enter, {"BOWL": 1}, tote_body="W9")
    sid = await packed_session(client, packer, "W9", {"BOWL": 1})
    body = {"weight_grams": 800, "box": "M"}
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=packer, timeout=60) as http:
            closes = await asyncio.gather(*(http.post(f"/api/packing/sessions/{sid}/close", json=body)
                                            for _ in range(4)))
            assert [r.status_code for r in closes] == [200] * 4, [r.text for r in closes]
            shipment_id = closes[0].json()["shipment"]["id"]
            assert {r.json()["shipment"]["id"] for r in closes} == {shipment_id}
            handed = await asyncio.gather(*(http.post(f"/api/shipments/{shipment_id}/hand-over") for _ in range(4)))
            assert [r.status_code for r in handed] == [200] * 4, [r.text for r in handed]
    assert (await counts(db, order["id"]))[0] == 1
    async with db() as session:
        kinds = list(await session.scalars(select(OrderEvent.kind).where(OrderEvent.order_id == order["id"])))
    assert (kinds.count("packed"), kinds.count("handed_over")) == (1, 1)
    assert await order_status(client, supervisor, order["id"]) == ("completed", None)


async def test_scan_id_replays_only_in_its_own_session(client, db, world, enter, supervisor, picker, packer, walk):
    first_order = await picked_order(client, supervisor, picker, walk, enter, {"MUG": 2}, tote_body="W3")
    second_order = await picked_order(client, supervisor, picker, walk, enter, {"MUG": 1}, tote_body="W4")
    sid_a = (await client.post("/api/packing/sessions", json={"code": tote("W3")}, headers=packer)).json()["id"]
    sid_b = (await client.post("/api/packing/sessions", json={"code": tote("W4")}, headers=packer)).json()["id"]
    scan_id = new_id()
    accepted = await pack(client, packer, sid_a, STOCK["MUG"][1], id=scan_id)
    assert accepted.status_code == 200, accepted.text
    before = (await counts(db, first_order["id"]), await counts(db, second_order["id"]))

    reused = await pack(client, packer, sid_b, STOCK["MUG"][1], id=scan_id)
    assert (reused.status_code, reused.json()["code"], reused.json()["id"]) == (409, "scan_id_reused", scan_id)
    assert reused.headers["content-type"].startswith("application/problem+json")
    assert (await counts(db, first_order["id"]), await counts(db, second_order["id"])) == before
    # Neither parcel moved: session A holds the one mug, session B none.
    view_a = await client.post("/api/packing/sessions", json={"code": tote("W3")}, headers=packer)
    view_b = await client.post("/api/packing/sessions", json={"code": tote("W4")}, headers=packer)
    assert [(line["packed"], line["expected"]) for line in view_a.json()["lines"]] == [(1, 2)]
    assert [(line["packed"], line["expected"]) for line in view_b.json()["lines"]] == [(0, 1)]
    # In its own session the id still replays the first answer.
    replay = await pack(client, packer, sid_a, STOCK["MUG"][1], id=scan_id)
    assert replay.json() == {**accepted.json(), "replayed": True}
    # With another code it is refused in its own session too, and the parcel keeps one mug.
    other = await pack(client, packer, sid_a, STOCK["CUP"][1], id=scan_id)
    assert (other.status_code, other.json()["code"]) == (409, "scan_id_reused")
    assert (await counts(db, first_order["id"])) == before[0]
    # A new id packs session B's mug.
    assert (await pack(client, packer, sid_b, STOCK["MUG"][1])).status_code == 200


async def test_tote_of_an_order_still_picking_is_not_ready(client, db, world, enter, supervisor, picker, packer):
    order = await enter({"PLATE": 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()["id"]
    started = await client.post(f"/api/pick-batches/{bid}/start", json={"totes": [tote("W5")]}, headers=picker)
    assert started.status_code == 200, started.text
    before = await counts(db, order["id"])
    for code in (tote("W5"), make_code("order", order["number"])):
        refused = await client.post("/api/packing/sessions", json={"code": code}, headers=packer)
        assert (refused.status_code, refused.json()["code"]) == (409, "order_not_ready"), refused.text
        assert refused.json()["order_status"] == "picking"
        assert "still being picked" in refused.json()["detail"]
    assert await counts(db, order["id"]) == before
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PackingSession)) == 0


async def test_held_or_cancelled_order_is_not_packed(client, db, world, enter, supervisor, picker, packer, walk):
    held = await picked_order(client, supervisor, picker, walk, enter, {"CUP": 1}, tote_body="W6")
    cancelled = await picked_order(client, supervisor, picker, walk, enter, {"BOWL": 1}, tote_body="W7")
    # A session opened before the hold: its scans and its close are refused.
    sid = (await client.post("/api/packing/sessions", json={"code": tote("W6")}, headers=packer)).json()["id"]
    assert (await client.post(f"/api/orders/{held['id']}/hold", headers=supervisor)).status_code == 200
    before = await counts(db, held["id"])
    scan = await pack(client, packer, sid, STOCK["CUP"][1])
    assert (scan.status_code, scan.json()["code"]) == (409, "order_on_hold")
    close = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 300}, headers=packer)
    assert (close.status_code, close.json()["code"]) == (409, "order_on_hold")
    reopen = await client.post("/api/packing/sessions", json={"code": tote("W6")}, headers=packer)
    assert (reopen.status_code, reopen.json()["code"], reopen.json()["order_status"]) == (409, "order_on_hold", "on_hold")
    shipments, history, scans = await counts(db, held["id"])
    assert (shipments, history, scans) == (0, before[1], before[2] + 1)  # only the refused scan is logged

    assert (await client.post(f"/api/orders/{cancelled['id']}/cancel", headers=supervisor)).status_code == 200
    refused = await client.post("/api/packing/sessions", json={"code": make_code("order", cancelled["number"])},
                                headers=packer)
    assert (refused.status_code, refused.json()["code"], refused.json()["order_status"]) == (
        409, "order_on_hold", "cancelled")
    assert (await counts(db, cancelled["id"]))[0] == 0
