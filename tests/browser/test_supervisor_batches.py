"""Batch planning in Chromium against the server on PostgreSQL: two waiting orders chosen, one
batch created, its route drawn and its stops listed."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import expect

from routing import regular_layout
from server.db.models import Customer, Location, Product, StockLevel, WarehouseLayout
from tests.browser.conftest import PHONE, screenshot
from tests.browser.supervisor import DESK, api_login, both_sizes, close_all, supervisor_page

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


async def arrange(db) -> tuple[int, str, str]:
    """A 4-aisle layout; MUG in the first bin, BOWL in the last; returns the customer id and
    the two bin codes."""
    async with db() as session:
        doc = regular_layout("Test DC", aisles=4, aisle_length=20.0, bays_per_side=5, levels=2)
        layout = WarehouseLayout(name="Test DC", document=doc, active=True)
        session.add(layout)
        await session.flush()
        rows = {}
        for loc in doc["locations"]:
            rows[loc["code"]] = Location(code=loc["code"], layout_id=layout.id, aisle=loc["aisle"], y=loc["y"],
                                         side=loc["side"], level=loc["level"])
        session.add_all(rows.values())
        first, last = doc["locations"][0]["code"], doc["locations"][-1]["code"]
        mug, bowl = Product(sku="MUG", name="Mug", weight_grams=300), Product(sku="BOWL", name="Bowl", weight_grams=400)
        customer = Customer(name="Ada Lovelace", email="ada@example.org", city="Leiden", country="NL")
        session.add_all([mug, bowl, customer])
        await session.flush()
        session.add_all([
            StockLevel(product_id=mug.id, location_id=rows[first].id, on_hand=10, allocated=0),
            StockLevel(product_id=bowl.id, location_id=rows[last].id, on_hand=10, allocated=0),
        ])
        customer_id = customer.id
        await session.commit()
    return customer_id, first, last


async def test_choose_orders_and_create_a_routed_batch(server_url, db, tmp_path):
    customer_id, first, last = await arrange(db)
    numbers = []
    async with httpx.AsyncClient(base_url=server_url, headers=await api_login(server_url, "supervisor")) as http:
        for lines in ([{"sku": "MUG", "quantity": 2}], [{"sku": "BOWL", "quantity": 1}, {"sku": "MUG", "quantity": 1}]):
            created = await http.post("/api/orders", json={
                "customer": {"id": customer_id}, "lines": lines, "payment_state": "paid", "confirm": True,
            })
            assert created.json()["status"] == "ready_for_picking", created.text
            numbers.append(created.json()["number"])

    stack: list = []
    try:
        page = await supervisor_page(tmp_path, "desk", server_url, stack=stack)
        await page.goto(server_url + "/batches")
        await expect(page.get_by_role("heading", name="Ready for picking (2)")).to_be_visible()
        create = page.get_by_role("button", name="Create batch of 2 orders")
        for number in numbers:
            await page.locator(f"input[name='order-{number}']").check()
        await expect(create).to_be_enabled()
        await create.click()

        card = page.locator("[data-batch]")
        await expect(card).to_have_count(1)
        # MUG: 2 + 1 units at the first bin in one stop; BOWL: 1 at the last.
        await expect(card.locator("[data-part=route]")).to_contain_text("2 stops · 4 units")
        stops = card.locator(".sup-stops li")
        await expect(stops).to_have_count(2)
        await expect(card).to_contain_text(f"{first} · 3 × MUG")
        await expect(card).to_contain_text(f"{last} · 1 × BOWL")
        await expect(card.locator("img.sup-map")).to_be_visible()
        assert await card.locator("img.sup-map").evaluate("img => img.complete && img.naturalWidth > 0")
        await both_sizes(page, "batches")

        # They wait for a picker to start the batch, still ready for picking but taken: the
        # waiting list no longer offers them for another batch.
        await expect(page.get_by_role("heading", name="Ready for picking (0)")).to_be_visible()
        for number in numbers:
            await expect(page.locator(f"input[name='order-{number}']")).to_have_count(0)
        await expect(card).to_have_count(1)

        # The floor shows the batch waiting for a picker.
        await page.goto(server_url + "/floor")
        row = page.locator("[data-list=batches] [data-batch]")
        await expect(row).to_have_count(1)
        await expect(row).to_contain_text("not started")
        await expect(row).to_contain_text("0/4 units")
        await expect(page.locator("[data-part=pick-rate] svg")).to_be_visible()
        await both_sizes(page, "dashboard-floor")
    finally:
        await close_all(stack)


async def scrolled_to(page, part, name: str) -> None:
    """``supervisor-<name>-desk`` and ``-phone`` with ``part`` scrolled into view."""
    for size, suffix in ((DESK, "desk"), (PHONE, "phone")):
        await page.set_viewport_size(size)
        await part.scroll_into_view_if_needed()
        await screenshot(page, f"supervisor-{name}-{suffix}")
    await page.set_viewport_size(DESK)


async def test_fill_carts_create_assign_and_print(server_url, db, tmp_path):
    customer_id, first, last = await arrange(db)
    numbers = {}
    async with httpx.AsyncClient(base_url=server_url, headers=await api_login(server_url, "supervisor")) as http:
        for name, lines in (("mug", [{"sku": "MUG", "quantity": 1}]), ("bowl", [{"sku": "BOWL", "quantity": 1}]),
                            ("mugs", [{"sku": "MUG", "quantity": 2}])):
            created = await http.post("/api/orders", json={
                "customer": {"id": customer_id}, "lines": lines, "payment_state": "paid", "confirm": True,
            })
            assert created.json()["status"] == "ready_for_picking", created.text
            numbers[name] = created.json()["number"]

    stack: list = []
    try:
        page = await supervisor_page(tmp_path, "desk", server_url, stack=stack)
        await page.goto(server_url + "/batches")
        await expect(page.get_by_role("heading", name="Ready for picking (3)")).to_be_visible()
        await page.locator("input[name=totes]").fill("2")
        await page.get_by_role("button", name="Fill carts automatically").click()

        # Two carts of two totes: both mug orders share the first bin, the bowl waits alone.
        await expect(page.get_by_role("heading", name="Proposed carts (2)")).to_be_visible()
        carts = page.locator("[data-proposal]")
        await expect(carts).to_have_count(2)
        mugs = carts.filter(has_text=numbers["mugs"])
        await expect(mugs).to_contain_text(numbers["mug"])
        await expect(mugs.locator("[data-part=route]")).to_contain_text("1 stops · 3 units")
        bowl = carts.filter(has_text=numbers["bowl"])
        await expect(bowl.locator("[data-part=route]")).to_contain_text("1 stops · 1 units")
        for cart in (mugs, bowl):
            await expect(cart.locator("img.sup-map")).to_be_visible()
            assert await cart.locator("img.sup-map").evaluate("img => img.complete && img.naturalWidth > 0")
        await scrolled_to(page, carts.first, "batches-proposals")

        await page.get_by_role("button", name="Create 2 batches").click()
        made = page.locator("[data-part=made] [data-batch]")
        await expect(made).to_have_count(2)
        await expect(carts).to_have_count(0)

        # Give the mug cart to the picker.
        mug_card = made.filter(has_text="3 units")
        code = await mug_card.get_attribute("data-batch")
        await mug_card.locator(f"select[name='picker-{code}']").select_option(label="Picker")
        await expect(page.get_by_text("Given to Picker")).to_be_visible()
        async with httpx.AsyncClient(base_url=server_url, headers=await api_login(server_url, "picker")) as http:
            offered = await http.post("/api/pick-batches/next")
        assert offered.status_code == 200, offered.text
        assert (offered.json()["code"], offered.json()["assigned_picker"]) == (code, "Picker")

        # Print its pick list: the PDF opens in a new tab.
        async with page.context.expect_page() as opened:
            await mug_card.get_by_role("button", name="Pick list (PDF)").click()
        tab = await opened.value
        assert tab.url.startswith("blob:")
        await tab.close()
        await scrolled_to(page, mug_card, "batches-assigned")

        # Later (the screen opened again): both batches are listed open, the mug one for the picker.
        await page.reload()
        rows = page.locator("[data-list=open-batches] [data-batch]")
        await expect(rows).to_have_count(2)
        chosen = rows.filter(has_text=code).locator(f"select[name='picker-{code}'] option:checked")
        await expect(chosen).to_have_text("Picker")
        other = rows.filter(has_not_text=code)
        other_code = await other.get_attribute("data-batch")
        # The picker has the mug batch waiting for them, and the choice says so.
        waiting = f"Picker (batch {offered.json()['id']} waiting for them)"
        await other.locator(f"select[name='picker-{other_code}']").select_option(label=waiting)
        await expect(page.get_by_text("Given to Picker")).to_be_visible()
        async with page.context.expect_page() as opened:
            await other.get_by_role("button", name="Pick list (PDF)").click()
        tab = await opened.value
        assert tab.url.startswith("blob:")
        await tab.close()
        await scrolled_to(page, rows.first, "batches-open")

        # The floor: who it is for and metres walked.
        await page.goto(server_url + "/floor")
        row = page.locator(f"[data-list=batches] [data-batch='{code}']")
        await expect(row).to_contain_text("given to Picker")
        await expect(row).to_contain_text("0/3 units · walked 0 of")
        await both_sizes(page, "dashboard-floor-assigned")
    finally:
        await close_all(stack)
