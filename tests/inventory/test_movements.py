"""The floor's stock movements (``movements``): picks, short picks, reallocation, put-away and
splits, each with its ledger entries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.db.models import Allocation, OrderLine, SalesOrder, StockLedgerEntry, StockLevel
from server.domain.inventory import movements
from server.domain.orders import flow
from server.domain.orders.events import SYSTEM, Context
from server.db.base import utcnow
from server.errors import ShipfloorError
from tests.inventory.conftest import check_books, levels


async def allocation_rows(session, order_id: int) -> list[Allocation]:
    return list(await session.scalars(
        select(Allocation).where(Allocation.order_id == order_id).order_by(Allocation.id)
        .execution_options(populate_existing=True)))


async def to_picking(db, order_id: int) -> None:
    async with db() as session:
        order = await flow.load_order(session, order_id, lock=True)
        await flow.change_status(session, order, "picking", Context(SYSTEM, utcnow(), "Europe/Amsterdam"))
        await session.commit()


async def test_pick_units_take_stock_out_with_the_allocation(shop, receive, enter, db, users):
    await receive([("MUG", "A-01-02", 5)])
    order = await enter([("MUG", 3)])
    async with db() as session:
        [allocation] = await allocation_rows(session, order["id"])
        await movements.pick_units(session, allocation_id=allocation.id, quantity=2, user_id=users["picker"],
                                   reference="batch 1")
        await session.commit()
    assert await levels(db) == {(shop.mug, "A-01-02"): (3, 1)}
    async with db() as session:
        [allocation] = await allocation_rows(session, order["id"])
        assert allocation.quantity == 1
        allocation_id = allocation.id
        with pytest.raises(ShipfloorError) as refused:
            await movements.pick_units(session, allocation_id=allocation.id, quantity=2, user_id=None, reference="x")
        assert (refused.value.status, refused.value.code) == (409, "insufficient_stock")
        await session.rollback()
    async with db() as session:
        await movements.pick_units(session, allocation_id=allocation_id, quantity=1, user_id=None, reference="b1")
        await session.commit()
        assert await allocation_rows(session, order["id"]) == []
        entry = await session.scalar(select(StockLedgerEntry).order_by(StockLedgerEntry.id.desc()).limit(1))
        assert (entry.reason, entry.quantity, entry.on_hand_before, entry.on_hand_after,
                entry.allocated_before, entry.allocated_after) == ("pick", -1, 3, 2, 1, 0)
        assert entry.order_line_id == order["lines"][0]["id"]
    assert await levels(db) == {(shop.mug, "A-01-02"): (2, 0)}
    await check_books(db)


async def test_short_pick_corrects_the_bin_and_gives_back_newest_first(shop, receive, enter, db, order_of):
    await receive([("MUG", "A-01-02", 6), ("MUG", "A-01-15", 2)])
    picked = await enter([("MUG", 3)])    # A-01-02, being picked
    later = await enter([("MUG", 3)])     # A-01-02 too, not yet on the floor
    await to_picking(db, picked["id"])
    async with db() as session:
        level_id = await session.scalar(select(StockLevel.id).where(StockLevel.on_hand == 6))
        # Only 2 in the bin: 4 of the 6 allocated go back, the newest (``later``'s 3) first.
        back = await movements.report_short(session, stock_level_id=level_id, found_quantity=2, user_id=None,
                                            reference="batch 1 stop 1")
        await session.commit()
    # ``later`` was not on the floor: it got 2 at A-01-15 and is 1 short, so it waits.
    assert back == 1
    assert await levels(db) == {(shop.mug, "A-01-02"): (2, 2), (shop.mug, "A-01-15"): (2, 2)}
    assert ((await order_of(later["id"]))["status"], (await order_of(later["id"]))["hold_reason"]) == (
        "on_hold", "backorder")
    async with db() as session:
        entry = await session.scalar(select(StockLedgerEntry).where(StockLedgerEntry.reason == "short_pick"))
        assert (entry.quantity, entry.on_hand_before, entry.on_hand_after, entry.allocated_after) == (-4, 6, 2, 2)
    await check_books(db)


async def test_reallocate_line_finds_units_elsewhere(shop, receive, enter, db):
    await receive([("MUG", "A-01-02", 3), ("MUG", "A-02-05", 1), ("MUG", "A-01-15", 1)])
    order = await enter([("MUG", 3)])
    async with db() as session:
        near = await session.scalar(select(StockLevel.id).where(StockLevel.on_hand == 3))
        line_id = order["lines"][0]["id"]
        made = await movements.reallocate_line(session, order_line_id=line_id, quantity=3,
                                               exclude_stock_level_ids={near})
        # Only 2 units elsewhere: nearest first (A-02-05 at 9.5 m, then A-01-15 at 16.5 m).
        assert sorted(a.quantity for a in made) == [1, 1]
        assert await movements.reallocate_line(session, order_line_id=line_id, quantity=1,
                                               exclude_stock_level_ids={near}) == []
        await session.commit()
    await check_books(db)


async def test_put_away_releases_waiting_orders(shop, receive, enter, db, order_of):
    waiting = await enter([("BOWL", 2)])
    assert waiting["status"] == "on_hold"
    async with db() as session:
        await movements.put_away(session, product_id=shop.bowl, location_id=shop.bins["A-02-18"], quantity=2,
                                 user_id=None, reference="put-away 9")
        await session.commit()
    assert (await order_of(waiting["id"]))["status"] == "ready_for_picking"
    assert await levels(db) == {(shop.bowl, "A-02-18"): (2, 2)}
    async with db() as session:
        with pytest.raises(ShipfloorError) as unknown:
            await movements.put_away(session, product_id=shop.bowl, location_id=999999, quantity=1, user_id=None,
                                     reference="x")
        assert unknown.value.status == 404
    await check_books(db)


async def test_split_backorder_during_picking_keeps_picked_units(shop, receive, enter, db, users):
    await receive([("MUG", "A-01-02", 4)])
    order = await enter([("MUG", 4)])
    await to_picking(db, order["id"])
    line_id = order["lines"][0]["id"]
    async with db() as session:
        [allocation] = await allocation_rows(session, order["id"])
        await movements.pick_units(session, allocation_id=allocation.id, quantity=3, user_id=None, reference="b")
        # The last unit is not in the bin after all.
        level_id = allocation.stock_level_id
        assert await movements.report_short(session, stock_level_id=level_id, found_quantity=0, user_id=None,
                                            reference="b") == 1
        with pytest.raises(ShipfloorError) as refused:
            await movements.split_backorder(session, order_id=order["id"], quantities={line_id: 2},
                                            user_id=users["supervisor"])
        assert refused.value.code == "invalid_split"   # 3 of the 4 are picked
        child = await movements.split_backorder(session, order_id=order["id"], quantities={line_id: 1},
                                                user_id=users["supervisor"])
        await session.commit()
    assert child is not None and child.number == f"{order['number']}-BO1"
    async with db() as session:
        parent = await session.get(SalesOrder, order["id"])
        assert (parent.status, parent.backorder_count) == ("picking", 1)
        quantities = list(await session.scalars(
            select(OrderLine.quantity).where(OrderLine.order_id.in_([order["id"], child.id])).order_by(OrderLine.id)))
        assert quantities == [3, 1]
        # Everything of the parent is picked: nothing more to split.
        assert await movements.split_backorder(session, order_id=order["id"], quantities=None, user_id=None) is None
    await check_books(db)
