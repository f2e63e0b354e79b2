"""The order desk in Chromium against the server on PostgreSQL: a supervisor enters an order with
a new customer and a new product, a second supervisor's dashboard shows it live, and the first
holds, edits and releases it."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import PHONE, wedge_scan
from tests.browser.supervisor import both_sizes, close_all, count_on, netherlands_rule, supervisor_page, type_into

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)

GTIN = "4006381333931"


async def test_enter_hold_edit_release_seen_live_on_a_second_dashboard(server_url, db, tmp_path):
    await netherlands_rule(db)
    stack: list = []
    try:
        watcher = await supervisor_page(tmp_path, "watcher", server_url, viewport=PHONE, stack=stack)
        await watcher.goto(server_url + "/floor")
        await expect(watcher.locator("[data-screen=dashboard]")).to_have_attribute("data-live", "live")
        await count_on(watcher, "awaiting_payment", 0)

        desk = await supervisor_page(tmp_path, "desk", server_url, stack=stack)
        await desk.goto(server_url + "/orders/new")
        await expect(desk.get_by_role("heading", name="New order")).to_be_visible()

        # A customer nobody knows yet, typed in place; the country comes last.
        await desk.get_by_role("button", name="New customer").click()
        await type_into(desk.locator("input[name=customer_name]"), "Marie Curie")
        await type_into(desk.locator("input[name=customer_email]"), "marie@example.org")
        await type_into(desk.locator("input[name=customer_street]"), "Oudegracht 1")
        await type_into(desk.locator("input[name=customer_postal_code]"), "3511 AA")
        await type_into(desk.locator("input[name=customer_city]"), "Utrecht")

        # A product nobody knows yet, scanned: the form opens with its GTIN.
        await desk.get_by_role("heading", name="New order").click()
        await wedge_scan(desk, GTIN)
        await expect(desk.locator("input[name=product_gtin]")).to_have_value(GTIN)
        await type_into(desk.locator("input[name=product_sku]"), "LAMP-1")
        await type_into(desk.locator("input[name=product_name]"), "Desk lamp")
        await type_into(desk.locator("input[name=product_weight]"), "1200")
        await desk.get_by_role("button", name="Add line").click()
        await type_into(desk.get_by_label("Quantity of LAMP-1"), "2")
        await type_into(desk.get_by_label("Unit price of LAMP-1"), "24.50")
        await type_into(desk.locator("input[name=tags]"), "Gift")
        preview = desk.locator("[data-part=rule-preview]")
        await expect(preview).to_have_text("The rules choose once the customer's country is known.")
        await both_sizes(desk, "entry")

        # Without a country the server refuses, and says which field.
        await desk.get_by_role("button", name="Enter order").click()
        await expect(desk.get_by_role("alert")).to_contain_text("shipping_address.country")
        await expect(desk.get_by_role("alert")).to_contain_text("needs a country")

        await type_into(desk.locator("input[name=customer_country]"), "NL")
        await expect(preview).to_have_text("Rules choose PNL · PostNL parcel (rule “Netherlands”)")
        await desk.get_by_role("button", name="Enter order").click()

        order = desk.locator("[data-screen=order]")
        await expect(order).to_have_attribute("data-order", re.compile(r"^\d+$"))
        # The refused attempt used up a number on PostgreSQL: take the one the server gave.
        number = await order.get_attribute("data-order")
        await expect(desk.get_by_role("heading", name=f"Order {number}")).to_be_visible()
        await expect(order.locator(".sup-head [data-status]")).to_have_text("Awaiting payment")
        line = order.locator("[data-part=lines] tr[data-sku=LAMP-1]")
        await expect(line.locator("[data-col=ordered]")).to_have_text("2")
        await expect(order.locator("[data-part=shipping]")).to_contain_text("PNL")
        await expect(order.locator("[data-part=shipping]")).to_contain_text("Chosen by rule “Netherlands”")
        await expect(order).to_contain_text("Total EUR 49.00")

        # The other dashboard follows without a reload.
        latest = watcher.locator("[data-list=latest]")
        await expect(latest).to_contain_text(number)
        await expect(latest).to_contain_text("Marie Curie")
        await count_on(watcher, "awaiting_payment", 1)

        await order.get_by_role("button", name="Hold").click()
        await expect(order.locator(".sup-head [data-status]")).to_have_text("On hold · manual")
        await count_on(watcher, "on_hold", 1)
        await count_on(watcher, "awaiting_payment", 0)
        await expect(watcher.locator("[data-hold=manual] strong")).to_have_text("1")

        edit = order.locator("[data-part=edit]")
        await type_into(edit.get_by_label("Quantity of LAMP-1"), "3")
        await type_into(edit.locator("input[name=tags]"), "gift, fragile")
        await edit.get_by_role("button", name="Save changes").click()
        await expect(line.locator("[data-col=ordered]")).to_have_text("3")
        await expect(order).to_contain_text("Total EUR 73.50")
        await expect(order).to_contain_text("gift, fragile")
        await both_sizes(desk, "order-held")

        await order.get_by_role("button", name="Release").click()
        await expect(order.locator(".sup-head [data-status]")).to_have_text("Awaiting payment")
        await count_on(watcher, "awaiting_payment", 1)
        await count_on(watcher, "on_hold", 0)
        history = order.locator("[data-part=history]")
        await expect(history).to_contain_text("Awaiting payment → On hold · manual")
        await expect(history).to_contain_text("On hold → Awaiting payment")
        await both_sizes(watcher, "dashboard")

        # The list finds it by customer, and by tag.
        await desk.goto(server_url + "/orders?q=curie")
        await expect(desk.locator(f"[data-list=orders] tr[data-order='{number}']")).to_be_visible()
        await desk.goto(server_url + "/orders?tag=fragile")
        await expect(desk.locator("[data-list=orders] tbody tr")).to_have_count(1)
        await both_sizes(desk, "orders")
    finally:
        await close_all(stack)
