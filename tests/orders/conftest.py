"""Order test fixtures: a small catalogue with stock, supervisor and admin headers, and a helper
that enters orders through the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.db.models import Customer, Location, Product, ProductBarcode, StockLevel, WarehouseLayout

WAREHOUSE_TZ = "Europe/Amsterdam"


def today() -> date:
    """Today in the warehouse zone (the app's default setting)."""
    return datetime.now(ZoneInfo(WAREHOUSE_TZ)).date()


@dataclass
class Catalog:
    """Ids of the test catalogue.

    MUG: 10 units in bin A (stock level ``mug_a``) and 5 in bin B (``mug_b``); 350 g each.
    BOWL: 2 units in bin A; 400 g.
    VASE: none in stock; 800 g.
    """

    mug: int
    bowl: int
    vase: int
    mug_a: int
    mug_b: int
    bowl_a: int
    customer: int
    customer_no_country: int


@pytest.fixture
async def catalog(db) -> Catalog:
    async with db() as session:
        layout = WarehouseLayout(name="Test", document={})
        session.add(layout)
        await session.flush()
        bin_a = Location(code="A-01-01-A", layout_id=layout.id, aisle="A01", y=1.0, side="left", level="A")
        bin_b = Location(code="A-01-02-A", layout_id=layout.id, aisle="A01", y=2.0, side="left", level="A")
        session.add_all([bin_a, bin_b])
        mug = Product(sku="MUG", name="Mug", weight_grams=350)
        mug.barcodes.append(ProductBarcode(code="08712345000011", kind="gtin"))
        bowl = Product(sku="BOWL", name="Bowl", weight_grams=400)
        vase = Product(sku="VASE", name="Vase", weight_grams=800)
        customer = Customer(name="Ada Lovelace", email="ada@example.org", city="London", country="GB")
        nowhere = Customer(name="No Country", email="nc@example.org")
        session.add_all([mug, bowl, vase, customer, nowhere])
        await session.flush()
        mug_a = StockLevel(product_id=mug.id, location_id=bin_a.id, on_hand=10, allocated=0)
        mug_b = StockLevel(product_id=mug.id, location_id=bin_b.id, on_hand=5, allocated=0)
        bowl_a = StockLevel(product_id=bowl.id, location_id=bin_a.id, on_hand=2, allocated=0)
        session.add_all([mug_a, mug_b, bowl_a])
        await session.flush()
        result = Catalog(mug.id, bowl.id, vase.id, mug_a.id, mug_b.id, bowl_a.id, customer.id, nowhere.id)
        await session.commit()
    return result


@pytest.fixture
async def supervisor(login) -> dict[str, str]:
    return await login("supervisor")


@pytest.fixture
async def admin(login) -> dict[str, str]:
    return await login("admin")


@pytest.fixture
def enter(client, supervisor, catalog):
    """``await enter(**fields)`` → the created order (JSON); defaults: the catalogue customer,
    one line of 1 MUG at 9.50."""

    async def _enter(expect: int = 201, **fields):
        body = {"customer": {"id": catalog.customer}, "lines": [{"sku": "MUG", "quantity": 1, "unit_price": "9.50"}]}
        body.update(fields)
        response = await client.post("/api/orders", json=body, headers=supervisor)
        assert response.status_code == expect, response.text
        return response.json()

    return _enter


@pytest.fixture
def act(client, supervisor):
    """``await act(order_id, "hold", expect=200, **body)`` → response JSON."""

    async def _act(order_id: int, action: str, expect: int = 200, **body):
        response = await client.post(f"/api/orders/{order_id}/{action}", json=body or None, headers=supervisor)
        assert response.status_code == expect, response.text
        return response.json()

    return _act


async def stock_of(db, level_id: int) -> tuple[int, int]:
    """``(on_hand, allocated)`` of a stock level."""
    async with db() as session:
        level = await session.get(StockLevel, level_id)
        return level.on_hand, level.allocated


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@pytest.fixture
def force(db):
    """``await force(order_id, "picking", ...)``: move an order through ``change_status`` as the
    picking, packing and shipping domains do (for arranging tests)."""
    from datetime import UTC

    from server.domain.orders.events import SYSTEM, Context
    from server.domain.orders.flow import change_status, load_order

    async def _force(order_id: int, *statuses: str) -> None:
        async with db() as session:
            order = await load_order(session, order_id, lock=True)
            for status in statuses:
                ctx = Context(SYSTEM, datetime.now(UTC), WAREHOUSE_TZ)
                await change_status(session, order, status, ctx, hold_reason="manual" if status == "on_hold" else None)
            await session.commit()

    return _force


async def events_of(client, headers, order_id: int) -> list[dict]:
    response = await client.get(f"/api/orders/{order_id}/events", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def moves(events: list[dict]) -> list[tuple[str | None, str, str | None]]:
    """``(from, to, hold_reason)`` of the history entries that moved the status."""
    return [(e["from_status"], e["to_status"], e["hold_reason"]) for e in events if e["to_status"] and e["from_status"]]
