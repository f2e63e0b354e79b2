"""The demo adds orders in every status and hold reason, from channels and by hand, once; the
orders on the floor got there by picking and packing, so stock, batches and parcels agree."""

from sqlalchemy import func, select

from server.db.models import (
    Allocation,
    OrderEvent,
    OrderLine,
    PickBatch,
    PickBatchOrder,
    PickConfirmation,
    SalesOrder,
    Shipment,
    ShippingRule,
    StockLevel,
    Tote,
)
from server.demo.loader import load_demo
from server.domain.orders import rules


async def test_demo_orders_cover_every_status_and_hold_reason(db, backend):
    async with db() as session:
        await load_demo(session)
        await session.commit()
    async with db() as session:
        rows = list(await session.execute(select(SalesOrder.status, SalesOrder.hold_reason, SalesOrder.channel)))
        assert {status for status, _, _ in rows} == set(rules.STATUSES)
        assert {reason for _, reason, _ in rows if reason} == set(rules.HOLD_REASONS)
        channels = {channel for _, _, channel in rows}
        assert "manual" in channels and len(channels - {"manual"}) >= 3
        assert await session.scalar(select(func.count()).select_from(ShippingRule)) == 4
        without_history = await session.scalar(
            select(func.count()).select_from(SalesOrder).where(~SalesOrder.id.in_(select(OrderEvent.order_id)))
        )
        assert without_history == 0
        before = len(rows)
    async with db() as session:
        await load_demo(session)
        await session.commit()
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(SalesOrder)) == before


async def _floor_invariants(session) -> dict[str, int]:
    """Check that what the demo shows agrees with the order rules, whatever the loader did:
    stock, allocations, batches, totes, shipments and history fit each order's status.
    Returns the number of orders in each status."""
    for level in await session.scalars(select(StockLevel)):
        promised = await session.scalar(
            select(func.coalesce(func.sum(Allocation.quantity), 0)).where(Allocation.stock_level_id == level.id))
        assert level.allocated == promised, (level.id, level.allocated, promised)
        assert 0 <= level.allocated <= level.on_hand, level.id
    orders = list(await session.scalars(select(SalesOrder).order_by(SalesOrder.id)))
    by_status: dict[str, int] = {}
    for order in orders:
        by_status[order.status] = by_status.get(order.status, 0) + 1
        who = (order.number, order.status)
        # The latest history entry that moved the order moved it to where it is.
        last_move = await session.scalar(
            select(OrderEvent.to_status).where(OrderEvent.order_id == order.id, OrderEvent.to_status.is_not(None))
            .order_by(OrderEvent.id.desc()).limit(1))
        assert last_move == order.status, who
        allocated = await session.scalar(
            select(func.coalesce(func.sum(Allocation.quantity), 0)).where(Allocation.order_id == order.id))
        ordered = dict((await session.execute(
            select(OrderLine.id, OrderLine.quantity).where(OrderLine.order_id == order.id))).all())
        picked = dict((await session.execute(
            select(PickConfirmation.order_line_id, func.sum(PickConfirmation.quantity))
            .where(PickConfirmation.order_id == order.id).group_by(PickConfirmation.order_line_id))).all())
        shipments = list(await session.scalars(select(Shipment.status).where(Shipment.order_id == order.id)))
        tote = await session.scalar(select(Tote.code).where(Tote.order_id == order.id))
        if order.status in (rules.READY_FOR_PACKING, rules.READY_FOR_SHIPPING, rules.COMPLETED):
            # Picked in full: nothing left allocated, every unit confirmed into a tote.
            assert allocated == 0, who
            assert picked == ordered, who
        if order.status == rules.PICKING:
            batch_status = await session.scalar(
                select(PickBatch.status).join(PickBatchOrder, PickBatchOrder.batch_id == PickBatch.id)
                .where(PickBatchOrder.order_id == order.id, PickBatchOrder.state == "active"))
            assert batch_status == "picking", who
            assert tote is not None, who
        if order.status == rules.READY_FOR_PACKING:
            in_tote = await session.scalar(
                select(func.coalesce(func.sum(PickConfirmation.quantity), 0))
                .where(PickConfirmation.order_id == order.id, PickConfirmation.tote_code == tote))
            assert tote is not None and in_tote > 0, who
            assert not shipments, who
        if order.status == rules.READY_FOR_SHIPPING:
            assert "labelled" in shipments and "handed_over" not in shipments, who
        if order.status == rules.COMPLETED:
            assert "handed_over" in shipments, who
        if order.status in (rules.READY_FOR_SHIPPING, rules.COMPLETED):
            assert tote is None, who  # packing empties the tote
        if order.status == rules.ON_HOLD and order.held_from == rules.PICKING:
            # Picking starts on a batch, which gives the order its tote; only packing or
            # putting its units away empties it.
            assert tote is not None, who
            assert await session.scalar(select(PickBatchOrder.id).where(PickBatchOrder.order_id == order.id)), who
    return by_status


async def test_demo_floor_agrees_with_the_order_rules(db, backend):
    async with db() as session:
        await load_demo(session)
        await session.commit()
    async with db() as session:
        by_status = await _floor_invariants(session)
        # The floor statuses are there, so the checks above checked something.
        for status in (rules.PICKING, rules.READY_FOR_PACKING, rules.READY_FOR_SHIPPING, rules.COMPLETED):
            assert by_status.get(status), status
        assert await session.scalar(select(func.count()).select_from(SalesOrder).where(
            SalesOrder.status == rules.ON_HOLD, SalesOrder.held_from == rules.PICKING))
        counts = [await session.scalar(select(func.count()).select_from(model))
                  for model in (PickBatch, PickConfirmation, Shipment, OrderEvent, Allocation)]
    async with db() as session:
        await load_demo(session)
        await session.commit()
    async with db() as session:
        assert await _floor_invariants(session) == by_status
        assert [await session.scalar(select(func.count()).select_from(model))
                for model in (PickBatch, PickConfirmation, Shipment, OrderEvent, Allocation)] == counts
