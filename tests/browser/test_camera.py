"""Camera scanning: Chromium's fake camera films a Code 128 label; the app decodes it with the
zxing-wasm decoder it serves itself (headless Chromium on Linux has no native BarcodeDetector)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import expect

from scanners import make_code
from scanners.barcodes import code128_modules
from tests.browser.conftest import open_context, screenshot
from tests.browser.helpers import log_in_by_badge

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)

WIDTH, HEIGHT, MODULE = 640, 480, 3


def barcode_video(path: Path, text: str) -> Path:
    """A one-frame Y4M video (4:2:0) of ``text`` as Code 128, black bars on white."""
    modules = code128_modules(text)
    left = (WIDTH - len(modules) * MODULE) // 2
    assert left >= 10 * MODULE  # a quiet zone of at least ten modules each side
    row = bytearray(b"\xff" * WIDTH)
    for i, bit in enumerate(modules):
        if bit == "1":
            row[left + i * MODULE : left + (i + 1) * MODULE] = b"\x00" * MODULE
    white = bytes(b"\xff" * WIDTH)
    luma = b"".join(bytes(row) if 140 <= y < 340 else white for y in range(HEIGHT))
    chroma = b"\x80" * (WIDTH // 2 * HEIGHT // 2)
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + luma + chroma + chroma)
    return path


async def test_camera_scan_decodes_with_the_app_s_own_wasm(tmp_path: Path, server_url: str):
    code = make_code("tote", "7")
    video = barcode_video(tmp_path / "label.y4m", code)
    playwright, context = await open_context(
        tmp_path,
        extra_args=[
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
        permissions=["camera"],
    )
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.pages[0] if context.pages else await context.new_page()
        await log_in_by_badge(page, server_url, "picker")
        await page.goto(server_url + "/scans")
        await page.get_by_role("button", name="Scan with camera").click()
        first = page.get_by_test_id("scan-log").locator("li").first
        await expect(first.locator(".scan-text")).to_have_text(code, timeout=20_000)
        await expect(first.locator(".scan-meta")).to_contain_text("camera · code_128")
        await screenshot(page, "13-camera-scan")
        await page.get_by_role("button", name="Stop camera").click()
    finally:
        await context.close()
        await playwright.stop()

    remote = [url for url in requested if not url.startswith((server_url + "/", "data:", "blob:"))]
    assert remote == []
    wasm = [url for url in requested if url.endswith(".wasm")]
    assert wasm and all(url.startswith(server_url + "/assets/zxing_reader-") for url in wasm)
