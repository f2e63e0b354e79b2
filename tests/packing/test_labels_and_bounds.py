"""A tote's bare name or an order's bare number is refused with the label to scan (the label's
check character is what catches a mistyped code); sessions show both the name and the label;
the parcel weight's bounds are in the OpenAPI schema and still answer ``invalid_weight``.

Labels below are worked out by hand with ISO/IEC 7064 MOD 37,36 (see ``scanners.codes``):
``TOT`` + ``C1-1`` gives check character ``I``; ``ORD`` + ``1001`` gives ``U``."""

from __future__ import annotations

from sqlalchemy import func, select

from server.db.models import PackingSession
from tests.packing.test_parcel_rules import counts, packed_session
from tests.packing.test_packing import pack, picked_order
from tests.picking.conftest import STOCK, order_status

TOTE_LABEL = "TOT-C1-1-I"
ORDER_LABEL = "ORD-1001-U"


async def sessions(db) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(PackingSession))


async def test_bare_tote_name_and_order_number_are_refused_with_the_label_to_scan(client, db, world, enter,
                                                                                  supervisor, picker, packer, walk):
    order = await enter({"CUP": 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()["id"]
    started = await client.post(f"/api/pick-batches/{bid}/start", json={}, headers=picker)
    assert started.status_code == 200, started.text
    # No totes scanned: the system made one and named it after the batch and cart position; a
    # fresh database gives batch 1 and order number 1001 (1000 + id 1).
    assert ([t["code"] for t in started.json()["totes"]], order["number"]) == (["C1-1"], "1001")
    await walk(bid)
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    before = await counts(db, order["id"])

    cases = [
        ("C1-1", "bare_tote_code", "Scan the tote's label",
         f"C1-1 is the tote's name; scan its label {TOTE_LABEL}.", TOTE_LABEL),
        ("c1-1", "bare_tote_code", "Scan the tote's label",
         f"C1-1 is the tote's name; scan its label {TOTE_LABEL}.", TOTE_LABEL),
        ("1001", "bare_order_number", "Scan the order's label",
         f"1001 is the order's number; scan its label {ORDER_LABEL}.", ORDER_LABEL),
    ]
    for typed, code, title, detail, label in cases:
        refused = await client.post("/api/packing/sessions", json={"code": typed}, headers=packer)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        body = refused.json()
        assert (body["code"], body["title"], body["detail"], body["barcode"], body["field"]) == (
            code, title, detail, label, "code"), typed
        assert body["type"] == f"https://shipfloor.dev/problems/{code}"
    # Refusals changed nothing: no session, no history, no shipment; the order waits as before.
    assert await sessions(db) == 0
    assert await counts(db, order["id"]) == before
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)

    # The check character still catches typos: a mistyped name names no tote, and a label
    # with a wrong check character does not verify; neither is guessed at.
    for typed, code in (("C1-2", "unknown_code"), ("TOT-C1-1-J", "unreadable"), ("ORD-1001-V", "unreadable")):
        refused = await client.post("/api/packing/sessions", json={"code": typed}, headers=packer)
        assert (refused.status_code, refused.json()["code"]) == (422, code), (typed, refused.text)
    assert await sessions(db) == 0

    # The labels open the session, and it shows the names beside the labels' texts.
    opened = await client.post("/api/packing/sessions", json={"code": TOTE_LABEL}, headers=packer)
    assert opened.status_code == 200, opened.text
    shown = opened.json()
    assert (shown["tote_code"], shown["tote_barcode"], shown["order_number"], shown["order_barcode"]) == (
        "C1-1", TOTE_LABEL, "1001", ORDER_LABEL)
    again = await client.post("/api/packing/sessions", json={"code": ORDER_LABEL}, headers=packer)
    assert (again.status_code, again.json()["id"]) == (200, shown["id"])
    # A packing scan answers the same session view.
    packed = await pack(client, packer, shown["id"], STOCK["CUP"][1])
    assert packed.status_code == 200, packed.text
    assert (packed.json()["session"]["tote_barcode"], packed.json()["session"]["order_barcode"]) == (
        TOTE_LABEL, ORDER_LABEL)


async def test_openapi_states_the_parcel_bounds(client):
    schema = (await client.get("/schema/openapi.json")).json()
    close_in = schema["components"]["schemas"]["CloseIn"]["properties"]
    weight = close_in["weight_grams"]
    assert (weight["type"], weight["minimum"], weight["maximum"]) == ("integer", 1, 70_000)
    for name in ("length_mm", "width_mm", "height_mm"):
        assert (close_in[name]["minimum"], close_in[name]["maximum"]) == (1, 10_000), name
    assert close_in["box"]["maxLength"] == 32
    session_out = schema["components"]["schemas"]["SessionOut"]
    assert {"tote_code", "tote_barcode", "order_number", "order_barcode"} <= set(session_out["required"])


async def test_weight_outside_the_bounds_keeps_its_code(client, db, world, enter, supervisor, picker, packer, walk):
    order = await picked_order(client, supervisor, picker, walk, enter, {"CUP": 1}, tote_body="W8")
    sid = await packed_session(client, packer, "W8", {"CUP": 1})
    before = await counts(db, order["id"])
    for weight in (0, -5, 70_001):
        refused = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": weight},
                                    headers=packer)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        body = refused.json()
        assert (body["code"], body["field"], body["minimum"], body["maximum"]) == (
            "invalid_weight", "weight_grams", 1, 70_000)
        assert body["detail"] == "A parcel weighs 1 to 70,000 grams; that is not a parcel's weight. Weigh it again."
    # A weight that is no whole number of grams is not a bound problem: the request is invalid.
    for weight in ("heavy", 12.5, None):
        refused = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": weight},
                                    headers=packer)
        assert (refused.status_code, refused.json()["code"]) == (422, "validation_error"), (weight, refused.text)
        assert [e["field"] for e in refused.json()["errors"]] == ["weight_grams"]
    # A bad dimension beside it stays a validation error too.
    bad_length = await client.post(f"/api/packing/sessions/{sid}/close",
                                   json={"weight_grams": 500, "length_mm": 0}, headers=packer)
    assert (bad_length.status_code, bad_length.json()["code"]) == (422, "validation_error"), bad_length.text
    assert await counts(db, order["id"]) == before
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    # The lightest parcel is a parcel (the heaviest, 70,000 g: test_parcel_rules).
    closed = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 1}, headers=packer)
    assert (closed.status_code, closed.json()["shipment"]["weight_grams"]) == (200, 1), closed.text
