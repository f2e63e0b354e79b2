"""``GET /api/events``: the live event stream as server-sent events (text/event-stream)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Annotated

import msgspec
from litestar import get
from litestar.channels import ChannelsPlugin
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import Parameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from server.domain.auth.guards import ANY_USER
from server.errors import ShipfloorError
from server.events import CHANNELS

HEARTBEAT_SECONDS = 15.0
"""Seconds between keep-alive comments on a quiet stream."""


@get("/api/events", guards=[ANY_USER], tags=["live"])
async def events(
    channels: NamedDependency[ChannelsPlugin],
    state: State,
    topics: Annotated[str | None, Parameter(max_length=200)] = None,
) -> ServerSentEvent:
    """Stream live events.

    Each message has ``event`` = the channel (``orders``, ``batches``, ``stock``, ``system``) and
    ``data`` = a JSON object with at least ``type``. ``topics`` is a comma-separated subset of the
    channels (default all). A comment line is sent every 15 seconds to keep the connection open.
    Authenticate with the ``Authorization`` header or, for EventSource, ``?access_token=``.

    Errors: 422 ``unknown_topic`` for a topic that is not a channel.
    """
    wanted = [t for t in (topics or ",".join(CHANNELS)).split(",") if t]
    unknown = [t for t in wanted if t not in CHANNELS]
    if unknown or not wanted:
        raise ShipfloorError(
            422, "unknown_topic", f"Unknown topic(s) {unknown}; choose from {list(CHANNELS)}."
        )

    async def stream() -> AsyncGenerator[ServerSentEventMessage, None]:
        yield ServerSentEventMessage(event="system", data='{"type": "connected"}', retry=3000)
        bus = state.event_bus
        async with channels.start_subscription([bus.topic(t) for t in wanted]) as subscriber:
            iterator = subscriber.iter_events().__aiter__()
            # The pending read is kept across heartbeats: cancelling it (as wait_for would)
            # closes the subscriber's generator and ends the stream.
            pending: asyncio.Task | None = None
            try:
                while True:
                    if pending is None:
                        pending = asyncio.ensure_future(iterator.__anext__())
                    done, _ = await asyncio.wait({pending}, timeout=HEARTBEAT_SECONDS)
                    if not done:
                        yield ServerSentEventMessage(comment="keep-alive", data=None)
                        continue
                    raw, pending = pending.result(), None
                    message = msgspec.json.decode(raw)
                    yield ServerSentEventMessage(event=message.get("channel", "system"), data=raw.decode())
            finally:
                if pending is not None:
                    pending.cancel()

    return ServerSentEvent(stream())
