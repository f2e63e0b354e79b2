"""Order history entries and the live events that go out after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import OrderEvent, SalesOrder
from server.db.session import queue_event


@dataclass(frozen=True, slots=True)
class Actor:
    """Who does something to an order: a user, a channel or the system (``label`` is what the
    history shows)."""

    label: str
    user_id: int | None = None
    channel: str | None = None

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        """The actor for a ``CurrentUser`` (``request.user``)."""
        return cls(label=user.display_name or user.username, user_id=user.id)

    @classmethod
    def for_channel(cls, channel: str) -> Actor:
        return cls(label=channel, channel=channel)


SYSTEM = Actor("system")
SCHEDULER = Actor("scheduler")


@dataclass(frozen=True, slots=True)
class Context:
    """One action's circumstances: who, the current instant (aware UTC) and the warehouse time
    zone (IANA name)."""

    actor: Actor
    now: datetime
    timezone: str


def record(
    session: AsyncSession,
    order: SalesOrder,
    ctx: Context,
    kind: str,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    hold_reason: str | None = None,
    message: str | None = None,
    data: dict[str, Any] | None = None,
) -> OrderEvent:
    """Add a history entry for ``order`` (written with the session's next flush) and queue the
    live event ``order.<kind>`` on the ``orders`` channel."""
    event = OrderEvent(
        order_id=order.id,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        hold_reason=hold_reason,
        actor=ctx.actor.label,
        user_id=ctx.actor.user_id,
        channel=ctx.actor.channel,
        message=message,
        data=data or {},
        created_at=ctx.now,
    )
    session.add(event)
    payload: dict[str, Any] = {"type": f"order.{kind}", "order_id": order.id, "number": order.number}
    if to_status is not None:
        payload.update({"from": from_status, "to": to_status, "hold_reason": hold_reason})
    queue_event(session, "orders", payload)
    return event
