"""The main job in Chromium against the server on PostgreSQL: three webshop orders arrive by
their shipped, signed webhooks; a picker on a phone takes the batch and picks it with wedge
scans, one of them made offline, reloaded and replayed; a packer verifies, closes and hands
over every parcel. Statuses and stock are checked in the database after."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from routing import regular_layout
from scanners import make_code
from server.db.models import Location, PickBatch, PickScan, Product, ProductBarcode, SalesOrder, StockLevel, WarehouseLayout
from tests.browser.conftest import open_context, screenshot, wedge_scan
from tests.browser.helpers import log_in_by_badge, service_worker_in_control
from tests.browser.supervisor import api_login, close_all, type_into
from tests.channels.conftest import body_of, delivery_headers, secret_of

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)

PLATFORMS = ("woocommerce", "shopify", "lightspeed")
# What the three shipped payloads order (worked out from the fixture files): SKU -> units.
ORDERED = {"MWS-GRY-4346": 2, "TLS-BLU-M": 1, "MHS-GRY-L": 2, "TRS-BLU-M": 1, "WDP22-OLV": 1, "TIPS-4": 2}
ON_HAND = 10
TYPED = "MHS-GRY-L"


def gtin14(body: str) -> str:
    """13 digits and their GS1 check digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


# TIPS-4 is the product Lightspeed's line names by its EAN; the others get barcodes of our own.
GTINS = {sku: gtin14(f"087123450{n:03d}0") for n, sku in enumerate(ORDERED)}
GTINS["TIPS-4"] = "02001234500029"


async def arrange(db) -> dict[str, int]:
    """A 4-aisle layout; each ordered product in its own bin, spread over the aisles; returns
    stock level ids by SKU."""
    async with db() as session:
        doc = regular_layout("Test DC", aisles=4, aisle_length=20.0, bays_per_side=5, levels=2)
        layout = WarehouseLayout(name="Test DC", document=doc, active=True)
        session.add(layout)
        await session.flush()
        rows = [Location(code=loc["code"], layout_id=layout.id, aisle=loc["aisle"], y=loc["y"],
                         side=loc["side"], level=loc["level"]) for loc in doc["locations"]]
        session.add_all(rows)
        await session.flush()
        levels = {}
        step = len(rows) // len(ORDERED)
        for n, sku in enumerate(ORDERED):
            product = Product(sku=sku, name=sku.title(), weight_grams=250)
            product.barcodes.append(ProductBarcode(code=GTINS[sku], kind="gtin"))
            session.add(product)
            await session.flush()
            level = StockLevel(product_id=product.id, location_id=rows[n * step].id, on_hand=ON_HAND, allocated=0)
            session.add(level)
            await session.flush()
            levels[sku] = level.id
        await session.commit()
    return levels


async def orders_arrive(server_url: str) -> None:
    async with httpx.AsyncClient(base_url=server_url, headers=await api_login(server_url, "admin")) as http:
        for platform in PLATFORMS:
            credentials = {"token": "tok"} if platform == "shopify" else {"key": "ck", "secret": "cs"}
            made = await http.post("/api/channels", json={
                "name": f"{platform} shop", "platform": platform, "shop_url": "http://127.0.0.1:9",
                "credentials": credentials, "webhook_secret": secret_of(platform), "poll_interval_seconds": 0,
                "import_since": "2025-01-01T00:00:00Z", **({"currency": "EUR"} if platform == "lightspeed" else {}),
            })
            assert made.status_code == 201, made.text
            delivered = await http.post(f"/api/webhooks/{made.json()['id']}", content=body_of(platform),
                                        headers=delivery_headers(platform))
            assert delivered.status_code == 200, delivered.text
            assert delivered.json()["outcome"] == "created"


async def statuses(db) -> list[str]:
    async with db() as session:
        return list(await session.scalars(select(SalesOrder.status).order_by(SalesOrder.id)))


async def settled(page: Page) -> None:
    """Every scan answered: nothing of the batch waits in the queue."""
    await expect(page.get_by_test_id("pick-pending")).to_have_count(0)


async def units_picked(page: Page, n: int) -> None:
    """The answer to the last scan is on screen: ``n`` units picked, or the batch done."""
    if n == sum(ORDERED.values()):
        await expect(page.locator("[data-screen=pick-done]")).to_be_visible()
    else:
        await expect(page.get_by_test_id("pick-progress")).to_contain_text(f"{n}/9 units")


async def pick_stop(page: Page, done: int, offline_unit: bool, context) -> tuple[str, int]:
    """Pick the stop on screen, ``done`` units picked before; returns its bin and the units
    picked after."""
    location = await page.get_by_test_id("stop-location").inner_text()
    name = await page.get_by_test_id("stop-product").inner_text()
    sku = next(s for s in ORDERED if s.title() == name)
    assert await page.get_by_test_id("stop-quantity").inner_text() == str(ORDERED[sku])
    await wedge_scan(page, make_code("location", location))
    await expect(page.locator(".pick .step")).to_have_text("Scan the product")
    if sku == TYPED:
        # Both units with one scan and a typed count.
        await type_into(page.locator("input[name=count]"), "2")
        await wedge_scan(page, GTINS[sku])
        done += 2
        await units_picked(page, done)
        return location, done
    for unit in range(ORDERED[sku]):
        if offline_unit and unit == 0:
            await offline_scan(page, context, GTINS[sku], location)
        else:
            await wedge_scan(page, GTINS[sku])
        done += 1
        await units_picked(page, done)
    return location, done


async def offline_scan(page: Page, context, code: str, location: str) -> None:
    """A scan without network: kept, shown as pending, still there after a reload, sent when
    the network is back."""
    await context.set_offline(True)
    await wedge_scan(page, code)
    await expect(page.get_by_test_id("pick-pending")).to_contain_text("Waiting to be sent (1)")
    await expect(page.get_by_test_id("pending-count")).to_have_text("1 waiting")
    await screenshot(page, "main-03-picker-offline-pending")
    await page.reload()
    await expect(page.get_by_test_id("offline")).to_be_visible()
    await expect(page.get_by_test_id("stop-location")).to_have_text(location)
    await expect(page.get_by_test_id("pick-pending")).to_contain_text(code)
    await screenshot(page, "main-04-picker-offline-reloaded")
    await context.set_offline(False)
    await settled(page)
    await expect(page.get_by_test_id("pending-count")).to_have_count(0)


async def test_orders_picked_packed_and_handed_over(server_url, db, tmp_path):
    levels = await arrange(db)
    await orders_arrive(server_url)
    assert await statuses(db) == ["ready_for_picking"] * 3

    stack: list = []
    try:
        playwright, picker_context = await open_context(tmp_path / "picker")
        stack.append((playwright, picker_context))
        page = picker_context.pages[0] if picker_context.pages else await picker_context.new_page()
        await log_in_by_badge(page, server_url, "picker")
        await expect(page.locator("[data-screen=pick]")).to_be_visible()
        await service_worker_in_control(page)
        await screenshot(page, "main-00-picker-start")
        await page.get_by_role("button", name="Take the next batch").click()

        await expect(page.locator("[data-screen=pick-bind]")).to_be_visible()
        await expect(page.get_by_test_id("route-map").locator("img")).to_be_visible()
        await expect(page.locator(".cart li")).to_have_count(3)
        await screenshot(page, "main-01-picker-route-and-totes")
        for n in (1, 2, 3):
            await wedge_scan(page, make_code("tote", f"T{n}"))
            await expect(page.locator(f".cart li:nth-child({n})")).to_have_attribute("data-bound", "yes")
        await page.get_by_role("button", name="Start picking").click()
        await expect(page.locator("[data-screen=pick-stop]")).to_be_visible()
        await expect(page.get_by_test_id("pick-progress")).to_contain_text("0/9 units")
        await screenshot(page, "main-02-picker-first-stop")

        # A bin of no stop of this batch: refused with the reason, nothing changes.
        await wedge_scan(page, make_code("location", "A-04-05-B"))
        bad = page.locator(".feedback[data-verdict=bad]")
        await expect(bad).to_contain_text("Wrong bin A-04-05-B")
        await screenshot(page, "main-02b-picker-refused")
        await settled(page)

        picked, done = [], 0
        for stop in range(6):
            if stop == 2:
                # Come back to this one later: it becomes the last stop.
                skipped = await page.get_by_test_id("stop-location").inner_text()
                await page.get_by_role("button", name="Skip, come back later").click()
                await expect(page.get_by_test_id("stop-location")).not_to_have_text(skipped)
                await settled(page)
            location, done = await pick_stop(page, done, offline_unit=stop == 1, context=picker_context)
            picked.append(location)
            if stop == 0:
                await screenshot(page, "main-02c-picker-second-stop")
        assert picked[-1] == skipped
        await expect(page.locator("[data-screen=pick-done]")).to_be_visible()
        await screenshot(page, "main-05-picker-done")
        assert await statuses(db) == ["ready_for_packing"] * 3
        async with db() as session:
            batch = await session.scalar(select(PickBatch))
            assert batch.status == "closed"
            # One row per UUID: 1 wrong bin, 6 bins, 8 unit scans (one with a typed 2) and
            # the skip; the offline unit was sent once, on replay.
            outcomes = list(await session.scalars(select(PickScan.outcome)))
            assert (len(outcomes), outcomes.count("refused")) == (16, 1)

        playwright, packer_context = await open_context(tmp_path / "packer")
        stack.append((playwright, packer_context))
        pack = packer_context.pages[0] if packer_context.pages else await packer_context.new_page()
        await log_in_by_badge(pack, server_url, "packer")
        await expect(pack.locator("[data-screen=pack]")).to_be_visible()
        await screenshot(pack, "main-06-packer-start")
        async with db() as session:
            rows = await session.execute(select(SalesOrder.id, SalesOrder.number).order_by(SalesOrder.id))
            orders = list(rows)
        for n in (1, 2, 3):
            await pack_tote(pack, n, {number for _, number in orders}, first=n == 1)
        assert await statuses(db) == ["completed"] * 3
    finally:
        await close_all(stack)

    async with db() as session:
        for sku, level_id in levels.items():
            level = await session.get(StockLevel, level_id)
            assert (level.on_hand, level.allocated) == (ON_HAND - ORDERED[sku], 0), sku


async def pack_tote(pack: Page, n: int, numbers: set[str], first: bool) -> None:
    await wedge_scan(pack, make_code("tote", f"T{n}"))
    await expect(pack.locator("[data-screen=pack-verify]")).to_be_visible()
    heading = await pack.locator("h1").inner_text()
    assert heading.removeprefix("Order ") in numbers, heading
    items = pack.locator(".pack-lines li")
    skus = [await items.nth(i).get_attribute("data-sku") for i in range(await items.count())]
    if first:
        await screenshot(pack, "main-07-packer-verify")
    for sku in skus:
        for _ in range(ORDERED[sku]):
            await wedge_scan(pack, GTINS[sku])
        await expect(pack.locator(f".pack-lines li[data-sku='{sku}']")).to_have_attribute("data-done", "yes")
    if first:
        # One unit more than the order holds: refused with the reason.
        await wedge_scan(pack, GTINS[skus[0]])
        await expect(pack.locator(".feedback[data-verdict=bad]")).to_be_visible()
        await screenshot(pack, "main-08-packer-extra-refused")
    await expect(pack.get_by_test_id("units-left")).to_have_text("All units scanned")
    await type_into(pack.locator("input[name=weight]"), "750")
    if first:
        await screenshot(pack, "main-09-packer-close")
    await pack.get_by_role("button", name="Close the parcel").click()
    await expect(pack.get_by_test_id("shipment")).to_be_visible()
    if first:
        await pack.get_by_role("button", name="Label (ZPL, thermal printer)").click()
        await expect(pack.get_by_test_id("zpl")).to_contain_text("^XA")
        await screenshot(pack, "main-10-packer-closed")
        for button in ("Label (PDF)", "Packing slip (PDF)"):
            async with pack.context.expect_page() as opened:
                await pack.get_by_role("button", name=button).click()
            document = await opened.value
            await expect(document).to_have_url(re.compile(r"^blob:"))
            await document.close()
    await pack.get_by_role("button", name="Handed to the carrier").click()
    await expect(pack.get_by_test_id("handed-over")).to_be_visible()
    if first:
        await screenshot(pack, "main-11-packer-handed-over")
    await pack.get_by_role("button", name="Next order").click()
    await expect(pack.locator("[data-screen=pack]")).to_be_visible()
