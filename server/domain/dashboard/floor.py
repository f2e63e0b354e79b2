"""Floor figures of the dashboard: batches under way, totes set aside, put-away waiting, and
units picked per hour today against the same weekday of the four weeks before."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from scanners import make_code
from server.db.models import PickBatch, PickBatchOrder, PickConfirmation, PickTask, PutAwayTask, SalesOrder, User
from server.domain.orders import rules as order_rules
from server.domain.dashboard.schemas import BatchProgress, PickRate
from server.domain.picking import proposals, walking

WEEKS_COMPARED = 4
OPEN_BATCHES = ("created", "picking")


async def batches_in_progress(session: AsyncSession, now: datetime) -> list[BatchProgress]:
    """Every batch not closed, oldest first. ``percent_done``: units picked of the batch's
    units, rounded down; ``walked_m``: metres walked so far (``picking.walking``: along the
    route from the start through the last stop done); ``lines_per_hour``: pick lines (an order
    line at a stop) picked in full, per hour since the batch started; None before it starts."""
    tasks = (
        select(
            PickTask.batch_order_id,
            func.sum(PickTask.quantity).label("units"),
            func.sum(PickTask.picked).label("picked"),
            func.sum(case((PickTask.picked >= PickTask.quantity, 1), else_=0)).label("done"),
        )
        .group_by(PickTask.batch_order_id)
        .subquery()
    )
    per_batch = (
        select(
            PickBatchOrder.batch_id,
            func.coalesce(func.sum(tasks.c.units), 0).label("units"),
            func.coalesce(func.sum(tasks.c.picked), 0).label("picked"),
            func.coalesce(func.sum(tasks.c.done), 0).label("done"),
        )
        .outerjoin(tasks, tasks.c.batch_order_id == PickBatchOrder.id)
        .group_by(PickBatchOrder.batch_id)
        .subquery()
    )
    assignee = aliased(User)
    rows = list(await session.execute(
        select(PickBatch, User.display_name, assignee.display_name, per_batch.c.units, per_batch.c.picked,
               per_batch.c.done)
        .outerjoin(User, User.id == PickBatch.picker_id)
        .outerjoin(assignee, assignee.id == PickBatch.assigned_picker_id)
        .outerjoin(per_batch, per_batch.c.batch_id == PickBatch.id)
        .where(PickBatch.status.in_(OPEN_BATCHES))
        .order_by(PickBatch.id)
    ))
    walked = await walking.walked_m(session, [row[0] for row in rows])
    result = []
    for batch, picker, assigned, units, picked, done in rows:
        units, picked, done = int(units or 0), int(picked or 0), int(done or 0)
        hours = (now - batch.started_at).total_seconds() / 3600 if batch.started_at else None
        result.append(BatchProgress(
            id=batch.id,
            code=make_code("batch", str(batch.id)),
            status=batch.status,
            picker=picker,
            units_total=units,
            units_picked=picked,
            percent_done=(100 * picked) // units if units else 0,
            route_length_m=round(batch.route_length_m, 1),
            walked_m=round(walked[batch.id], 1),
            assigned_picker=assigned,
            assigned_picker_id=batch.assigned_picker_id,
            lines_picked=done,
            lines_per_hour=round(done / hours, 1) if hours and hours > 0 else None,
        ))
    return result


async def totes_aside(session: AsyncSession) -> int:
    """Totes set aside (their order was held while picking, or went short) whose order waits
    for a decision: still on hold, or released (back to picking, or to ready for picking after
    a backorder hold) and on no open batch yet. The batch may have gone on and closed without
    them. An order taken off a cart before its start had no tote and is not counted."""
    claimed = proposals.claimed_orders()
    return int(await session.scalar(
        select(func.count()).select_from(PickBatchOrder)
        .join(SalesOrder, SalesOrder.id == PickBatchOrder.order_id)
        .where(PickBatchOrder.state == "aside", PickBatchOrder.tote_code.is_not(None),
               SalesOrder.status.in_((order_rules.ON_HOLD, order_rules.PICKING, order_rules.READY_FOR_PICKING)),
               SalesOrder.id.not_in(claimed))
    ) or 0)


async def put_away_open(session: AsyncSession) -> int:
    """Picked units of cancelled orders still to be put back (open put-away tasks)."""
    return int(await session.scalar(
        select(func.count()).select_from(PutAwayTask).where(PutAwayTask.state == "open")
    ) or 0)


async def pick_rate(session: AsyncSession, today: date, timezone: str) -> PickRate:
    """Units confirmed per hour of ``today`` (warehouse time), and the mean per hour of the same
    weekday in the ``WEEKS_COMPARED`` weeks before (a day without picks counts as zero)."""
    zone = ZoneInfo(timezone)
    first = today - timedelta(weeks=WEEKS_COMPARED)
    since = datetime.combine(first, time(0), zone)
    rows = await session.execute(
        select(PickConfirmation.created_at, PickConfirmation.quantity).where(PickConfirmation.created_at >= since)
    )
    today_hours = [0] * 24
    past_hours = [0] * 24
    past_days = {today - timedelta(weeks=w) for w in range(1, WEEKS_COMPARED + 1)}
    for created_at, quantity in rows:
        local = created_at.astimezone(zone)
        if local.date() == today:
            today_hours[local.hour] += quantity
        elif local.date() in past_days:
            past_hours[local.hour] += quantity
    return PickRate(today=today_hours, weekday_average=[round(n / WEEKS_COMPARED, 2) for n in past_hours])
