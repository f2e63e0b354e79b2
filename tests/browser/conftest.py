"""Browser tests: Debian's Chromium, driven by Playwright, against the real server on PostgreSQL.

Playwright never downloads a browser here: it starts /usr/bin/chromium (``scripts/browser.sh``
installs it) headless, with a fresh profile per test and without the background traffic
Chromium would otherwise send at start.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import BrowserContext, Page, async_playwright

from server.app import create_app
from tests.live import live_server
from tests.pwa.build import ROOT, ensure_built

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 640}
HANDHELD = {"width": 480, "height": 800}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def pwa_dist() -> Path:
    return ensure_built()


@pytest.fixture
async def server_url(backend, users, pwa_dist, monkeypatch) -> AsyncIterator[str]:
    """The app on a real socket, with the built PWA at /."""
    monkeypatch.setenv("SHIPFLOOR_PWA_DIR", str(pwa_dist))
    async with live_server(create_app(backend.settings)) as url:
        yield url


async def open_context(tmp_path: Path, viewport=PHONE, extra_args=(), **options) -> tuple[object, BrowserContext]:
    playwright = await async_playwright().start()
    context = await playwright.chromium.launch_persistent_context(
        user_data_dir=str(tmp_path / "chromium-profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, *extra_args],
        viewport=viewport,
        device_scale_factor=1,
        has_touch=True,
        is_mobile=False,
        locale="en-GB",
        **options,
    )
    return playwright, context


@pytest.fixture
async def phone(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    """A fresh Chromium profile with a 360×640 portrait viewport."""
    playwright, context = await open_context(tmp_path)
    try:
        yield context
    finally:
        await context.close()
        await playwright.stop()


@pytest.fixture
async def page(phone: BrowserContext) -> Page:
    return phone.pages[0] if phone.pages else await phone.new_page()


async def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


async def wedge_scan(page: Page, text: str, suffix: str = "Enter") -> None:
    """Type ``text`` as a keyboard-wedge scanner does: keys milliseconds apart, then the suffix.

    GS (0x1D) has no key: a wedge on a US layout sends it as Ctrl+], and so does this.
    """
    for i, part in enumerate(text.split("\x1d")):
        if i:
            await page.keyboard.press("Control+BracketRight")
        if part:
            await page.keyboard.type(part, delay=2)
    await page.keyboard.press(suffix)


async def human_type(page: Page, text: str) -> None:
    """Type as a person: 150 ms between keys."""
    await page.keyboard.type(text, delay=150)
