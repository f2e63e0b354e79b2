"""One unit of work per request: the request's session commits after the handler succeeded and
rolls back when it raised; events queued on the session go out only after the commit."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.types import Scope
from sqlalchemy.ext.asyncio import AsyncSession

from server.events import EventBus

PENDING_EVENTS = "pending_events"
REQUEST_SESSION = "shipfloor.db_session"
"""Key of ``scope["state"]`` under which the authentication middleware leaves the session it
looked the token up with, for the handler to go on in (one connection and transaction per
request)."""

DbSession = NamedDependency[AsyncSession]
"""Handler parameter type for the request's session: ``db_session: DbSession``."""


def queue_event(session: AsyncSession, channel: str, payload: dict[str, Any]) -> None:
    """Queue ``payload`` for ``channel``; it is published after the session's next commit."""
    session.info.setdefault(PENDING_EVENTS, []).append((channel, payload))


async def commit_and_publish(session: AsyncSession, bus: EventBus | None) -> None:
    """Commit ``session``, then publish the events queued on it (none when the commit fails)."""
    await session.commit()
    events = session.info.pop(PENDING_EVENTS, [])
    if bus is not None:
        for channel, payload in events:
            bus.publish(channel, payload)


async def provide_db_session(state: State, scope: Scope) -> AsyncGenerator[AsyncSession, None]:
    """Litestar dependency ``db_session``: the session the authentication middleware opened
    for this request, or a new one for routes without authentication.

    Litestar runs the code after ``yield`` once the handler has returned and before the response
    is sent, and throws the handler's exception into it, so a failed commit becomes the response.
    The session is closed by whoever opened it.
    """
    shared = scope.get("state", {}).get(REQUEST_SESSION)
    if shared is not None:
        async for session in _unit_of_work(shared, state):
            yield session
        return
    async with state.sessionmaker() as session:
        async for session in _unit_of_work(session, state):
            yield session


async def _unit_of_work(session: AsyncSession, state: State) -> AsyncGenerator[AsyncSession, None]:
    try:
        yield session
    except BaseException:
        await session.rollback()
        session.info.pop(PENDING_EVENTS, None)
        raise
    else:
        await commit_and_publish(session, state.get("event_bus"))
