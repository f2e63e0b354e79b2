"""Installable and offline: manifest, icons, service worker, the shell from the cache."""

from __future__ import annotations

import struct

import pytest
from playwright.async_api import BrowserContext, Page, expect

from tests.browser.conftest import screenshot, wedge_scan
from tests.browser.helpers import log_in_by_badge, service_worker_in_control

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])  # IHDR width and height


async def test_manifest_is_valid_and_its_icons_exist(page: Page, server_url: str):
    await page.goto(server_url + "/")
    href = await page.get_attribute("link[rel=manifest]", "href")
    assert href == "/manifest.webmanifest"
    response = await page.request.get(server_url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = await response.json()
    assert manifest["name"] == "Shipfloor"
    assert manifest["short_name"] == "Shipfloor"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["orientation"] == "portrait"
    sizes = {}
    for icon in manifest["icons"]:
        image = await page.request.get(server_url + icon["src"])
        assert image.status == 200
        assert image.headers["content-type"] == icon["type"] == "image/png"
        width, height = png_size(await image.body())
        assert icon["sizes"] == f"{width}x{height}"
        sizes[(icon["sizes"], icon.get("purpose", "any"))] = icon["src"]
    # Chrome's install criteria: a 192 px and a 512 px icon; Android wants a maskable one.
    assert set(sizes) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


async def test_service_worker_is_registered_and_precaches_the_camera_decoder(page: Page, server_url: str):
    await page.goto(server_url + "/")
    scope = await service_worker_in_control(page)
    assert scope == server_url + "/"
    script = await page.evaluate("navigator.serviceWorker.controller.scriptURL")
    assert script == server_url + "/sw.js"
    cached = await page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    assert all(url.startswith(server_url + "/") for url in cached), cached
    paths = [url.removeprefix(server_url).partition("?")[0] for url in cached]
    assert "/index.html" in paths
    assert any(p.startswith("/assets/zxing_reader-") and p.endswith(".wasm") for p in paths), paths
    assert any(p.startswith("/assets/index-") and p.endswith(".js") for p in paths), paths


async def test_the_shell_loads_offline_after_first_load(phone: BrowserContext, page: Page, server_url: str):
    await log_in_by_badge(page, server_url, "picker")
    await expect(page.get_by_role("heading", name="Picking")).to_be_visible()
    await service_worker_in_control(page)

    await phone.set_offline(True)
    await page.reload()
    await expect(page.get_by_role("heading", name="Picking")).to_be_visible()
    await expect(page.get_by_test_id("offline")).to_have_text("Offline: scans are kept and sent later")
    await screenshot(page, "11-offline-picker")

    # A client route never loaded before comes from the cached shell too.
    await page.goto(server_url + "/scans")
    await expect(page.get_by_role("heading", name="Scans", exact=True).first).to_be_visible()
    await wedge_scan(page, "]C10109501101530003\x1d10ABC")
    await expect(page.get_by_test_id("scan-log").locator("li").first).to_contain_text("]C10109501101530003<GS>10ABC")
    await screenshot(page, "12-offline-scans")

    await phone.set_offline(False)
    await page.reload()
    await expect(page.get_by_test_id("offline")).to_have_count(0)
