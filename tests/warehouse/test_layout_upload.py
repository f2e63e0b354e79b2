"""Uploading a layout: preview, activation that keeps bins (and their stock), refusals that
change nothing, and the drawing."""

from __future__ import annotations

import copy

from sqlalchemy import select

from server.db.models import Location, Product, StockLevel
from tests.warehouse.conftest import FIRST, body, loc, second


async def locations(client, headers) -> dict[str, dict]:
    page = (await client.get("/api/locations?limit=1000", headers=headers)).json()
    return {item["code"]: item for item in page["items"]}


async def put_stock(db, code: str, on_hand: int, allocated: int = 0) -> None:
    async with db() as session:
        location_id = await session.scalar(select(Location.id).where(Location.code == code))
        product = Product(sku=f"SKU-{code}", name="Mug", weight_grams=100)
        session.add(product)
        await session.flush()
        session.add(StockLevel(product_id=product.id, location_id=location_id, on_hand=on_hand, allocated=allocated))
        await session.commit()


async def test_first_upload_adds_every_bin(backend, client, admin, upload):
    preview = await client.post("/api/layout/preview", content=body(FIRST), headers=admin)
    assert preview.status_code == 200, preview.text
    numbers = preview.json()
    assert (numbers["added"], numbers["kept"], numbers["moved"], numbers["removed"]) == (6, 0, 0, 0)
    assert (numbers["aisles"], numbers["blocks"], numbers["locations"]) == (3, 1, 6)
    assert numbers["layout_id"] is None
    # A preview changes nothing.
    assert (await client.get("/api/layout", headers=admin)).status_code == 404
    done = await upload(FIRST)
    assert done["added"] == 6 and done["layout_id"] is not None
    assert (await client.get("/api/layout", headers=admin)).json()["name"] == "Hall 1"
    assert sorted(await locations(client, admin)) == [
        "A-01-01", "A-01-02", "A-02-01", "A-02-02", "A-03-01", "A-03-02",
    ]


async def test_preview_and_activation_of_a_changed_layout(backend, client, admin, upload):
    await upload(FIRST)
    before = await locations(client, admin)
    preview = (await client.post("/api/layout/preview", content=body(second()), headers=admin)).json()
    assert (preview["added"], preview["kept"], preview["moved"], preview["removed"]) == (2, 4, 1, 2)
    assert preview["added_codes"] == ["A-01-03", "A-02-03"]
    assert preview["moved_codes"] == ["A-02-02"]
    assert preview["removed_codes"] == ["A-03-01", "A-03-02"]
    assert preview["blocked"] == []
    assert sorted(await locations(client, admin)) == sorted(before)

    done = await upload(second())
    assert (done["added"], done["kept"], done["moved"], done["removed"]) == (2, 4, 1, 2)
    after = await locations(client, admin)
    assert sorted(after) == ["A-01-01", "A-01-02", "A-01-03", "A-02-01", "A-02-02", "A-02-03"]
    # Kept bins keep their id (their stock stays with them); the moved one has its new place.
    assert all(after[code]["id"] == before[code]["id"] for code in ("A-01-01", "A-01-02", "A-02-01", "A-02-02"))
    assert after["A-02-02"]["y"] == 5.0
    assert (await client.get("/api/layout", headers=admin)).json()["name"] == "Hall 1 (2)"

    # Uploading the first layout again brings the removed bins back under their old ids.
    again = await upload(FIRST)
    assert (again["added"], again["kept"], again["removed"]) == (2, 4, 2)
    restored = await locations(client, admin)
    assert restored["A-03-01"]["id"] == before["A-03-01"]["id"]


async def test_removing_a_bin_with_stock_is_refused(backend, client, admin, upload, db):
    await upload(FIRST)
    await put_stock(db, "A-03-01", on_hand=5, allocated=2)
    await put_stock(db, "A-01-01", on_hand=3)  # kept by the new layout: no obstacle
    preview = (await client.post("/api/layout/preview", content=body(second()), headers=admin)).json()
    assert preview["blocked"] == [{"code": "A-03-01", "on_hand": 5, "allocated": 2}]

    refused = await client.post("/api/layout", content=body(second()), headers=admin)
    assert refused.status_code == 409
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "locations_in_use"
    assert problem["locations"] == [{"code": "A-03-01", "on_hand": 5, "allocated": 2}]
    assert "A-03-01" in problem["detail"]
    # Nothing changed: same layout, same six bins.
    assert (await client.get("/api/layout", headers=admin)).json()["name"] == "Hall 1"
    assert len(await locations(client, admin)) == 6

    # An empty stock row (0 on hand, 0 allocated) does not hold a bin.
    async with db() as session:
        level = await session.scalar(
            select(StockLevel).join(Location, Location.id == StockLevel.location_id).where(Location.code == "A-03-01")
        )
        level.on_hand, level.allocated = 0, 0
        await session.commit()
    assert (await upload(second()))["removed"] == 2


async def test_invalid_files_are_problems_and_change_nothing(backend, client, admin, upload):
    await upload(FIRST)
    unknown_aisle = copy.deepcopy(FIRST)
    unknown_aisle["locations"].append(loc("B-01-01", "B01", 2.0))
    outside = copy.deepcopy(FIRST)
    outside["locations"][0]["y"] = 12.5
    twice = copy.deepcopy(FIRST)
    twice["locations"].append(loc("A-01-01", "A02", 3.0))
    unprintable = copy.deepcopy(FIRST)
    unprintable["locations"].append(loc("A 01/9", "A01", 3.0))
    overlap = copy.deepcopy(FIRST)
    overlap["aisles"][1]["x"] = 2.0
    no_start = copy.deepcopy(FIRST)
    del no_start["points"]
    cases = [
        (b"{not json", "layout_not_json"),
        (b"[1, 2]", "layout_format"),
        (body(unknown_aisle), "layout_unknown_aisle"),
        (body(outside), "layout_location_outside_aisle"),
        (body(twice), "layout_duplicate_id"),
        (body(unprintable), "layout_invalid_location_code"),
        (body(overlap), "layout_overlapping_aisles"),
        (body(no_start), "layout_format"),
    ]
    for raw, code in cases:
        for path in ("/api/layout/preview", "/api/layout"):
            response = await client.post(path, content=raw, headers=admin)
            assert response.status_code == 422, (path, code, response.text)
            assert response.json()["code"] == code, (path, response.json())
    assert (await client.post("/api/layout", content=body(unprintable), headers=admin)).json()["codes"] == ["A 01/9"]
    assert (await client.get("/api/layout", headers=admin)).json()["name"] == "Hall 1"
    assert len(await locations(client, admin)) == 6


async def test_only_admins_upload(backend, client, login, upload):
    supervisor = {**await login("supervisor"), "Content-Type": "application/json"}
    for path in ("/api/layout/preview", "/api/layout", "/api/layout/preview.svg"):
        response = await client.post(path, content=body(FIRST), headers=supervisor)
        assert response.status_code == 403, path
    assert (await client.get("/api/layout", headers=supervisor)).status_code == 404


async def test_layout_drawn_as_svg(backend, client, admin, login, upload):
    picker = await login("picker")
    assert (await client.get("/api/layout.svg", headers=picker)).json()["code"] == "layout_not_found"
    await upload(FIRST)
    response = await client.get("/api/layout.svg", headers=picker)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    assert svg.startswith("<svg") and "Hall 1" in svg
    assert [f'data-id="A0{i}"' in svg for i in (1, 2, 3)] == [True, True, True]
    # The preview drawing of the second file shows two aisles.
    preview = await client.post("/api/layout/preview.svg", content=body(second()), headers=admin)
    assert preview.status_code == 200 and preview.text.count('class="aisle"') == 2
