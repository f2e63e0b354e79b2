"""Logging in on a phone: badge scanned by a wedge scanner + PIN, user name + password, log out."""

from __future__ import annotations

import json

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import HANDHELD, human_press, human_type, open_context, screenshot, wedge_scan
from tests.browser.helpers import log_in_by_badge
from tests.conftest import PASSWORD, TEST_USERS

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


async def test_badge_scan_and_pin_log_a_picker_in(page: Page, server_url: str):
    _, badge, pin = TEST_USERS["picker"]
    await page.goto(server_url + "/pick")
    await expect(page).to_have_url(server_url + "/login")
    await expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    await expect(page.get_by_text("Scan your badge")).to_be_visible()
    await screenshot(page, "01-login")

    # The scanner types into the page without a field being tapped first.
    await wedge_scan(page, badge)
    await expect(page.get_by_role("status")).to_contain_text("Badge read. Type your PIN.")
    await expect(page.locator("input[name=badge]")).to_have_value(badge)
    await expect(page.locator("input[name=pin]")).to_be_focused()
    await screenshot(page, "02-login-badge-read")

    await human_type(page, pin)
    await human_press(page, "Enter")
    await expect(page).to_have_url(server_url + "/pick")
    await expect(page.get_by_role("heading", name="Picking")).to_be_visible()
    await expect(page.get_by_role("button", name="Log out")).to_be_visible()
    await screenshot(page, "03-picker-home")

    stored = await page.evaluate("JSON.stringify({...sessionStorage}) + JSON.stringify({...localStorage})")
    assert pin not in stored and PASSWORD not in stored
    token = json.loads(await page.evaluate("sessionStorage.getItem('shipfloor.session')"))["token"]
    async with httpx.AsyncClient() as http:
        me = await http.get(server_url + "/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "picker"


async def test_a_badge_scanned_into_the_pin_field_does_not_end_up_in_it(page: Page, server_url: str):
    _, badge, _ = TEST_USERS["packer"]
    await page.goto(server_url + "/login")
    await page.locator("input[name=pin]").click()
    await human_type(page, "12")
    await wedge_scan(page, badge)
    await expect(page.locator("input[name=badge]")).to_have_value(badge)
    await expect(page.locator("input[name=pin]")).to_have_value("12")


async def test_typing_the_badge_by_hand_is_not_a_scan(page: Page, server_url: str):
    _, badge, pin = TEST_USERS["packer"]
    await page.goto(server_url + "/login")
    await page.locator("input[name=badge]").click()
    await human_type(page, badge)
    await expect(page.locator("input[name=badge]")).to_have_value(badge)
    await expect(page.get_by_text("Badge read. Type your PIN.")).to_have_count(0)
    await page.locator("input[name=pin]").click()
    await human_type(page, pin)
    await human_press(page, "Enter")
    await expect(page).to_have_url(server_url + "/pack")
    await expect(page.get_by_role("heading", name="Packing")).to_be_visible()


async def test_a_wrong_pin_is_refused_in_words(page: Page, server_url: str):
    _, badge, _ = TEST_USERS["picker"]
    await page.goto(server_url + "/login")
    await wedge_scan(page, badge)
    # A person types the PIN once the screen has moved to it.
    await expect(page.locator("input[name=pin]")).to_be_focused()
    await human_type(page, "0000")
    await human_press(page, "Enter")
    await expect(page.get_by_role("alert")).to_have_text("Wrong user name, password, badge or PIN.")
    await expect(page.locator("[data-verdict=bad]")).to_be_visible()
    await expect(page).to_have_url(server_url + "/login")
    await screenshot(page, "04-login-refused")


async def test_password_login_home_by_role_and_logout(page: Page, server_url: str):
    await page.goto(server_url + "/")
    await page.get_by_role("button", name="Use user name and password").click()
    await page.get_by_label("User name").fill("supervisor")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in", exact=True).click()
    await expect(page.get_by_role("heading", name="Hello, Supervisor")).to_be_visible()
    await expect(page.get_by_role("link", name="Settings")).to_be_visible()
    tiles = set(await page.locator(".tiles a").all_inner_texts())
    assert {"Pick", "Pack", "Floor", "Scans", "Settings"} <= tiles
    assert "Admin" not in tiles
    await screenshot(page, "05-supervisor-home")
    token = json.loads(await page.evaluate("sessionStorage.getItem('shipfloor.session')"))["token"]

    await page.get_by_role("button", name="Log out").click()
    await expect(page).to_have_url(server_url + "/login")
    assert await page.evaluate("sessionStorage.getItem('shipfloor.session')") is None
    async with httpx.AsyncClient() as http:
        me = await http.get(server_url + "/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401


async def test_admin_sees_every_screen_and_a_picker_only_their_own(page: Page, server_url: str):
    _, badge, pin = TEST_USERS["admin"]
    await page.goto(server_url + "/login")
    await wedge_scan(page, badge)
    # A person types the PIN once the screen has moved to it.
    await expect(page.locator("input[name=pin]")).to_be_focused()
    await human_type(page, pin)
    await human_press(page, "Enter")
    await expect(page.get_by_role("link", name="Settings")).to_be_visible()
    tiles = set(await page.locator(".tiles a").all_inner_texts())
    assert {"Pick", "Pack", "Floor", "Admin", "Scans", "Settings"} <= tiles
    await page.get_by_role("link", name="Admin").click()
    await expect(page.get_by_role("heading", name="Admin")).to_be_visible()
    await screenshot(page, "06-admin-placeholder")
    await page.get_by_role("button", name="Log out").click()
    await expect(page).to_have_url(server_url + "/login")

    _, badge, pin = TEST_USERS["picker"]
    await wedge_scan(page, badge)
    # A person types the PIN once the screen has moved to it.
    await expect(page.locator("input[name=pin]")).to_be_focused()
    await human_type(page, pin)
    await human_press(page, "Enter")
    await expect(page).to_have_url(server_url + "/pick")
    await page.goto(server_url + "/admin")
    await expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


async def test_handheld_viewport(tmp_path, server_url: str):
    playwright, context = await open_context(tmp_path, viewport=HANDHELD)
    try:
        page = context.pages[0] if context.pages else await context.new_page()
        await page.goto(server_url + "/login")
        await expect(page.get_by_text("Scan your badge")).to_be_visible()
        await screenshot(page, "20-handheld-login")
        await log_in_by_badge(page, server_url, "supervisor")
        await expect(page.get_by_role("heading", name="Hello, Supervisor")).to_be_visible()
        # Every control is a thumb-sized target: at least 48 CSS pixels high.
        heights = await page.eval_on_selector_all(
            "a.tile, button, .bar-button", "els => els.map((e) => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 48, heights
        await screenshot(page, "21-handheld-home")
    finally:
        await context.close()
        await playwright.stop()


async def test_a_badge_with_the_scanner_s_aim_identifier_logs_in(page: Page, server_url: str):
    # A scanner set up with AIM identifiers sends "]C0" (plain Code 128) before the data; the
    # app passes it on as scanned and the server reads it (scanners.parse).
    _, badge, pin = TEST_USERS["picker"]
    await page.goto(server_url + "/login")
    await wedge_scan(page, "]C0" + badge, suffix="Tab")
    await expect(page.locator("input[name=badge]")).to_have_value("]C0" + badge)
    await expect(page.locator("input[name=pin]")).to_be_focused()
    await human_type(page, pin)
    await human_press(page, "Enter")
    await expect(page).to_have_url(server_url + "/pick")
