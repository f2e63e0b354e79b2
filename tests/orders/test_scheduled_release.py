"""Scheduled release: on its ship date (warehouse time zone) an order waiting on
``on_hold/scheduled`` goes through the release check exactly once, around midnight and across
daylight-saving changes, and with two server processes at once on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import func, select

from server.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.models import Customer, Location, OrderEvent, Product, SalesOrder, StockLevel, WarehouseLayout
from server.domain.orders import services
from server.domain.orders.events import SYSTEM, Context
from server.domain.orders.jobs import RELEASE_JOB, acquire_lease, release_due_orders
from server.domain.orders.schemas import CustomerIn, LineIn, OrderIn

AMS = "Europe/Amsterdam"
ROOT = Path(__file__).resolve().parents[2]


async def arrange(sessionmaker, ship_date: date, *, in_stock: int, short: int, entered_at: datetime) -> list[int]:
    """``in_stock`` orders of one TEA (999 in stock) and ``short`` orders of one GONE (none in
    stock), all paid, confirmed at ``entered_at`` and so waiting on ``on_hold/scheduled``."""
    ctx = Context(SYSTEM, entered_at, AMS)
    async with sessionmaker() as session:
        layout = WarehouseLayout(name="T", document={})
        session.add(layout)
        await session.flush()
        location = Location(code="S-1", layout_id=layout.id, aisle="S", y=0.0, side="left", level="A")
        tea = Product(sku="TEA", name="Tea", weight_grams=100)
        gone = Product(sku="GONE", name="Gone", weight_grams=100)
        customer = Customer(name="Scheduled Customer", country="NL")
        session.add_all([location, tea, gone, customer])
        await session.flush()
        session.add(StockLevel(product_id=tea.id, location_id=location.id, on_hand=999, allocated=0))
        ids = []
        for index in range(in_stock + short):
            sku = "TEA" if index < in_stock else "GONE"
            order = await services.create_order(
                session,
                OrderIn(customer=CustomerIn(id=customer.id), lines=[LineIn(quantity=1, sku=sku)],
                        payment_state="paid", requested_ship_date=ship_date, confirm=True),
                ctx,
            )
            assert (order.status, order.hold_reason) == ("on_hold", "scheduled")
            ids.append(order.id)
        await session.commit()
    return ids


async def release_events(sessionmaker) -> dict[int, int]:
    """Release-check history entries per order that left ``on_hold/scheduled``."""
    async with sessionmaker() as session:
        rows = await session.execute(
            select(OrderEvent.order_id, func.count())
            .where(OrderEvent.kind == "release_check", OrderEvent.from_status == "on_hold")
            .group_by(OrderEvent.order_id)
        )
        return dict(rows.all())


async def statuses(sessionmaker) -> dict[int, tuple[str, str | None]]:
    async with sessionmaker() as session:
        rows = await session.execute(select(SalesOrder.id, SalesOrder.status, SalesOrder.hold_reason))
        return {i: (s, r) for i, s, r in rows}


@pytest.mark.parametrize(
    ("ship_date", "last_instant_before", "local_midnight"),
    [
        # Summer (CEST, UTC+2): midnight starting 15 June is 22:00 UTC on 14 June.
        (date(2026, 6, 15), datetime(2026, 6, 14, 21, 59, 59, tzinfo=UTC), datetime(2026, 6, 14, 22, 0, tzinfo=UTC)),
        # Winter (CET, UTC+1): midnight starting 15 January is 23:00 UTC on 14 January.
        (date(2026, 1, 15), datetime(2026, 1, 14, 22, 59, 59, tzinfo=UTC), datetime(2026, 1, 14, 23, 0, tzinfo=UTC)),
        # Clocks go forward at 01:00 UTC on 29 March 2026; midnight starting 30 March is CEST,
        # so 22:00 UTC on the 29th (a fixed UTC+1 would wait until 23:00).
        (date(2026, 3, 30), datetime(2026, 3, 29, 21, 59, 59, tzinfo=UTC), datetime(2026, 3, 29, 22, 0, tzinfo=UTC)),
        # Clocks go back at 01:00 UTC on 25 October 2026; midnight starting 26 October is CET,
        # so 23:00 UTC on the 25th (a fixed UTC+2 would release at 22:00, an hour early).
        (date(2026, 10, 26), datetime(2026, 10, 25, 22, 59, 59, tzinfo=UTC), datetime(2026, 10, 25, 23, 0, tzinfo=UTC)),
    ],
)
async def test_released_at_local_midnight_of_the_ship_date_once(db, backend, ship_date, last_instant_before, local_midnight):
    ids = await arrange(db, ship_date, in_stock=2, short=1, entered_at=datetime(2025, 12, 1, 12, 0, tzinfo=UTC))
    assert await release_due_orders(db, AMS, now=last_instant_before) == []
    assert set((await statuses(db)).values()) == {("on_hold", "scheduled")}
    moved = await release_due_orders(db, AMS, now=local_midnight)
    assert sorted(moved) == sorted(ids)
    after = await statuses(db)
    assert [after[i] for i in ids] == [("ready_for_picking", None), ("ready_for_picking", None), ("on_hold", "backorder")]
    # Later rounds find nothing more to do.
    assert await release_due_orders(db, AMS, now=local_midnight) == []
    assert await release_events(db) == {i: 1 for i in ids}


async def test_a_held_lease_keeps_other_processes_out(db, backend):
    ids = await arrange(db, date(2026, 6, 15), in_stock=1, short=0, entered_at=datetime(2026, 6, 1, tzinfo=UTC))
    noon = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
    async with db() as session:
        assert await acquire_lease(session, RELEASE_JOB, "other-process", noon, 300)
    assert await release_due_orders(db, AMS, now=noon, holder="me") == []
    # Five minutes later the other process' lease has run out.
    later = datetime(2026, 6, 15, 10, 5, 1, tzinfo=UTC)
    assert await release_due_orders(db, AMS, now=later, holder="me") == ids


async def _recreate(name: str) -> str:
    from tests.conftest import PG_ADMIN_DSN, pg_url

    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return pg_url(name)


async def _drop(name: str) -> None:
    from tests.conftest import PG_ADMIN_DSN

    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
async def scratch_pg():
    """A PostgreSQL database of its own, migrated, for tests that start other processes."""
    from tests.conftest import in_thread, worker_id
    from server.db.migrate import upgrade

    name = f"shipfloor_sched_{worker_id()}"
    url = await _recreate(name)
    in_thread(upgrade, url)
    yield url
    await _drop(name)


async def _start_worker(url: str, now: datetime, use_lease: bool) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.orders.release_worker", url, now.isoformat(), "1" if use_lease else "0",
        cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )
    assert (await process.stdout.readline()).strip() == b"ready"
    return process


@pytest.mark.parametrize("use_lease", [True, False], ids=["lease", "rows-only"])
async def test_two_processes_release_each_due_order_exactly_once_on_postgres(scratch_pg, use_lease):
    engine = make_engine(Settings(database_url=scratch_pg))
    sessionmaker = make_sessionmaker(engine)
    try:
        ids = await arrange(sessionmaker, date(2026, 6, 15), in_stock=40, short=10,
                            entered_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
        due = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)
        workers = [await _start_worker(scratch_pg, due, use_lease) for _ in range(2)]
        for worker in workers:
            worker.stdin.write(b"go\n")
            await worker.stdin.drain()
        results = []
        for worker in workers:
            out, _ = await worker.communicate()
            assert worker.returncode == 0
            results.append(json.loads(out.decode().strip().splitlines()[-1]))
        first, second = (set(r) for r in results)
        assert first.isdisjoint(second)
        assert first | second == set(ids)
        assert await release_events(sessionmaker) == {i: 1 for i in ids}
        after = await statuses(sessionmaker)
        assert sum(1 for i in ids if after[i] == ("ready_for_picking", None)) == 40
        assert sum(1 for i in ids if after[i] == ("on_hold", "backorder")) == 10
        async with sessionmaker() as session:
            # One TEA for each of the 40 released orders: promised once each, not twice.
            assert await session.scalar(select(StockLevel.allocated)) == 40
    finally:
        await engine.dispose()
