"""The built app served at /: files, client routes, caching headers, and the API kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from server.app import create_app
from server.config import Settings

INDEX = "<!doctype html><title>Shipfloor</title><div id=app></div>"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A small stand-in for ``pwa/dist`` with one file of each kind the build makes."""
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "icons").mkdir()
    (root / "index.html").write_text(INDEX)
    (root / "sw.js").write_text("self.addEventListener('install', () => {});")
    (root / "workbox-9c191d2f.js").write_text("/* workbox */")
    (root / "manifest.webmanifest").write_text('{"name": "Shipfloor"}')
    (root / "assets" / "index-CJECTH-U.js").write_text("console.log('app');")
    (root / "assets" / "index-DstbtX9T.css").write_text("body{}")
    (root / "assets" / "zxing_reader-BxB2YfIY.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "icons" / "icon-192.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".source.sha256").write_text("stamp")
    (tmp_path / "secret.txt").write_text("outside the build")
    return root


@pytest.fixture
async def web(dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SHIPFLOOR_PWA_DIR", str(dist))
    app = create_app(Settings(data_dir=str(tmp_path), log_level="warning"))
    async with AsyncTestClient(app=app) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/login", "/pick", "/settings", "/scans/deep/link"])
async def test_app_routes_get_the_shell_revalidated_every_time(web, path):
    response = await web.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("path", "media_type", "cache"),
    [
        ("/assets/index-CJECTH-U.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        ("/assets/index-DstbtX9T.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        ("/assets/zxing_reader-BxB2YfIY.wasm", "application/wasm", "public, max-age=31536000, immutable"),
        ("/workbox-9c191d2f.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        ("/sw.js", "text/javascript; charset=utf-8", "no-cache"),
        ("/manifest.webmanifest", "application/manifest+json", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        ("/icons/icon-192.png", "image/png", "public, max-age=86400"),
    ],
)
async def test_files_of_the_build_without_a_token(web, dist, path, media_type, cache):
    response = await web.get(path)
    assert response.status_code == 200
    assert response.content == (dist / path.lstrip("/")).read_bytes()
    assert response.headers["content-type"] == media_type
    assert response.headers["cache-control"] == cache


@pytest.mark.parametrize("path", ["/assets/gone-1234abcd.js", "/icons/none.png", "/favicon.ico", "/.source.sha256"])
async def test_a_missing_file_is_404_not_the_shell(web, path):
    response = await web.get(path)
    assert response.status_code == 404
    assert INDEX not in response.text


@pytest.mark.parametrize(
    "path", ["/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"]
)
async def test_nothing_outside_the_build_is_served(web, path):
    response = await web.get(path)
    assert "outside the build" not in response.text


async def test_the_api_stays_protected_and_unknown_api_paths_stay_404_problems(web):
    me = await web.get("/api/auth/me")
    assert me.status_code == 401
    assert me.json()["code"] == "not_authenticated"
    for path in ("/api/no-such-thing", "/api", "/metrics/x"):
        missing = await web.get(path)
        assert missing.status_code == 404, path
        assert missing.headers["content-type"].startswith("application/problem+json")
        assert missing.json()["code"] == "not_found"


async def test_other_methods_on_app_routes_are_404(web):
    response = await web.post("/pick", json={})
    assert response.status_code == 404


async def test_without_a_build_the_root_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SHIPFLOOR_PWA_DIR", str(tmp_path / "no-build"))
    app = create_app(Settings(data_dir=str(tmp_path), log_level="warning"))
    async with AsyncTestClient(app=app) as client:
        for path in ("/", "/pick"):
            response = await client.get(path)
            assert response.status_code == 503
            assert "scripts/build-pwa.sh" in response.text
            assert response.headers["cache-control"] == "no-store"
