"""Handheld scans during picking.

``scan`` answers one scan. The batch row is locked first, so the scans of one batch run one
after another; then the scan's UUID is looked up: a replay gets the stored answer and changes
nothing. Every scan is kept (``pick_scans``) with its escaped raw text, parse result, device
and answer.

Results of accepted scans: ``located``, ``picked``, ``order_picked``, ``tote_confirmed``.
Reasons of refused scans: ``rules.REASONS``. A bin's or a cart tote's bare name (``A-03-01-B``,
``T017``: without its label's prefix and check character, any case) is refused all the same
(the check character is what catches a mistyped name), as ``bare_location`` / ``bare_tote``
with a message naming the label to scan (``LOC-A-03-01-B-U``), where no product has that
barcode.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import Scan, parse
from server.db.models import (
    Location,
    PickBatch,
    PickBatchOrder,
    PickConfirmation,
    PickScan,
    SalesOrder,
    Tote,
)
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context
from server.domain.orders.flow import change_status_many
from server.domain import scan_ids
from server.domain.picking import events, putaway, settings
from server.domain.picking.answers import Answer, accepted, refused
from server.domain.picking.bare import bare_text, bin_named
from server.domain.picking.batches import lock_batch
from server.domain.picking.schemas import Instruction, ScanIn
from server.domain.picking.state import (
    SEEN,
    STOPPED,
    BatchState,
    Seen,
    Stop,
    Task,
    load,
    location_label,
    tote_label,
)
from server.errors import ShipfloorError


_PICKING = order_rules.OrderState(order_rules.PICKING, None, None)
_LOG_SCAN = insert(PickScan.__table__)
_CONFIRM = insert(PickConfirmation.__table__)


def _parsed(scan: Scan) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": scan.kind}
    for name in ("gtin14", "code", "lot", "serial", "count", "kind_hint"):
        value = getattr(scan, name)
        if value is not None:
            out[name] = value
    if scan.errors:
        out["errors"] = [e.code for e in scan.errors]
    return out


async def scan(
    session: AsyncSession, batch_id: int, data: ScanIn, ctx: Context, *, supervisor: bool = False,
) -> Answer:
    """Answer one scan on batch ``batch_id`` (see the module doc). A picker scans into their
    own batch only (a supervisor into any). A scan UUID used on another batch is refused
    (409 ``scan_id_reused``, nothing changes). Raises 404 ``pick_batch_not_found``;
    everything else is an ``Answer``."""
    parsed = parse(data.code, source=data.source)
    batch = await lock_batch(session, batch_id)
    key = _barcode_key(parsed)
    # The replay check and the barcode's product come with the batch's state (one round trip;
    # a batch not being picked needs no state).
    st = None
    if batch.status == "picking":
        st = await load(session, batch, scan_id=data.id, barcode=key)
        found = st.seen
    else:
        found = Seen(*(await session.execute(SEEN, {"scan_id": data.id, "barcode": key})).one())
    seen = scan_ids.judge((found.batch_id, found.answer, found.raw), batch.id, data.id, what="pick batch",
                          raw=parsed.raw_escaped)
    if seen is not None:
        return seen
    if batch.picker_id not in (None, ctx.actor.user_id) and not supervisor:
        answer = refused(data.id, "not_your_batch", f"Batch {batch.id} is another picker's; ask for your own.",
                         Instruction(action="batch_done"), None)
    else:
        answer = await _answer(session, st, batch, parsed, found.product_id, data, ctx)
    await session.flush()
    # Log rows go in as Core inserts of their table: nothing reads them back in this request,
    # and the ORM's bulk path would cost more than the insert itself on every scan.
    await session.execute(_LOG_SCAN, dict(
        client_id=data.id, batch_id=batch.id, user_id=ctx.actor.user_id, device=data.device,
        raw_escaped=parsed.raw_escaped, kind=parsed.kind, parsed=_parsed(parsed),
        quantity=data.quantity, outcome="refused" if answer.refused else "accepted",
        reason=answer.reason, response=answer.stored(), created_at=ctx.now,
    ))
    return answer


async def _answer(
    session: AsyncSession, st: BatchState | None, batch: PickBatch, parsed: Scan, product_id: int | None,
    data: ScanIn, ctx: Context,
) -> Answer:
    if st is None:
        if batch.status == "created":
            return refused(data.id, "batch_not_started", "Start the batch before scanning.", None, None)
        return refused(data.id, "batch_closed", f"Batch {batch.id} is closed; ask for the next batch.",
                       Instruction(action="batch_done"), None)
    aside = await _set_aside(session, st, ctx)
    if aside is not None:
        return refused(
            data.id, "set_tote_aside",
            f"Order {aside.order_number} is {aside.order_status}: take tote {aside.member.position} "
            "off the cart.",
            Instruction(action="set_tote_aside", tote=aside.member.position,
                        tote_code=aside.member.tote_code, tote_barcode=tote_label(aside.member.tote_code),
                        order_number=aside.order_number),
            st.progress(), next_after=_builtins(st.instruction()),
        )
    if parsed.errors:
        return refused(data.id, "unreadable", parsed.errors[0].message, st.instruction(), st.progress(),
                       scan_errors=[{"code": e.code, "message": e.message} for e in parsed.errors])
    current = st.current()
    if batch.awaiting_tote is not None:
        return await _awaited_tote(session, st, parsed, data, ctx)
    if parsed.kind == "location":
        return await _location(session, st, current, parsed.code or "", data)
    if parsed.kind in ("gtin", "gs1") or parsed.kind == "unknown":
        return await _product(session, st, current, parsed, product_id, data, ctx)
    if parsed.kind == "tote":
        return await _tote(session, st, current, parsed.code or "", data)
    if parsed.kind in ("batch", "order"):
        return await _other_label(session, st, parsed, data)
    return refused(data.id, "not_expected", f"A {parsed.kind} code means nothing while picking.",
                   st.instruction(), st.progress())


def _builtins(instruction: Instruction) -> dict[str, Any]:
    import msgspec

    return msgspec.to_builtins(instruction)


async def _set_aside(session: AsyncSession, st: BatchState, ctx: Context) -> Task | None:
    """The first tote whose order was held or cancelled since it went on the cart, now set
    aside (its stops left to others; a cancelled order's picked units get put-away tasks)."""
    for stop in st.stops:
        for task in stop.tasks:
            if task.live and task.order_status in STOPPED:
                # Off the cart: once released, the order may go on another batch.
                task.member.state = "aside"
                task.member.claimed_order_id = None
                if task.order_status == order_rules.CANCELLED:
                    await putaway.create_for_order(session, task.row.order_id, ctx)
                await settle(session, st, ctx)
                events.progress(session, st.batch, "batch.tote_aside", order_id=task.row.order_id,
                                tote=task.member.position)
                return task
    return None


async def settle(session: AsyncSession, st: BatchState, ctx: Context) -> None:
    marked = st.settle()
    current = st.current()
    if marked and current is not None and not current.row.located:
        # The next stop at the same bin needs no second location scan.
        if any(m.code == current.code for m in marked) and marked[-1].row.located:
            current.row.located = True
    if current is None and st.batch.status != "closed" and st.batch.awaiting_tote is None:
        await close(session, st.batch, ctx)


async def close(session: AsyncSession, batch: PickBatch, ctx: Context) -> None:
    """Close the batch: every stop done; its orders' claims end."""
    batch.status = "closed"
    batch.closed_at = ctx.now
    await session.execute(
        update(PickBatchOrder).where(PickBatchOrder.batch_id == batch.id).values(claimed_order_id=None)
        .execution_options(synchronize_session="fetch")
    )
    events.progress(session, batch, "batch.closed")


async def _location(session: AsyncSession, st: BatchState, current: Stop | None, code: str, data: ScanIn) -> Answer:
    if current is not None and code == current.code.upper():
        current.row.located = True
        return accepted(data.id, "located", f"{current.code} confirmed.", st.instruction(), st.progress())
    codes = {s.code.upper(): s for s in st.stops}
    hit = codes.get(code)
    if hit is not None and all(s.row.state != "open" for s in st.stops if s.code.upper() == code):
        return refused(data.id, "stop_done", f"{hit.code} is done already.", st.instruction(), st.progress())
    if hit is None and await session.scalar(select(Location.id).where(Location.code == code)) is None:
        return refused(data.id, "unknown_location", f"No bin has the code {code}.", st.instruction(), st.progress())
    where = current.code if current else "—"
    return refused(data.id, "wrong_location", f"Wrong bin {code}; go to {where}.", st.instruction(), st.progress())


def _barcode_key(parsed: Scan) -> str | None:
    """How a scanned product barcode is stored (GTINs as GTIN-14, other codes as read); None
    for codes that cannot be a product's."""
    if parsed.kind in ("gtin", "gs1"):
        return parsed.gtin14
    return parsed.normalized if parsed.kind == "unknown" else None


async def _product(
    session: AsyncSession, st: BatchState, current: Stop | None, parsed: Scan, product_id: int | None,
    data: ScanIn, ctx: Context,
) -> Answer:
    if product_id is None:
        bare = await _bare_name(session, st, current, parsed, data)
        if bare is not None:
            return bare
        code = "unknown_code" if parsed.kind == "unknown" else "unknown_product"
        return refused(data.id, code, "No product has this barcode.", st.instruction(), st.progress())
    if current is None or product_id != current.product.id:
        stops = [s for s in st.stops if s.product.id == product_id]
        if stops and all(s.row.state != "open" for s in stops):
            return refused(data.id, "stop_done", "This product is picked already.", st.instruction(), st.progress())
        want = current.product.name if current else "nothing"
        return refused(data.id, "wrong_product", f"Wrong product; take {want}.", st.instruction(), st.progress())
    if not current.row.located:
        return refused(data.id, "scan_location_first", f"Scan the bin {current.code} first.",
                       st.instruction(), st.progress())
    task = current.open_tasks()[0]
    quantity = data.quantity or 1
    if quantity > task.remaining:
        return refused(data.id, "too_many", f"Tote {task.member.position} needs only {task.remaining} more.",
                       st.instruction(), st.progress(), wanted=task.remaining)
    method = "typed" if data.quantity and data.quantity > 1 else "scan"
    try:
        result = await pick(session, st, current, task, quantity, method, ctx, data.id)
    except ShipfloorError as exc:
        if exc.code != "insufficient_stock":
            raise
        return refused(data.id, "bin_short", f"{current.code} was counted short; report a short pick.",
                       st.instruction(), st.progress())
    return accepted(data.id, result, f"{quantity} × {current.product.name} into tote {task.member.position}.",
                    st.instruction(), st.progress(), quantity=quantity, tote=task.member.position)


def _cart_tote(st: BatchState, text: str) -> PickBatchOrder | None:
    """The cart's tote whose code (its name) is ``text``, when its label can be printed."""
    return next((m for m in st.members.values()
                 if m.tote_code and m.tote_code.upper() == text and tote_label(m.tote_code)), None)


def _scan_tote_label(data: ScanIn, st: BatchState, named: PickBatchOrder, want: PickBatchOrder, doing: str) -> Answer:
    """Refuse a tote's bare name: scan the label of ``want`` (the tote ``doing`` is about)."""
    label = tote_label(want.tote_code)
    if named.id == want.id:
        detail = f"{named.tote_code} is the tote's name; scan its label {label}."
    else:
        detail = f"{named.tote_code} is a tote's name, and {doing} tote {want.position}: scan its label {label}."
    return refused(data.id, "bare_tote", detail, st.instruction(), st.progress())


async def _bare_name(
    session: AsyncSession, st: BatchState, current: Stop | None, parsed: Scan, data: ScanIn,
) -> Answer | None:
    """A product scan no product has, whose text is a bin's name (any bin: this batch's stops
    first, then the layout's locations) or a cart tote's name: the refusal naming the label to
    scan (the current stop's bin, the current pick's tote); None for any other text."""
    text = bare_text(parsed)
    if not text:
        return None
    name = await bin_named(session, text, (s.code for s in st.stops))
    if name is not None:
        if current is None or current.code.upper() == text or current.barcode is None:
            detail = f"{name} is the bin's name; scan its label {location_label(name)}."
        else:
            detail = f"{name} is a bin's name, and this stop is at {current.code}: scan its label {current.barcode}."
        return refused(data.id, "bare_location", detail, st.instruction(), st.progress())
    named = _cart_tote(st, text)
    if named is None:
        return None
    tasks = current.open_tasks() if current is not None else []
    want = tasks[0].member if tasks and tote_label(tasks[0].member.tote_code) else named
    return _scan_tote_label(data, st, named, want, "this pick goes into")


async def pick(
    session: AsyncSession, st: BatchState, stop: Stop, task: Task, quantity: int, method: str,
    ctx: Context, scan_id: str | None,
) -> str:
    """Take ``quantity`` units of ``task`` from the bin into its tote; ``picked``, or
    ``order_picked`` when that was the order's last unit (it moves to ``ready_for_packing``)."""
    from server.domain.inventory.movements import pick_units

    await pick_units(session, allocation_id=task.row.allocation_id, quantity=quantity,
                     user_id=ctx.actor.user_id, reference=f"pick batch {st.batch.id}",
                     more_left=quantity < task.remaining)
    task.row.picked += quantity
    if settings.tote_scan():
        st.batch.awaiting_tote = task.member.position
    await session.execute(_CONFIRM, dict(
        batch_id=st.batch.id, task_id=task.row.id, order_id=task.row.order_id,
        order_line_id=task.row.order_line_id, product_id=stop.product.id,
        location_id=stop.row.location_id, tote_code=task.member.tote_code, quantity=quantity,
        method=method, user_id=ctx.actor.user_id, scan_client_id=scan_id, created_at=ctx.now,
    ))
    result = "picked"
    if st.order_done(task.member.id) and task.order_status == order_rules.PICKING:
        try:
            # The order's row is not loaded: one conditional update and its history entry.
            await change_status_many(session, {task.row.order_id: task.order_number}, _PICKING,
                                     order_rules.READY_FOR_PACKING, ctx, kind="picked",
                                     data={"batch_id": st.batch.id, "tote": task.member.tote_code})
        except ShipfloorError as exc:
            # Held or cancelled since the batch was loaded: the next scan sets its tote aside.
            if exc.code != "order_changed_concurrently":
                raise
        else:
            task.member.state = "done"
            result = "order_picked"
    await settle(session, st, ctx)
    events.progress(session, st.batch, "batch.progress", **_counts(st))
    return result


def _counts(st: BatchState) -> dict[str, int]:
    p = st.progress()
    return {"stops_done": p.stops_done, "stops_total": p.stops_total,
            "units_picked": p.units_picked, "units_total": p.units_total}


async def _awaited_tote(session: AsyncSession, st: BatchState, parsed: Scan, data: ScanIn, ctx: Context) -> Answer:
    waiting = st.batch.awaiting_tote
    member = next((m for m in st.members.values() if m.position == waiting), None)
    if parsed.kind != "tote":
        named = _cart_tote(st, bare_text(parsed)) if parsed.kind == "unknown" else None
        if named is not None:
            want = member if member is not None and tote_label(member.tote_code) else named
            return _scan_tote_label(data, st, named, want, "the last pick went into")
        return refused(data.id, "scan_tote_first", f"Scan tote {waiting} to confirm the last pick.",
                       st.instruction(), st.progress())
    if member is not None and (parsed.code or "") != (member.tote_code or "").upper():
        return refused(data.id, "wrong_tote", f"That is not tote {waiting}.", st.instruction(), st.progress())
    st.batch.awaiting_tote = None
    await settle(session, st, ctx)
    return accepted(data.id, "tote_confirmed", f"Tote {waiting} confirmed.", st.instruction(), st.progress(),
                    tote=waiting)


async def _tote(session: AsyncSession, st: BatchState, current: Stop | None, code: str, data: ScanIn) -> Answer:
    mine = {(m.tote_code or "").upper(): m for m in st.members.values()}
    member = mine.get(code)
    if member is not None:
        task = current.open_tasks()[0] if current else None
        if task is None or task.member.id == member.id:
            return accepted(data.id, "tote_confirmed", f"Tote {member.position}.", st.instruction(),
                            st.progress(), tote=member.position)
        return refused(data.id, "wrong_tote", f"Use tote {task.member.position}, not {member.position}.",
                       st.instruction(), st.progress())
    bound = await session.scalar(select(Tote.order_id).where(Tote.code == code))
    reason = "wrong_batch" if bound is not None else "unknown_code"
    return refused(data.id, reason, f"Tote {code} is not on this cart.", st.instruction(), st.progress())


async def _other_label(session: AsyncSession, st: BatchState, parsed: Scan, data: ScanIn) -> Answer:
    code = (parsed.code or "").upper()
    if parsed.kind == "batch":
        if code == str(st.batch.id):
            return refused(data.id, "not_expected", "This batch is open already.", st.instruction(), st.progress())
        exists = code.isdigit() and await session.get(PickBatch, int(code)) is not None
        if not exists:
            return refused(data.id, "unknown_code", f"There is no batch {code}.", st.instruction(), st.progress())
        return refused(data.id, "wrong_batch", f"Batch {code} is another batch.", st.instruction(), st.progress())
    numbers = {(t.order_number or "").upper() for s in st.stops for t in s.tasks}
    if code in numbers:
        return refused(data.id, "not_expected", "Scan the bin or the product.", st.instruction(), st.progress())
    exists = await session.scalar(select(SalesOrder.id).where(SalesOrder.number == code))
    reason = "wrong_batch" if exists is not None else "unknown_code"
    return refused(data.id, reason, f"Order {code} is not on this cart.", st.instruction(), st.progress())
