"""Steps several browser tests share."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.browser.conftest import human_press, human_type, wedge_scan
from tests.conftest import TEST_USERS


async def log_in_by_badge(page: Page, server_url: str, username: str) -> None:
    _, badge, pin = TEST_USERS[username]
    await log_in_with_badge(page, server_url, badge, pin)


async def log_in_with_badge(page: Page, server_url: str, badge: str, pin: str) -> None:
    """Scan `badge` on the login screen, type `pin` and Enter; waits until the login is gone."""
    await page.goto(server_url + "/login")
    await expect(page.locator("[data-screen=login]")).to_be_visible()
    await wedge_scan(page, badge)
    await expect(page.locator("input[name=pin]")).to_be_focused()
    await human_type(page, pin)
    await human_press(page, "Enter")
    await expect(page.locator("[data-screen=login]")).to_have_count(0)


async def service_worker_in_control(page: Page) -> str:
    """Wait until the service worker is active and controls the page; returns its scope."""
    scope = await page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    await page.wait_for_function("navigator.serviceWorker.controller !== null")
    return scope
