"""The demo warehouse has a stock ledger that adds up, a receipt, a move and an adjustment, and
backorders both split off and held whole; loading it again adds nothing."""

from sqlalchemy import func, select

from server.db.models import SalesOrder, StockLedgerEntry
from server.demo.loader import load_demo
from tests.inventory.conftest import check_books


async def test_demo_has_backorders_and_a_ledger_history(db, backend):
    async with db() as session:
        await load_demo(session)
        await session.commit()
    async with db() as session:
        reasons = set(await session.scalars(select(StockLedgerEntry.reason)))
        assert {"receipt", "move_in", "move_out", "damage"} <= reasons
        split = list(await session.scalars(select(SalesOrder).where(SalesOrder.parent_id.is_not(None))))
        assert split and all((o.status, o.hold_reason) == ("on_hold", "backorder") for o in split)
        parent = await session.get(SalesOrder, split[0].parent_id)
        assert split[0].number == f"{parent.number}-BO1" and parent.backorder_count == 1
        held = await session.scalar(select(func.count()).where(
            SalesOrder.hold_reason == "backorder", SalesOrder.parent_id.is_(None), SalesOrder.backorder_count == 0))
        assert held >= 1
        counts = (await session.scalar(select(func.count()).select_from(SalesOrder)),
                  await session.scalar(select(func.count()).select_from(StockLedgerEntry)))
    await check_books(db)
    async with db() as session:
        await load_demo(session)
        await session.commit()
    async with db() as session:
        assert (await session.scalar(select(func.count()).select_from(SalesOrder)),
                await session.scalar(select(func.count()).select_from(StockLedgerEntry))) == counts
