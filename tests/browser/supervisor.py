"""Steps the supervisor browser tests share: two screens side by side, shipping rules, and
screenshots of a screen at both sizes."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Locator, Page, expect

from server.db.models import ShippingMethod, ShippingRule
from tests.browser.conftest import PHONE, human_type, open_context, screenshot
from tests.browser.helpers import log_in_by_badge

DESK = {"width": 1280, "height": 800}


async def supervisor_page(tmp_path: Path, name: str, server_url: str, viewport=DESK, stack=None):
    """A logged-in supervisor in a Chromium profile of its own; ``stack`` collects what to close."""
    playwright, context = await open_context(tmp_path / name, viewport=viewport)
    stack.append((playwright, context))
    page = context.pages[0] if context.pages else await context.new_page()
    await log_in_by_badge(page, server_url, "supervisor")
    return page


async def close_all(stack) -> None:
    for playwright, context in reversed(stack):
        await context.close()
        await playwright.stop()


async def both_sizes(page: Page, name: str) -> None:
    """``supervisor-<name>-desk`` at 1280×800 and ``-phone`` at 360×640, then back."""
    before = page.viewport_size
    await page.evaluate("window.scrollTo(0, 0)")
    await page.set_viewport_size(DESK)
    await screenshot(page, f"supervisor-{name}-desk")
    await page.set_viewport_size(PHONE)
    await screenshot(page, f"supervisor-{name}-phone")
    await page.set_viewport_size(before or DESK)


async def netherlands_rule(db) -> None:
    """PostNL for the Netherlands, DHL for anywhere else."""
    async with db() as session:
        postnl = ShippingMethod(code="PNL", name="PostNL parcel", carrier="postnl", active=True)
        dhl = ShippingMethod(code="DHL", name="DHL Europe", carrier="dhl", active=True)
        session.add_all([postnl, dhl])
        await session.flush()
        session.add_all([
            ShippingRule(name="Netherlands", priority=10, shipping_method_id=postnl.id, countries=["NL"], active=True),
            ShippingRule(name="Elsewhere", priority=100, shipping_method_id=dhl.id, active=True),
        ])
        await session.commit()


async def count_on(page: Page, status: str, n: int) -> None:
    await expect(page.locator(f"[data-count={status}] strong")).to_have_text(str(n))


async def type_into(field: Locator, text: str) -> None:
    """Replace the field's text as a person types it. ``fill`` would put the text in at once,
    which the app rightly takes for a wedge scan and hands to the screen instead."""
    await field.click()
    await field.press("Control+A")
    await human_type(field.page, text)


async def api_login(server_url: str, username: str) -> dict[str, str]:
    import httpx

    from tests.conftest import PASSWORD

    async with httpx.AsyncClient(base_url=server_url) as http:
        response = await http.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
