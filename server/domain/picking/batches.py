"""Creating pick batches (by a supervisor's choice or the next cart for a picker) and starting
them: claims, stops from allocations, routes, totes.

Two batches never hold one order: every order on an open batch has a claim row
(``pick_batch_orders.claimed_order_id``, unique), and ``next`` takes candidate orders with
``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL so that pickers asking at the same moment
each get other orders without waiting on each other.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import label_code, parse
from server.db.locking import lock_row
from server.db.models import (
    Allocation,
    Location,
    PickBatch,
    PickBatchOrder,
    PickStop,
    PickTask,
    SalesOrder,
    StockLevel,
    Tote,
    User,
)
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context
from server.domain.orders.flow import change_status_many
from server.domain.picking import events, proposals, routes, settings
from server.domain.picking.rules import Take, group_stops
from server.errors import NotFound, ShipfloorError

_READY = order_rules.OrderState(order_rules.READY_FOR_PICKING, None, None)

OPEN = ("created", "picking")


async def lock_batch(session: AsyncSession, batch_id: int) -> PickBatch:
    """The batch with its row lock (``locking.lock_row``): scans of one batch run one after
    the other. Raises 404 ``pick_batch_not_found``."""
    batch = await lock_row(session, PickBatch, batch_id, PickBatch.version)
    if batch is None:
        raise NotFound("pick_batch", batch_id)
    return batch


async def _claimed(session: AsyncSession, order_ids: list[int]) -> set[int]:
    return set(await session.scalars(
        select(PickBatchOrder.claimed_order_id).where(PickBatchOrder.claimed_order_id.in_(order_ids))
    ))


async def create_batch(session: AsyncSession, order_ids: list[int], ctx: Context) -> PickBatch:
    """A batch of ``order_ids`` in cart order. Orders must be ``ready_for_picking`` (or
    ``picking`` and on no open batch: resumed after a hold). Raises 422 ``duplicate_order``,
    404 ``order_not_found``, 409 ``order_not_ready`` (``orders`` lists id and status) or
    ``order_in_batch`` (``orders``: ids already on an open batch)."""
    if len(set(order_ids)) != len(order_ids):
        raise ShipfloorError(422, "duplicate_order", "An order can be on a batch once.", field="order_ids")
    orders = {
        o.id: o for o in await session.scalars(
            select(SalesOrder).where(SalesOrder.id.in_(order_ids)).with_for_update(of=SalesOrder)
        )
    }
    missing = [i for i in order_ids if i not in orders]
    if missing:
        raise NotFound("order", missing[0])
    wrong = [
        {"id": i, "status": orders[i].status} for i in order_ids
        if orders[i].status not in (order_rules.READY_FOR_PICKING, order_rules.PICKING)
    ]
    if wrong:
        raise ShipfloorError(
            409, "order_not_ready",
            "Only orders ready for picking can go on a batch: "
            + ", ".join(f"{w['id']} is {w['status']}" for w in wrong) + ".",
            orders=wrong,
        )
    taken = await _claimed(session, order_ids)
    if taken:
        raise ShipfloorError(
            409, "order_in_batch", f"Orders {sorted(taken)} are on another open batch already.",
            orders=sorted(taken),
        )
    try:
        async with session.begin_nested():
            return await _build(session, order_ids, ctx)
    except IntegrityError as exc:
        # Another batch claimed one of them between our check and our claim (SQLite takes no
        # row locks); its claim row is what refused ours.
        taken = await _claimed(session, order_ids) or set(order_ids)
        raise ShipfloorError(409, "order_in_batch", f"Orders {sorted(taken)} were just put on another batch.",
                             orders=sorted(taken)) from exc


async def next_batch(session: AsyncSession, ctx: Context, totes: int | None) -> PickBatch:
    """The picker's open batch, else the oldest batch assigned to them and nobody started,
    or one a supervisor made for nobody in particular (``proposals.offered_to``), else a new
    one: up to ``totes`` waiting orders, highest priority
    and earliest ship date first, filled up with orders whose bins lie close to theirs
    (``routing.batch``). Raises 409 ``no_orders_waiting``, or ``orders_busy`` / ``order_in_batch``
    when other pickers hold the waiting orders at this moment (ask again).

    One picker's requests run one after the other (``proposals.hold_picker``): asked twice at
    once, both answer the same batch."""
    await proposals.hold_picker(session, ctx.actor.user_id)
    mine = await session.scalar(
        select(PickBatch).where(PickBatch.picker_id == ctx.actor.user_id, PickBatch.status == "picking")
        .order_by(PickBatch.id).limit(1)
    )
    if mine is not None:
        return mine
    offered = await proposals.offered_to(session, ctx.actor.user_id)
    if offered is not None:
        return offered
    size = totes or settings.cart_totes()
    claimed = proposals.claimed_orders()
    pool_query = proposals.waiting_orders().limit(size * 4)
    if session.bind.dialect.name == "postgresql":
        pool_query = pool_query.with_for_update(of=SalesOrder, skip_locked=True)
    pool = list((await session.execute(pool_query)).all())
    if not pool:
        waiting = await session.scalar(
            select(SalesOrder.id).where(SalesOrder.status == order_rules.READY_FOR_PICKING,
                                        SalesOrder.id.not_in(claimed)).limit(1)
        )
        if waiting is not None:
            # Every waiting order is being claimed by another picker at this very moment.
            raise ShipfloorError(409, "orders_busy", "Other pickers are taking orders right now; ask again.",
                                 headers={"Retry-After": "1"})
        raise ShipfloorError(409, "no_orders_waiting", "No orders are waiting for picking.")
    chosen = await _choose(session, pool, size)
    try:
        async with session.begin_nested():
            batch = await _build(session, chosen, ctx)
            # Made for this picker: nobody else starts it (``start_batch``), and asking again
            # offers it again.
            batch.assigned_picker_id = ctx.actor.user_id
            await session.flush()
            return batch
    except IntegrityError as exc:
        # Someone put one of these orders on a batch between our read and our claim (a
        # supervisor's create; SQLite has no SKIP LOCKED).
        raise ShipfloorError(409, "order_in_batch", "Those orders were just taken; ask again.",
                             headers={"Retry-After": "1"}) from exc


async def _choose(session: AsyncSession, pool: list[Any], size: int) -> list[int]:
    """The cart of the first order of ``pool`` (``proposals.carts``)."""
    carts = await proposals.carts(session, pool, size, time_budget_s=0.05)
    first = int(pool[0][0])
    return next((c for c in carts if first in c), carts[0])


async def takes_of(session: AsyncSession, order_positions: dict[int, int]) -> list[Take]:
    """What is left to pick for these orders (their allocations), with cart positions."""
    rows = await session.execute(
        select(Allocation, StockLevel.product_id, Location.code)
        .join(StockLevel, StockLevel.id == Allocation.stock_level_id)
        .join(Location, Location.id == StockLevel.location_id)
        .where(Allocation.order_id.in_(list(order_positions)))
        .order_by(Allocation.id)
    )
    return [
        Take(a.id, a.order_id, a.order_line_id, a.stock_level_id, code, product_id,
             order_positions[a.order_id], a.quantity)
        for a, product_id, code in rows
    ]


async def _build(session: AsyncSession, order_ids: list[int], ctx: Context) -> PickBatch:
    batch = PickBatch(status="created", created_by_id=ctx.actor.user_id, created_at=ctx.now, route_path=[])
    session.add(batch)
    await session.flush()
    members = []
    for position, order_id in enumerate(order_ids, start=1):
        member = PickBatchOrder(batch_id=batch.id, order_id=order_id, claimed_order_id=order_id,
                                position=position, state="active")
        members.append(member)
    session.add_all(members)
    await session.flush()
    by_order = {m.order_id: m for m in members}
    takes = await takes_of(session, {m.order_id: m.position for m in members})
    await add_stops(session, batch, takes, by_order)
    events.progress(session, batch, "batch.created", orders=order_ids)
    return batch


async def add_stops(
    session: AsyncSession, batch: PickBatch, takes: list[Take], members: dict[int, PickBatchOrder]
) -> None:
    """Add ``takes`` to the batch (to an open stop of the same bin and product, or a new stop)
    and renumber the open stops along a fresh route."""
    stops = list(await session.scalars(select(PickStop).where(PickStop.batch_id == batch.id)))
    open_by_key = {(s.stock_level_id, s.product_id): s for s in stops if s.state == "open"}
    groups = [(product_id, group) for (_code, product_id), group in group_stops(takes).items()]
    # New stops go in together (one query for their bins, one insert), not one round trip each.
    new_levels = {g[0].stock_level_id for product_id, g in groups
                  if (g[0].stock_level_id, product_id) not in open_by_key}
    bins = dict((await session.execute(
        select(StockLevel.id, StockLevel.location_id).where(StockLevel.id.in_(new_levels))
    )).all()) if new_levels else {}
    placed = []
    for product_id, group in groups:
        key = (group[0].stock_level_id, product_id)
        if key not in open_by_key:
            stop = PickStop(batch_id=batch.id, seq=0, location_id=bins[key[0]], product_id=product_id,
                            stock_level_id=key[0], state="open", located=False)
            session.add(stop)
            open_by_key[key] = stop
            stops.append(stop)
        placed.append((open_by_key[key], group))
    await session.flush()
    session.add_all(
        PickTask(stop_id=stop.id, batch_order_id=members[t.order_id].id, order_id=t.order_id,
                 order_line_id=t.order_line_id, allocation_id=t.allocation_id, quantity=t.quantity, picked=0)
        for stop, group in placed for t in group
    )
    await session.flush()
    await reroute(session, batch, stops)


async def reroute(session: AsyncSession, batch: PickBatch, stops: list[PickStop]) -> None:
    """Number the stops: done ones keep their places, open ones follow along the route from
    the layout's start (a picker mid-walk continues from where the route puts them)."""
    codes = dict((await session.execute(
        select(Location.id, Location.code).where(Location.id.in_({s.location_id for s in stops}))
    )).all()) if stops else {}
    done = sorted((s for s in stops if s.state != "open"), key=lambda s: s.seq)
    pending = [s for s in stops if s.state == "open"]
    planned = await routes.plan(session, [codes[s.location_id] for s in stops])
    rank = {code: i for i, code in enumerate(planned.order)}
    pending.sort(key=lambda s: (rank.get(codes[s.location_id], 1 << 30), s.product_id, s.id))
    for seq, stop in enumerate([*done, *pending], start=1):
        stop.seq = seq
    batch.route_length_m = planned.length_m
    batch.code_order_length_m = planned.code_order_length_m
    batch.route_method = planned.method
    batch.route_path = planned.path
    batch.layout_id = planned.layout_id
    await session.flush()


async def start_batch(
    session: AsyncSession, batch_id: int, ctx: Context, tote_codes: list[str] | None,
    supervisor: bool = False,
) -> PickBatch:
    """Bind a tote to each order and move the orders to ``picking``; the caller becomes the
    batch's picker. A batch assigned to a picker is started by that picker, or taken over by
    a ``supervisor``. Orders held or cancelled since the batch was made are set aside. Starting
    again by the same picker answers the started batch. Raises 409 ``batch_started`` (another
    picker), ``batch_closed``, ``batch_assigned`` (another picker's assignment; ``picker_id``
    and ``picker`` name whose), ``batch_in_progress`` (a picker with another batch in
    ``picking``; ``batch_id`` names it), 422 ``tote_count`` (one tote per order),
    ``not_a_tote``, 409 ``tote_in_use``."""
    batch = await lock_batch(session, batch_id)
    if batch.status == "picking" and batch.picker_id == ctx.actor.user_id:
        return batch
    if batch.status != "created":
        code = "batch_closed" if batch.status == "closed" else "batch_started"
        raise ShipfloorError(409, code, f"Batch {batch.id} is {batch.status} already.")
    assigned = batch.assigned_picker_id
    if assigned is not None and assigned != ctx.actor.user_id and not supervisor:
        owner = await session.get(User, assigned)
        name = owner.display_name if owner else f"user {assigned}"
        raise ShipfloorError(409, "batch_assigned",
                             f"Batch {batch.id} is assigned to {name}; ask for your next batch instead.",
                             picker_id=assigned, picker=name)
    if not supervisor:
        # One cart at a time: the handheld follows one batch's instructions.
        open_id = await session.scalar(
            select(PickBatch.id).where(PickBatch.picker_id == ctx.actor.user_id, PickBatch.status == "picking",
                                       PickBatch.id != batch.id).limit(1)
        )
        if open_id is not None:
            raise ShipfloorError(409, "batch_in_progress",
                                 f"Finish batch {open_id} first, or ask a supervisor to take it over.",
                                 batch_id=open_id)
    members = list(await session.scalars(
        select(PickBatchOrder).where(PickBatchOrder.batch_id == batch.id).order_by(PickBatchOrder.position)
    ))
    if tote_codes is not None and len(tote_codes) != len(members):
        raise ShipfloorError(422, "tote_count", f"Scan one tote for each of the {len(members)} orders.",
                             field="totes")
    orders = {o.id: o for o in await session.scalars(
        select(SalesOrder).where(SalesOrder.id.in_([m.order_id for m in members]))
        .with_for_update(of=SalesOrder).execution_options(populate_existing=True)
    )}
    # An order held or cancelled since the cart was made goes off it before any tote is bound.
    live = [m for m in members if orders[m.order_id].status == order_rules.PICKING or (
        orders[m.order_id].status == order_rules.READY_FOR_PICKING and orders[m.order_id].hold_reason is None)]
    codes = None if tote_codes is None else [c for m, c in zip(members, tote_codes, strict=True) if m in live]
    totes = await _bind_totes(session, batch, live, codes, ctx)
    starting: dict[int, str | None] = {}
    data_of: dict[int, dict[str, Any]] = {}
    for member, tote in zip(live, totes, strict=True):
        order = orders[member.order_id]
        member.tote_code = tote.code
        if order.status == order_rules.READY_FOR_PICKING:
            starting[order.id] = order.number
            data_of[order.id] = {"batch_id": batch.id, "tote": tote.code}
    for member in members:
        if member not in live:
            member.state = "aside"
            member.claimed_order_id = None
    if starting:
        # The rows are locked above: one UPDATE and one INSERT for the cart, not two per order.
        await change_status_many(session, starting, _READY, order_rules.PICKING, ctx, kind="picking_started",
                                 data_of=data_of)
    batch.status = "picking"
    batch.picker_id = ctx.actor.user_id
    batch.started_at = ctx.now
    if not live:
        # Every order was held or cancelled since the cart was made: nothing is left to pick.
        batch.status = "closed"
        batch.closed_at = ctx.now
        await session.execute(update(PickStop).where(PickStop.batch_id == batch.id).values(state="done"))
    await session.flush()
    events.progress(session, batch, "batch.started", picker_id=ctx.actor.user_id)
    if batch.status == "closed":
        events.progress(session, batch, "batch.closed")
    return batch


async def _bind_totes(
    session: AsyncSession, batch: PickBatch, members: list[PickBatchOrder],
    tote_codes: list[str] | None, ctx: Context,
) -> list[Tote]:
    """One tote per member, in member order, bound to its order. An order whose picked units
    wait in a tote already (set aside while picking, then released) keeps that tote: the rest
    of its units go into it. Raises 422 ``not_a_tote`` / ``tote_count``, 409 ``tote_in_use``
    (a tote holding another order) and ``order_has_tote`` (a scanned tote other than the one
    holding the order's picked units)."""
    held = {t.order_id: t for t in await session.scalars(
        select(Tote).where(Tote.order_id.in_([m.order_id for m in members])))}
    if tote_codes is None:
        wanted = sum(1 for m in members if m.order_id not in held)
        query = select(Tote).where(Tote.order_id.is_(None)).order_by(Tote.id).limit(wanted)
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        free = iter(list(await session.scalars(query)) if wanted else [])
        out = []
        for member in members:
            tote = held.get(member.order_id) or next(free, None)
            if tote is None:
                tote = Tote(code=f"C{batch.id}-{member.position}", created_at=ctx.now)
                session.add(tote)
            out.append(tote)
    else:
        bodies = []
        for i, raw in enumerate(tote_codes):
            scan = parse(raw)
            if scan.kind != "tote" or not scan.code:
                raise ShipfloorError(422, "not_a_tote", f"{raw!r} (tote {i + 1}) is not a tote label; scan the tote.",
                                     field=f"totes[{i}]")
            bodies.append(scan.code)
        if len(set(bodies)) != len(bodies):
            raise ShipfloorError(422, "tote_count", "Each order needs its own tote.", field="totes")
        for i, (member, body) in enumerate(zip(members, bodies, strict=True)):
            own = held.get(member.order_id)
            if own is not None and own.code != body:
                raise ShipfloorError(
                    409, "order_has_tote",
                    f"The order in place {member.position} has picked units in tote {own.code} already: "
                    f"scan that tote ({label_code('tote', own.code) or own.code}) for place {member.position}.",
                    field=f"totes[{i}]", tote=own.code,
                )
        known = {t.code: t for t in await session.scalars(select(Tote).where(Tote.code.in_(bodies)))}
        out = []
        for body in bodies:
            tote = known.get(body)
            if tote is None:
                tote = Tote(code=body, created_at=ctx.now)
                session.add(tote)
            out.append(tote)
    busy = [t.code for t, m in zip(out, members, strict=True) if t.order_id not in (None, m.order_id)]
    if busy:
        raise ShipfloorError(409, "tote_in_use", f"Tote {', '.join(busy)} still holds another order; empty it first.",
                             totes=busy)
    for tote, member in zip(out, members, strict=True):
        if tote.order_id != member.order_id:
            tote.order_id = member.order_id
            tote.bound_at = ctx.now
    try:
        await session.flush()
    except IntegrityError as exc:
        raise ShipfloorError(409, "tote_in_use", "A tote was bound by someone else meanwhile; try again.") from exc
    return out


async def open_count(session: AsyncSession) -> int:
    """Open batches (created or picking)."""
    return int(await session.scalar(select(func.count()).select_from(PickBatch).where(PickBatch.status.in_(OPEN))) or 0)
