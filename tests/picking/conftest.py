"""Picking and packing fixtures: a 4-aisle layout, a small stocked catalogue, orders entered
through the API, and helpers that scan like a handheld."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from routing import regular_layout
from scanners import make_code
from server.db.models import Customer, Location, Product, ProductBarcode, ShippingMethod, StockLevel, WarehouseLayout

# sku -> (name, GTIN-14, [(bin, on_hand)])
STOCK = {
    "MUG": ("Blue mug", "08712345000011", [("A-01-02-A", 10), ("A-04-05-B", 6)]),
    "BOWL": ("Bowl", "08712345000028", [("A-02-03-A", 8)]),
    "PLATE": ("Plate", "08712345000035", [("A-03-01-B", 3)]),
    "CUP": ("Cup", "08712345000042", [("A-02-05-B", 20)]),
}


@dataclass
class World:
    products: dict[str, int]
    levels: dict[tuple[str, str], int]
    locations: dict[str, int]
    customer: int
    method: int


@pytest.fixture
async def world(db) -> World:
    async with db() as session:
        doc = regular_layout("Test DC", aisles=4, aisle_length=20.0, bays_per_side=5, levels=2)
        layout = WarehouseLayout(name="Test DC", document=doc, active=True)
        session.add(layout)
        await session.flush()
        locations = {}
        for loc in doc["locations"]:
            row = Location(code=loc["code"], layout_id=layout.id, aisle=loc["aisle"], y=loc["y"],
                           side=loc["side"], level=loc["level"])
            session.add(row)
            locations[loc["code"]] = row
        await session.flush()
        products, levels = {}, {}
        for sku, (name, gtin, bins) in STOCK.items():
            product = Product(sku=sku, name=name, weight_grams=300)
            product.barcodes.append(ProductBarcode(code=gtin, kind="gtin"))
            session.add(product)
            await session.flush()
            products[sku] = product.id
            for code, on_hand in bins:
                level = StockLevel(product_id=product.id, location_id=locations[code].id, on_hand=on_hand, allocated=0)
                session.add(level)
                await session.flush()
                levels[(sku, code)] = level.id
        customer = Customer(name="Ada Lovelace", email="ada@example.org", street="Main 1", postal_code="1011 AA",
                            city="Amsterdam", country="NL")
        method = ShippingMethod(code="post", name="Parcel post", carrier="postnl")
        session.add_all([customer, method])
        await session.flush()
        result = World(products, levels, {c: r.id for c, r in locations.items()}, customer.id, method.id)
        await session.commit()
    return result


@pytest.fixture
async def supervisor(login) -> dict[str, str]:
    return await login("supervisor")


@pytest.fixture
async def picker(login) -> dict[str, str]:
    return await login("picker")


@pytest.fixture
async def packer(login) -> dict[str, str]:
    return await login("packer")


@pytest.fixture
def enter(client, supervisor, world):
    """``await enter({"MUG": 2}, policy="hold")`` → the order JSON, released (paid, confirmed)."""

    async def _enter(lines: dict[str, int], policy: str = "hold", priority: int = 0) -> dict:
        body = {
            "customer": {"id": world.customer},
            "lines": [{"sku": sku, "quantity": q, "unit_price": "5.00"} for sku, q in lines.items()],
            "payment_state": "paid", "confirm": True, "backorder_policy": policy,
            "shipping_method_id": world.method, "priority": priority,
        }
        response = await client.post("/api/orders", json=body, headers=supervisor)
        assert response.status_code == 201, response.text
        return response.json()

    return _enter


def loc(code: str) -> str:
    return make_code("location", code)


def tote(code: str) -> str:
    return make_code("tote", code)


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def scan(client, picker):
    """``await scan(batch_id, code, quantity=None, expect=200, id=None)`` → (status, body)."""

    async def _scan(batch_id: int, code: str, quantity: int | None = None, expect: int | None = 200,
                    id: str | None = None, headers=None):
        body = {"id": id or new_id(), "code": code}
        if quantity is not None:
            body["quantity"] = quantity
        response = await client.post(f"/api/pick-batches/{batch_id}/scans", json=body, headers=headers or picker)
        if expect is not None:
            assert response.status_code == expect, response.text
        return response.json()

    return _scan


async def stock(db, level_id: int) -> tuple[int, int]:
    async with db() as session:
        level = await session.get(StockLevel, level_id)
        return level.on_hand, level.allocated


async def order_status(client, headers, order_id: int) -> tuple[str, str | None]:
    body = (await client.get(f"/api/orders/{order_id}", headers=headers)).json()
    return body["status"], body.get("hold_reason")


@pytest.fixture
def walk(client, picker, world):
    """``await walk(batch_id)``: follow the handheld's instructions to the end, scanning each
    bin once and each unit one by one, sending every scan twice (the replay must answer the
    same and change nothing). Returns the list of accepted answers."""
    gtins = {pid: STOCK[sku][1] for sku, pid in world.products.items()}

    async def send(batch_id: int, code: str, headers) -> dict:
        body = {"id": new_id(), "code": code}
        first = await client.post(f"/api/pick-batches/{batch_id}/scans", json=body, headers=headers)
        again = await client.post(f"/api/pick-batches/{batch_id}/scans", json=body, headers=headers)
        assert first.status_code == 200, first.text
        assert again.status_code == 200
        assert again.json() == {**first.json(), "replayed": True}
        return first.json()

    async def _walk(batch_id: int, headers=None, limit: int = 200) -> list[dict]:
        headers = headers or picker
        batch = (await client.get(f"/api/pick-batches/{batch_id}", headers=headers)).json()
        stop = next(s for s in batch["stops"] if s["state"] == "open")
        nxt = {"action": "scan_location", "location": stop["location"], "product": stop["product"]}
        answers = []
        for _ in range(limit):
            if nxt["action"] == "batch_done":
                return answers
            if nxt["action"] == "scan_location":
                answer = await send(batch_id, loc(nxt["location"]), headers)
            else:
                answer = await send(batch_id, gtins[nxt["product"]["id"]], headers)
            answers.append(answer)
            nxt = answer["next"]
        raise AssertionError("the walk did not end")

    return _walk
