"""``shipfloor import FILE``: each platform's export or payload file, recognised and imported
once however often it is loaded; bad files are refused with a clear message."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from server.cli import main
from server.db.models import SalesOrder
from tests.channels.conftest import DATA, variant


async def run(backend, *args: str):
    env = {
        "SHIPFLOOR_DATA_DIR": backend.settings.data_dir,
        "SHIPFLOOR_DATABASE_URL": backend.settings.database_url,
        "SHIPFLOOR_LOG_LEVEL": "warning",
    }
    # The command runs its own event loop: give it a thread.
    return await asyncio.to_thread(CliRunner().invoke, main, ["import", *args], env=env)


async def order_count(db) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(SalesOrder))


@pytest.mark.parametrize(
    "name,platform,extra",
    [
        ("woocommerce-order.json", "woocommerce", []),
        ("shopify-order.json", "shopify", []),
        ("shopify-order-webhook.json", "shopify", []),
        ("magento-order.json", "magento", []),
        ("lightspeed-order.json", "lightspeed", ["--currency", "EUR"]),
    ],
)
async def test_each_platform_file_imports_once(backend, db, stocked, name, platform, extra):
    first = await run(backend, str(DATA / name), *extra)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"{platform}: 1 order(s)")
    assert "created 1" in first.stdout
    again = await run(backend, str(DATA / name))
    assert again.exit_code == 0, again.output
    assert "created" not in again.stdout and "duplicate 1" in again.stdout
    assert await order_count(db) == 1


async def test_a_list_export_with_one_bad_order(backend, db, stocked, tmp_path):
    good = [variant("woocommerce", 8000 + n, f"2025-03-14T15:4{n}:00") for n in range(3)]
    bad = variant("woocommerce", 8010, "2025-03-14T15:50:00", line_items=[])
    path = tmp_path / "export.json"
    path.write_text(json.dumps([*good, bad]))
    result = await run(backend, str(path))
    assert result.exit_code == 1
    assert "woocommerce: 4 order(s)" in result.stdout and "created 3" in result.stdout
    assert "order 4: order_without_lines" in result.stderr
    assert await order_count(db) == 3


async def test_unrecognised_and_broken_files(backend, db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": "world"}')
    result = await run(backend, str(path))
    assert result.exit_code == 1 and "unknown_platform" in result.stderr
    path.write_text("not json at all")
    result = await run(backend, str(path))
    assert result.exit_code == 1 and "malformed_body" in result.stderr
    assert await order_count(db) == 0


async def test_demo_shops_and_their_orders_load_once(backend, db):
    from server.db.models import Channel
    from server.demo.loader import load_demo

    async with db() as session:
        await load_demo(session)
        await session.commit()
    async with db() as session:
        channels = list(await session.scalars(select(Channel.platform).order_by(Channel.id)))
        assert channels == ["woocommerce", "shopify", "magento", "lightspeed"]
        numbers = set(
            await session.scalars(
                select(SalesOrder.external_number).where(
                    SalesOrder.external_number.in_(["5123", "#1042", "000000412", "ORD04187"])
                )
            )
        )
        assert numbers == {"5123", "#1042", "000000412", "ORD04187"}
        before = await session.scalar(select(func.count()).select_from(SalesOrder))
    async with db() as session:
        await load_demo(session)
        await session.commit()
    assert await order_count(db) == before
