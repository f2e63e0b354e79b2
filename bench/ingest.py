"""Webhooks per second accepted and imported end to end on PostgreSQL, beside the health
endpoint's rate in the same run.

    uv run --frozen python bench/ingest.py [--orders N] [--concurrency C] [--workers W]
        [--pg postgresql://postgres@/postgres?host=/var/run/postgresql] [--redis redis://127.0.0.1:6379]

Builds a scratch database (migrated, dropped at the end), starts ``shipfloor serve`` on a free
port, creates a WooCommerce channel and stock for the example order's products, then:

1. health: ``GET /api/health`` as fast as C clients can, for as many requests as orders;
2. webhooks: N distinct signed ``order.updated`` deliveries (the shipped example order with
   other ids), C at a time; each answer 200 means the order was verified, normalised, created,
   confirmed and allocated in one transaction;
3. duplicates: the same N deliveries again (each found in the delivery log).

Imported end to end is checked in the database afterwards (orders, lines and allocations).
Prints requests per second of each and the ratios to the health rate.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402

EXAMPLE = ROOT / "server" / "demo" / "data" / "woocommerce-order.json"
SECRET = "bench-secret"


def bodies(count: int) -> list[bytes]:
    order = json.loads(EXAMPLE.read_bytes())
    out = []
    for n in range(count):
        order.update(id=100_000 + n, number=str(100_000 + n))
        out.append(json.dumps(order, separators=(",", ":")).encode())
    return out


def signed(body: bytes, n: int) -> dict[str, str]:
    digest = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return {
        "Content-Type": "application/json",
        "X-WC-Webhook-Signature": digest,
        "X-WC-Webhook-Topic": "order.updated",
        "X-WC-Webhook-Delivery-ID": f"bench-{n}",
    }


async def hammer(
    client: httpx.AsyncClient, jobs: list, concurrency: int
) -> tuple[float, list[int]]:
    """Run ``jobs`` (callables returning a request coroutine) ``concurrency`` at a time;
    returns (seconds, status codes)."""
    queue = list(enumerate(jobs))
    statuses = [0] * len(jobs)

    async def worker() -> None:
        while queue:
            index, job = queue.pop()
            statuses[index] = (await job(client)).status_code

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start, statuses



async def seed(dsn: str, env: dict[str, str]) -> int:
    """Products with plenty of stock and the channel; returns the channel id."""
    os.environ.update(env)
    from server.config import Settings
    from server.db.base import utcnow
    from server.db.engine import make_engine, make_sessionmaker
    from server.db.models import Location, Product, StockLevel, WarehouseLayout
    from server.domain.channels.schemas import ChannelIn, Credentials
    from server.domain.channels.services import create_channel

    settings = Settings.from_env()
    engine = make_engine(settings)
    try:
        async with make_sessionmaker(engine)() as session:
            layout = WarehouseLayout(name="Bench", document={})
            session.add(layout)
            await session.flush()
            for index, sku in enumerate(["MWS-GRY-4346", "TLS-BLU-M"]):
                location = Location(
                    code=f"B-{index}",
                    layout_id=layout.id,
                    aisle="A01",
                    y=float(index),
                    side="left",
                    level="A",
                )
                product = Product(sku=sku, name=sku, weight_grams=100)
                session.add_all([location, product])
                await session.flush()
                session.add(
                    StockLevel(product_id=product.id, location_id=location.id, on_hand=10_000_000)
                )
            channel = await create_channel(
                session,
                settings,
                ChannelIn(
                    name="Bench shop",
                    platform="woocommerce",
                    shop_url="https://shop.example.com",
                    credentials=Credentials(key="ck", secret="cs"),
                    webhook_secret=SECRET,
                    poll_interval_seconds=0,
                ),
                utcnow(),
            )
            await session.commit()
            return channel.id
    finally:
        await engine.dispose()


async def check(dsn: str, count: int) -> tuple[int, int, int]:
    conn = await asyncpg.connect(dsn)
    try:
        orders = await conn.fetchval(
            "SELECT count(*) FROM sales_orders WHERE status = 'ready_for_picking'"
        )
        lines = await conn.fetchval("SELECT count(*) FROM order_lines")
        allocated = await conn.fetchval("SELECT coalesce(sum(quantity), 0) FROM allocations")
        return orders, lines, allocated
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pg", default=harness.default_pg(),
                        help="admin DSN (default: the local server's Unix socket, see bench/harness.py)")
    parser.add_argument("--redis", default="", help="Redis URL (default: in-memory events)")
    args = parser.parse_args()

    name = f"shipfloor_bench_{os.getpid()}"
    async with harness.scratch_database(args.pg, name) as dsn:
        url = harness.database_dsn(dsn, name, driver="asyncpg")
        env = {
            "SHIPFLOOR_DATABASE_URL": url,
            "SHIPFLOOR_DATA_DIR": tempfile.mkdtemp(prefix="shipfloor-bench-"),
            "SHIPFLOOR_REDIS_URL": args.redis,
            "SHIPFLOOR_LOG_LEVEL": "warning",
            "SHIPFLOOR_MAX_BODY_BYTES": "1048576",
        }
        await asyncio.to_thread(upgrade, url)
        channel_id = await seed(dsn, env)
        async with harness.served(env, args.workers) as base, httpx.AsyncClient(
            base_url=base, timeout=60, limits=httpx.Limits(max_connections=args.concurrency)
        ) as client:
            health_s, health_codes = await hammer(
                client, [lambda c: c.get("/api/health")] * args.orders, args.concurrency
            )
            payloads = bodies(args.orders)

            def post(n: int):
                return lambda c: c.post(
                    f"/api/webhooks/{channel_id}",
                    content=payloads[n],
                    headers=signed(payloads[n], n),
                )

            hook_s, hook_codes = await hammer(
                client, [post(n) for n in range(args.orders)], args.concurrency
            )
            dup_s, dup_codes = await hammer(
                client, [post(n) for n in range(args.orders)], args.concurrency
            )
        orders, lines, allocated = await check(dsn, args.orders)

    health_rate = args.orders / health_s
    hook_rate = args.orders / hook_s
    dup_rate = args.orders / dup_s
    ok = sum(code == 200 for code in hook_codes)
    print(
        f"PostgreSQL over {harness.transport(args.pg)}, {args.workers} server process(es), {args.concurrency} concurrent clients, "
        f"{'Redis' if args.redis else 'in-memory events'}"
    )
    print(
        f"health            {health_rate:8.1f} requests/s  ({sum(c == 200 for c in health_codes)}/{args.orders} ok)"
    )
    print(
        f"webhooks accepted {hook_rate:8.1f} deliveries/s ({ok}/{args.orders} answered 200)  "
        f"ratio to health {hook_rate / health_rate:.3f}"
    )
    print(
        f"imported end to end: {orders} orders ready for picking, {lines} lines, {allocated} units allocated "
        f"(expected {args.orders}, {2 * args.orders}, {3 * args.orders})"
    )
    print(
        f"duplicates        {dup_rate:8.1f} deliveries/s ({sum(c == 200 for c in dup_codes)}/{args.orders} "
        f"answered 200)  ratio to health {dup_rate / health_rate:.3f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
