"""``GET /api/health``: is the database reachable, and which cache backend is in use."""

from __future__ import annotations

import asyncio

import msgspec
from litestar import Response, get
from litestar.datastructures import State
from sqlalchemy import text


class Health(msgspec.Struct):
    status: str
    database: str
    cache: str
    cache_state: str


@get("/api/health", exclude_from_auth=True, tags=["health"])
async def health(state: State) -> Response[Health]:
    """Database and cache state.

    ``status`` is ``ok`` with HTTP 200 when the database answers, else ``unavailable`` with 503;
    ``database`` is ``ok`` or ``unavailable``; ``cache`` is ``redis`` or ``memory`` (the backend
    configured for channels and stores) and ``cache_state`` ``ok`` or ``unavailable``.
    """
    database = "ok"
    try:
        async with state.sessionmaker() as session:
            await asyncio.wait_for(session.execute(text("SELECT 1")), timeout=5)
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database = "unavailable"
    cache, cache_state = "memory", "ok"
    if state.redis is not None:
        cache = "redis"
        try:
            await asyncio.wait_for(state.redis.ping(), timeout=2)
        except Exception:  # noqa: BLE001
            cache_state = "unavailable"
    ok = database == "ok"
    return Response(
        Health(status="ok" if ok else "unavailable", database=database, cache=cache, cache_state=cache_state),
        status_code=200 if ok else 503,
    )
