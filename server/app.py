"""The Litestar application factory."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from collections.abc import AsyncGenerator

from litestar import Litestar, Request
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.prometheus import PrometheusController
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from server import __version__
from server.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.session import provide_db_session
from server.domain.auth.controllers import AuthController
from server.domain.auth.guards import requires
from server.domain.auth.middleware import TokenAuthenticationMiddleware
from server.domain.auth.ratelimit import LoginLimiter
from server.domain.catalog.controllers import ProductController
from server.domain.channels.controllers import ChannelController, webhook
from server.domain.channels.jobs import scheduler as channel_scheduler
from server.domain.dashboard.controllers import customers, dashboard, dashboard_floor, shipping_preview
from server.domain.health.controllers import health
from server.domain.inventory.controllers import BackorderController, StockController
from server.domain.live.controllers import events
from server.domain.orders.controllers import OrderController
from server.domain.orders.jobs import scheduler as order_scheduler
from server.domain.packing.controllers import PackingController
from server.domain.picking import solver_pool
from server.domain.picking.controllers import PickBatchController, PutAwayController
from server.domain.picking.planning import BatchPlanningController
from server.domain.shipments.controllers import ShipmentController
from server.domain.shipping.controllers import ShippingMethodController, ShippingRuleController
from server.domain.users.controllers import UserController
from server.domain.warehouse.controllers import WarehouseController
from server.errors import EXCEPTION_HANDLERS, ShipfloorError
from server.events import EventBus, make_channels_plugin
from server.observability import RequestLogMiddleware, configure_logging, prometheus_config
from server.web import make_web_router

logger = logging.getLogger("shipfloor")

JSON_METHODS = {"POST", "PUT", "PATCH"}


class MetricsController(PrometheusController):
    """Prometheus metrics; for admins, supervisors and the scrape token."""

    path = "/metrics"
    guards = [requires("supervisor", "metrics")]
    include_in_schema = False


async def require_json_body(request: Request) -> None:
    """Refuse a body that is not JSON with 415 before it is parsed, unless the handler takes raw
    bytes (``opt={"raw_body": True}``, e.g. webhooks whose signature covers the exact bytes)."""
    if request.method not in JSON_METHODS or request.route_handler.opt.get("raw_body"):
        return
    length = request.headers.get("content-length")
    if length in (None, "0") and "transfer-encoding" not in request.headers:
        return
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ShipfloorError(
            415,
            "unsupported_media_type",
            f"Send the body as application/json (got {media or 'no content type'}).",
        )


def make_redis(url: str) -> Redis:
    """A Redis client that fails fast (2 s) and reconnects by itself."""
    return Redis.from_url(
        url,
        socket_timeout=2,
        socket_connect_timeout=2,
        health_check_interval=10,
        retry=Retry(ExponentialBackoff(cap=2, base=0.1), 2),
    )


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the app for ``settings`` (default: from the environment).

    The app's ``state`` holds ``settings``, ``engine``, ``sessionmaker``, ``redis`` (or None),
    ``login_limiter`` and ``event_bus``.
    """
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level, settings.log_json)
    engine = make_engine(settings)
    redis = make_redis(settings.redis_url) if settings.redis_url else None
    store = RedisStore(redis, namespace=settings.redis_namespace) if redis is not None else MemoryStore()
    channels = make_channels_plugin(redis, settings.redis_namespace)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        logger.info(
            "shipfloor starting",
            extra={"database": engine.dialect.name, "cache": "redis" if redis else "memory"},
        )
        solver_pool.warm()
        try:
            yield
        finally:
            await engine.dispose()
            if redis is not None:
                await redis.aclose()

    return Litestar(
        route_handlers=[
            health,
            events,
            AuthController, UserController,
            ProductController,
            WarehouseController,
            OrderController,
            StockController, BackorderController,
            dashboard,
            dashboard_floor,
            customers,
            shipping_preview,
            ShippingMethodController,
            ShippingRuleController,
            ChannelController,
            webhook,
            PickBatchController,
            BatchPlanningController,
            PutAwayController,
            PackingController,
            ShipmentController,
            MetricsController,
            make_web_router(),
        ],
        dependencies={"db_session": Provide(provide_db_session)},
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[
            RequestLogMiddleware,
            prometheus_config().middleware,
            DefineMiddleware(TokenAuthenticationMiddleware, exclude=["^/schema", "^/$", "^/assets/"]),
        ],
        before_request=require_json_body,
        plugins=[channels],
        lifespan=[lifespan, order_scheduler, channel_scheduler],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Shipfloor",
            version=__version__,
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        cors_config=CORSConfig(allow_origins=[]),
        state=State({
            "settings": settings,
            "engine": engine,
            "sessionmaker": make_sessionmaker(engine),
            "redis": redis,
            "login_limiter": LoginLimiter(store, settings.login_max_failures, settings.login_window_seconds),
            "event_bus": EventBus(channels, settings.redis_namespace),
        }),
        logging_config=None,
        debug=False,
    )
