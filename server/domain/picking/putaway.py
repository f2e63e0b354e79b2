"""Put-away tasks: picked units of a cancelled order go back to the bins they came from, each
confirmed by a picker scanning that bin."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import parse
from server.db.models import Location, PickConfirmation, Product, PutAwayTask, SalesOrder, Tote
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context
from server.domain.picking.rules import location_words
from server.domain.picking.schemas import ProductOut, PutAwayOut
from server.errors import NotFound, ShipfloorError


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


async def confirm(session: AsyncSession, task_id: int, raw: str, ctx: Context) -> PutAwayOut:
    """Confirm a put-away by the scan of its bin: the units go back on hand there (ledger
    entry). Confirming a done task again answers it unchanged. Raises 404
    ``put_away_not_found``, 409 ``wrong_location`` (another bin), 422 ``unreadable``."""
    from server.domain.inventory.movements import put_away

    task = await session.scalar(select(PutAwayTask).where(PutAwayTask.id == task_id).with_for_update())
    if task is None:
        raise NotFound("put_away", task_id)
    loc = await session.get(Location, task.location_id)
    product = await session.get(Product, task.product_id)
    if task.state == "done":
        return _out(task, loc, product)
    scan = parse(raw)
    if scan.errors:
        raise ShipfloorError(422, "unreadable", scan.errors[0].message)
    if scan.kind != "location" or (scan.code or "") != loc.code.upper():
        raise ShipfloorError(409, "wrong_location", f"Bring the units to {loc.code}.", location=loc.code)
    await put_away(session, product_id=task.product_id, location_id=task.location_id,
                   quantity=task.quantity, user_id=ctx.actor.user_id,
                   reference=f"put-away {task.id} order {task.order_id}")
    task.state = "done"
    task.done_by_id = ctx.actor.user_id
    task.done_at = ctx.now
    await session.flush()
    left = await session.scalar(select(PutAwayTask.id).where(
        PutAwayTask.order_id == task.order_id, PutAwayTask.state == "open").limit(1))
    if left is None:
        tote = await session.scalar(select(Tote).where(Tote.order_id == task.order_id))
        if tote is not None:
            tote.order_id = None
            await session.flush()
    return _out(task, loc, product)
