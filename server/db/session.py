"""One unit of work per request: the request's session commits after the handler succeeded and
rolls back when it raised; events queued on the session go out only after the commit."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from server.events import EventBus

PENDING_EVENTS = "pending_events"

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


async def provide_db_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    """Litestar dependency ``db_session``.

    Litestar runs the code after ``yield`` once the handler has returned and before the response
    is sent, and throws the handler's exception into it, so a failed commit becomes the response.
    """
    async with state.sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            session.info.pop(PENDING_EVENTS, None)
            raise
        else:
            await commit_and_publish(session, state.get("event_bus"))
