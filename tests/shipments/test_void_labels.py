"""A labelled parcel whose order is held or cancelled: its label is voided at once (not when
someone next uses it), the hand-over is refused, and releasing the hold issues a fresh label for
the same parcel."""

from __future__ import annotations

from sqlalchemy import select

from scanners import make_code
from server.db.models import Shipment
from tests.packing.test_packing import pack, picked_order
from tests.picking.conftest import STOCK, order_status, tote


async def closed_parcel(client, supervisor, picker, packer, walk, enter, tote_body: str) -> tuple[dict, dict]:
    """An order of one cup, picked, packed and closed (450 g, box S): (order, closed session)."""
    order = await picked_order(client, supervisor, picker, walk, enter, {"CUP": 1}, tote_body=tote_body)
    sid = (await client.post("/api/packing/sessions", json={"code": tote(tote_body)}, headers=packer)).json()["id"]
    assert (await pack(client, packer, sid, STOCK["CUP"][1])).status_code == 200
    closed = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 450, "box": "S"},
                               headers=packer)
    assert closed.status_code == 200, closed.text
    assert closed.json()["shipment"]["status"] == "labelled"
    return order, closed.json()


async def stored(db, shipment_id: int) -> Shipment:
    async with db() as session:
        return await session.scalar(select(Shipment).where(Shipment.id == shipment_id))


async def history(client, headers, order_id: int, kind: str) -> list[dict]:
    events = (await client.get(f"/api/orders/{order_id}/events", headers=headers)).json()
    return [e for e in events if e["kind"] == kind]


async def test_hold_voids_the_label_at_once_and_release_issues_a_fresh_one(client, db, world, enter, supervisor,
                                                                           picker, packer, walk):
    order, closed = await closed_parcel(client, supervisor, picker, packer, walk, enter, "V1")
    old = closed["shipment"]
    held = await client.post(f"/api/orders/{order['id']}/hold", headers=supervisor)
    assert held.status_code == 200, held.text
    # Voided by the hold itself: nobody has asked for the label or the parcel since.
    row = await stored(db, old["id"])
    assert (row.status, row.voided_at is not None) == ("void", True)
    voided = await history(client, supervisor, order["id"], "label_voided")
    assert [(e["data"]["shipment_id"], e["data"]["tracking_number"]) for e in voided] == [
        (old["id"], old["tracking_number"])]

    refused = await client.post("/api/shipments/hand-over", json={"code": old["tracking_number"]}, headers=packer)
    assert (refused.status_code, refused.json()["code"]) == (409, "label_void"), refused.text
    assert "current_shipment_id" not in refused.json()
    label = await client.get(old["label_zpl_url"], headers=packer)
    assert (label.status_code, label.json()["code"]) == (409, "label_void")
    assert await order_status(client, supervisor, order["id"]) == ("on_hold", "manual")

    released = await client.post(f"/api/orders/{order['id']}/release", headers=supervisor)
    assert released.status_code == 200, released.text
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_shipping", None)
    # The packer scans the order again: the closed parcel, with its new label.
    again = await client.post("/api/packing/sessions", json={"code": make_code("order", order["number"])},
                              headers=packer)
    assert again.status_code == 200, again.text
    assert (again.json()["id"], again.json()["state"]) == (closed["id"], "closed")
    new = again.json()["shipment"]
    assert new["id"] != old["id"] and new["tracking_number"] != old["tracking_number"]
    assert (new["status"], new["weight_grams"], new["box"], new["carrier"]) == ("labelled", 450, "S", "postnl")
    reissued = await history(client, supervisor, order["id"], "label_reissued")
    assert [(e["data"]["replaces_shipment_id"], e["data"]["shipment_id"]) for e in reissued] == [(old["id"], new["id"])]
    assert (await stored(db, old["id"])).status == "void"

    # The old label stays refused and points to the new one; the new one is handed over.
    stale = await client.post(f"/api/shipments/{old['id']}/hand-over", headers=packer)
    assert (stale.status_code, stale.json()["code"], stale.json()["current_shipment_id"]) == (
        409, "label_void", new["id"])
    zpl = await client.get(new["label_zpl_url"], headers=packer)
    assert zpl.status_code == 200 and new["tracking_number"] in zpl.text
    # Closing again with the first request answers the parcel as it is now.
    replay = await client.post(f"/api/packing/sessions/{closed['id']}/close", json={"weight_grams": 450, "box": "S"},
                               headers=packer)
    assert (replay.status_code, replay.json()["shipment"]["id"]) == (200, new["id"])
    handed = await client.post("/api/shipments/hand-over", json={"code": new["tracking_number"]}, headers=packer)
    assert (handed.status_code, handed.json()["status"]) == (200, "handed_over"), handed.text
    assert await order_status(client, supervisor, order["id"]) == ("completed", None)


async def test_cancel_voids_the_label_at_once(client, db, world, enter, supervisor, picker, packer, walk):
    order, closed = await closed_parcel(client, supervisor, picker, packer, walk, enter, "V2")
    shipment = closed["shipment"]
    cancelled = await client.post(f"/api/orders/{order['id']}/cancel", headers=supervisor)
    assert cancelled.status_code == 200, cancelled.text
    assert (await stored(db, shipment["id"])).status == "void"
    assert len(await history(client, supervisor, order["id"], "label_voided")) == 1
    refused = await client.post(f"/api/shipments/{shipment['id']}/hand-over", headers=packer)
    assert (refused.status_code, refused.json()["code"], refused.json()["order_status"]) == (
        409, "label_void", "cancelled")
    assert await order_status(client, supervisor, order["id"]) == ("cancelled", None)
    async with db() as session:
        labelled = await session.scalars(select(Shipment.id).where(Shipment.order_id == order["id"],
                                                                   Shipment.status == "labelled"))
        assert list(labelled) == []


async def test_cancelling_a_held_parcel_voids_nothing_twice(client, db, world, enter, supervisor, picker, packer,
                                                            walk):
    order, closed = await closed_parcel(client, supervisor, picker, packer, walk, enter, "V3")
    assert (await client.post(f"/api/orders/{order['id']}/hold", headers=supervisor)).status_code == 200
    assert (await client.post(f"/api/orders/{order['id']}/cancel", headers=supervisor)).status_code == 200
    assert len(await history(client, supervisor, order["id"], "label_voided")) == 1
    assert (await stored(db, closed["shipment"]["id"])).status == "void"
    # A cancelled order is not released, so no label comes back.
    release = await client.post(f"/api/orders/{order['id']}/release", headers=supervisor)
    assert (release.status_code, release.json()["code"]) == (409, "not_on_hold")
    async with db() as session:
        assert list(await session.scalars(select(Shipment.status).where(Shipment.order_id == order["id"]))) == ["void"]
