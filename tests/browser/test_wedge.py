"""Wedge scans as Android scanners deliver them: through the input method (Zebra DataWedge,
Honeywell), which Chrome reports as keydown "Unidentified" and the text in beforeinput."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import screenshot, wedge_scan
from tests.browser.helpers import log_in_by_badge

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)

IME_SCAN = """([text, target]) => {
    const el = target ? document.querySelector(target) : document.body;
    const key = () => el.dispatchEvent(new KeyboardEvent("keydown", {key: "Unidentified", keyCode: 229, bubbles: true}));
    key();
    el.dispatchEvent(new InputEvent("beforeinput", {inputType: "insertText", data: text, bubbles: true, cancelable: true}));
    key();
    el.dispatchEvent(new InputEvent("beforeinput", {inputType: "insertLineBreak", bubbles: true, cancelable: true}));
}"""


async def test_text_committed_by_the_input_method_is_one_scan(page: Page, server_url: str):
    await log_in_by_badge(page, server_url, "picker")
    await page.goto(server_url + "/scans")
    await page.evaluate(IME_SCAN, ["4006381333931", None])
    log = page.get_by_test_id("scan-log").locator("li")
    await expect(log.first.locator(".scan-text")).to_have_text("4006381333931")
    await expect(log.first.locator(".scan-meta")).to_contain_text("wedge")


async def test_scans_in_a_row_with_tab_suffix_and_gs(page: Page, server_url: str):
    await log_in_by_badge(page, server_url, "packer")
    await page.goto(server_url + "/scans")
    await wedge_scan(page, "LOC-A-04-03-2-X", suffix="Tab")
    await wedge_scan(page, "]d2010871234567011510LT2510-A\x1d21SN42")
    log = page.get_by_test_id("scan-log").locator("li .scan-text")
    await expect(log).to_have_text(["]d2010871234567011510LT2510-A<GS>21SN42", "LOC-A-04-03-2-X"])
    # The Tab ended a scan: it did not move the focus to a control.
    assert await page.evaluate("document.activeElement === document.body")
    await screenshot(page, "14-scan-log")
