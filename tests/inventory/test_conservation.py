"""Random sequences of orders, receipts, splits, holds and releases (hypothesis stateful), on
SQLite and PostgreSQL. After every step: for every original order, its lines and those of all
its backorders add up to what was ordered; ``backorder_count`` counts the descendants; the
ledger sums to the levels and the allocations to ``allocated``; an order ready for picking is
allocated whole."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from server.config import Settings
from server.db.base import utcnow
from server.db.engine import make_engine, make_sessionmaker
from server.db.models import (
    Allocation,
    Customer,
    Location,
    OrderLine,
    Product,
    SalesOrder,
    StockLedgerEntry,
    StockLevel,
    WarehouseLayout,
)
from server.domain.inventory import backorders, services
from server.domain.inventory.schemas import ReceiptIn, ReceiptLineIn
from server.domain.orders import flow
from server.domain.orders import services as order_services
from server.domain.orders.events import SYSTEM, Context
from server.domain.orders.schemas import CustomerIn, LineIn, OrderIn
from server.errors import ShipfloorError
from tests.conftest import _truncate_pg
from tests.inventory.layout import LAYOUT

SKUS = ["MUG", "BOWL", "VASE"]
CODES = [loc["code"] for loc in LAYOUT["locations"]]


def ctx() -> Context:
    return Context(SYSTEM, utcnow(), "Europe/Amsterdam")


def machine_for(settings_factory):
    class Conservation(RuleBasedStateMachine):
        roots = Bundle("roots")

        def __init__(self) -> None:
            super().__init__()
            self.loop = asyncio.new_event_loop()
            self.engine = make_engine(self.loop.run_until_complete(settings_factory()))
            self.sessionmaker = make_sessionmaker(self.engine)
            self.customer_id = self.run(self._arrange())
            self.ordered: dict[int, dict[str, int]] = {}

        def run(self, coroutine):
            return self.loop.run_until_complete(coroutine)

        def teardown(self) -> None:
            self.run(self.engine.dispose())
            self.loop.close()

        async def _arrange(self) -> int:
            async with self.sessionmaker() as session:
                layout = WarehouseLayout(name="T", document=LAYOUT, active=True)
                session.add(layout)
                await session.flush()
                session.add_all(Location(code=loc["code"], layout_id=layout.id, aisle=loc["aisle"], y=loc["y"],
                                         side=loc["side"], level=loc["level"]) for loc in LAYOUT["locations"])
                session.add_all([Product(sku=sku, name=sku.title()) for sku in SKUS])
                customer = Customer(name="C", country="NL")
                session.add(customer)
                await session.commit()
                return customer.id

        async def _do(self, work) -> bool:
            async with self.sessionmaker() as session:
                try:
                    result = await work(session)
                    await session.commit()
                    return result
                except ShipfloorError as exc:
                    assert exc.status in (409, 422), exc.detail
                    await session.rollback()
                    return False

        async def _family(self, session, root_id: int) -> list[int]:
            family, frontier = [root_id], [root_id]
            while frontier:
                frontier = list(await session.scalars(select(SalesOrder.id).where(SalesOrder.parent_id.in_(frontier))))
                family += frontier
            return family

        @rule(target=roots, lines=st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 5)), min_size=1, max_size=3),
              split=st.booleans())
        def enter(self, lines, split):
            async def create(session):
                order = await order_services.create_order(session, OrderIn(
                    customer=CustomerIn(id=self.customer_id), lines=[LineIn(sku=s, quantity=q) for s, q in lines],
                    payment_state="paid", confirm=True, backorder_policy="split" if split else "hold"), ctx())
                return order.id

            order_id = self.run(self._do(create))
            totals: dict[str, int] = defaultdict(int)
            for sku, quantity in lines:
                totals[sku] += quantity
            self.ordered[order_id] = dict(totals)
            return order_id

        @rule(sku=st.sampled_from(SKUS), code=st.sampled_from(CODES), quantity=st.integers(1, 6))
        def receipt(self, sku, code, quantity):
            async def book(session):
                await services.receive(session, ReceiptIn(lines=[ReceiptLineIn(sku=sku, location=code,
                                                                               quantity=quantity)]), ctx())
                return True

            self.run(self._do(book))

        @rule(root=roots, depth=st.integers(0, 3), part=st.none() | st.integers(0, 5))
        def split(self, root, depth, part):
            async def work(session):
                family = await self._family(session, root)
                order = await flow.load_order(session, family[min(depth, len(family) - 1)], lock=True)
                quantities = None if part is None or not order.lines else {order.lines[0].id: part}
                await backorders.split(session, order, quantities, ctx())
                return True

            self.run(self._do(work))

        @rule(root=roots, depth=st.integers(0, 3), action=st.sampled_from(["hold", "release"]))
        def hold_or_release(self, root, depth, action):
            async def work(session):
                family = await self._family(session, root)
                order = await flow.load_order(session, family[min(depth, len(family) - 1)], lock=True)
                await getattr(flow, action)(session, order, ctx())
                return True

            self.run(self._do(work))

        @invariant()
        def conserved(self):
            async def check():
                async with self.sessionmaker() as session:
                    for root, ordered in self.ordered.items():
                        family = await self._family(session, root)
                        rows = await session.execute(
                            select(OrderLine.sku, func.sum(OrderLine.quantity))
                            .where(OrderLine.order_id.in_(family)).group_by(OrderLine.sku))
                        assert dict(rows.all()) == ordered
                        count = await session.scalar(select(SalesOrder.backorder_count).where(SalesOrder.id == root))
                        assert count == len(family) - 1
                    for order in await session.scalars(select(SalesOrder).where(SalesOrder.status == "ready_for_picking")):
                        wanted = await session.scalar(select(func.sum(OrderLine.quantity)).where(OrderLine.order_id == order.id))
                        held = await session.scalar(select(func.sum(Allocation.quantity)).where(Allocation.order_id == order.id))
                        assert wanted == held
                    for level in await session.scalars(select(StockLevel)):
                        booked = await session.scalar(select(func.coalesce(func.sum(StockLedgerEntry.quantity), 0))
                                                      .where(StockLedgerEntry.stock_level_id == level.id))
                        promised = await session.scalar(select(func.coalesce(func.sum(Allocation.quantity), 0))
                                                        .where(Allocation.stock_level_id == level.id))
                        assert (booked, promised) == (level.on_hand, level.allocated)
                        assert 0 <= level.allocated <= level.on_hand

            self.run(check())

    return Conservation


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_quantities_are_conserved_over_splits_holds_and_releases(kind, request, tmp_path):
    if kind == "sqlite":
        template = request.getfixturevalue("sqlite_template")

        async def settings_factory() -> Settings:
            folder = tmp_path / uuid.uuid4().hex
            folder.mkdir()
            shutil.copy(template, folder / "shipfloor.sqlite3")
            return Settings(data_dir=str(folder))
    else:
        url = request.getfixturevalue("pg_database")

        async def settings_factory() -> Settings:
            await _truncate_pg(url)
            return Settings(database_url=url)

    run_state_machine_as_test(
        machine_for(settings_factory),
        settings=settings(max_examples=12, stateful_step_count=18, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]),
    )
