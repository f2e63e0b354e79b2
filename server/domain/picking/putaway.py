"""Put-away tasks: picked units of a cancelled order go back to the bins they came from, each
confirmed by a picker scanning that bin's label (``confirm``)."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import Scan, label_code, parse
from server.db.locking import lock_row
from server.db.models import (
    Location,
    PickConfirmation,
    PickScan,
    Product,
    ProductBarcode,
    PutAwayTask,
    SalesOrder,
    Tote,
)
from server.domain import scan_ids
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context
from server.domain.picking.answers import Answer
from server.domain.picking.bare import bare_text, bin_named
from server.domain.picking.rules import REASONS, location_words
from server.domain.picking.schemas import ProductOut, PutAwayOut, ScanIn
from server.errors import NotFound


async def create_for_order(session: AsyncSession, order_id: int, ctx: Context) -> int:
    """Put-away tasks for every unit picked for ``order_id`` (once per order: a second call
    adds nothing). Returns the number of tasks created."""
    if await session.scalar(select(PutAwayTask.id).where(PutAwayTask.order_id == order_id).limit(1)):
        return 0
    rows = (await session.execute(
        select(PickConfirmation.product_id, PickConfirmation.location_id, PickConfirmation.tote_code,
               func.sum(PickConfirmation.quantity))
        .where(PickConfirmation.order_id == order_id)
        .group_by(PickConfirmation.product_id, PickConfirmation.location_id, PickConfirmation.tote_code)
        .order_by(PickConfirmation.location_id, PickConfirmation.product_id)
    )).all()
    session.add_all(
        PutAwayTask(order_id=order_id, product_id=p, location_id=loc, tote_code=tote, quantity=int(q),
                    state="open", created_at=ctx.now)
        for p, loc, tote, q in rows if q
    )
    await session.flush()
    return len(rows)


async def sweep(session: AsyncSession, ctx: Context) -> None:
    """Create the missing put-away tasks of cancelled orders that had units picked."""
    done = select(PutAwayTask.order_id)
    ids = list(await session.scalars(
        select(PickConfirmation.order_id).distinct()
        .join(SalesOrder, SalesOrder.id == PickConfirmation.order_id)
        .where(SalesOrder.status == order_rules.CANCELLED, PickConfirmation.order_id.not_in(done))
    ))
    for order_id in ids:
        await create_for_order(session, order_id, ctx)


async def listing(session: AsyncSession, ctx: Context, state: str = "open") -> list[PutAwayOut]:
    """Put-away tasks in ``state`` by bin code (open ones are created first where missing)."""
    await sweep(session, ctx)
    rows = await session.execute(
        select(PutAwayTask, Location, Product)
        .join(Location, Location.id == PutAwayTask.location_id)
        .join(Product, Product.id == PutAwayTask.product_id)
        .where(PutAwayTask.state == state)
        .order_by(Location.code, PutAwayTask.id)
    )
    return [_out(t, loc, p) for t, loc, p in rows]


def _out(task: PutAwayTask, loc: Location, product: Product) -> PutAwayOut:
    return PutAwayOut(
        id=task.id, order_id=task.order_id,
        product=ProductOut(product.id, product.sku, product.name, product.image_url),
        location=loc.code, location_words=location_words(loc.code, loc.aisle, loc.level, loc.side),
        tote_code=task.tote_code, quantity=task.quantity, state=task.state,
    )


async def confirm(session: AsyncSession, task_id: int, data: ScanIn, ctx: Context) -> Answer:
    """Confirm a put-away by the scan of its bin's label: the units go back on hand there
    (ledger entry). Raises 404 ``put_away_not_found``; everything else is an ``Answer``.

    The task's row is locked first (on SQLite too), so scans of one task run one after
    another: a later scan finds the task done and answers it unchanged (200, nothing booked
    again). Every scan is kept in ``pick_scans`` (see ``_log``), so its id counts as in
    picking: the same id again gets the first answer (``replayed: true``) and changes
    nothing; the same id for another code or another task, or the id of a pick scan, is
    refused 409 ``scan_id_reused``.

    Refusals: 422 ``unreadable``; 422 ``bare_location`` (a bin's name, not its label: the
    answer names the label to scan); 409 ``not_expected`` (a product barcode: the bin's label
    confirms a put-away); 409 ``wrong_location`` (any other code: another bin's label, a tote
    ...)."""
    from server.domain.inventory.movements import put_away

    task = await lock_row(session, PutAwayTask, task_id, touch=PutAwayTask.state)
    if task is None:
        raise NotFound("put_away", task_id)
    parsed = parse(data.code, source=data.source)
    seen = (await session.execute(
        select(PickScan.parsed, PickScan.response, PickScan.raw_escaped).where(PickScan.client_id == data.id)
    )).first()
    if seen is not None:
        # A pick scan's row names no put-away task: its id is another scan's.
        owner = seen[0].get(_TASK_KEY) if isinstance(seen[0], dict) else None
        prior = scan_ids.judge((owner, seen[1], seen[2]), task.id, data.id,
                               what="put-away task" if owner is not None else "scan", raw=parsed.raw_escaped)
        if prior is not None:
            return prior
    loc = await session.get(Location, task.location_id)
    product = await session.get(Product, task.product_id)
    if task.state != "done":
        refusal = await _refusal(session, task, loc, product, parsed, data.id)
        if refusal is not None:
            await _log(session, task, parsed, data, refusal, ctx)
            return refusal
        await put_away(session, product_id=task.product_id, location_id=task.location_id,
                       quantity=task.quantity, user_id=ctx.actor.user_id,
                       reference=f"put-away {task.id} order {task.order_id}")
        task.state = "done"
        task.done_by_id = ctx.actor.user_id
        task.done_at = ctx.now
        await session.flush()
        await _free_tote(session, task.order_id)
    answer = Answer(200, {**msgspec.to_builtins(_out(task, loc, product)), "replayed": False})
    await _log(session, task, parsed, data, answer, ctx)
    return answer


async def _free_tote(session: AsyncSession, order_id: int) -> None:
    """The order's tote is free once none of its put-aways is open."""
    left = await session.scalar(select(PutAwayTask.id).where(
        PutAwayTask.order_id == order_id, PutAwayTask.state == "open").limit(1))
    if left is None:
        tote = await session.scalar(select(Tote).where(Tote.order_id == order_id))
        if tote is not None:
            tote.order_id = None
            await session.flush()


async def _refusal(
    session: AsyncSession, task: PutAwayTask, loc: Location, product: Product, parsed: Scan, scan_id: str,
) -> Answer | None:
    """Why ``parsed`` does not confirm the open ``task`` (at ``loc``, of ``product``); None
    when it is the label of the task's bin."""
    label = label_code("location", loc.code)
    if parsed.errors:
        return _refused(scan_id, "unreadable", parsed.errors[0].message, loc, label,
                        scan_errors=[{"code": e.code, "message": e.message} for e in parsed.errors])
    if parsed.kind == "location" and (parsed.code or "") == loc.code.upper():
        return None
    scan_this = f"scan its label {label}" if label else f"scan the label of {loc.code}"
    if parsed.kind in ("gtin", "gs1", "unknown"):
        key = parsed.gtin14 if parsed.kind != "unknown" else parsed.normalized
        scanned = await session.scalar(
            select(Product).join(ProductBarcode, ProductBarcode.product_id == Product.id)
            .where(ProductBarcode.code == key).limit(1)
        ) if key else None
        if scanned is not None:
            scan_bin = f"scan the bin's label {label}" if label else "scan the bin's label"
            if scanned.id == product.id:
                detail = f"That is the product ({product.name}); bring the units to {loc.code} and {scan_bin}."
            else:
                detail = (f"That is {scanned.name}, not this put-away's {product.name}; bring the "
                          f"{product.name} to {loc.code} and {scan_bin}.")
            return _refused(scan_id, "not_expected", detail, loc, label)
        bare = await bin_named(session, bare_text(parsed), [loc.code])
        if bare is not None:
            if bare.upper() == loc.code.upper():
                detail = f"{bare} is the bin's name; {scan_this}."
            else:
                detail = f"{bare} is a bin's name, and this put-away goes to {loc.code}: {scan_this}."
            return _refused(scan_id, "bare_location", detail, loc, label)
    return _refused(scan_id, "wrong_location", f"Bring the units to {loc.code}.", loc, label)


def _refused(scan_id: str, code: str, detail: str, loc: Location, label: str | None, **extra: Any) -> Answer:
    """A refused put-away scan (the status of ``code`` in ``rules.REASONS``), naming the task's
    bin (``location``) and its label (``label``)."""
    answer = scan_ids.refusal(scan_id, REASONS[code], code, detail)
    answer.body.update(location=loc.code, label=label, **extra)
    return answer


# The key of ``pick_scans.parsed`` that names the put-away task a scan was for.
_TASK_KEY = "put_away_id"


async def _log(session: AsyncSession, task: PutAwayTask, parsed: Scan, data: ScanIn, answer: Answer,
               ctx: Context) -> None:
    """Keep the scan with its answer in ``pick_scans``, under the pick batch that picked the
    task's units (a put-away task comes from the picks of one order; ``batch_id`` cannot be
    empty), the task's id in ``parsed`` (``put_away_id``: the scan id's owner)."""
    batch_id = await session.scalar(
        select(func.min(PickConfirmation.batch_id)).where(
            PickConfirmation.order_id == task.order_id, PickConfirmation.product_id == task.product_id,
            PickConfirmation.location_id == task.location_id)
    )
    if batch_id is None:
        # Never so (a task is made of picks, and batches are not deleted); the answer stands.
        return
    logged: dict[str, Any] = {"kind": parsed.kind, _TASK_KEY: task.id}
    if parsed.code is not None:
        logged["code"] = parsed.code
    if parsed.errors:
        logged["errors"] = [e.code for e in parsed.errors]
    await session.execute(insert(PickScan.__table__), dict(
        client_id=data.id, batch_id=batch_id, user_id=ctx.actor.user_id, device=data.device,
        raw_escaped=parsed.raw_escaped, kind=parsed.kind, parsed=logged, quantity=data.quantity,
        outcome="refused" if answer.refused else "accepted", reason=answer.reason,
        response=answer.stored(), created_at=ctx.now,
    ))
