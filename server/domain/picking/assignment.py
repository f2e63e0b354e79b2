"""Giving a pick batch to a picker: a supervisor assigns it, ``next`` offers it to that picker
first and to nobody else, and the supervisor's picker list (what each picker is picking, and
the cart waiting for them)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import PickBatch, User
from server.domain.orders.events import Context
from server.domain.picking import events
from server.domain.picking.batches import lock_batch
from server.domain.picking.schemas import PickerOut
from server.errors import NotFound, ShipfloorError


def is_picker(user: User) -> bool:
    return bool(user.active) and "picker" in (user.roles or [])


async def assign(
    session: AsyncSession, batch_id: int, picker_id: int | None, force: bool, ctx: Context
) -> PickBatch:
    """Assign batch ``batch_id`` to picker ``picker_id`` (None: take the assignment back).

    A batch not started yet only records the assignment. A batch being picked by another
    picker moves to the new one only with ``force`` (``picker_id`` becomes theirs: their next
    scans continue the walk); given back to the picker walking it, nothing else changes.
    Raises 404 ``pick_batch_not_found`` / ``user_not_found``, 422 ``not_a_picker`` (no
    picker role, or inactive), 409 ``batch_closed``, ``batch_started`` (picked by someone
    else, without ``force``; or an assignment taken back from a batch under way)."""
    batch = await lock_batch(session, batch_id)
    if batch.status == "closed":
        raise ShipfloorError(409, "batch_closed", f"Batch {batch.id} is closed already.")
    user = None
    if picker_id is not None:
        user = await session.get(User, picker_id)
        if user is None:
            raise NotFound("user", picker_id)
        if not is_picker(user):
            raise ShipfloorError(422, "not_a_picker", f"{user.display_name} is not an active picker.",
                                 field="picker_id")
    if batch.status == "picking" and batch.picker_id != picker_id:
        if picker_id is None:
            raise ShipfloorError(409, "batch_started",
                                 f"Batch {batch.id} is being picked; give it to another picker instead.")
        if not force:
            walker = await session.get(User, batch.picker_id) if batch.picker_id else None
            raise ShipfloorError(
                409, "batch_started",
                f"Batch {batch.id} is being picked by {walker.display_name if walker else 'someone'}; "
                "move it anyway with force.",
                picker_id=batch.picker_id,
            )
        batch.picker_id = picker_id
    batch.assigned_picker_id = picker_id
    await session.flush()
    events.progress(session, batch, "batch.assigned", picker_id=picker_id, by=ctx.actor.user_id)
    return batch


async def pickers(session: AsyncSession) -> list[PickerOut]:
    """Active users with the picker role by display name, with the batch each is picking and
    the batch assigned to each and not started (the oldest: the one ``next`` offers them)."""
    users = [u for u in await session.scalars(select(User).where(User.active.is_(True))) if is_picker(u)]
    # Newest first: the dict keeps each picker's oldest batch.
    walking = dict((await session.execute(
        select(PickBatch.picker_id, PickBatch.id).where(PickBatch.status == "picking").order_by(PickBatch.id.desc())
    )).all())
    waiting = dict((await session.execute(
        select(PickBatch.assigned_picker_id, PickBatch.id)
        .where(PickBatch.status == "created", PickBatch.assigned_picker_id.is_not(None))
        .order_by(PickBatch.id.desc())
    )).all())
    return [
        PickerOut(u.id, u.username, u.display_name, walking.get(u.id), waiting.get(u.id))
        for u in sorted(users, key=lambda u: (u.display_name.lower(), u.id))
    ]
