"""Concurrent release checks and receipts on PostgreSQL, each in its own session and connection:
no unit is promised twice and every level keeps ``0 <= allocated <= on_hand``."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from server.db.base import utcnow
from server.db.engine import make_sessionmaker
from server.db.models import Allocation, Customer, Location, Product, SalesOrder, StockLevel, WarehouseLayout
from server.domain.inventory import services
from server.domain.inventory.schemas import ReceiptIn, ReceiptLineIn
from server.domain.orders import flow
from server.domain.orders import services as order_services
from server.domain.orders.events import SYSTEM, Context
from server.domain.orders.schemas import CustomerIn, LineIn, OrderIn
from tests.conftest import _truncate_pg
from tests.inventory.conftest import check_books
from tests.inventory.layout import LAYOUT

ORDERS = 50
TZ = "Europe/Amsterdam"


def ctx() -> Context:
    return Context(SYSTEM, utcnow(), TZ)


async def _warm(engine, connections: int) -> None:
    """Open the pool's connections before the race, waiting while the server is full (other
    test runs share it), so that every check below has its own connection at once."""
    held = []
    deadline = asyncio.get_running_loop().time() + 120
    try:
        while len(held) < connections:
            try:
                held.append(await engine.connect())
            except DBAPIError as exc:
                if "too many clients" not in str(exc) or asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.5)
    finally:
        for conn in held:
            await conn.close()


@pytest.fixture
async def pg(request, pg_database):
    """A session factory on this worker's PostgreSQL database (emptied), with one pooled
    connection per concurrent check (``connections`` marker argument, default 12)."""
    marker = request.node.get_closest_marker("connections")
    connections = marker.args[0] if marker else 12
    await _truncate_pg(pg_database)
    engine = create_async_engine(pg_database, pool_size=connections, max_overflow=0, pool_timeout=120)
    try:
        await _warm(engine, connections)
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


async def arrange(db, stock: list[tuple[str, int]], quantities: list[int]) -> list[int]:
    """SCARCE stock in the given bins (by receipt) and one draft, paid order per quantity."""
    async with db() as session:
        layout = WarehouseLayout(name="T", document=LAYOUT, active=True)
        session.add(layout)
        await session.flush()
        session.add_all(Location(code=loc["code"], layout_id=layout.id, aisle=loc["aisle"], y=loc["y"],
                                 side=loc["side"], level=loc["level"]) for loc in LAYOUT["locations"])
        session.add_all([Product(sku="SCARCE", name="Scarce"), Customer(name="C", country="NL")])
        await session.flush()
        customer_id = await session.scalar(select(Customer.id))
        if stock:
            await services.receive(session, ReceiptIn(lines=[
                ReceiptLineIn(sku="SCARCE", location=code, quantity=q) for code, q in stock]), ctx())
        ids = []
        for quantity in quantities:
            order = await order_services.create_order(session, OrderIn(
                customer=CustomerIn(id=customer_id), lines=[LineIn(sku="SCARCE", quantity=quantity)],
                payment_state="paid"), ctx())
            ids.append(order.id)
        await session.commit()
        return ids


async def confirm(db, order_id: int) -> None:
    async with db() as session:
        order = await flow.load_order(session, order_id, lock=True)
        await flow.confirm(session, order, ctx())
        await session.commit()


@pytest.mark.connections(ORDERS)
async def test_fifty_concurrent_release_checks_promise_exactly_the_stock(pg):
    # 15 units over four bins; 50 orders of one unit each check at the same moment.
    ids = await arrange(pg, [("A-01-02", 4), ("A-02-05", 5), ("A-01-15", 3), ("A-02-18", 3)], [1] * ORDERS)
    await asyncio.gather(*(confirm(pg, order_id) for order_id in ids))
    async with pg() as session:
        statuses = dict((await session.execute(
            select(SalesOrder.status, func.count()).group_by(SalesOrder.status))).all())
        assert statuses == {"ready_for_picking": 15, "on_hold": ORDERS - 15}
        assert await session.scalar(select(func.sum(Allocation.quantity))) == 15
        for level in await session.scalars(select(StockLevel)):
            assert level.allocated == level.on_hand
        released = list(await session.scalars(select(SalesOrder.id).where(SalesOrder.status == "ready_for_picking")))
        per_order = dict((await session.execute(
            select(Allocation.order_id, func.sum(Allocation.quantity)).group_by(Allocation.order_id))).all())
        assert per_order == dict.fromkeys(released, 1)
    await check_books(pg)


async def test_concurrent_mixed_quantities_never_overpromise(pg):
    # 16 units; orders of 1, 2 and 3 units. Whatever order the checks run in, the promised
    # units are those of the released orders, and never more than on hand.
    quantities = [1 + i % 3 for i in range(ORDERS)]
    ids = await arrange(pg, [("A-01-02", 6), ("A-02-05", 10)], quantities)
    await asyncio.gather(*(confirm(pg, order_id) for order_id in ids))
    async with pg() as session:
        wanted = dict(zip(ids, quantities, strict=True))
        released = list(await session.scalars(select(SalesOrder.id).where(SalesOrder.status == "ready_for_picking")))
        promised = await session.scalar(select(func.coalesce(func.sum(Allocation.quantity), 0)))
        assert promised == sum(wanted[i] for i in released) <= 16
        # A waiting order of one unit means every unit went out.
        assert promised == 16 or all(wanted[i] > 16 - promised for i in set(ids) - set(released))
    await check_books(pg)


async def test_concurrent_receipts_release_each_waiting_order_once(pg):
    ids = await arrange(pg, [], [2] * 20)
    await asyncio.gather(*(confirm(pg, order_id) for order_id in ids))

    async def book(code: str) -> None:
        async with pg() as session:
            await services.receive(session, ReceiptIn(lines=[ReceiptLineIn(sku="SCARCE", location=code, quantity=10)]),
                                   ctx())
            await session.commit()

    # Four receipts of 10 at once: 40 units, 20 orders of 2, every one released exactly once.
    await asyncio.gather(*(book(code) for code in ("A-01-02", "A-02-05", "A-01-15", "A-02-18")))
    async with pg() as session:
        assert await session.scalar(
            select(func.count()).where(SalesOrder.status == "ready_for_picking")) == 20
        assert await session.scalar(select(func.sum(Allocation.quantity))) == 40
    await check_books(pg)
