"""The demo adds orders in every status and hold reason, from channels and by hand, once."""

from sqlalchemy import func, select

from server.db.models import OrderEvent, SalesOrder, ShippingRule
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
