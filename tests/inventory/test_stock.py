"""Stock levels, receipts, adjustments and moves through the API, with their ledger; bad input
is refused with a problem and changes nothing."""

from __future__ import annotations

import pytest

from tests.inventory.conftest import check_books, ledger_count, levels


async def test_receipt_books_levels_and_ledger(client, supervisor, shop, receive, db):
    body = await receive([("MUG", "A-01-02", 5), ("MUG", "A-02-05", 3), ("MUG", "A-01-02", 2)], reference="DN-7")
    assert [(lv["location"], lv["on_hand"], lv["allocated"]) for lv in body["levels"]] == [
        ("A-01-02", 7, 0), ("A-02-05", 3, 0)]
    assert body["released"] == []
    response = await client.get("/api/stock", params={"sku": "MUG"}, headers=supervisor)
    assert response.status_code == 200, response.text
    [mug] = response.json()
    assert (mug["on_hand"], mug["allocated"], mug["available"]) == (10, 0, 10)
    assert [lv["location"] for lv in mug["levels"]] == ["A-01-02", "A-02-05"]

    response = await client.get("/api/stock/ledger", params={"sku": "MUG"}, headers=supervisor)
    entries = response.json()
    # Newest first: the second line for A-01-02 saw 5 before and left 7.
    assert [(e["location"], e["reason"], e["quantity"], e["on_hand_before"], e["on_hand_after"]) for e in entries] == [
        ("A-01-02", "receipt", 2, 5, 7), ("A-02-05", "receipt", 3, 0, 3), ("A-01-02", "receipt", 5, 0, 5)]
    assert {e["reference"] for e in entries} == {"DN-7"}
    assert all(e["user_id"] is not None for e in entries)
    await check_books(db)


async def test_adjustments_by_delta_and_by_count(client, supervisor, shop, receive, enter, db):
    await receive([("MUG", "A-01-02", 6)])
    await enter([("MUG", 4)])
    response = await client.post("/api/stock/adjustments", headers=supervisor, json={
        "sku": "MUG", "location": "A-01-02", "reason": "damage", "delta": -1, "note": "dropped"})
    assert response.status_code == 201, response.text
    assert [(lv["on_hand"], lv["allocated"]) for lv in response.json()["levels"]] == [(5, 4)]
    response = await client.post("/api/stock/adjustments", headers=supervisor, json={
        "sku": "MUG", "location": "A-01-02", "reason": "cycle_count", "counted": 9})
    assert response.status_code == 201, response.text
    assert [(lv["on_hand"], lv["allocated"]) for lv in response.json()["levels"]] == [(9, 4)]
    entries = (await client.get("/api/stock/ledger", params={"location": "A-01-02"}, headers=supervisor)).json()
    assert [(e["reason"], e["quantity"], e["on_hand_before"], e["on_hand_after"], e["allocated_after"])
            for e in entries] == [("cycle_count", 4, 5, 9, 4), ("damage", -1, 6, 5, 4), ("receipt", 6, 0, 6, 0)]
    await check_books(db)


async def test_move_takes_only_available_units(client, supervisor, shop, receive, enter, db):
    await receive([("MUG", "A-01-02", 5)])
    await enter([("MUG", 2)])
    response = await client.post("/api/stock/moves", headers=supervisor, json={
        "sku": "MUG", "from_location": "A-01-02", "to_location": "A-02-18", "quantity": 3})
    assert response.status_code == 201, response.text
    assert await levels(db) == {(shop.mug, "A-01-02"): (2, 2), (shop.mug, "A-02-18"): (3, 0)}
    entries = (await client.get("/api/stock/ledger", headers=supervisor)).json()
    assert [(e["location"], e["reason"], e["quantity"]) for e in entries[:2]] == [
        ("A-02-18", "move_in", 3), ("A-01-02", "move_out", -3)]
    assert entries[0]["reference"] == entries[1]["reference"]
    await check_books(db)


# MOD 37,36 over "LOCA0102" by hand: p = 5, 21, 29, 6, 12, 26, 15, 34; check (37 - 34) % 36 = 3.
LABEL_A_01_02 = "LOC-A-01-02-3"


async def test_a_bin_may_be_named_by_its_scanned_label(client, supervisor, shop, receive, enter, db):
    body = await receive([("MUG", LABEL_A_01_02, 5)])
    assert [(lv["location"], lv["on_hand"]) for lv in body["levels"]] == [("A-01-02", 5)]
    response = await client.post("/api/stock/adjustments", headers=supervisor, json={
        "sku": "MUG", "location": LABEL_A_01_02.lower(), "reason": "damage", "delta": -1})
    assert response.status_code == 201, response.text
    response = await client.post("/api/stock/moves", headers=supervisor, json={
        "sku": "MUG", "from_location": LABEL_A_01_02, "to_location": "A-02-18", "quantity": 2})
    assert response.status_code == 201, response.text
    assert await levels(db) == {(shop.mug, "A-01-02"): (2, 0), (shop.mug, "A-02-18"): (2, 0)}
    entries = (await client.get("/api/stock/ledger", params={"location": LABEL_A_01_02}, headers=supervisor)).json()
    assert [(e["reason"], e["quantity"]) for e in entries] == [("move_out", -2), ("damage", -1), ("receipt", 5)]
    # The same bin by its code and by its label is no move; a label that does not verify names no bin.
    same = await client.post("/api/stock/moves", headers=supervisor, json={
        "sku": "MUG", "from_location": "A-01-02", "to_location": LABEL_A_01_02, "quantity": 1})
    assert (same.status_code, same.json()["code"]) == (422, "validation_error")
    typo = await client.post("/api/stock/adjustments", headers=supervisor, json={
        "sku": "MUG", "location": "LOC-A-01-02-4", "reason": "found", "delta": 1})
    assert (typo.status_code, typo.json()["code"]) == (422, "unknown_location")
    # Below zero with no order holding units there: said as such, the bin named by its code.
    below = await client.post("/api/stock/adjustments", headers=supervisor, json={
        "sku": "MUG", "location": LABEL_A_01_02, "reason": "damage", "delta": -1000})
    assert (below.status_code, below.json()["code"], below.json()["detail"]) == (
        409, "below_allocated", "MUG at A-01-02: 2 on hand; on hand cannot go below 0 (to -998).")
    assert await levels(db) == {(shop.mug, "A-01-02"): (2, 0), (shop.mug, "A-02-18"): (2, 0)}
    await check_books(db)


BAD = [
    ("/api/stock/receipts", {"lines": [{"sku": "NOPE", "location": "A-01-02", "quantity": 1}]}, 422, "unknown_product"),
    ("/api/stock/receipts", {"lines": [{"sku": "MUG", "location": "Z-99", "quantity": 1}]}, 422, "unknown_location"),
    ("/api/stock/receipts", {"lines": [{"sku": "MUG", "location": "A-01-02", "quantity": 4},
                                       {"sku": "MUG", "location": "A-01-02", "quantity": -2}]}, 422, "validation_error"),
    ("/api/stock/receipts", {"lines": [{"sku": "MUG", "location": "A-01-02", "quantity": 0}]}, 422, "validation_error"),
    ("/api/stock/adjustments", {"sku": "MUG", "location": "A-01-02", "reason": "damage", "delta": -2}, 409,
     "below_allocated"),
    ("/api/stock/adjustments", {"sku": "MUG", "location": "A-01-02", "reason": "cycle_count", "counted": 2}, 409,
     "below_allocated"),
    ("/api/stock/adjustments", {"sku": "MUG", "location": "A-01-02", "reason": "damage"}, 422, "validation_error"),
    ("/api/stock/adjustments", {"sku": "MUG", "location": "A-01-02", "reason": "stolen", "delta": 1}, 422,
     "validation_error"),
    ("/api/stock/adjustments", {"sku": "MUG", "location": "Q", "reason": "found", "delta": 1}, 422, "unknown_location"),
    ("/api/stock/moves", {"sku": "MUG", "from_location": "A-01-02", "to_location": "A-02-05", "quantity": 2}, 409,
     "insufficient_stock"),
    ("/api/stock/moves", {"sku": "MUG", "from_location": "A-01-15", "to_location": "A-02-05", "quantity": 1}, 409,
     "insufficient_stock"),
    ("/api/stock/moves", {"sku": "MUG", "from_location": "A-01-02", "to_location": "A-01-02", "quantity": 1}, 422,
     "validation_error"),
    ("/api/stock/moves", {"sku": "NOPE", "from_location": "A-01-02", "to_location": "Z", "quantity": 1}, 422,
     "unknown_reference"),
]


@pytest.mark.parametrize(("path", "body", "status", "code"), BAD)
async def test_bad_input_is_refused_and_changes_nothing(client, supervisor, shop, receive, enter, db, path, body,
                                                        status, code):
    # 4 mugs in A-01-02, 3 of them allocated: 1 available.
    await receive([("MUG", "A-01-02", 4)])
    await enter([("MUG", 3)])
    before, entries = await levels(db), await ledger_count(db)
    response = await client.post(path, json=body, headers=supervisor)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code
    assert await levels(db) == before
    assert await ledger_count(db) == entries
    await check_books(db)


async def test_unknown_sku_in_stock_query_is_404(client, supervisor, shop):
    response = await client.get("/api/stock", params={"sku": "NOPE"}, headers=supervisor)
    assert response.status_code == 404
    assert response.json()["code"] == "product_not_found"


async def test_pickers_may_not_adjust(client, login, shop):
    response = await client.post("/api/stock/adjustments", headers=await login("picker"), json={
        "sku": "MUG", "location": "A-01-02", "reason": "found", "delta": 1})
    assert response.status_code == 403
