"""The user's language: chosen on the settings screen, stored on the server, back at next login."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from server.db.models import User
from tests.browser.conftest import screenshot
from tests.browser.helpers import log_in_by_badge

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


async def stored_language(db, username: str) -> str:
    async with db() as session:
        return await session.scalar(select(User.language).where(User.username == username))


async def test_language_switch_is_stored_per_user(page: Page, server_url: str, db):
    await log_in_by_badge(page, server_url, "packer")
    await page.get_by_role("link", name="Home").click()
    await page.get_by_role("link", name="Settings").click()
    await expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    await screenshot(page, "07-settings-en")

    await page.get_by_text("Nederlands").click()
    await expect(page.get_by_role("heading", name="Instellingen")).to_be_visible()
    await expect(page.locator(".status")).to_have_text("Opgeslagen")
    await expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert await stored_language(db, "packer") == "nl"
    assert await stored_language(db, "picker") == "en"
    await screenshot(page, "08-settings-nl")

    await page.reload()
    await expect(page.get_by_role("heading", name="Instellingen")).to_be_visible()

    await page.get_by_text("Français").click()
    await expect(page.get_by_role("heading", name="Réglages")).to_be_visible()
    await expect(page.locator(".status")).to_have_text("Enregistré")
    assert await stored_language(db, "packer") == "fr"
    await screenshot(page, "09-settings-fr")

    # Another user on the same device gets their own language back at login.
    await page.get_by_role("button", name="Se déconnecter").click()
    await expect(page).to_have_url(server_url + "/login")
    await log_in_by_badge(page, server_url, "picker")
    await expect(page.get_by_role("heading", name="Picking")).to_be_visible()
    await page.get_by_role("button", name="Log out").click()
    await expect(page).to_have_url(server_url + "/login")
    await log_in_by_badge(page, server_url, "packer")
    await expect(page.get_by_role("heading", name="Emballage")).to_be_visible()
    await screenshot(page, "10-packer-fr")
