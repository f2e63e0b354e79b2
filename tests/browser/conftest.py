"""Browser tests: Debian's Chromium, driven by Playwright, against the real server on PostgreSQL.

Playwright never downloads a browser here: it starts /usr/bin/chromium (``scripts/browser.sh``
installs it) headless, with a fresh profile per test and without the background traffic
Chromium would otherwise send at start.
"""

from __future__ import annotations

import time
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


# Keys are sent through the DevTools protocol with their own timestamps, so the gaps the app
# measures are the ones written here, however busy the machine is: the browser's counterpart of
# fake timers. Each page has a clock; a new sequence of keys starts PAUSE_MS after the last one
# (a hand moving from the keys to the trigger), or now, whichever is later.
PAUSE_MS = 400
SCANNER_GAP_MS = 5
HUMAN_GAP_MS = 150
_clocks: dict[int, float] = {}

_NAMED = {
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "GS": {"key": "]", "code": "BracketRight", "windowsVirtualKeyCode": 221, "modifiers": 2},
}


def _key(token: str) -> dict:
    if token in _NAMED:
        return _NAMED[token]
    return {"key": token, "text": token, "unmodifiedText": token}


async def send_keys(page: Page, tokens: list[str], gap_ms: float) -> None:
    """Press each key of ``tokens`` (characters, or "Enter", "Tab", "GS" for Ctrl+]) ``gap_ms``
    apart on the page's clock."""
    cdp = await page.context.new_cdp_session(page)
    try:
        at = max(_clocks.get(id(page), 0.0) + PAUSE_MS / 1000, time.time())
        for token in tokens:
            key = _key(token)
            down = "keyDown" if "text" in key else "rawKeyDown"
            await cdp.send("Input.dispatchKeyEvent", {"type": down, "timestamp": at, **key})
            up = {k: v for k, v in key.items() if k not in ("text", "unmodifiedText")}
            await cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "timestamp": at, **up})
            _clocks[id(page)] = at
            at += gap_ms / 1000
    finally:
        await cdp.detach()


async def wedge_scan(page: Page, text: str, suffix: str = "Enter") -> None:
    """Type ``text`` as a keyboard-wedge scanner does: keys 5 ms apart, then the suffix.

    GS (0x1D) has no key: a wedge on a US layout sends it as Ctrl+], and so does this.
    """
    tokens = ["GS" if ch == "\x1d" else ch for ch in text]
    await send_keys(page, [*tokens, suffix], SCANNER_GAP_MS)


async def human_type(page: Page, text: str) -> None:
    """Type as a person: 150 ms between keys."""
    await send_keys(page, list(text), HUMAN_GAP_MS)


async def human_press(page: Page, key: str) -> None:
    """A person presses one key ("Enter", "Tab" or a character)."""
    await send_keys(page, [key], HUMAN_GAP_MS)
