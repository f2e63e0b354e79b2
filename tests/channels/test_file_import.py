"""``shipfloor import FILE``: each platform's export or payload file, recognised and imported
once however often it is loaded; bad files are refused with a clear message."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from server.cli import main
from server.db.models import Channel, SalesOrder
from tests.channels.conftest import DATA, body_of, sign, variant


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


async def numbers(db) -> list[tuple[str, str]]:
    async with db() as session:
        rows = await session.execute(
            select(SalesOrder.channel, SalesOrder.external_number).order_by(SalesOrder.id)
        )
        return [tuple(row) for row in rows]


# The number each file's order has in its shop: WooCommerce ``number``, Shopify ``name``,
# Magento ``increment_id``, Lightspeed ``number``.
@pytest.mark.parametrize(
    "name,platform,extra,number",
    [
        ("woocommerce-order.json", "woocommerce", [], "5123"),
        ("shopify-order.json", "shopify", [], "#1042"),
        ("shopify-order-webhook.json", "shopify", [], "#1042"),
        ("magento-order.json", "magento", [], "000000412"),
        ("lightspeed-order.json", "lightspeed", ["--currency", "EUR"], "ORD04187"),
    ],
)
async def test_each_platform_file_imports_once(backend, db, stocked, name, platform, extra, number):
    first = await run(backend, str(DATA / name), *extra)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"{platform}: 1 order(s)")
    assert "created 1" in first.stdout
    assert first.stderr == ""
    # The order carries the shop's own number, not the file channel's name.
    assert await numbers(db) == [(platform, number)]
    again = await run(backend, str(DATA / name))
    assert again.exit_code == 0, again.output
    assert "created" not in again.stdout and "duplicate 1" in again.stdout
    assert await order_count(db) == 1
    assert await numbers(db) == [(platform, number)]


async def test_a_number_another_channel_has_is_told_and_imported_once(
    backend, db, stocked, make_channel, deliver
):
    shop = await make_channel("woocommerce")  # "woocommerce shop", fed by its webhook
    response = await deliver(shop["id"], body_of("woocommerce"), sign("woocommerce", body_of("woocommerce")))
    assert response.status_code == 200, response.text
    assert await numbers(db) == [("woocommerce", "5123")]
    async with db() as session:
        first = await session.scalar(select(SalesOrder.id))

    # The same shop order from a file, into the default file channel: order numbers are unique
    # per platform, so this copy is a second order and the command says so.
    result = await run(backend, str(DATA / "woocommerce-order.json"))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"woocommerce: 1 order(s) in {DATA / 'woocommerce-order.json'}: created 1\n"
    )
    async with db() as session:
        second = await session.scalar(select(SalesOrder.id).where(SalesOrder.id != first))
    assert result.stderr == (
        f"note: order 1: woocommerce order 5123 is here already (order {first}, from channel "
        f"woocommerce shop); this file's copy is a second order, {second}, numbered "
        "5123@woocommerce file import. To update order "
        f'{first} from the file instead, import with --channel "woocommerce shop".\n'
    )
    assert await numbers(db) == [
        ("woocommerce", "5123"),
        ("woocommerce", "5123@woocommerce file import"),
    ]

    # Again: a duplicate, no new order, nothing to note.
    again = await run(backend, str(DATA / "woocommerce-order.json"))
    assert again.exit_code == 0, again.output
    assert "duplicate 1" in again.stdout and "created" not in again.stdout
    assert again.stderr == ""
    assert await order_count(db) == 2

    # Into the webhook's channel, as the note says: that order is already up to date.
    into_shop = await run(backend, str(DATA / "woocommerce-order.json"), "--channel", "woocommerce shop")
    assert into_shop.exit_code == 0, into_shop.output
    assert into_shop.stdout.endswith(": unchanged 1\n")
    assert into_shop.stderr == ""
    assert await order_count(db) == 2
    async with db() as session:
        names = list(await session.scalars(select(Channel.name).order_by(Channel.id)))
    assert names == ["woocommerce shop", "woocommerce file import"]


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
