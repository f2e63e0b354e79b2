"""Live events: Litestar channels, on Redis pub/sub when Redis is configured, in memory otherwise.

Events are notifications of state that lives in the database, so losing one while Redis is down
is acceptable; the API must keep serving, and the stream resumes by itself when Redis returns.
Channels: ``orders``, ``batches``, ``stock``, ``system``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Iterable
from typing import Any

import msgspec
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("shipfloor.events")

CHANNELS = ("orders", "batches", "stock", "system")
_RETRY_SECONDS = 1.0


class ResilientRedisPubSubBackend(RedisChannelsPubSubBackend):
    """Redis pub/sub backend that survives Redis outages.

    Litestar's backend lets a connection error end its publish and subscribe workers for good;
    here a failed publish is logged and dropped, and the event stream waits and reconnects
    (redis-py's ``PubSub`` re-subscribes its channels on reconnect).
    """

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        try:
            await super().publish(data, channels)
        except (RedisError, OSError) as exc:
            logger.warning("event dropped: redis unavailable (%s)", exc.__class__.__name__)

    async def subscribe(self, channels: Iterable[str]) -> None:
        try:
            await super().subscribe(channels)
        except (RedisError, OSError) as exc:
            # The subscription is remembered by PubSub and replayed on reconnect.
            logger.warning("subscribe deferred: redis unavailable (%s)", exc.__class__.__name__)
            self._has_subscribed.set()

    async def stream_events(self) -> AsyncGenerator[tuple[str, Any], None]:
        while True:
            try:
                async for item in super().stream_events():
                    yield item
            except (RedisError, OSError) as exc:
                logger.warning("event stream paused: redis unavailable (%s)", exc.__class__.__name__)
                await asyncio.sleep(_RETRY_SECONDS)


def make_channels_plugin(redis: Redis | None, namespace: str = "shipfloor") -> ChannelsPlugin:
    """The channels plugin on Redis (``redis`` given) or in memory, with the channels of
    ``CHANNELS`` named ``<namespace>.<channel>`` so that installations can share a Redis."""
    backend = (
        ResilientRedisPubSubBackend(redis=redis, key_prefix=f"{namespace.upper()}_CHANNELS")
        if redis is not None
        else MemoryChannelsBackend()
    )
    return ChannelsPlugin(
        backend=backend,
        channels=[f"{namespace}.{c}" for c in CHANNELS],
        arbitrary_channels_allowed=False,
    )


class EventBus:
    """Publishes domain events on the channels plugin as JSON ``{"channel": ..., "type": ...,
    ...}`` objects."""

    def __init__(self, channels: ChannelsPlugin, namespace: str = "shipfloor") -> None:
        self.channels = channels
        self.namespace = namespace

    def topic(self, channel: str) -> str:
        """The plugin's name of the logical ``channel``."""
        return f"{self.namespace}.{channel}"

    def publish(self, channel: str, payload: dict[str, Any]) -> None:
        """Publish ``payload`` on ``channel`` (one of ``CHANNELS``); never raises for a backend
        outage. Raises ``ValueError`` for an unknown channel."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        logger.info("event", extra={"channel": channel, "event": payload.get("type")})
        try:
            self.channels.publish(msgspec.json.encode({"channel": channel, **payload}), self.topic(channel))
        except Exception as exc:  # noqa: BLE001 - a lost notification must not fail a committed request
            logger.warning("event not published: %s", exc)
