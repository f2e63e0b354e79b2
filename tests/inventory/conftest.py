"""Inventory test fixtures: a warehouse with a real layout (distances in ``layout.py``), three
products without stock, a customer, and helpers that book receipts and enter orders through the
API; ``check_books`` asserts the stock invariants."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from server.db.models import Allocation, Customer, Location, Product, StockLedgerEntry, StockLevel, WarehouseLayout
from tests.inventory.layout import LAYOUT


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "connections(n): database connections a concurrency test holds at once")


@dataclass
class Shop:
    """Ids: products ``mug``, ``bowl``, ``vase`` (350, 400, 800 g); ``bins`` by code; a
    customer."""

    mug: int
    bowl: int
    vase: int
    bins: dict[str, int]
    customer: int


@pytest.fixture
async def shop(db) -> Shop:
    async with db() as session:
        layout = WarehouseLayout(name=LAYOUT["name"], document=LAYOUT, active=True)
        session.add(layout)
        await session.flush()
        bins = [
            Location(code=loc["code"], layout_id=layout.id, aisle=loc["aisle"], y=loc["y"], side=loc["side"],
                     level=loc["level"])
            for loc in LAYOUT["locations"]
        ]
        mug = Product(sku="MUG", name="Mug", weight_grams=350)
        bowl = Product(sku="BOWL", name="Bowl", weight_grams=400)
        vase = Product(sku="VASE", name="Vase", weight_grams=800)
        customer = Customer(name="Grace Hopper", email="grace@example.org", city="Arlington", country="US")
        session.add_all([*bins, mug, bowl, vase, customer])
        await session.flush()
        result = Shop(mug.id, bowl.id, vase.id, {b.code: b.id for b in bins}, customer.id)
        await session.commit()
    return result


@pytest.fixture
async def supervisor(login) -> dict[str, str]:
    return await login("supervisor")


@pytest.fixture
def receive(client, supervisor, shop):
    """``await receive([("MUG", "A-01-02", 5), ...], expect=201)`` → response JSON."""

    async def _receive(lines, expect: int = 201, reference: str | None = "DN-1"):
        body = {"lines": [{"sku": s, "location": loc, "quantity": q} for s, loc, q in lines], "reference": reference}
        response = await client.post("/api/stock/receipts", json=body, headers=supervisor)
        assert response.status_code == expect, response.text
        return response.json()

    return _receive


@pytest.fixture
def enter(client, supervisor, shop):
    """``await enter([("MUG", 2)], **fields)`` → the created order (JSON), confirmed and paid
    by default, so that it went through the release check."""

    async def _enter(lines, expect: int = 201, **fields):
        body = {
            "customer": {"id": shop.customer},
            "lines": [{"sku": s, "quantity": q, "unit_price": "10.00"} for s, q in lines],
            "payment_state": "paid",
            "confirm": True,
        }
        body.update(fields)
        response = await client.post("/api/orders", json=body, headers=supervisor)
        assert response.status_code == expect, response.text
        return response.json()

    return _enter


@pytest.fixture
def order_of(client, supervisor):
    async def _get(order_id: int) -> dict:
        response = await client.get(f"/api/orders/{order_id}", headers=supervisor)
        assert response.status_code == 200, response.text
        return response.json()

    return _get


async def levels(db) -> dict[tuple[int, str], tuple[int, int]]:
    """``(product_id, location code) -> (on_hand, allocated)`` of every stock level."""
    async with db() as session:
        rows = await session.execute(
            select(StockLevel.product_id, Location.code, StockLevel.on_hand, StockLevel.allocated)
            .join(Location, Location.id == StockLevel.location_id)
        )
        return {(p, c): (h, a) for p, c, h, a in rows}


async def ledger_count(db) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(StockLedgerEntry))


async def check_books(db) -> None:
    """Every stock level: its ledger sums to ``on_hand``, its allocations to ``allocated``,
    and ``0 <= allocated <= on_hand``; each entry's before → after is consistent."""
    async with db() as session:
        for level in await session.scalars(select(StockLevel)):
            booked = await session.scalar(
                select(func.coalesce(func.sum(StockLedgerEntry.quantity), 0))
                .where(StockLedgerEntry.stock_level_id == level.id)
            )
            promised = await session.scalar(
                select(func.coalesce(func.sum(Allocation.quantity), 0)).where(Allocation.stock_level_id == level.id)
            )
            assert booked == level.on_hand, (level.id, booked, level.on_hand)
            assert promised == level.allocated, (level.id, promised, level.allocated)
            assert 0 <= level.allocated <= level.on_hand
        for entry in await session.scalars(select(StockLedgerEntry)):
            assert entry.on_hand_after - entry.on_hand_before == entry.quantity
