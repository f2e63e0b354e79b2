"""Short picks and supervisor overrides at a stop.

A short pick corrects the bin (``inventory.movements.report_short``, with a ledger entry),
keeps for this stop what the bin still holds (first totes first), and looks for the rest in
other bins (``reallocate_line``): found units become new stops and the route is recomputed.
What no bin has follows the order's backorder policy: ``split`` moves it to a backorder
(``split_backorder``) and the order goes on with what it has; ``hold`` puts the order on
``on_hold/backorder`` and its tote is set aside with the units picked so far.

A short is what the picker found in the bin in front of them: it is taken only for the current
stop (``BatchState.current()``, the one the instructions point at), located or not (a picker at
the bin who cannot find the product may not have scanned its label). Any other open stop is
refused with ``not_current_stop`` and nothing changes; a done stop answers ``stop_done``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Allocation, Location, PickScan, SalesOrder
from server.domain import scan_ids
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context, record
from server.domain.orders.flow import change_status, load_order
from server.domain.picking import events
from server.domain.picking.answers import Answer, accepted, refused
from server.domain.picking.batches import add_stops, lock_batch
from server.domain.picking.rules import Take
from server.domain.picking.scans import pick, settle
from server.domain.picking.schemas import Instruction, OverrideIn, ShortIn
from server.domain.picking.state import BatchState, Stop, load
from server.errors import NotFound

async def _open(
    session: AsyncSession, batch_id: int, stop_id: int, client_id: str | None, ctx: Context,
) -> tuple[BatchState | None, Stop | None, Answer | None]:
    batch = await lock_batch(session, batch_id)
    if client_id:
        seen = await scan_ids.replay_or_refuse(session, PickScan.batch_id, batch.id, client_id, what="pick batch")
        if seen is not None:
            return None, None, seen
    sid = client_id or ""
    if batch.status == "created":
        return None, None, refused(sid, "batch_not_started", "Start the batch first.", None, None)
    if batch.status == "closed":
        return None, None, refused(sid, "batch_closed", f"Batch {batch.id} is closed.",
                                   Instruction(action="batch_done"), None)
    st = await load(session, batch)
    stop = next((s for s in st.stops if s.row.id == stop_id), None)
    if stop is None:
        raise NotFound("pick_stop", stop_id)
    if stop.row.state != "open" or not stop.open_tasks():
        return st, stop, refused(sid, "stop_done", f"Stop {stop.row.seq} is done already.",
                                 st.instruction(), st.progress())
    return st, stop, None


def _not_current(sid: str, st: BatchState) -> Answer:
    """409 ``not_current_stop``: the stop is open but not the one the picker is at."""
    here = st.current()
    detail = (f"You are at {here.code}; report a short there, or finish it first." if here is not None
              else "This is not the current stop.")
    return refused(sid, "not_current_stop", detail, st.instruction(), st.progress())


def _log(session: AsyncSession, st: BatchState, client_id: str | None, kind: str, answer: Answer,
         ctx: Context, quantity: int | None, note: str) -> None:
    if client_id:
        session.add(PickScan(
            client_id=client_id, batch_id=st.batch.id, user_id=ctx.actor.user_id, device=None,
            raw_escaped=note, kind=kind, parsed={"kind": kind}, quantity=quantity,
            outcome="refused" if answer.refused else "accepted", reason=answer.reason,
            response=answer.stored(), created_at=ctx.now,
        ))


async def short_pick(session: AsyncSession, batch_id: int, stop_id: int, data: ShortIn, ctx: Context) -> Answer:
    """Report ``data.found`` units in the stop's bin (see the module doc)."""
    from server.domain.inventory.movements import reallocate_line, report_short

    st, stop, early = await _open(session, batch_id, stop_id, data.id, ctx)
    if early is None:
        here = st.current()
        if here is None or here.row.id != stop.row.id:
            early = _not_current(data.id or "", st)
    if early is not None:
        if st is not None:
            _log(session, st, data.id, "short", early, ctx, data.found, f"short found={data.found}")
            await session.flush()
        return early
    tasks = stop.open_tasks()
    await report_short(session, stock_level_id=stop.row.stock_level_id, found_quantity=data.found,
                       user_id=ctx.actor.user_id, reference=f"pick batch {st.batch.id} stop {stop.row.seq}")
    # The bin gave back its allocations beyond the count (newest first); each task keeps what
    # its allocation still holds and looks for the rest elsewhere.
    left = dict((await session.execute(
        select(Allocation.id, Allocation.quantity)
        .where(Allocation.id.in_([t.row.allocation_id for t in tasks if t.row.allocation_id]))
    )).all())
    takes: list[Take] = []
    missing: dict[int, dict[int, int]] = {}
    location_codes: dict[int, str] = {}
    for task in tasks:
        short = task.remaining - min(task.remaining, left.get(task.row.allocation_id, 0))
        if short <= 0:
            continue
        task.row.quantity -= short
        found = await reallocate_line(session, order_line_id=task.row.order_line_id, quantity=short,
                                      exclude_stock_level_ids={stop.row.stock_level_id})
        got = 0
        for allocation in found:
            code = location_codes.get(allocation.stock_level_id)
            if code is None:
                code = await _code_of(session, allocation.stock_level_id)
                location_codes[allocation.stock_level_id] = code
            takes.append(Take(allocation.id, allocation.order_id, allocation.order_line_id,
                              allocation.stock_level_id, code, stop.product.id, task.member.position,
                              allocation.quantity))
            got += allocation.quantity
        if got < short:
            lines = missing.setdefault(task.row.order_id, {})
            lines[task.row.order_line_id] = lines.get(task.row.order_line_id, 0) + short - got
    await session.flush()
    if takes:
        await add_stops(session, st.batch, takes, {m.order_id: m for m in st.members.values()})
    backorders = await _backorders(session, st, missing, ctx)
    st = await load(session, st.batch)
    await _finish_orders(session, st, ctx)
    await settle(session, st, ctx)
    events.progress(session, st.batch, "batch.short", stop_id=stop_id, found=data.found,
                    rerouted=len(takes), backorders=backorders)
    answer = accepted(data.id or "", "short_reported",
                      f"Short pick noted; {len(takes)} other bin(s) added, {len(backorders)} order(s) short.",
                      st.instruction(), st.progress())
    answer.body["backorders"] = backorders
    _log(session, st, data.id, "short", answer, ctx, data.found, f"short found={data.found}")
    await session.flush()
    return answer


async def _code_of(session: AsyncSession, stock_level_id: int) -> str:
    from server.db.models import StockLevel

    return await session.scalar(
        select(Location.code).join(StockLevel, StockLevel.location_id == Location.id)
        .where(StockLevel.id == stock_level_id)
    )


async def _backorders(
    session: AsyncSession, st: BatchState, missing: dict[int, dict[int, int]], ctx: Context,
) -> list[dict[str, Any]]:
    """Apply each short order's backorder policy; returns ``{order_id, policy, backorder_id}``."""
    from server.domain.inventory.movements import split_backorder

    out = []
    for order_id, quantities in sorted(missing.items()):
        order = await load_order(session, order_id, lock=True)
        if order.backorder_policy == "split":
            child = await split_backorder(session, order_id=order_id, quantities=quantities,
                                          user_id=ctx.actor.user_id)
            out.append({"order_id": order_id, "policy": "split", "backorder_id": child.id if child else None})
        else:
            await change_status(session, order, order_rules.ON_HOLD, ctx, hold_reason=order_rules.BACKORDER,
                                kind="short_pick", data={"batch_id": st.batch.id, "short": {
                                    str(k): v for k, v in quantities.items()}})
            out.append({"order_id": order_id, "policy": "hold", "backorder_id": None})
            for member in st.members.values():
                if member.order_id == order_id:
                    member.state = "aside"
    return out


async def _finish_orders(session: AsyncSession, st: BatchState, ctx: Context) -> None:
    """Orders whose every unit is now picked (the short part went to a backorder) move on."""
    for member in st.members.values():
        if member.state != "active" or not st.order_done(member.id):
            continue
        order = await load_order(session, member.order_id, lock=True)
        if order.status == order_rules.PICKING:
            await change_status(session, order, order_rules.READY_FOR_PACKING, ctx, kind="picked",
                                data={"batch_id": st.batch.id, "tote": member.tote_code})
            member.state = "done"


async def override(session: AsyncSession, batch_id: int, stop_id: int, data: OverrideIn, ctx: Context) -> Answer:
    """Confirm ``data.quantity`` units of the stop's current tote without a scan."""
    st, stop, early = await _open(session, batch_id, stop_id, None, ctx)
    if early is not None:
        return early
    task = stop.open_tasks()[0]
    if data.quantity > task.remaining:
        return refused("", "too_many", f"Tote {task.member.position} needs only {task.remaining} more.",
                       st.instruction(), st.progress(), wanted=task.remaining)
    order = await session.get(SalesOrder, task.row.order_id)
    record(session, order, ctx, "pick_override", message=data.reason, data={
        "batch_id": st.batch.id, "stop": stop.code, "sku": stop.product.sku, "quantity": data.quantity,
    })
    result = await pick(session, st, stop, task, data.quantity, "override", ctx, None)
    return accepted("", result, f"{data.quantity} × {stop.product.name} confirmed by override.",
                    st.instruction(), st.progress(), quantity=data.quantity, tote=task.member.position)
