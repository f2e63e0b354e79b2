"""The demo warehouse: realistic, valid, loaded idempotently, and served by one command."""

import json
import os
import signal
import subprocess
import sys
import time

import httpx
from sqlalchemy import func, select

from server.db.models import Location, Product, ProductBarcode, StockLevel, User, WarehouseLayout
from server.demo.loader import load_demo
from tests.live import free_port


def gtin_check_digit_ok(code: str) -> bool:
    """GS1 General Specifications §7.9.1: weights 3 and 1 alternate from the rightmost data digit."""
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def test_check_digit_helper_on_a_published_example():
    # GS1's own example GTIN-13 4006381333931 (valid) and one with the last digit changed.
    assert gtin_check_digit_ok("4006381333931")
    assert not gtin_check_digit_ok("4006381333932")


async def counts(db) -> dict[str, int]:
    async with db() as session:
        result = {}
        for name, model in {
            "users": User,
            "layouts": WarehouseLayout,
            "locations": Location,
            "products": Product,
            "barcodes": ProductBarcode,
            "stock": StockLevel,
        }.items():
            result[name] = await session.scalar(select(func.count()).select_from(model))
        result["on_hand"] = await session.scalar(select(func.sum(StockLevel.on_hand)))
        return result


async def test_demo_is_realistic_and_idempotent(db, backend):
    async with db() as session:
        first = await load_demo(session)
        await session.commit()
    assert first == {"users": 4, "layouts": 1, "products": 240}
    after_first = await counts(db)
    async with db() as session:
        second = await load_demo(session)
        await session.commit()
    assert second == {"users": 0, "layouts": 0, "products": 0}
    assert await counts(db) == after_first

    # 10 aisles × 20 bay positions × 2 faces × 4 levels
    assert after_first["locations"] == 10 * 20 * 2 * 4
    assert after_first["products"] >= 200
    assert after_first["barcodes"] == after_first["products"]
    assert after_first["stock"] >= after_first["products"]

    async with db() as session:
        layout = await session.scalar(select(WarehouseLayout))
        assert len(layout.document["aisles"]) == 10
        assert {c["y"] for c in layout.document["cross_aisles"]} == {0.0, 30.0}
        codes = list(await session.scalars(select(ProductBarcode.code)))
        assert all(len(code) == 14 and code[0] == "0" for code in codes)  # GTIN-13 kept as GTIN-14
        assert all(gtin_check_digit_ok(code[1:]) for code in codes)
        usernames = set(await session.scalars(select(User.username)))
        assert usernames == {"admin", "supervisor", "picker", "packer"}
        locations_with_stock = await session.scalar(select(func.count(func.distinct(StockLevel.location_id))))
        products_with_stock = await session.scalar(select(func.count(func.distinct(StockLevel.product_id))))
        # Every product lies in at least one bin, and the products are spread over many bins.
        assert products_with_stock == after_first["products"]
        assert locations_with_stock >= after_first["products"]


def test_demo_command_serves_and_the_demo_picker_logs_in(tmp_path, repo_root):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHIPFLOOR_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "demo", "--port", str(port), "--data-dir", str(tmp_path / "data")],
        cwd=repo_root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                if httpx.get(f"{base}/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode())
            time.sleep(0.25)
        assert httpx.get(f"{base}/api/health").json()["database"] == "ok"
        by_password = httpx.post(f"{base}/api/auth/login", json={"username": "picker", "password": "demo"})
        assert by_password.status_code == 200
        assert by_password.json()["user"]["roles"] == ["picker"]
        by_badge = httpx.post(f"{base}/api/auth/login", json={"badge": "BDG-PICK01-V", "pin": "3333"})
        assert by_badge.status_code == 200
        assert (tmp_path / "data" / "shipfloor.sqlite3").exists()
        assert httpx.get(f"{base}/api/products", headers={"X-Request-ID": "anonymous-7"}).status_code == 401
        tagged = httpx.get(f"{base}/api/health", headers={"X-Request-ID": "trace-me-42"})
        assert tagged.headers["x-request-id"] == "trace-me-42"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    # Structured logs: one JSON object per line, a request line per request with its id.
    records = [json.loads(line) for line in process.stderr.read().decode().splitlines() if line.startswith("{")]
    requests = [r for r in records if r.get("event") == "request"]
    traced = [r for r in requests if r.get("request_id") == "trace-me-42"]
    assert len(traced) == 1
    assert traced[0]["path"] == "/api/health" and traced[0]["status"] == 200
    assert traced[0]["duration_ms"] >= 0
    # A refusal raised by the authentication middleware is logged with the status sent.
    assert [r["status"] for r in requests if r.get("request_id") == "anonymous-7"] == [401]
    logins = [r for r in requests if r["path"] == "/api/auth/login"]
    assert [r["status"] for r in logins] == [200, 200]
