"""Structured logs (one JSON line per request and per domain event, with a request id) and
Prometheus metrics."""

from __future__ import annotations

import logging
import sys
import time
import uuid

import structlog
from litestar.plugins.prometheus import PrometheusConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = b"x-request-id"
access_logger = structlog.get_logger("shipfloor.access")


def configure_logging(level: str = "info", json: bool = True) -> None:
    """Route stdlib and structlog logging through structlog's JSON renderer on stderr.

    Each record carries ``timestamp`` (ISO 8601 UTC), ``level``, ``logger``, ``event`` and the
    bound context (``request_id`` inside a request).
    """
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("uvicorn.access", "aiosqlite", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class RequestLogMiddleware:
    """ASGI middleware: takes or makes a request id (``X-Request-ID``), binds it to the log
    context, echoes it on the response, and logs one ``request`` line with method, path, status,
    duration (milliseconds) and user."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER, b"").decode("latin-1")
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # Raised past the app (e.g. by a middleware); the server answers with its status.
            status = getattr(exc, "status_code", 500)
            raise
        finally:
            user = scope.get("user")
            access_logger.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                user=getattr(user, "username", None),
            )
            structlog.contextvars.unbind_contextvars("request_id")


def prometheus_config() -> PrometheusConfig:
    """Request count and latency per route template (``group_path``) under ``shipfloor_``."""
    return PrometheusConfig(app_name="shipfloor", prefix="shipfloor", group_path=True)
