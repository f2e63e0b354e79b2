"""The admin's layout and channel screens in Chromium against the server on PostgreSQL: a layout
file uploaded, previewed, activated and drawn; labels printed for a range; a channel's webhook
URL copied and its failed sync shown."""

from __future__ import annotations

import json

import httpx
import pypdfium2 as pdfium
import pytest
from playwright.async_api import expect
from sqlalchemy import select

from scanners import make_code
from server.db.models import Location, Product, StockLevel
from tests.browser.conftest import open_context
from tests.browser.helpers import log_in_by_badge
from tests.browser.supervisor import DESK, api_login, both_sizes, close_all
from tests.scanners.conftest import decode_image
from tests.warehouse.conftest import FIRST, second

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


async def admin_page(tmp_path, server_url, stack):
    playwright, context = await open_context(tmp_path / "admin", viewport=DESK)
    stack.append((playwright, context))
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    page = context.pages[0] if context.pages else await context.new_page()
    await log_in_by_badge(page, server_url, "admin")
    return page


async def drawn(locator) -> None:
    await expect(locator).to_be_visible()
    await locator.evaluate("img => img.decode()")
    assert await locator.evaluate("img => img.naturalWidth") > 0


async def test_upload_activate_draw_and_print_labels(server_url, db, tmp_path):
    first, changed, broken = tmp_path / "hall.json", tmp_path / "hall-2.json", tmp_path / "broken.json"
    first.write_text(json.dumps(FIRST))
    changed.write_text(json.dumps(second()))
    broken.write_text(json.dumps({**FIRST, "locations": [{"code": "B-01-01", "aisle": "B01", "y": 1.0}]}))
    stack: list = []
    try:
        page = await admin_page(tmp_path, server_url, stack)
        await page.goto(server_url + "/admin")
        await page.locator("[data-section='/admin/layout']").click()
        await expect(page.locator("[data-screen=admin-layout]")).to_be_visible()
        await expect(page.get_by_text("No layout has been loaded yet.")).to_be_visible()

        upload = page.locator("input[name=layout-file]")
        await upload.set_input_files(str(broken))
        await expect(page.locator(".sup-refused[data-code=layout_unknown_aisle]")).to_contain_text("B01")
        await expect(page.locator("[data-action=activate]")).to_have_count(0)

        await upload.set_input_files(str(first))
        for kind, n in (("added", 6), ("kept", 0), ("moved", 0), ("removed", 0)):
            await expect(page.locator(f"[data-count={kind}] strong")).to_have_text(str(n))
        await drawn(page.locator("[data-part=preview-map]"))
        await page.locator("[data-action=activate]").click()
        await expect(page.locator("[data-part=changes]")).to_have_count(0)
        await drawn(page.locator("[data-part=current-map]"))

        # Stock in a bin the next file drops: the preview names it and activation stays off.
        async with db() as session:
            location_id = await session.scalar(select(Location.id).where(Location.code == "A-03-01"))
            product = Product(sku="MUG", name="Mug", weight_grams=100)
            session.add(product)
            await session.flush()
            session.add(StockLevel(product_id=product.id, location_id=location_id, on_hand=4, allocated=0))
            await session.commit()
        await upload.set_input_files(str(changed))
        for kind, n in (("added", 2), ("kept", 4), ("moved", 1), ("removed", 2)):
            await expect(page.locator(f"[data-count={kind}] strong")).to_have_text(str(n))
        await expect(page.locator("[data-part=blocked]")).to_contain_text("A-03-01")
        await expect(page.locator("[data-action=activate]")).to_be_disabled()
        await both_sizes(page, "admin-layout")

        await page.locator("input[name=labels-from]").fill("A-01-01")
        await page.locator("input[name=labels-to]").fill("A-02-02")
        async with page.expect_response(lambda r: "/api/locations/labels.pdf" in r.url) as answer:
            async with page.context.expect_page() as opened:
                await page.locator("[data-action=print-labels]").click()
        response = await answer.value
        assert response.status == 200 and response.headers["content-type"].startswith("application/pdf")
        # The same request again (the page turned the body into a blob): the range it asked for.
        async with httpx.AsyncClient(headers=await api_login(server_url, "admin")) as http:
            pdf = pdfium.PdfDocument((await http.get(response.url)).content)
        found = sorted(text for _, text in decode_image(pdf[0].render(scale=4).to_pil()))
        assert found == sorted(make_code("location", c) for c in ("A-01-01", "A-01-02", "A-02-01", "A-02-02"))
        await (await opened.value).close()
    finally:
        await close_all(stack)


async def test_channel_webhook_url_copied_and_sync_error_shown(server_url, tmp_path):
    async with httpx.AsyncClient(base_url=server_url, headers=await api_login(server_url, "admin")) as http:
        created = await http.post("/api/channels", json={
            "name": "Mugs webshop", "platform": "woocommerce", "shop_url": "http://127.0.0.1:9",
            "credentials": {"key": "ck", "secret": "cs"}, "webhook_secret": "s3cret",
            "poll_interval_seconds": 0, "options": {"timeout": 0.5, "max_attempts": 1},
        })
        assert created.status_code == 201, created.text
        channel = created.json()
        failed = await http.post(f"/api/channels/{channel['id']}/sync")
        assert failed.json()["error"], failed.text
    url = f"{server_url}/api/webhooks/{channel['id']}"
    stack: list = []
    try:
        page = await admin_page(tmp_path, server_url, stack)
        await page.goto(server_url + "/admin/channels")
        card = page.locator(f"[data-channel-id='{channel['id']}']")
        await expect(card.locator(f"input[name=webhook-{channel['id']}]")).to_have_value(url)
        await expect(card).to_contain_text("WooCommerce")
        error = card.locator("[data-part=last-error]")
        await expect(error).to_contain_text(failed.json()["error"].split(":")[0])
        color = await error.locator(".sup-refused-reason").evaluate("el => getComputedStyle(el).color")
        assert color.startswith("rgb(") and color != "rgb(0, 0, 0)"
        await card.locator("[data-action=copy]").click()
        await expect(page.get_by_text("Webhook URL copied")).to_be_visible()
        assert await page.evaluate("navigator.clipboard.readText()") == url
        await card.locator("[data-action=sync]").click()
        await expect(page.get_by_text("Sync stopped:")).to_be_visible()
        await expect(card.locator("[data-list=deliveries]").or_(card.get_by_text("Nothing delivered yet."))).to_be_visible()
        await both_sizes(page, "admin-channels")
    finally:
        await close_all(stack)
