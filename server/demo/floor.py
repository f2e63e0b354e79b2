"""Demo floor work: a batch being picked, and picked orders packed and shipped.

Runs once: when any pick batch exists it does nothing. Everything goes through the picking,
packing and shipment services, as the handheld and packing station would.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import make_code
from server.db.base import utcnow
from server.db.models import PickBatch, ProductBarcode, SalesOrder, User
from server.domain.orders import rules
from server.domain.orders.events import Actor, Context
from server.domain.packing import services as packing
from server.domain.packing.schemas import CloseIn
from server.domain.picking import batches, scans
from server.domain.picking.schemas import ScanIn
from server.domain.picking.state import load
from server.domain.shipments import services as shipments

DEMO_TIMEZONE = "Europe/Amsterdam"


def _id() -> str:
    return str(uuid.uuid4())


async def _ctx(session: AsyncSession, username: str) -> Context:
    user = await session.scalar(select(User).where(User.username == username))
    actor = Actor(user.display_name, user_id=user.id) if user else Actor(username)
    return Context(actor, utcnow(), DEMO_TIMEZONE)


async def _gtin(session: AsyncSession, product_id: int) -> str | None:
    return await session.scalar(select(ProductBarcode.code).where(ProductBarcode.product_id == product_id)
                                .order_by(ProductBarcode.id).limit(1))


async def _walk(session: AsyncSession, batch: PickBatch, ctx: Context, scans_left: int | None = None) -> None:
    """Follow the batch's instructions; stop after ``scans_left`` scans (None: to the end)."""
    st = await load(session, batch)
    nxt = st.instruction()
    while nxt.action in ("scan_location", "scan_product") and scans_left != 0:
        if nxt.action == "scan_location":
            code = make_code("location", nxt.location)
        else:
            code = await _gtin(session, nxt.product.id)
        answer = await scans.scan(session, batch.id, ScanIn(id=_id(), code=code), ctx)
        if answer.refused:
            return
        nxt_body = answer.body["next"]
        st = await load(session, batch)
        nxt = st.instruction()
        if nxt_body["action"] == "batch_done":
            return
        if scans_left is not None:
            scans_left -= 1


async def _pack(session: AsyncSession, number: str, ctx: Context) -> int:
    opened = await packing.open_session(session, make_code("order", number), ctx)
    for line in opened.lines:
        gtin = await _gtin(session, line.product.id)
        await packing.scan(session, opened.id, ScanIn(id=_id(), code=gtin, quantity=line.expected), ctx)
    closed = await packing.close(session, opened.id, CloseIn(weight_grams=1200, box="M"), ctx)
    return closed.shipment.id


async def load_floor(session: AsyncSession) -> int:
    """One batch fully picked (one order packed, one shipped) and one batch in progress;
    returns the number of batches created."""
    if await session.scalar(select(PickBatch.id).limit(1)) is not None:
        return 0
    ready = list(await session.scalars(
        select(SalesOrder).where(SalesOrder.status == rules.READY_FOR_PICKING).order_by(SalesOrder.id)
    ))
    ready = [o for o in ready if o.number]
    # Numbers read now: picking moves the orders on without refreshing these objects.
    numbers = [o.number for o in ready]
    if len(ready) < 3:
        return 0
    picker, packer = await _ctx(session, "picker"), await _ctx(session, "packer")
    done = await batches.create_batch(session, [ready[0].id, ready[1].id], picker)
    await batches.start_batch(session, done.id, picker, None)
    await _walk(session, done, picker)
    shipped = await _pack(session, numbers[0], packer)
    await shipments.hand_over(session, shipped, packer)
    await _pack(session, numbers[1], packer)
    going = await batches.create_batch(session, [o.id for o in ready[2:4]], picker)
    await batches.start_batch(session, going.id, picker, None)
    await _walk(session, going, picker, scans_left=2)
    await session.flush()
    return 2
