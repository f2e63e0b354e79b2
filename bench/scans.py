"""Handheld scans per second and their latency on PostgreSQL, beside an authenticated read of
one row by primary key (``GET /api/products/{id}``) in the same run.

    uv run --frozen python bench/scans.py [--pickers 50] [--orders-per-batch 4] [--batches 3]
        [--think-ms 1000] [--arrival-ms 200] [--workers 2] [--pg postgresql://postgres@/postgres?host=/var/run/postgresql]

Builds a scratch database (migrated, dropped at the end) with a 10-aisle layout, 200 products
in stock and ``2 × pickers × batches × orders-per-batch`` orders ready for picking (two lines
each), starts ``shipfloor serve`` on a free port, and runs each of two phases with the
``pickers`` simulated pickers at once:

1. paced: the pickers arrive one every ``arrival-ms`` (a shift does not start in one
   millisecond); each asks for the next batch, starts it and follows the answers (bin scan,
   then one scan per unit) until the batch is done, ``batches`` times, pausing ``think-ms``
   after each answer (reaching, walking: a real picker scans every few seconds, so one second
   is a brisk pace); then the same number of reads, at the same pace. Latency at the floor's
   pace, also per kind of scan and for the batch requests (``next``, ``start``).
2. saturation: the same without pauses, every picker a closed loop: the rates (scans per
   second, reads per second) and their ratio. Latency here is mostly queueing: ``pickers``
   requests always wait.

Every location and product scan is a real ``POST /api/pick-batches/{id}/scans``. Afterwards
the database is checked: every order ``ready_for_packing``, no allocation left, stock down by
exactly the units picked. Requests are sent with aiohttp, the lighter client, since client and
server share the machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import aiohttp

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


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000, qs[98] * 1000


@dataclass
class Reply:
    status: int
    body: Any
    headers: Any = None


async def send(client: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Reply:
    """One request; sent again when the connection dropped, as handhelds do (scans carry their
    UUID, so a second delivery changes nothing)."""
    for attempt in range(3):
        try:
            async with client.request(method, url, **kwargs) as response:
                return Reply(response.status, await response.json(content_type=None), response.headers)
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
            # A kept-alive connection the server closed just as it was reused.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def login(client: aiohttp.ClientSession, username: str) -> dict[str, str]:
    reply = await send(client, "POST", "/api/auth/login", json={"username": username, "password": PASSWORD})
    assert reply.status == 200, reply.body
    return {"Authorization": f"Bearer {reply.body['access_token']}"}


async def reads(client: aiohttp.ClientSession, headers: list[dict], product_ids: list[int], total: int,
                think_s: float) -> tuple[float, list[float]]:
    """``total`` reads by id spread over the clients; (seconds, latencies in seconds)."""
    latencies: list[float] = []
    per = total // len(headers) + 1

    rng = random.Random(13)

    async def reader(h: dict) -> None:
        # Paced readers start spread over the pause, as paced pickers do.
        await asyncio.sleep(rng.uniform(0, think_s))
        for i in range(per):
            start = time.perf_counter()
            reply = await send(client, "GET", f"/api/products/{product_ids[i % len(product_ids)]}", headers=h)
            latencies.append(time.perf_counter() - start)
            assert reply.status == 200, reply.body
            if think_s:
                await asyncio.sleep(think_s)

    start = time.perf_counter()
    await asyncio.gather(*(reader(h) for h in headers))
    return time.perf_counter() - start, latencies


@dataclass
class Walked:
    seconds: float
    latencies: list[float]            # every scan, seconds
    by_result: dict[str, list[float]]  # accepted scans by result (located, picked, order_picked)
    batch_requests: list[float]       # /next and /start, seconds
    refused: list[str]


async def picking(client: aiohttp.ClientSession, headers: list[dict], gtins: dict[int, str], batches: int,
                  per_batch: int, think_s: float, arrival_s: float) -> Walked:
    """Every picker walks ``batches`` batches, the pickers arriving spread over ``arrival_s``
    seconds."""
    from scanners import make_code

    out = Walked(0.0, [], {}, [], [])
    rng = random.Random(11)

    async def timed(method: str, url: str, **kwargs: Any) -> Reply:
        start = time.perf_counter()
        reply = await send(client, method, url, **kwargs)
        out.batch_requests.append(time.perf_counter() - start)
        return reply

    async def picker(h: dict) -> None:
        await asyncio.sleep(rng.uniform(0, arrival_s))
        for _ in range(batches):
            for _attempt in range(100):
                reply = await timed("POST", "/api/pick-batches/next", json={"totes": per_batch}, headers=h)
                if reply.status != 409 or reply.body["code"] == "no_orders_waiting":
                    break
                # As the handheld does: wait as long as Retry-After asks, give or take.
                await asyncio.sleep(rng.uniform(0.5, 1.5) * float(reply.headers.get("Retry-After", 1)))
            if reply.status == 409:
                return
            assert reply.status == 200, reply.body
            batch = reply.body
            reply = await timed("POST", f"/api/pick-batches/{batch['id']}/start", headers=h)
            assert reply.status == 200, reply.body
            stop = next(s for s in reply.body["stops"] if s["state"] == "open")
            nxt = {"action": "scan_location", "location": stop["location"], "product": stop["product"]}
            while nxt["action"] != "batch_done":
                code = make_code("location", nxt["location"]) if nxt["action"] == "scan_location" \
                    else gtins[nxt["product"]["id"]]
                start = time.perf_counter()
                reply = await send(client, "POST", f"/api/pick-batches/{batch['id']}/scans",
                                   json={"id": str(uuid.uuid4()), "code": code}, headers=h)
                took = time.perf_counter() - start
                out.latencies.append(took)
                if reply.status != 200:
                    out.refused.append(reply.body.get("code", str(reply.status)))
                    return
                out.by_result.setdefault(reply.body["result"], []).append(took)
                nxt = reply.body["next"]
                if think_s:
                    await asyncio.sleep(think_s)

    start = time.perf_counter()
    await asyncio.gather(*(picker(h) for h in headers))
    out.seconds = time.perf_counter() - start
    return out


def line(label: str, unit: str, count: int, seconds: float, latencies: list[float]) -> str:
    p50, p95, p99 = percentiles(latencies)
    return (f"{label:<14} {count / seconds:8.1f} {unit:<11} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
            f"p99 {p99:6.1f} ms")


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
    parser.add_argument("--think-ms", type=float, default=1000.0,
                        help="pause of each picker after each answer in the paced phase")
    parser.add_argument("--arrival-ms", type=float, default=200.0,
                        help="paced phase: one picker arrives (asks for a first batch) every so often")
    parser.add_argument("--pg", default=harness.default_pg(),
                        help="admin DSN (default: the local server's Unix socket, see bench/harness.py)")
    args = parser.parse_args()
    think_s = args.think_ms / 1000

    name = f"shipfloor_bench_scans_{os.getpid()}"
    per_phase = args.pickers * args.batches * args.orders_per_batch
    async with harness.scratch_database(args.pg, name) as dsn:
        url = harness.database_dsn(dsn, name, driver="asyncpg")
        env = {
            "SHIPFLOOR_DATABASE_URL": url,
            "SHIPFLOOR_DATA_DIR": tempfile.mkdtemp(prefix="shipfloor-bench-"),
            "SHIPFLOOR_REDIS_URL": "",
            # BENCH_LOG_LEVEL=info keeps one access-log line per request in the server log.
            "SHIPFLOOR_LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "warning"),
        }
        await asyncio.to_thread(upgrade, url)
        product_ids = await seed(env, args.pickers, 2 * per_phase)
        gtins = {pid: gtin(n) for n, pid in enumerate(product_ids)}
        log = Path(env["SHIPFLOOR_DATA_DIR"]) / "server.log"
        async with harness.served(env, args.workers, log) as base, aiohttp.ClientSession(
            base_url=base, timeout=aiohttp.ClientTimeout(total=120),
            connector=aiohttp.TCPConnector(limit=args.pickers),
        ) as client:
            headers = [await login(client, f"picker{i}") for i in range(args.pickers)]
            # The client's own full collections walked everything the seeding left behind and
            # paused every request in flight for up to 100 ms (measured with gc.callbacks): the
            # client's heap is frozen before the clocks start, as the server's is.
            gc.collect()
            gc.freeze()
            paced = await picking(client, headers, gtins, args.batches, args.orders_per_batch, think_s,
                                  args.pickers * args.arrival_ms / 1000)
            paced_read_s, paced_read_lat = await reads(client, headers, product_ids, len(paced.latencies), think_s)
            full = await picking(client, headers, gtins, args.batches, args.orders_per_batch, 0, 0)
            read_s, read_lat = await reads(client, headers, product_ids, len(full.latencies), 0)
        packed, left, picked, gone = await check(dsn)

    print(f"PostgreSQL over {harness.transport(args.pg)}, {args.workers} server process(es), "
          f"{args.pickers} concurrent pickers, {2 * per_phase} orders in batches of {args.orders_per_batch}")
    print(f"paced: each picker pauses {args.think_ms:.0f} ms after each answer; a picker arrives every "
          f"{args.arrival_ms:.0f} ms")
    print(line("read by id", "requests/s", len(paced_read_lat), paced_read_s, paced_read_lat))
    print(line("scans", "scans/s", len(paced.latencies), paced.seconds, paced.latencies)
          + f"  ({len(paced.latencies)} scans, {len(paced.refused)} refused {sorted(set(paced.refused))})")
    for result, latencies in sorted(paced.by_result.items()):
        print(line(f"  {result}", "scans/s", len(latencies), paced.seconds, latencies))
    print(line("next+start", "requests/s", len(paced.batch_requests), paced.seconds, paced.batch_requests))
    print("saturation: no pauses, every picker a closed loop")
    print(line("read by id", "requests/s", len(read_lat), read_s, read_lat))
    print(line("scans", "scans/s", len(full.latencies), full.seconds, full.latencies)
          + f"  ({len(full.latencies)} scans, {len(full.refused)} refused {sorted(set(full.refused))})")
    print(f"ratio scans/read {len(full.latencies) / full.seconds / (len(read_lat) / read_s):.3f}")
    print(f"after: {packed}/{2 * per_phase} orders ready for packing, {left} allocations left, "
          f"{picked} units picked, stock down by {gone}")


if __name__ == "__main__":
    asyncio.run(main())
