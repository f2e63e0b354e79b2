"""A batch's stops and tasks as one scan (or short pick) sees them, and what comes next."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import label_code
from server.db.models import (
    Location,
    PickBatch,
    PickBatchOrder,
    PickScan,
    PickStop,
    PickTask,
    Product,
    ProductBarcode,
    SalesOrder,
)
from server.domain.orders import rules as order_rules
from server.domain.picking.rules import location_words
from server.domain.picking.schemas import Instruction, ProductOut, Progress

STOPPED = (order_rules.ON_HOLD, order_rules.CANCELLED)


def location_label(code: str) -> str | None:
    """The barcode text of a bin's label (``LOC-A-03-01-B-U`` for ``A-03-01-B``), as the pick
    list prints it; None for a code no label can carry."""
    return label_code("location", code)


def tote_label(tote_code: str | None) -> str | None:
    """The barcode text of a tote's label (``TOT-T017-1`` for ``T017``), as the pick list
    prints it; None without a tote, or for a code no label can carry."""
    return label_code("tote", tote_code) if tote_code else None


@dataclass
class Task:
    row: PickTask
    member: PickBatchOrder
    order_number: str | None
    order_status: str

    @property
    def remaining(self) -> int:
        return self.row.quantity - self.row.picked

    @property
    def live(self) -> bool:
        return self.member.state == "active"


@dataclass
class Stop:
    row: PickStop
    code: str
    words: str
    product: ProductOut
    tasks: list[Task] = field(default_factory=list)

    def open_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.live and t.remaining > 0]

    @property
    def barcode(self) -> str | None:
        """``location_label`` of the stop's bin; made when asked (a scan loads every stop and
        needs the current one's only)."""
        return location_label(self.code)


@dataclass
class BatchState:
    batch: PickBatch
    stops: list[Stop]
    members: dict[int, PickBatchOrder]
    seen: Seen

    def current(self) -> Stop | None:
        """The first stop in route order that still has units for a live tote (a stop whose
        totes were all set aside is passed over until ``settle`` marks it done)."""
        for stop in self.stops:
            if stop.row.state == "open" and stop.open_tasks():
                return stop
        return None

    def settle(self) -> list[Stop]:
        """Mark stops without open work done; returns the stops just marked."""
        marked = []
        for stop in self.stops:
            if stop.row.state == "open" and not stop.open_tasks():
                stop.row.state = "done"
                marked.append(stop)
        return marked

    def progress(self) -> Progress:
        live = [t for s in self.stops for t in s.tasks if t.member.state != "aside"]
        return Progress(
            stops_done=sum(1 for s in self.stops if s.row.state != "open"),
            stops_total=len(self.stops),
            units_picked=sum(t.row.picked for t in live),
            units_total=sum(t.row.quantity for t in live),
            status=self.batch.status,
        )

    def order_done(self, member_id: int) -> bool:
        return all(t.remaining == 0 for s in self.stops for t in s.tasks if t.member.id == member_id)

    def instruction(self) -> Instruction:
        waiting = self.batch.awaiting_tote
        if waiting is not None:
            member = next((m for m in self.members.values() if m.position == waiting), None)
            if member is not None:
                return Instruction(action="scan_tote", tote=waiting, tote_code=member.tote_code,
                                   tote_barcode=tote_label(member.tote_code))
        stop = self.current()
        if stop is None:
            return Instruction(action="batch_done")
        task = stop.open_tasks()[0]
        return Instruction(
            action="scan_product" if stop.row.located else "scan_location",
            stop_id=stop.row.id, seq=stop.row.seq, location=stop.code, location_barcode=stop.barcode,
            location_words=stop.words, product=stop.product, quantity=task.remaining,
            tote=task.member.position, tote_code=task.member.tote_code,
            tote_barcode=tote_label(task.member.tote_code), order_number=task.order_number,
        )


@dataclass(frozen=True, slots=True)
class Seen:
    """What a scan's lookups found: the batch, stored answer and logged code of an earlier scan
    with the same id (None when new) and the product of the scanned barcode (None: no
    product)."""

    batch_id: int | None = None
    answer: dict | None = None
    raw: str | None = None
    product_id: int | None = None


# The scan id's earlier use and the barcode's product, as columns of the batch's rows: a scan
# loads its batch and does both lookups in one round trip. Uncorrelated scalar subqueries are
# run once per statement, not once per row (PostgreSQL InitPlans, SQLite's cached subqueries).
_SEEN = (
    select(PickScan.batch_id).where(PickScan.client_id == bindparam("scan_id")).scalar_subquery(),
    select(PickScan.response).where(PickScan.client_id == bindparam("scan_id")).scalar_subquery(),
    select(PickScan.raw_escaped).where(PickScan.client_id == bindparam("scan_id")).scalar_subquery(),
    select(ProductBarcode.product_id).where(ProductBarcode.code == bindparam("barcode")).scalar_subquery(),
)
SEEN = select(*_SEEN)

# Built once: every scan loads its batch.
_LOAD = (
    select(PickStop, Location.code, Location.aisle, Location.level, Location.side,
           Product.sku, Product.name, Product.image_url,
           PickTask, PickBatchOrder, SalesOrder.number, SalesOrder.status, *_SEEN)
    .join(Location, Location.id == PickStop.location_id)
    .join(Product, Product.id == PickStop.product_id)
    .outerjoin(PickTask, PickTask.stop_id == PickStop.id)
    .outerjoin(PickBatchOrder, PickBatchOrder.id == PickTask.batch_order_id)
    .outerjoin(SalesOrder, SalesOrder.id == PickTask.order_id)
    .where(PickStop.batch_id == bindparam("batch_id"))
    .order_by(PickStop.seq, PickStop.id, PickBatchOrder.position, PickTask.id)
    .execution_options(populate_existing=True)
)


async def load(
    session: AsyncSession, batch: PickBatch, *, scan_id: str | None = None, barcode: str | None = None,
) -> BatchState:
    """Stops (route order) with their tasks, members and order statuses, fresh; one query.
    With ``scan_id`` / ``barcode``, ``BatchState.seen`` also holds what ``SEEN`` finds for
    them (from the same query)."""
    stops: dict[int, Stop] = {}
    members: dict[int, PickBatchOrder] = {}
    seen: Seen | None = None
    params = {"batch_id": batch.id, "scan_id": scan_id, "barcode": barcode}
    for (row, code, aisle, level, side, sku, name, image, task, member, number, status,
         prior_batch, prior, logged, product_id) in await session.execute(_LOAD, params):
        if seen is None:
            seen = Seen(prior_batch, prior, logged, product_id)
        stop = stops.get(row.id)
        if stop is None:
            stop = stops[row.id] = Stop(row, code, location_words(code, aisle, level, side),
                                        ProductOut(row.product_id, sku, name, image))
        if task is not None:
            members[member.id] = member
            stop.tasks.append(Task(task, member, number, status))
    if len(members) < 1:
        for member in await session.scalars(select(PickBatchOrder).where(PickBatchOrder.batch_id == batch.id)):
            members[member.id] = member
    if seen is None and (scan_id is not None or barcode is not None):
        # A batch without stops returns no rows to carry the lookups.
        seen = Seen(*(await session.execute(SEEN, params)).one())
    return BatchState(batch, list(stops.values()), members, seen or Seen())
