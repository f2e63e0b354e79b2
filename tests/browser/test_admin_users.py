"""Users in Chromium against the server on PostgreSQL: an admin creates a user, issues a badge
and prints it, and the new user logs in with that badge and PIN on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

import scanners
from tests.browser.helpers import log_in_by_badge, log_in_with_badge
from tests.browser.supervisor import DESK, both_sizes, close_all, type_into
from tests.browser.conftest import PHONE, open_context

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


async def test_admin_creates_a_user_who_logs_in_with_the_new_badge(server_url, tmp_path):
    stack: list = []
    try:
        playwright, context = await open_context(tmp_path / "admin", viewport=DESK)
        stack.append((playwright, context))
        page = context.pages[0] if context.pages else await context.new_page()
        await log_in_by_badge(page, server_url, "admin")
        await page.goto(server_url + "/admin")
        await both_sizes(page, "admin")
        await page.locator("[data-section='/admin/users']").click()
        await expect(page).to_have_url(server_url + "/admin/users")
        rows = page.locator("[data-list=users] tbody tr")
        await expect(rows).to_have_count(4)
        await expect(rows.nth(0)).to_contain_text("Admin")

        await page.get_by_role("link", name="New user").click()
        form = page.locator("[data-part=user-form]")
        await type_into(form.locator("input[name=username]"), "jo")
        await type_into(form.locator("input[name=display_name]"), "Jo Picker")
        await type_into(form.locator("input[name=password]"), "warehouse1")
        await type_into(form.locator("input[name=pin]"), "4321")
        await expect(form.locator("input[name=role_picker]")).to_be_checked()
        await form.get_by_role("button", name="Create user").click()

        # The new user's page: a PIN came with a badge.
        await expect(page).to_have_url(re.compile(r"/admin/users/\d+$"))
        badge = page.locator("[data-part=badge-code]")
        await expect(badge).to_be_visible()
        first = await badge.inner_text()
        assert scanners.parse(first).kind == "badge"

        # A new badge replaces it: the old one stops working.
        page.once("dialog", lambda dialog: dialog.accept())
        await page.locator("[data-action=issue-badge]").click()
        await expect(badge).not_to_have_text(first)
        second = await badge.inner_text()
        assert scanners.parse(second).kind == "badge" and second != first

        async with context.expect_page() as opened:
            await page.locator("[data-action=print-badge]").click()
        label = await opened.value
        await expect(label).to_have_url(re.compile(r"^blob:"))
        await label.close()
        await both_sizes(page, "admin-user")

        await page.goto(server_url + "/admin/users")
        await expect(rows).to_have_count(5)
        row = page.locator("[data-user=jo]")
        await expect(row).to_contain_text(second)
        await row.locator("input[type=checkbox]").check()
        await page.locator("[data-user=picker] input[type=checkbox]").check()
        await expect(page.locator("[data-action=print-badges]")).to_have_text("Print badges (2)")
        await both_sizes(page, "admin-users")

        # Jo logs in on a phone with the new badge and the PIN, and lands on picking.
        playwright, phone = await open_context(tmp_path / "jo", viewport=PHONE)
        stack.append((playwright, phone))
        jo = phone.pages[0] if phone.pages else await phone.new_page()
        await log_in_with_badge(jo, server_url, second, "4321")
        await expect(jo).to_have_url(server_url + "/pick")
    finally:
        await close_all(stack)
