"""Packing a picked order: every unit checked, the parcel closed with a label and packing slip,
handed over; bad input refused with a reason and nothing changed."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp

from scanners import make_code
from tests.picking.conftest import STOCK, new_id, order_status, tote


async def picked_order(client, supervisor, picker, walk, enter, lines, tote_body="K1") -> dict:
    order = await enter(lines)
    bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()["id"]
    started = await client.post(f"/api/pick-batches/{bid}/start", json={"totes": [tote(tote_body)]}, headers=picker)
    assert started.status_code == 200, started.text
    await walk(bid)
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)
    return order


async def pack(client, packer, session_id: int, code: str, quantity: int | None = None, id: str | None = None):
    body = {"id": id or new_id(), "code": code}
    if quantity:
        body["quantity"] = quantity
    return await client.post(f"/api/packing/sessions/{session_id}/scans", json=body, headers=packer)


async def test_pack_close_label_and_hand_over(client, world, enter, supervisor, picker, packer, walk):
    order = await picked_order(client, supervisor, picker, walk, enter, {"MUG": 2, "PLATE": 1})
    opened = await client.post("/api/packing/sessions", json={"code": tote("K1")}, headers=packer)
    assert opened.status_code == 200, opened.text
    sid = opened.json()["id"]
    assert opened.json()["order_id"] == order["id"]
    assert sorted((line["product"]["sku"], line["expected"], line["packed"]) for line in opened.json()["lines"]) == [
        ("MUG", 2, 0), ("PLATE", 1, 0)]
    # The order barcode opens the same session.
    again = await client.post("/api/packing/sessions", json={"code": make_code("order", order["number"])},
                              headers=packer)
    assert again.json()["id"] == sid

    refusals = [
        (STOCK["CUP"][1], None, 409, "wrong_product"),
        ("08712345000097", None, 422, "unknown_product"),
        (STOCK["MUG"][1], 3, 409, "too_many"),
        ("0871234500001", None, 422, "unreadable"),
    ]
    for code, quantity, status, reason in refusals:
        response = await pack(client, packer, sid, code, quantity)
        assert (response.status_code, response.json()["code"]) == (status, reason), response.text
    first = await pack(client, packer, sid, STOCK["MUG"][1], id="pack-0001")
    assert first.status_code == 200
    replay = await pack(client, packer, sid, STOCK["MUG"][1], id="pack-0001")
    assert replay.json() == {**first.json(), "replayed": True}

    missing = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 900}, headers=packer)
    assert (missing.status_code, missing.json()["code"]) == (409, "units_missing")
    assert sorted((m["sku"], m["missing"]) for m in missing.json()["missing"]) == [("MUG", 1), ("PLATE", 1)]
    assert (await pack(client, packer, sid, STOCK["MUG"][1])).status_code == 200
    assert (await pack(client, packer, sid, STOCK["PLATE"][1])).status_code == 200
    negative = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": -5}, headers=packer)
    assert (negative.status_code, negative.json()["code"]) == (422, "invalid_weight")
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_packing", None)

    closed = await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 1250, "box": "S"},
                               headers=packer)
    assert closed.status_code == 200, closed.text
    shipment = closed.json()["shipment"]
    assert (shipment["carrier"], shipment["weight_grams"], shipment["status"]) == ("postnl", 1250, "labelled")
    assert shipment["tracking_number"].startswith("SF")
    assert await order_status(client, supervisor, order["id"]) == ("ready_for_shipping", None)
    late = await pack(client, packer, sid, STOCK["MUG"][1])
    assert (late.status_code, late.json()["code"]) == (409, "session_closed")

    zpl = await client.get(shipment["label_zpl_url"], headers=packer)
    assert zpl.status_code == 200 and zpl.text.startswith("^XA") and shipment["tracking_number"] in zpl.text
    pdf = await client.get(shipment["label_pdf_url"], headers=packer)
    assert pdf.status_code == 200
    image = pdfium.PdfDocument(pdf.content)[0].render(scale=4).to_pil().convert("L")
    assert shipment["tracking_number"] in {r.text for r in zxingcpp.read_barcodes(image)}
    slip = await client.get(shipment["packing_slip_url"], headers=packer)
    assert slip.status_code == 200
    text = pdfium.PdfDocument(slip.content)[0].get_textpage().get_text_range()
    assert "MUG" in text and "PLATE" in text

    unknown = await client.post("/api/shipments/hand-over", json={"code": "SF99"}, headers=packer)
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_label")
    handed = await client.post("/api/shipments/hand-over", json={"code": shipment["tracking_number"]},
                               headers=packer)
    assert handed.status_code == 200, handed.text
    assert handed.json()["status"] == "handed_over"
    assert await order_status(client, supervisor, order["id"]) == ("completed", None)
    twice = await client.post(f"/api/shipments/{shipment['id']}/hand-over", headers=packer)
    assert twice.status_code == 200
    # The tote is free for the next order.
    reopened = await client.post("/api/packing/sessions", json={"code": tote("K1")}, headers=packer)
    assert (reopened.status_code, reopened.json()["code"]) == (409, "tote_empty")


async def test_held_order_label_void_and_hand_over_refused(client, world, enter, supervisor, picker, packer, walk):
    order = await picked_order(client, supervisor, picker, walk, enter, {"CUP": 1}, tote_body="K2")
    sid = (await client.post("/api/packing/sessions", json={"code": tote("K2")}, headers=packer)).json()["id"]
    await pack(client, packer, sid, STOCK["CUP"][1])
    shipment = (await client.post(f"/api/packing/sessions/{sid}/close", json={"weight_grams": 300},
                                  headers=packer)).json()["shipment"]
    assert (await client.post(f"/api/orders/{order['id']}/hold", headers=supervisor)).status_code == 200
    label = await client.get(shipment["label_zpl_url"], headers=packer)
    assert (label.status_code, label.json()["code"]) == (409, "label_void")
    refused = await client.post(f"/api/shipments/{shipment['id']}/hand-over", headers=packer)
    assert (refused.status_code, refused.json()["code"]) == (409, "label_void")
    assert await order_status(client, supervisor, order["id"]) == ("on_hold", "manual")
    assert (await client.get(f"/api/shipments/{shipment['id']}", headers=packer)).json()["status"] == "void"


async def test_packing_refuses_held_orders_and_unknown_codes(client, world, enter, supervisor, picker, packer, walk):
    order = await picked_order(client, supervisor, picker, walk, enter, {"BOWL": 1}, tote_body="K3")
    cases = [
        ({"code": "nothing"}, 422, "unknown_code"),
        ({"code": tote("NOPE")}, 422, "unknown_code"),
        ({"code": make_code("order", "NOPE")}, 422, "unknown_code"),
    ]
    for body, status, code in cases:
        response = await client.post("/api/packing/sessions", json=body, headers=packer)
        assert (response.status_code, response.json()["code"]) == (status, code), response.text
    await client.post(f"/api/orders/{order['id']}/hold", headers=supervisor)
    held = await client.post("/api/packing/sessions", json={"code": tote("K3")}, headers=packer)
    assert (held.status_code, held.json()["code"]) == (409, "order_on_hold")
