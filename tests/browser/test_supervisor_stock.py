"""Backorders in Chromium against the server on PostgreSQL: an order waits for stock, a partial
receipt lets the supervisor split off a backorder, and a second receipt, previewed first,
releases that backorder."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import expect

from server.db.models import Customer, Location, Product, WarehouseLayout
from tests.browser.conftest import wedge_scan
from tests.browser.supervisor import api_login, both_sizes, close_all, supervisor_page, type_into

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)

BIN = "A-01-01-A"


async def arrange(db) -> int:
    async with db() as session:
        layout = WarehouseLayout(name="Test", document={})
        session.add(layout)
        await session.flush()
        session.add_all([
            Location(code=BIN, layout_id=layout.id, aisle="A01", y=1.0, side="left", level="A"),
            Location(code="A-01-02-A", layout_id=layout.id, aisle="A01", y=2.0, side="left", level="A"),
            Product(sku="VASE", name="Blue vase", weight_grams=800),
        ])
        customer = Customer(name="Ada Lovelace", email="ada@example.org", city="Leiden", country="NL")
        session.add(customer)
        await session.flush()
        customer_id = customer.id
        await session.commit()
    return customer_id


async def receive(page, quantity: str) -> None:
    """Scan the bin and the vase, type the quantity."""
    await page.get_by_role("heading", name="Stock", exact=True).click()
    await wedge_scan(page, BIN)
    await expect(page.locator("input[name=receive_location]")).to_have_value(BIN)
    await wedge_scan(page, "VASE")
    await expect(page.locator("input[name=receive_sku]")).to_have_value("VASE")
    await type_into(page.locator("input[name=receive_quantity]"), quantity)


async def test_split_after_a_partial_receipt_and_release_by_the_next(server_url, db, tmp_path):
    customer_id = await arrange(db)
    headers = await api_login(server_url, "supervisor")
    async with httpx.AsyncClient(base_url=server_url, headers=headers) as http:
        created = await http.post("/api/orders", json={
            "customer": {"id": customer_id}, "lines": [{"sku": "VASE", "quantity": 5}],
            "payment_state": "paid", "confirm": True,
        })
    assert created.status_code == 201, created.text
    order = created.json()
    assert (order["status"], order["hold_reason"]) == ("on_hold", "backorder")
    number, order_id = order["number"], order["id"]

    stack: list = []
    try:
        page = await supervisor_page(tmp_path, "desk", server_url, stack=stack)
        detail = page.locator("[data-screen=order]")
        badge = detail.locator(".sup-head [data-status]")

        # Nothing in stock: the split is refused, with the API's reason.
        await page.goto(f"{server_url}/orders/{order_id}")
        await expect(badge).to_have_text("On hold · backorder")
        await detail.get_by_role("button", name="Split backorder").click()
        await expect(detail.get_by_role("alert")).to_have_attribute("data-code", "nothing_to_split")

        # Two of the five arrive; they release nothing on their own.
        await page.goto(server_url + "/stock")
        await receive(page, "2")
        preview = page.locator("[data-part=receipt-preview]")
        await expect(preview).to_have_text("This receipt releases no waiting order.")
        await page.locator("[data-part=receive]").get_by_role("button", name="Book").click()
        await expect(page.locator("[data-list=stock] tr[data-sku=VASE] [data-col=on_hand]")).to_have_text("2")

        # The two go on with the order; the three missing wait in a backorder.
        await page.goto(f"{server_url}/orders/{order_id}")
        await detail.get_by_role("button", name="Split backorder").click()
        await expect(badge).to_have_text("Ready for picking")
        line = detail.locator("[data-part=lines] tr[data-sku=VASE]")
        await expect(line.locator("[data-col=ordered]")).to_have_text("2")
        await expect(line.locator("[data-col=allocated]")).to_have_text("2")
        await expect(line.locator("[data-col=backordered]")).to_have_text("3")
        child = detail.locator(f"[data-part=family] [data-backorder='{number}-BO1']")
        await expect(child).to_contain_text("On hold · backorder")
        await both_sizes(page, "order-split")

        await page.goto(server_url + "/floor")
        await expect(page.locator("[data-figure='sup.dash.backordersWaiting'] .sup-figure-value")).to_have_text("1")

        # Three more: the preview names the backorder before anything is booked.
        await page.goto(server_url + "/stock")
        await receive(page, "3")
        await expect(preview).to_contain_text("Releases 1 waiting order, 3 units:")
        await expect(preview).to_contain_text(f"{number}-BO1 · 3 units")
        await both_sizes(page, "stock")
        await page.locator("[data-part=receive]").get_by_role("button", name="Book").click()
        await expect(page.locator("[data-part=released]")).to_contain_text(f"{number}-BO1")
        await expect(page.locator("[data-list=stock] tr[data-sku=VASE] [data-col=on_hand]")).to_have_text("5")
        await expect(page.locator("[data-list=stock] tr[data-sku=VASE] [data-col=available]")).to_have_text("0")

        await page.locator("[data-part=released] a").click()
        await expect(page.get_by_role("heading", name=f"Order {number}-BO1")).to_be_visible()
        await expect(badge).to_have_text("Ready for picking")
        await expect(detail.locator("[data-part=family]")).to_contain_text(number)

        await page.goto(server_url + "/floor")
        await expect(page.locator("[data-figure='sup.dash.backordersWaiting'] .sup-figure-value")).to_have_text("0")
        await expect(page.locator("[data-figure='sup.dash.stockArrived'] .sup-figure-value")).to_have_text("1")
        await expect(page.locator("[data-count=ready_for_picking] strong")).to_have_text("2")
    finally:
        await close_all(stack)
