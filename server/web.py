"""The handheld app (``pwa/dist``, built by ``scripts/build-pwa.sh``) served at ``/``.

- Files of the build are served as they are; a path that is no file (``/pick``, ``/login``...)
  is a route of the app and gets ``index.html``, so a reload on any screen works.
- ``index.html``, the service worker and the manifest are revalidated on every load
  (``no-cache``): they name the current hashed assets, and a stale service worker would keep a
  handheld on an old app for days. Hashed assets never change under their name: cached for a year.
- ``/api``, ``/schema`` and ``/metrics`` are never answered with the app: an unknown API path
  stays a 404 problem. A missing file with an extension (``/assets/gone.js``) is a 404 too, so
  that a browser never runs HTML as a script.

The folder is ``$SHIPFLOOR_PWA_DIR`` when set, else ``pwa/dist`` beside the ``server`` package.
Without a build, ``/`` answers 503 with the command that builds it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from litestar import Request, Response, Router, get, route
from litestar.enums import HttpMethod
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=86400"

RESERVED = ("api", "schema", "metrics")
#: Route paths of the app's files: public by design, unlike every API route.
WEB_PATHS = frozenset({"/", "/{path:path}"})
# Names the build gives a content hash (vite: assets/name-HASH.ext; workbox: workbox-HASH.js).
_HASHED = re.compile(r"^(assets/.+|workbox-[0-9a-f]{8,}\.js)$")
_REVALIDATE = frozenset({"index.html", "sw.js", "registerSW.js", "manifest.webmanifest"})

MEDIA_TYPES = {
    # Litestar adds "; charset=utf-8" to every text/* type itself.
    ".html": "text/html",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain",
    ".woff2": "font/woff2",
}

NOT_BUILT = """<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Shipfloor</title>
<h1>Shipfloor</h1><p>The app is not built on this server. Run <code>scripts/build-pwa.sh</code>
(or <code>./run.sh demo</code>) and reload. The API is at <a href="/schema">/schema</a>.</p></html>
"""


def default_dist() -> Path:
    configured = os.environ.get("SHIPFLOOR_PWA_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[1] / "pwa" / "dist"


def cache_control(relative: str) -> str:
    """The ``Cache-Control`` value for a file of the build, by its path inside the build."""
    if relative in _REVALIDATE:
        return NO_CACHE
    if _HASHED.match(relative):
        return IMMUTABLE
    return SHORT


def _file(dist: Path, relative: str) -> File:
    path = dist / relative
    return File(
        path,
        media_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
        content_disposition_type="inline",
        headers={"Cache-Control": cache_control(relative), "X-Content-Type-Options": "nosniff"},
    )


def _inside(dist: Path, relative: str) -> str | None:
    """``relative`` when it names a file inside ``dist`` (no ``..``, no symlink out), else None."""
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    parts = PurePosixPath(relative).parts
    # Dot files (the build's source stamp) are not part of the app.
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        return None
    root = dist.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate.relative_to(root).as_posix()


def _index(dist: Path) -> Response | File:
    if not (dist / "index.html").is_file():
        return Response(
            NOT_BUILT,
            status_code=503,
            media_type="text/html",
            headers={"Cache-Control": "no-store"},
        )
    return _file(dist, "index.html")


def make_web_router(dist: Path | None = None) -> Router:
    """Routes that serve the built app from ``dist`` (default: `default_dist`)."""
    folder = dist or default_dist()

    @get("/", exclude_from_auth=True, include_in_schema=False, sync_to_thread=False)
    def app_root() -> Response | File:
        return _index(folder)

    @route(
        "/{path:path}",
        http_method=[HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE],
        status_code=200,
        exclude_from_auth=True,
        include_in_schema=False,
        sync_to_thread=False,
    )
    def app_file(request: Request, path: FromPath[str]) -> Response | File:
        relative = path.lstrip("/")
        first = relative.partition("/")[0]
        if request.method != HttpMethod.GET or first in RESERVED:
            raise NotFoundException()
        found = _inside(folder, relative)
        if found:
            return _file(folder, found)
        if "." in PurePosixPath(relative).name:
            raise NotFoundException()
        return _index(folder)

    return Router(path="/", route_handlers=[app_root, app_file], include_in_schema=False)
