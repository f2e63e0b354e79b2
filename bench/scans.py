"""Handheld scans per second and their latency on PostgreSQL, beside an authenticated read of
one row by primary key (``GET /api/products/{id}``) in the same run.

    uv run --frozen python bench/scans.py [--pickers 50] [--orders-per-batch 4] [--batches 3]
        [--workers 2] [--think-ms 0] [--pg postgresql://postgres@/postgres?host=/var/run/postgresql]

Builds a scratch database (migrated, dropped at the end) with a 10-aisle layout, 200 products
in stock and ``pickers × batches × orders-per-batch`` orders ready for picking (two lines
each), starts ``shipfloor serve`` on a free port, then:

1. ceiling: each of the ``pickers`` clients reads products by id, as many requests as the
   scan phase will send;
2. scans: each simulated picker asks for the next batch, starts it and follows the answers
   (bin scan, then one scan per unit) until the batch is done, ``batches`` times; every
   location and product scan is a real ``POST /api/pick-batches/{id}/scans``.

Afterwards the database is checked: every order ``ready_for_packing``, no allocation left,
stock down by exactly the units picked. Prints requests per second, p50/p95/p99 latency in
milliseconds of both, and the ratio of the scan rate to the ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402

PASSWORD = "bench password"
PRODUCTS = 200


def gtin(n: int) -> str:
    from scanners.gtin import check_digit

    body = f"0871000{n:06d}"
    return body + str(check_digit(body))


async def seed(env: dict[str, str], pickers: int, orders: int) -> list[int]:
    """Layout, products with stock, picker users and ready orders; returns product ids."""
    os.environ.update(env)
    import random

    from routing import regular_layout
    from server.config import Settings
    from server.db.engine import make_engine, make_sessionmaker
    from server.db.models import (Customer, Location, OrderLine, Product, ProductBarcode, SalesOrder,
                                  StockLevel, User, WarehouseLayout)
    from server.domain.auth.security import hash_secret
    from server.domain.inventory.allocation import allocate_order

    rng = random.Random(7)
    engine = make_engine(Settings.from_env())
    try:
        async with make_sessionmaker(engine)() as session:
            doc = regular_layout("Bench DC", aisles=10, aisle_length=30.0, bays_per_side=20, levels=2)
            layout = WarehouseLayout(name="Bench DC", document=doc, active=True)
            session.add(layout)
            await session.flush()
            locations = [Location(code=loc["code"], layout_id=layout.id, aisle=loc["aisle"], y=loc["y"],
                                  side=loc["side"], level=loc["level"]) for loc in doc["locations"]]
            session.add_all(locations)
            await session.flush()
            bins = rng.sample(locations, PRODUCTS)
            products = []
            for n in range(PRODUCTS):
                product = Product(sku=f"SKU-{n:04d}", name=f"Product {n}", weight_grams=250)
                product.barcodes.append(ProductBarcode(code=gtin(n), kind="gtin"))
                session.add(product)
                products.append(product)
            await session.flush()
            session.add_all(StockLevel(product_id=p.id, location_id=b.id, on_hand=100_000, allocated=0)
                            for p, b in zip(products, bins))
            digest = hash_secret(PASSWORD)
            session.add_all(User(username=f"picker{i}", display_name=f"Picker {i}", password_hash=digest,
                                 roles=["picker"]) for i in range(pickers))
            customer = Customer(name="Bench Customer", street="Main 1", postal_code="1000 AA", city="Amsterdam",
                                country="NL")
            session.add(customer)
            await session.flush()
            for n in range(orders):
                order = SalesOrder(number=f"B{n}", channel="manual", customer_id=customer.id, ship_name="Bench",
                                   ship_country="NL", status="ready_for_picking", payment_state="paid")
                for line_no, product in enumerate(rng.sample(products, 2), start=1):
                    order.lines.append(OrderLine(line_no=line_no, product_id=product.id, sku=product.sku,
                                                 name=product.name, quantity=rng.randint(1, 3)))
                session.add(order)
                await session.flush()
                outcome = await allocate_order(session, order.id)
                assert outcome.ok
            await session.commit()
            return [p.id for p in products]
    finally:
        await engine.dispose()


THINK_SECONDS = 0.0


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000, qs[98] * 1000


async def send(client: httpx.AsyncClient, method: str, url: str, **kwargs) -> httpx.Response:
    """One request; sent again when the connection dropped, as handhelds do (scans carry their
    UUID, so a second delivery changes nothing)."""
    for attempt in range(3):
        try:
            return await client.request(method, url, **kwargs)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            # A kept-alive connection the server closed just as it was reused.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def login(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def ceiling(client: httpx.AsyncClient, headers: list[dict], product_ids: list[int], total: int):
    latencies: list[float] = []
    per = total // len(headers) + 1

    async def reader(h: dict) -> None:
        for i in range(per):
            start = time.perf_counter()
            response = await send(client, "GET", f"/api/products/{product_ids[i % len(product_ids)]}", headers=h)
            latencies.append(time.perf_counter() - start)
            assert response.status_code == 200, response.text
            if THINK_SECONDS:
                await asyncio.sleep(THINK_SECONDS)

    start = time.perf_counter()
    await asyncio.gather(*(reader(h) for h in headers))
    return time.perf_counter() - start, latencies


async def picking(client: httpx.AsyncClient, headers: list[dict], gtins: dict[int, str], batches: int,
                  per_batch: int):
    latencies: list[float] = []
    refused: list[str] = []

    async def picker(h: dict) -> None:
        for _ in range(batches):
            for _attempt in range(100):
                response = await send(client, "POST", "/api/pick-batches/next", json={"totes": per_batch}, headers=h)
                if response.status_code != 409 or response.json()["code"] == "no_orders_waiting":
                    break
                await asyncio.sleep(0.05)
            if response.status_code == 409:
                return
            assert response.status_code == 200, response.text
            batch = response.json()
            response = await send(client, "POST", f"/api/pick-batches/{batch['id']}/start", headers=h)
            assert response.status_code == 200, response.text
            started = response.json()
            stop = next(s for s in started["stops"] if s["state"] == "open")
            nxt = {"action": "scan_location", "location": stop["location"], "product": stop["product"]}
            while nxt["action"] != "batch_done":
                from scanners import make_code

                code = make_code("location", nxt["location"]) if nxt["action"] == "scan_location" \
                    else gtins[nxt["product"]["id"]]
                start = time.perf_counter()
                response = await send(client, "POST", f"/api/pick-batches/{batch['id']}/scans",
                                      json={"id": str(uuid.uuid4()), "code": code}, headers=h)
                latencies.append(time.perf_counter() - start)
                if THINK_SECONDS:
                    # A picker walks and reaches between scans; without it every picker is a
                    # closed loop and the figures measure queueing at saturation.
                    await asyncio.sleep(THINK_SECONDS)
                body = response.json()
                if response.status_code != 200:
                    refused.append(body.get("code", str(response.status_code)))
                    return
                nxt = body["next"]

    start = time.perf_counter()
    await asyncio.gather(*(picker(h) for h in headers))
    return time.perf_counter() - start, latencies, refused


async def check(dsn: str) -> tuple[int, int, int, int]:
    conn = await asyncpg.connect(dsn)
    try:
        packed = await conn.fetchval("SELECT count(*) FROM sales_orders WHERE status = 'ready_for_packing'")
        left = await conn.fetchval("SELECT count(*) FROM allocations")
        picked = await conn.fetchval("SELECT coalesce(sum(quantity), 0) FROM pick_confirmations")
        gone = await conn.fetchval("SELECT coalesce(sum(100000 - on_hand), 0) FROM stock_levels")
        return packed, left, picked, gone
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pickers", type=int, default=50)
    parser.add_argument("--orders-per-batch", type=int, default=4)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think-ms", type=float, default=0.0,
                        help="pause of each picker between requests (0: back to back, saturation)")
    parser.add_argument("--pg", default=harness.default_pg(),
                        help="admin DSN (default: the local server's Unix socket, see bench/harness.py)")
    args = parser.parse_args()
    global THINK_SECONDS
    THINK_SECONDS = args.think_ms / 1000

    name = f"shipfloor_bench_scans_{os.getpid()}"
    async with harness.scratch_database(args.pg, name) as dsn:
        url = harness.database_dsn(dsn, name, driver="asyncpg")
        env = {
            "SHIPFLOOR_DATABASE_URL": url,
            "SHIPFLOOR_DATA_DIR": tempfile.mkdtemp(prefix="shipfloor-bench-"),
            "SHIPFLOOR_REDIS_URL": "",
            "SHIPFLOOR_LOG_LEVEL": "warning",
        }
        orders = args.pickers * args.batches * args.orders_per_batch
        await asyncio.to_thread(upgrade, url)
        product_ids = await seed(env, args.pickers, orders)
        gtins = {pid: gtin(n) for n, pid in enumerate(product_ids)}
        log = Path(env["SHIPFLOOR_DATA_DIR"]) / "server.log"
        async with harness.served(env, args.workers, log) as base, \
                httpx.AsyncClient(base_url=base, timeout=120,
                                  limits=httpx.Limits(max_connections=args.pickers)) as client:
            headers = [await login(client, f"picker{i}") for i in range(args.pickers)]
            scan_s, scan_lat, refused = await picking(client, headers, gtins, args.batches, args.orders_per_batch)
            read_s, read_lat = await ceiling(client, headers, product_ids, len(scan_lat))
        packed, left, picked, gone = await check(dsn)

    scan_rate, read_rate = len(scan_lat) / scan_s, len(read_lat) / read_s
    s50, s95, s99 = percentiles(scan_lat)
    r50, r95, r99 = percentiles(read_lat)
    print(f"PostgreSQL over {harness.transport(args.pg)}, {args.workers} server process(es), {args.pickers} concurrent pickers, think {args.think_ms:.0f} ms, "
          f"{orders} orders in batches of {args.orders_per_batch}")
    print(f"read by id  {read_rate:8.1f} requests/s  p50 {r50:6.1f} ms  p95 {r95:6.1f} ms  p99 {r99:6.1f} ms")
    print(f"scans       {scan_rate:8.1f} scans/s     p50 {s50:6.1f} ms  p95 {s95:6.1f} ms  p99 {s99:6.1f} ms  "
          f"({len(scan_lat)} scans, {len(refused)} refused {sorted(set(refused))})")
    print(f"ratio scans/read {scan_rate / read_rate:.3f}")
    print(f"after: {packed}/{orders} orders ready for packing, {left} allocations left, "
          f"{picked} units picked, stock down by {gone}")


if __name__ == "__main__":
    asyncio.run(main())
