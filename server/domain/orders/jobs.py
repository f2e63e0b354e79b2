"""Scheduled release: orders waiting on ``on_hold/scheduled`` go through the release check on
their ship date, exactly once, however many server processes run.

Exactly once rests on the database, in two layers:

1. A lease row (``job_leases``) taken with a conditional UPDATE lets one process at a time run
   the job; others skip the round.
2. Each order is taken with ``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL) and moved in the
   same transaction, and ``sales_orders.version`` makes a move of a stale row match nothing, so
   even two runs at once (an expired lease) cannot release an order twice. SQLite serialises
   writers and the version check does the rest.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import uuid
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from litestar import Litestar
from sqlalchemy import or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.db.base import utcnow
from server.db.models import JobLease, SalesOrder
from server.db.session import PENDING_EVENTS, commit_and_publish
from server.domain.orders import rules
from server.domain.orders.events import SCHEDULER, Context
from server.domain.orders.flow import release_check
from server.errors import ShipfloorError
from server.events import EventBus

logger = logging.getLogger("shipfloor.jobs")

RELEASE_JOB = "release_scheduled"
LEASE_SECONDS = 300
BATCH = 100
INTERVAL_SECONDS = 60.0


def holder_name() -> str:
    """An id for this process, unique across hosts and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def acquire_lease(session: AsyncSession, name: str, holder: str, now: datetime, seconds: int) -> bool:
    """Take (or renew) lease ``name`` for ``holder`` until ``now + seconds``; False when another
    holder's lease has not expired. Commits."""
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(JobLease)
        .values(name=name, holder="", lease_until=now - timedelta(seconds=1))
        .on_conflict_do_nothing(index_elements=["name"])
    )
    result = await session.execute(
        update(JobLease)
        .where(JobLease.name == name, or_(JobLease.lease_until < now, JobLease.holder == holder))
        .values(holder=holder, lease_until=now + timedelta(seconds=seconds), last_run_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return result.rowcount == 1


async def release_lease(session: AsyncSession, name: str, holder: str, now: datetime) -> None:
    """Give lease ``name`` up early if ``holder`` still has it. Commits."""
    await session.execute(
        update(JobLease)
        .where(JobLease.name == name, JobLease.holder == holder)
        .values(lease_until=now)
        .execution_options(synchronize_session=False)
    )
    await session.commit()


async def release_due_orders(
    sessionmaker: async_sessionmaker[AsyncSession],
    timezone: str,
    *,
    now: datetime | None = None,
    holder: str | None = None,
    bus: EventBus | None = None,
    use_lease: bool = True,
) -> list[int]:
    """Send every ``on_hold/scheduled`` order whose ship date is today or earlier (in the
    warehouse zone ``timezone`` at ``now``, default the current time) through the release
    check; each order in its own transaction, highest priority first, then oldest. Returns the
    ids of the orders this call moved (empty when another process holds the lease)."""
    now = now or utcnow()
    holder = holder or holder_name()
    today = rules.warehouse_today(now, timezone)
    ctx = Context(SCHEDULER, now, timezone)
    moved: list[int] = []
    async with sessionmaker() as session:
        if use_lease and not await acquire_lease(session, RELEASE_JOB, holder, now, LEASE_SECONDS):
            return moved
        skipped: set[int] = set()
        try:
            while True:
                query = (
                    select(SalesOrder)
                    .where(
                        SalesOrder.status == rules.ON_HOLD,
                        SalesOrder.hold_reason == rules.SCHEDULED,
                        SalesOrder.requested_ship_date <= today,
                        SalesOrder.id.not_in(skipped) if skipped else true(),
                    )
                    .order_by(SalesOrder.priority.desc(), SalesOrder.created_at, SalesOrder.id)
                    .limit(1)
                    .with_for_update(of=SalesOrder, skip_locked=True)
                    .execution_options(populate_existing=True)
                )
                order = await session.scalar(query)
                if order is None:
                    break
                try:
                    await release_check(session, order, ctx)
                    await commit_and_publish(session, bus)
                    moved.append(order.id)
                except ShipfloorError as exc:
                    # Lost to a concurrent change of this order: whoever won has moved it.
                    await session.rollback()
                    session.info.pop(PENDING_EVENTS, None)
                    skipped.add(order.id)
                    logger.info("scheduled release skipped", extra={"order_id": order.id, "code": exc.code})
        finally:
            await session.rollback()
            if use_lease:
                await release_lease(session, RELEASE_JOB, holder, utcnow() if now is None else now)
    if moved:
        logger.info("scheduled orders released", extra={"count": len(moved)})
    return moved


@asynccontextmanager
async def scheduler(app: Litestar) -> AsyncGenerator[None, None]:
    """App lifespan: run ``release_due_orders`` every ``INTERVAL_SECONDS`` (with jitter, so
    that processes started together do not knock at the same moment). The lease, not the
    timing, keeps it to one process at a time."""
    state = app.state

    async def loop() -> None:
        holder = holder_name()
        while True:
            await asyncio.sleep(INTERVAL_SECONDS * random.uniform(0.5, 1.0))
            try:
                await release_due_orders(
                    state.sessionmaker, state.settings.timezone, holder=holder, bus=state.get("event_bus")
                )
            except Exception:  # noqa: BLE001 - the next round retries; one failure must not stop the job
                logger.exception("scheduled release failed")

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
