"""One goods receipt releasing thousands of backorders on PostgreSQL, beside a plain bulk
UPDATE of the same rows' status in the same run.

    uv run --frozen python bench/restock.py [--orders 10000] [--products 20] [--rounds 3]
        [--pg postgresql://postgres@/postgres?host=/var/run/postgresql]

Builds a scratch database (migrated, dropped at the end) with a small warehouse, ``--products``
products and ``--orders`` paid orders of one to three lines (1-3 units each) waiting on
``on_hold/backorder`` with no stock. Each round then times, each in its own committed
transaction:

1. baseline: ``UPDATE sales_orders SET status = ..., hold_reason = NULL`` on exactly those rows
   (then put back, untimed);
2. restock: one receipt (``services.receive``: one line per product, enough for every order)
   that books the stock with its ledger entries and releases every waiting order through the
   set-based release: allocations, status moves checked against the transition table, history.

Afterwards every order is checked: ``ready_for_picking``, allocated whole, one ``released``
history entry. Prints both times and their ratio (median over rounds).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, insert, select, text, update  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

import harness  # noqa: E402
from routing import regular_layout  # noqa: E402
from server.db.engine import make_sessionmaker  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from server.db.models import (  # noqa: E402
    Allocation,
    Customer,
    Location,
    OrderEvent,
    OrderLine,
    Product,
    SalesOrder,
    StockLedgerEntry,
    StockLevel,
    WarehouseLayout,
)
from server.domain.inventory import services  # noqa: E402
from server.domain.inventory.schemas import ReceiptIn, ReceiptLineIn  # noqa: E402
from server.domain.orders.events import Actor, Context  # noqa: E402

TZ = "Europe/Amsterdam"


def small_layout() -> dict:
    """Four aisles of 20 m, five bays a side, one level: 40 bins."""
    return regular_layout("Bench DC", aisles=4, aisle_length=20.0, bays_per_side=5, levels=1)


async def seed(db, orders: int, products: int, rng: random.Random) -> tuple[list[str], list[str], dict[str, int]]:
    """Warehouse, products, customer and waiting orders; returns location codes, skus and the
    units wanted per sku."""
    layout_doc = small_layout()
    async with db() as session:
        layout = WarehouseLayout(name="Bench", document=layout_doc, active=True)
        session.add(layout)
        await session.flush()
        codes = [loc["code"] for loc in layout_doc["locations"]]
        aisles = {loc["code"]: loc for loc in layout_doc["locations"]}
        session.add_all(Location(code=c, layout_id=layout.id, aisle=aisles[c]["aisle"], y=aisles[c]["y"],
                                 side=aisles[c].get("side", "left"), level=str(aisles[c].get("level", "A")))
                        for c in codes)
        skus = [f"SKU-{n:04d}" for n in range(products)]
        session.add_all(Product(sku=s, name=f"Product {s}", weight_grams=100) for s in skus)
        customer = Customer(name="Bench customer", country="NL")
        session.add(customer)
        await session.flush()
        product_ids = dict((await session.execute(select(Product.sku, Product.id))).all())
        now = datetime.now(UTC) - timedelta(days=1)
        heads, wanted = [], dict.fromkeys(skus, 0)
        for n in range(orders):
            heads.append({
                "number": str(100_000 + n), "channel": "manual", "customer_id": customer.id,
                "ship_name": "Bench customer", "ship_country": "NL", "status": "on_hold",
                "hold_reason": "backorder", "payment_state": "paid", "currency": "EUR",
                "total_amount": Decimal("0"), "amount_paid": Decimal("0"), "total_weight_grams": 0,
                "priority": rng.choice((0, 0, 0, 1, 5)), "tags": [], "backorder_policy": "hold",
                "backorder_count": 0, "version": 1, "created_at": now + timedelta(seconds=n),
                "updated_at": now,
            })
        ids = list(await session.scalars(insert(SalesOrder).returning(SalesOrder.id, sort_by_parameter_order=True),
                                         heads))
        lines = []
        for order_id in ids:
            for line_no, sku in enumerate(rng.sample(skus, rng.randint(1, 3)), start=1):
                quantity = rng.randint(1, 3)
                wanted[sku] += quantity
                lines.append({"order_id": order_id, "line_no": line_no, "product_id": product_ids[sku],
                              "sku": sku, "name": sku, "quantity": quantity, "unit_price": Decimal("1.00")})
        await session.execute(insert(OrderLine), lines)
        await session.commit()
    return codes, skus, wanted


async def vacuum(url: str) -> None:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def baseline(db) -> float:
    async with db() as session:
        started = time.perf_counter()
        await session.execute(text(
            "UPDATE sales_orders SET status = 'ready_for_picking', hold_reason = NULL "
            "WHERE status = 'on_hold' AND hold_reason = 'backorder'"))
        await session.commit()
        elapsed = time.perf_counter() - started
    async with db() as session:
        await session.execute(text(
            "UPDATE sales_orders SET status = 'on_hold', hold_reason = 'backorder' WHERE status = 'ready_for_picking'"))
        await session.commit()
    return elapsed


async def restock(db, codes: list[str], skus: list[str], wanted: dict[str, int]) -> tuple[float, int]:
    receipt = ReceiptIn(reference="bench", lines=[
        ReceiptLineIn(sku=sku, location=codes[i % len(codes)], quantity=wanted[sku]) for i, sku in enumerate(skus)
        if wanted[sku]
    ])
    async with db() as session:
        ctx = Context(Actor("bench"), datetime.now(UTC), TZ)
        started = time.perf_counter()
        out = await services.receive(session, receipt, ctx)
        await session.commit()
        elapsed = time.perf_counter() - started
    return elapsed, len(out.released)


async def check(db, orders: int) -> None:
    async with db() as session:
        statuses = dict((await session.execute(select(SalesOrder.status, func.count()).group_by(SalesOrder.status))).all())
        assert statuses == {"ready_for_picking": orders}, statuses
        short = await session.scalar(text(
            "SELECT count(*) FROM order_lines l LEFT JOIN (SELECT order_line_id, sum(quantity) q FROM allocations "
            "GROUP BY order_line_id) a ON a.order_line_id = l.id WHERE coalesce(a.q, 0) <> l.quantity"))
        assert short == 0, short
        released = await session.scalar(select(func.count()).where(OrderEvent.kind == "released"))
        assert released == orders, released
        bad = await session.scalar(select(func.count()).where(StockLevel.allocated != StockLevel.on_hand))
        assert bad == 0, bad


async def reset(db) -> None:
    """Back to every order waiting and no stock (between rounds)."""
    async with db() as session:
        await session.execute(delete(Allocation))
        await session.execute(delete(OrderEvent))
        await session.execute(delete(StockLedgerEntry))
        await session.execute(delete(StockLevel))
        await session.execute(update(SalesOrder).values(status="on_hold", hold_reason="backorder"))
        await session.commit()


async def main(args: argparse.Namespace) -> None:
    name = f"shipfloor_bench_restock_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(args.pg)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = harness.database_dsn(args.pg, name, driver="asyncpg")
    try:
        await asyncio.to_thread(upgrade, url)
        engine = create_async_engine(url, pool_size=2)
        db = make_sessionmaker(engine)
        try:
            codes, skus, wanted = await seed(db, args.orders, args.products, random.Random(42))
            base_times, restock_times = [], []
            for round_no in range(args.rounds):
                if round_no:
                    await reset(db)
                await vacuum(url)
                base_times.append(await baseline(db))
                await vacuum(url)
                elapsed, released = await restock(db, codes, skus, wanted)
                assert released == args.orders, released
                await check(db, args.orders)
                restock_times.append(elapsed)
                print(f"round {round_no + 1}: bulk UPDATE {base_times[-1] * 1000:8.1f} ms   "
                      f"receipt releasing {released} orders {elapsed * 1000:8.1f} ms   "
                      f"ratio {elapsed / base_times[-1]:5.1f}x")
            base, spent = statistics.median(base_times), statistics.median(restock_times)
            lines = sum(1 for _ in wanted)
            print(f"\n{args.orders} backorders ({lines} products), median of {args.rounds} rounds:")
            print(f"  plain bulk UPDATE of their status : {base * 1000:8.1f} ms")
            print(f"  receipt releasing them all        : {spent * 1000:8.1f} ms")
            print(f"  ratio                             : {spent / base:8.1f}x  (target <= 10x)")
        finally:
            await engine.dispose()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", default=harness.default_pg(),
                        help="admin DSN (default: the local server's Unix socket, see bench/harness.py)")
    asyncio.run(main(parser.parse_args()))
