"""Shipping rules in Chromium against the server on PostgreSQL: the rules in the order they are
tried, and the tester answering with the rule that would choose."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.supervisor import both_sizes, close_all, netherlands_rule, supervisor_page, type_into

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


async def test_rules_in_order_and_the_tester(server_url, db, tmp_path):
    await netherlands_rule(db)
    stack: list = []
    try:
        page = await supervisor_page(tmp_path, "desk", server_url, stack=stack)
        await page.goto(server_url + "/shipping-rules")
        rows = page.locator("[data-list=rules] tbody tr")
        await expect(rows).to_have_count(2)
        await expect(rows.nth(0)).to_contain_text("Netherlands")
        await expect(rows.nth(0)).to_contain_text("NL")
        await expect(rows.nth(0)).to_contain_text("PNL")
        await expect(rows.nth(1)).to_contain_text("any order")
        await expect(rows.nth(1)).to_contain_text("DHL")

        tester = page.locator("[data-part=rule-tester]")
        await tester.get_by_role("button", name="Which method?").click()
        answer = page.locator("[data-part=rule-answer]")
        await expect(answer).to_have_text("Rules choose PNL · PostNL parcel (rule “Netherlands”)")
        await type_into(page.locator("input[name=test_country]"), "BE")
        await tester.get_by_role("button", name="Which method?").click()
        await expect(answer).to_have_text("Rules choose DHL · DHL Europe (rule “Elsewhere”)")
        await both_sizes(page, "shipping-rules")
    finally:
        await close_all(stack)
