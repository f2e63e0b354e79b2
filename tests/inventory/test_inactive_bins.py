"""Bins a newer layout removed (``Location.active`` false): no stock goes into them by receipt
or move (422 ``location_inactive``, nothing changes), but what lies in one can be moved out."""

from __future__ import annotations

from sqlalchemy import update

from server.db.models import Location
from tests.inventory.conftest import check_books, ledger_count, levels


async def _remove_bin(db, code: str) -> None:
    async with db() as session:
        await session.execute(update(Location).where(Location.code == code).values(active=False))
        await session.commit()


async def test_no_stock_into_a_removed_bin(client, supervisor, shop, receive, db):
    # Booked while the bin was in the layout: 1 mug in A-01-02, 4 in A-02-18.
    await receive([("MUG", "A-01-02", 1), ("MUG", "A-02-18", 4)])
    await _remove_bin(db, "A-02-18")
    before, entries = await levels(db), await ledger_count(db)
    assert before == {(shop.mug, "A-01-02"): (1, 0), (shop.mug, "A-02-18"): (4, 0)}

    receipt = await client.post("/api/stock/receipts", headers=supervisor, json={"lines": [
        {"sku": "MUG", "location": "A-01-02", "quantity": 2},
        {"sku": "BOWL", "location": "A-02-18", "quantity": 1},
    ]})
    assert receipt.status_code == 422, receipt.text
    body = receipt.json()
    assert (body["code"], body["field"]) == ("location_inactive", "lines[1].location")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("lines[1].location", "location_inactive")]

    move_in = await client.post("/api/stock/moves", headers=supervisor, json={
        "sku": "MUG", "from_location": "A-01-02", "to_location": "A-02-18", "quantity": 1})
    assert move_in.status_code == 422, move_in.text
    assert (move_in.json()["code"], move_in.json()["field"]) == ("location_inactive", "to_location")
    # Nothing changed: no level (not even an empty one for the bowl), no ledger entry.
    assert await levels(db) == before
    assert await ledger_count(db) == entries

    # Emptying the removed bin: its 4 mugs go to A-01-02 (1 + 4 = 5), leaving 0.
    move_out = await client.post("/api/stock/moves", headers=supervisor, json={
        "sku": "MUG", "from_location": "A-02-18", "to_location": "A-01-02", "quantity": 4})
    assert move_out.status_code == 201, move_out.text
    assert await levels(db) == {(shop.mug, "A-01-02"): (5, 0), (shop.mug, "A-02-18"): (0, 0)}
    assert await ledger_count(db) == entries + 2
    await check_books(db)
