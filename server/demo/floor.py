"""Demo floor work: the demo orders meant for the floor get there the way real orders do.

``load_orders`` leaves these orders ready for picking and names the status each should end in
(``FloorOrder``); this step takes them there through the picking, packing and shipment
services, as a supervisor, the handheld and the packing station would:

- one batch, made by the supervisor and picked to the end by the picker: its orders wait for
  packing in their totes, or are packed (a labelled shipment, ``ready_for_shipping``), or are
  packed and handed to the carrier (``completed``);
- one batch started and part-picked (every order on it keeps at least one unit to pick): its
  orders are ``picking``, and one of them is then put on hold (held from ``picking``).

So stock, allocations, batches, totes, shipments and history agree with every status. Runs
once: when any pick batch exists it does nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import make_code
from server.db.base import utcnow
from server.db.models import OrderLine, PickBatch, ProductBarcode, User
from server.domain.orders import flow, rules
from server.domain.orders.events import Actor, Context
from server.domain.packing import services as packing
from server.domain.packing.schemas import CloseIn
from server.domain.picking import batches, scans
from server.domain.picking.schemas import ScanIn
from server.domain.picking.state import load
from server.domain.shipments import services as shipments

DEMO_TIMEZONE = "Europe/Amsterdam"
# Where a demo order goes on the floor: a status, or on hold from ``picking`` (held while its
# batch is being picked).
HELD_WHILE_PICKING = "held_while_picking"
PICKED = (rules.READY_FOR_PACKING, rules.READY_FOR_SHIPPING, rules.COMPLETED)
BEING_PICKED = (rules.PICKING, HELD_WHILE_PICKING)
TARGETS = (*BEING_PICKED, *PICKED)


@dataclass(frozen=True, slots=True)
class FloorOrder:
    """A demo order, ready for picking, and where the floor step takes it (``TARGETS``)."""

    order_id: int
    number: str
    target: str

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"no floor target {self.target!r}; expected one of {TARGETS}")


def _id() -> str:
    return str(uuid.uuid4())


async def _ctx(session: AsyncSession, username: str) -> Context:
    user = await session.scalar(select(User).where(User.username == username))
    actor = Actor(user.display_name, user_id=user.id) if user else Actor(username)
    return Context(actor, utcnow(), DEMO_TIMEZONE)


async def _gtin(session: AsyncSession, product_id: int) -> str | None:
    return await session.scalar(select(ProductBarcode.code).where(ProductBarcode.product_id == product_id)
                                .order_by(ProductBarcode.id).limit(1))


async def _walk(session: AsyncSession, batch: PickBatch, ctx: Context, budget: dict[str, int] | None = None) -> None:
    """Follow the batch's instructions as the handheld shows them, one unit a scan. Without
    ``budget``: to the end of the batch. With it (units each order number may have picked):
    stop at the first instruction for an order whose units are used up. A refused scan means
    the demo no longer fits the picking rules: ``RuntimeError``."""
    while True:
        nxt = (await load(session, batch)).instruction()
        if nxt.action == "scan_tote":  # SHIPFLOOR_PICK_TOTE_SCAN: confirm the tote of the last pick
            code = nxt.tote_barcode
        elif nxt.action in ("scan_location", "scan_product"):
            if budget is not None and budget.get(nxt.order_number or "", 0) < 1:
                return
            if nxt.action == "scan_location":
                code = nxt.location_barcode
            else:
                code = await _gtin(session, nxt.product.id)
                if budget is not None:
                    budget[nxt.order_number or ""] -= 1
        else:
            return
        answer = await scans.scan(session, batch.id, ScanIn(id=_id(), code=code or ""), ctx)
        if answer.refused:
            raise RuntimeError(f"demo pick batch {batch.id}: scan of {code!r} refused: {answer.body}")


async def _pack(session: AsyncSession, number: str, ctx: Context) -> int:
    """Pack the order's tote at the packing station: every unit scanned, the parcel closed
    (labelled shipment, ``ready_for_shipping``). Returns the shipment's id."""
    opened = await packing.open_session(session, make_code("order", number), ctx)
    for line in opened.lines:
        gtin = await _gtin(session, line.product.id)
        await packing.scan(session, opened.id, ScanIn(id=_id(), code=gtin, quantity=line.expected), ctx)
    closed = await packing.close(session, opened.id, CloseIn(weight_grams=1200, box="M"), ctx)
    return closed.shipment.id


async def _units(session: AsyncSession, order_id: int) -> int:
    return int(await session.scalar(select(func.sum(OrderLine.quantity)).where(OrderLine.order_id == order_id)) or 0)


async def load_floor(session: AsyncSession, plan: list[FloorOrder]) -> int:
    """Take the ``plan``'s orders to their floor targets (see the module doc); returns the
    number of batches created (0 when any batch exists already, or nothing is planned)."""
    if not plan or await session.scalar(select(PickBatch.id).limit(1)) is not None:
        return 0
    supervisor = await _ctx(session, "supervisor")
    picker, packer = await _ctx(session, "picker"), await _ctx(session, "packer")
    created = 0

    picked = [o for o in plan if o.target in PICKED]
    if picked:
        batch = await batches.create_batch(session, [o.order_id for o in picked], supervisor)
        await batches.start_batch(session, batch.id, picker, None)
        await _walk(session, batch, picker)
        for o in picked:
            if o.target == rules.READY_FOR_PACKING:
                continue
            shipment_id = await _pack(session, o.number, packer)
            if o.target == rules.COMPLETED:
                await shipments.hand_over(session, shipment_id, packer)
        created += 1

    going = [o for o in plan if o.target in BEING_PICKED]
    if going:
        batch = await batches.create_batch(session, [o.order_id for o in going], supervisor)
        await batches.start_batch(session, batch.id, picker, None)
        # Each order keeps a unit to pick, so stays ``picking``; the first pick always happens
        # when the orders have two units or more.
        await _walk(session, batch, picker, budget={o.number: await _units(session, o.order_id) - 1 for o in going})
        for o in going:
            if o.target == HELD_WHILE_PICKING:
                order = await flow.load_order(session, o.order_id, lock=True)
                await flow.hold(session, order, supervisor, "Customer asked to wait")
        created += 1
    await session.flush()
    return created
