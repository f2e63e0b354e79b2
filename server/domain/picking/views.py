"""Read views of pick batches."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import make_code
from server.db.models import PickBatch, PickBatchOrder, SalesOrder, User
from server.domain.picking import walking
from server.domain.picking.schemas import BatchOut, Instruction, StopOut, TaskOut, ToteOut
from server.domain.picking.state import BatchState, load, tote_label
from server.errors import NotFound


async def get_batch(session: AsyncSession, batch_id: int) -> PickBatch:
    """Raises 404 ``pick_batch_not_found``."""
    batch = await session.get(PickBatch, batch_id, populate_existing=True)
    if batch is None:
        raise NotFound("pick_batch", batch_id)
    return batch


async def batch_view(session: AsyncSession, batch: PickBatch, st: BatchState | None = None) -> BatchOut:
    """The batch with its totes, its stops in route order (with their labels' texts) and
    ``next`` (``BatchOut``), all from ``st`` (loaded here when not given: one query)."""
    st = st or await load(session, batch)
    rows = await session.execute(
        select(PickBatchOrder, SalesOrder.number)
        .join(SalesOrder, SalesOrder.id == PickBatchOrder.order_id)
        .where(PickBatchOrder.batch_id == batch.id)
        .order_by(PickBatchOrder.position)
    )
    totes = [ToteOut(m.position, m.tote_code, m.order_id, number, m.state, tote_label(m.tote_code))
             for m, number in rows]
    stops = []
    for stop in st.stops:
        tasks = [
            TaskOut(t.row.id, t.row.order_id, t.order_number, t.member.position, t.member.tote_code,
                    t.row.quantity, t.row.picked, tote_label(t.member.tote_code))
            for t in stop.tasks
        ]
        stops.append(StopOut(
            id=stop.row.id, seq=stop.row.seq, location=stop.code, location_words=stop.words,
            product=stop.product, quantity=sum(t.quantity for t in tasks),
            picked=sum(t.picked for t in tasks), state=stop.row.state, tasks=tasks,
            location_barcode=stop.barcode,
        ))
    progress = st.progress()
    names = dict((await session.execute(
        select(User.id, User.display_name).where(User.id.in_({batch.picker_id, batch.assigned_picker_id} - {None}))
    )).all())
    walked = await walking.walked_m(session, [batch])
    return BatchOut(
        id=batch.id, code=make_code("batch", str(batch.id)), status=batch.status,
        picker_id=batch.picker_id, route_method=batch.route_method,
        route_length_m=round(batch.route_length_m, 2),
        code_order_length_m=round(batch.code_order_length_m, 2),
        saved_m=round(max(0.0, batch.code_order_length_m - batch.route_length_m), 2),
        units_total=progress.units_total, units_picked=progress.units_picked,
        totes=totes, stops=stops, created_at=batch.created_at, started_at=batch.started_at,
        closed_at=batch.closed_at, picker=names.get(batch.picker_id),
        assigned_picker_id=batch.assigned_picker_id, assigned_picker=names.get(batch.assigned_picker_id),
        stops_done=progress.stops_done, walked_m=walked[batch.id], next=_next(batch, st),
    )


def _next(batch: PickBatch, st: BatchState) -> Instruction | None:
    """What a scan answer would say next: the current step while picking, ``batch_done`` once
    closed, nothing before the start."""
    if batch.status == "picking":
        return st.instruction()
    if batch.status == "closed":
        return Instruction(action="batch_done")
    return None
