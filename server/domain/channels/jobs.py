"""App lifespan: sweep channels whose polling interval has passed and send due push-backs,
every ``INTERVAL_SECONDS`` (with jitter). Leases, not timing, keep each to one process."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from litestar import Litestar

from server.db.base import utcnow
from server.domain.channels.polling import due_channels, sweep
from server.domain.channels.pushback import run_pushes
from server.domain.orders.jobs import holder_name

logger = logging.getLogger("shipfloor.channels.jobs")

INTERVAL_SECONDS = 20.0


async def tick(state, holder: str) -> None:
    """One round: every due channel's sweep, then the outbox."""
    for channel_id in await due_channels(state.sessionmaker, utcnow()):
        await sweep(
            state.sessionmaker,
            state.settings,
            channel_id,
            holder=holder,
            bus=state.get("event_bus"),
        )
    await run_pushes(state.sessionmaker, state.settings, holder=holder)


@asynccontextmanager
async def scheduler(app: Litestar) -> AsyncGenerator[None, None]:
    state = app.state

    async def loop() -> None:
        holder = holder_name()
        while True:
            await asyncio.sleep(INTERVAL_SECONDS * random.uniform(0.5, 1.0))
            try:
                await tick(state, holder)
            except Exception:
                logger.exception("channel round failed")

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
