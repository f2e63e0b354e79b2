"""Run the app on a real socket inside the test's event loop (for streams and browsers)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import uvicorn


def meeting_point(count: int, timeout: float = 1.0) -> Callable[[], Awaitable[None]]:
    """``await meet()`` returns once ``count`` callers have arrived, or after ``timeout``
    seconds: requests made to meet inside the app truly overlap there, and one that holds a lock
    the others wait for goes on after the timeout instead of deadlocking the test."""
    arrived = 0
    everyone = asyncio.Event()

    async def meet() -> None:
        nonlocal arrived
        arrived += 1
        if arrived >= count:
            everyone.set()
        try:
            await asyncio.wait_for(everyone.wait(), timeout)
        except TimeoutError:
            pass

    return meet


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def live_server(app, port: int | None = None) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 and yield its base URL; stops the server on exit."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        if task.done():
            task.result()
        await asyncio.sleep(0.025)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        server.force_exit = True
        await asyncio.wait_for(task, timeout=10)


async def sse_messages(response) -> AsyncIterator[tuple[str | None, dict]]:  # noqa: ANN001
    """The (event name, JSON data) messages of a streaming server-sent events response."""
    event, data = None, []
    async for line in response.aiter_lines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data.append(line.split(":", 1)[1].strip())
        elif line == "" and data:
            yield event, json.loads("\n".join(data))
            event, data = None, []
