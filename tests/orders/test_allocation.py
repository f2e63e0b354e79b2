"""The allocation seam the release check asks: all or nothing per order, rows in primary-key
order, never more promised than on hand, even when release checks run at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select

from server.db.models import Allocation, StockLevel
from server.domain.inventory.allocation import allocate_order, release_order_allocations
from server.domain.orders import flow
from server.domain.orders.events import SYSTEM, Context

from .conftest import stock_of


async def test_all_or_nothing_and_give_back(db, enter, catalog):
    short = await enter(lines=[{"sku": "MUG", "quantity": 15}, {"sku": "BOWL", "quantity": 3}])
    async with db() as session:
        outcome = await allocate_order(session, short["id"])
        assert not outcome.ok
        # Only the bowl line is short: 3 wanted, 2 on hand; the 15 mugs would fit exactly.
        assert [(s.sku, s.wanted, s.available) for s in outcome.shortages] == [("BOWL", 3, 2)]
        await session.commit()
    assert await stock_of(db, catalog.mug_a) == (10, 0)
    assert await stock_of(db, catalog.mug_b) == (5, 0)

    fits = await enter(lines=[{"sku": "MUG", "quantity": 6}, {"sku": "MUG", "quantity": 6}])
    async with db() as session:
        assert (await allocate_order(session, fits["id"])).ok
        # Asking again allocates nothing more.
        assert (await allocate_order(session, fits["id"])).ok
        rows = list(await session.execute(
            select(Allocation.stock_level_id, Allocation.quantity).order_by(Allocation.id)
        ))
        # Line 1 takes 6 of bin A; line 2 the other 4 of bin A, then 2 of bin B.
        assert [tuple(r) for r in rows] == [(catalog.mug_a, 6), (catalog.mug_a, 4), (catalog.mug_b, 2)]
        await session.commit()
    assert await stock_of(db, catalog.mug_a) == (10, 10)
    assert await stock_of(db, catalog.mug_b) == (5, 2)
    async with db() as session:
        assert await release_order_allocations(session, fits["id"]) == 12
        await session.commit()
    assert await stock_of(db, catalog.mug_a) == (10, 0)
    assert await stock_of(db, catalog.mug_b) == (5, 0)


async def test_concurrent_release_checks_never_promise_a_unit_twice(db, enter, catalog):
    ids = [(await enter(payment_state="paid", lines=[{"sku": "MUG", "quantity": 2}]))["id"] for _ in range(12)]
    ctx = Context(SYSTEM, datetime.now(UTC), "Europe/Amsterdam")

    async def confirm(order_id: int) -> str:
        async with db() as session:
            order = await flow.load_order(session, order_id, lock=True)
            await flow.confirm(session, order, ctx)
            await session.commit()
            return order.status

    results = await asyncio.gather(*(confirm(i) for i in ids))
    # 15 mugs on hand, 2 per order: 7 orders fit (14 units); 5 wait on backorder.
    assert results.count("ready_for_picking") == 7
    assert results.count("on_hold") == 5
    async with db() as session:
        assert await session.scalar(select(func.sum(StockLevel.allocated)).where(StockLevel.product_id == catalog.mug)) == 14
        assert await session.scalar(select(func.sum(Allocation.quantity))) == 14
        for level in await session.scalars(select(StockLevel)):
            assert 0 <= level.allocated <= level.on_hand
