"""Filling carts: which waiting orders go together on one cart.

One code path for both callers: ``POST /api/pick-batches/next`` takes the cart of its first
order, ``POST /api/pick-batches/proposals`` shows every cart to a supervisor without creating
anything. Carts come from ``routing.batch`` (seed construction and Clarke-Wright savings with
local search, see ``routing/batching.py``) over the bins the orders are allocated in; without a
usable layout carts are filled in waiting order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import routing
from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.locking import lock_row
from server.db.models import Allocation, Customer, Location, PickBatch, PickBatchOrder, SalesOrder, StockLevel, User
from server.domain.orders import rules as order_rules
from server.domain.picking import routes, solver_pool
from server.domain.picking.rules import group_stops
from server.domain.picking.schemas import ProposalOrderOut, ProposalOut, ProposalsOut, SkippedOut
from server.errors import NotFound, ShipfloorError

#: The most waiting orders one proposal request groups (the oldest by priority and ship date).
MAX_POOL = 200


def claimed_orders() -> Select[Any]:
    """Ids of the orders on an open batch (each claimed by at most one cart; a tote set aside
    or a closed batch gives its claim up)."""
    return select(PickBatchOrder.claimed_order_id).where(PickBatchOrder.claimed_order_id.is_not(None))


def waiting_orders() -> Select[Any]:
    """Rows ``(id, priority, requested_ship_date)`` of orders ``ready_for_picking``, or
    ``picking`` and released after a hold (their tote was set aside and their batch went on
    without them), on no open batch, in waiting order: highest priority, earliest ship date
    (none last), oldest, id."""
    claimed = claimed_orders()
    return (
        select(SalesOrder.id, SalesOrder.priority, SalesOrder.requested_ship_date)
        .where(SalesOrder.status.in_((order_rules.READY_FOR_PICKING, order_rules.PICKING)),
               SalesOrder.id.not_in(claimed))
        .order_by(SalesOrder.priority.desc(), SalesOrder.requested_ship_date.asc().nulls_last(),
                  SalesOrder.created_at, SalesOrder.id)
    )


async def pick_codes(session: AsyncSession, order_ids: Sequence[int]) -> dict[int, list[str]]:
    """Location codes of each order's allocations (one per allocation, in id order)."""
    rows = await session.execute(
        select(Allocation.order_id, Location.code)
        .join(StockLevel, StockLevel.id == Allocation.stock_level_id)
        .join(Location, Location.id == StockLevel.location_id)
        .where(Allocation.order_id.in_(list(order_ids)))
        .order_by(Allocation.id)
    )
    out: dict[int, list[str]] = {}
    for oid, code in rows:
        out.setdefault(oid, []).append(code)
    return out


async def carts(session: AsyncSession, pool: Sequence[Any], size: int, time_budget_s: float) -> list[list[int]]:
    """Group ``pool`` (rows ``(id, priority, requested_ship_date)`` in waiting order) into carts
    of at most ``size`` orders (one tote each). Orders of a higher priority, then an earlier
    ship date, fill carts first (``routing.batch`` due groups); room left is topped up with
    later orders that add the least walking. Returns order ids per cart, tote order. Without
    an active layout, or when a bin is not on it, or when routing fails, carts are filled in
    waiting order. ``time_budget_s`` (seconds) bounds the batching search."""
    ids = [int(row[0]) for row in pool]
    if len(ids) <= size:
        return [ids] if ids else []
    in_order = [ids[i:i + size] for i in range(0, len(ids), size)]
    found = await routes.active_ref(session)
    picks = await pick_codes(session, ids)
    if found is None or any(c not in found[1].locations for codes in picks.values() for c in codes):
        return in_order
    far = dt.date.max
    orders = [
        routing.Order(str(oid), tuple(picks.get(oid, ())), due=(-prio, ship or far))
        for oid, prio, ship in pool
    ]
    try:
        made = await solver_pool.solve(_batch, orders, size, found[2], time_budget_s)
    except routing.RoutingError:
        return in_order
    return [[int(o) for o in cart.orders] for cart in made]


def _batch(orders: list[routing.Order], size: int, ref: solver_pool.LayoutRef, budget_s: float) -> list[routing.Batch]:
    return routing.batch(orders, routing.Cart(totes=size), ref.layout(), time_budget_s=budget_s)


async def hold_picker(session: AsyncSession, user_id: int | None) -> None:
    """Take picker ``user_id``'s lock until the transaction ends: one picker's ``next``
    requests run one after the other (a double tap on the handheld), so that the later one
    finds the cart the earlier one made or was given, and answers it, instead of taking a
    second cart. Other pickers' requests are not held up.

    The user row's lock (``locking.lock_row`` on SQLite, where it takes the database's write
    lock). On PostgreSQL ``FOR NO KEY UPDATE``, not ``FOR UPDATE``: rows that refer to the
    user (a batch assigned to them, their order events) take ``FOR KEY SHARE`` on it, which
    ``FOR UPDATE`` would block, and a supervisor assigning a batch to this picker meanwhile
    could deadlock with us."""
    if user_id is None:
        return
    if session.get_bind().dialect.name == "sqlite":
        await lock_row(session, User, user_id, User.active)
    else:
        await session.execute(select(User.id).where(User.id == user_id).with_for_update(key_share=True))


async def offered_to(session: AsyncSession, user_id: int | None) -> PickBatch | None:
    """The oldest batch not started yet that was assigned to ``user_id`` (by a supervisor, or
    made for them by ``next``); else the oldest one a supervisor made for nobody in particular,
    now assigned to ``user_id`` (a conditional update: two pickers asking at once never get the
    same one); else None."""
    if user_id is None:
        return None
    mine = await session.scalar(
        select(PickBatch).where(PickBatch.assigned_picker_id == user_id, PickBatch.status == "created")
        .order_by(PickBatch.id).limit(1)
    )
    if mine is not None:
        return mine
    unassigned = (PickBatch.assigned_picker_id.is_(None), PickBatch.status == "created")
    for batch_id in list(await session.scalars(select(PickBatch.id).where(*unassigned).order_by(PickBatch.id).limit(5))):
        taken = await session.execute(
            update(PickBatch).where(PickBatch.id == batch_id, *unassigned).values(assigned_picker_id=user_id)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:
            return await session.get(PickBatch, batch_id, populate_existing=True)
    return None


def token_of(order_ids: Sequence[int]) -> str:
    """A proposal's token: its order ids in tote order, joined by dots (``"12.15.19"``)."""
    return ".".join(str(i) for i in order_ids)


def ids_of(token: str) -> list[int]:
    """The order ids of a proposal token; raises 404 ``proposal_not_found`` for a malformed
    one."""
    try:
        ids = [int(part) for part in token.split(".")]
    except ValueError:
        ids = []
    if not ids or len(ids) > 50 or any(i < 1 or i > 2**31 - 1 for i in ids) or len(set(ids)) != len(ids):
        raise ShipfloorError(404, "proposal_not_found", f"{token!r} is not a cart proposal.")
    return ids


async def propose(session: AsyncSession, order_ids: list[int] | None, size: int) -> ProposalsOut:
    """Carts for ``order_ids`` (or for the first ``MAX_POOL`` orders waiting, when None) with
    at most ``size`` orders each, computed by ``carts`` and routed as ``POST /api/pick-batches``
    would route them (``routes.plan``). Reads only: nothing is locked, claimed or written.

    Given orders that cannot go on a batch now are left out and listed in ``skipped`` with the
    code ``POST /api/pick-batches`` would answer: ``order_not_found``, ``order_not_ready``,
    ``order_in_batch``. Lengths in metres (see ``ProposalOut``)."""
    query = waiting_orders()
    skipped: list[SkippedOut] = []
    if order_ids is not None:
        pool = list((await session.execute(query.where(SalesOrder.id.in_(order_ids)))).all())
        free = {row[0] for row in pool}
        statuses = dict((await session.execute(
            select(SalesOrder.id, SalesOrder.status).where(SalesOrder.id.in_(order_ids))
        )).all())
        for oid in dict.fromkeys(order_ids):
            if oid in free:
                continue
            status = statuses.get(oid)
            code = ("order_not_found" if status is None else
                    "order_in_batch" if status in (order_rules.READY_FOR_PICKING, order_rules.PICKING)
                    else "order_not_ready")
            skipped.append(SkippedOut(oid, code, status))
    else:
        pool = list((await session.execute(query.limit(MAX_POOL))).all())
    grouped = await carts(session, pool, size, time_budget_s=0.5)
    waiting = len(pool) if order_ids is not None else await _count_waiting(session)
    return ProposalsOut(size, [await proposal(session, ids) for ids in grouped], skipped, waiting)


async def _count_waiting(session: AsyncSession) -> int:
    sub = waiting_orders().order_by(None).subquery()
    return int(await session.scalar(select(func.count()).select_from(sub)) or 0)


async def proposal(session: AsyncSession, order_ids: list[int]) -> ProposalOut:
    """One cart of ``order_ids`` (tote order): its orders, stops and units as the batch would
    have them (one stop per bin and product), and its planned route."""
    from server.domain.picking.batches import takes_of

    takes = await takes_of(session, {oid: pos for pos, oid in enumerate(order_ids, start=1)})
    planned = await routes.plan(session, [t.location_code for t in takes])
    rows = await session.execute(
        select(SalesOrder.id, SalesOrder.number, SalesOrder.priority, SalesOrder.requested_ship_date,
               Customer.name)
        .outerjoin(Customer, Customer.id == SalesOrder.customer_id)
        .where(SalesOrder.id.in_(order_ids))
    )
    units: dict[int, int] = {}
    for take in takes:
        units[take.order_id] = units.get(take.order_id, 0) + take.quantity
    facts = {row[0]: row for row in rows}
    orders = [
        ProposalOrderOut(oid, facts[oid][1], facts[oid][4], facts[oid][2], facts[oid][3], units.get(oid, 0))
        for oid in order_ids if oid in facts
    ]
    return ProposalOut(
        token=token_of(order_ids), order_ids=list(order_ids), orders=orders,
        stops=len(group_stops(takes)), units=sum(units.values()), route_method=planned.method,
        route_length_m=planned.length_m, code_order_length_m=planned.code_order_length_m,
        saved_m=round(max(0.0, planned.code_order_length_m - planned.length_m), 2),
    )


async def drawing(session: AsyncSession, order_ids: list[int]) -> str:
    """SVG of the route a batch of ``order_ids`` would walk on the active layout (bins of their
    allocations). Raises 404 ``layout_not_found``, ``order_not_found``."""
    found = await routes.require_layout(session)
    known = set(await session.scalars(select(SalesOrder.id).where(SalesOrder.id.in_(order_ids))))
    missing = [i for i in order_ids if i not in known]
    if missing:
        raise NotFound("order", missing[0])
    codes = [c for codes in (await pick_codes(session, order_ids)).values() for c in codes]
    planned = await routes.plan(session, codes)
    return routes.drawing(found[1], planned.order, planned.path, planned.length_m, planned.method)
