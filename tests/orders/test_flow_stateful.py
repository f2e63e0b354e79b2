"""Random sequences of order actions (hypothesis stateful) against the real services, on SQLite
and PostgreSQL. After every step: no status move outside the transition table, every move has
its history entry, lines change only in editable statuses, a refused action changes nothing, and
stock is never promised beyond what is on hand."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from datetime import timedelta

import asyncpg
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from server.config import Settings
from server.db.base import utcnow
from server.db.engine import make_engine, make_sessionmaker
from server.db.models import Allocation, Customer, Location, OrderEvent, OrderLine, Product, SalesOrder, StockLevel, WarehouseLayout
from server.domain.orders import flow, rules, services
from server.domain.orders.events import SYSTEM, Context
from server.domain.orders.schemas import CustomerIn, LineIn, OrderIn, OrderPatch
from server.errors import ShipfloorError

TZ = "Europe/Amsterdam"
ACTIONS = ["confirm", "pay", "hold", "release", "cancel", "pick", "pack", "ship", "complete"]
FLOOR_MOVES = {"pick": "picking", "pack": "ready_for_packing", "ship": "ready_for_shipping", "complete": "completed"}


def ctx() -> Context:
    return Context(SYSTEM, utcnow(), TZ)


async def _truncate(url: str) -> None:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        await conn.execute(f"TRUNCATE {', '.join(t['tablename'] for t in tables)} RESTART IDENTITY CASCADE")
    finally:
        await conn.close()


def machine_for(settings_factory):
    class OrderMachine(RuleBasedStateMachine):
        orders = Bundle("orders")

        def __init__(self) -> None:
            super().__init__()
            self.loop = asyncio.new_event_loop()
            self.engine = make_engine(self.loop.run_until_complete(settings_factory()))
            self.sessionmaker = make_sessionmaker(self.engine)
            self.customer_id = self.run(self._arrange())

        def run(self, coroutine):
            return self.loop.run_until_complete(coroutine)

        def teardown(self) -> None:
            self.run(self.engine.dispose())
            self.loop.close()

        async def _arrange(self) -> int:
            async with self.sessionmaker() as session:
                layout = WarehouseLayout(name="T", document={})
                session.add(layout)
                await session.flush()
                bins = [Location(code=f"B-{i}", layout_id=layout.id, aisle="B", y=float(i), side="left", level="A")
                        for i in range(2)]
                mug = Product(sku="MUG", name="Mug")
                bowl = Product(sku="BOWL", name="Bowl")
                customer = Customer(name="C", country="NL")
                session.add_all([*bins, mug, bowl, customer])
                await session.flush()
                session.add_all([
                    StockLevel(product_id=mug.id, location_id=bins[0].id, on_hand=4, allocated=0),
                    StockLevel(product_id=mug.id, location_id=bins[1].id, on_hand=3, allocated=0),
                    StockLevel(product_id=bowl.id, location_id=bins[0].id, on_hand=1, allocated=0),
                ])
                await session.commit()
                return customer.id

        async def _snapshot(self, order_id: int):
            async with self.sessionmaker() as session:
                order = await session.get(SalesOrder, order_id)
                lines = list(await session.execute(
                    select(OrderLine.sku, OrderLine.quantity).where(OrderLine.order_id == order_id).order_by(OrderLine.line_no)
                ))
                events = await session.scalar(select(func.count()).where(OrderEvent.order_id == order_id))
                allocated = await session.scalar(
                    select(func.coalesce(func.sum(Allocation.quantity), 0)).where(Allocation.order_id == order_id)
                )
                return (order.status, order.hold_reason, order.held_from, order.version), [tuple(r) for r in lines], events, allocated

        async def _do(self, order_id: int, work) -> bool:
            async with self.sessionmaker() as session:
                try:
                    order = await flow.load_order(session, order_id, lock=True)
                    await work(session, order)
                    await session.commit()
                    return True
                except ShipfloorError as exc:
                    assert exc.status in (409, 422), exc.detail
                    await session.rollback()
                    return False

        @rule(target=orders, paid=st.booleans(), skus=st.lists(st.sampled_from(["MUG", "BOWL"]), min_size=1, max_size=2),
              quantity=st.integers(1, 4), scheduled=st.booleans(), confirm=st.booleans())
        def enter(self, paid, skus, quantity, scheduled, confirm):
            async def create():
                async with self.sessionmaker() as session:
                    order = await services.create_order(session, OrderIn(
                        customer=CustomerIn(id=self.customer_id),
                        lines=[LineIn(quantity=quantity, sku=sku) for sku in skus],
                        payment_state="paid" if paid else "unpaid",
                        requested_ship_date=(utcnow() + timedelta(days=30)).date() if scheduled else None,
                        confirm=confirm,
                    ), ctx())
                    await session.commit()
                    return order.id
            return self.run(create())

        @rule(order_id=orders, action=st.sampled_from(ACTIONS))
        def act(self, order_id, action):
            before = self.run(self._snapshot(order_id))

            async def work(session, order):
                if action == "confirm":
                    await flow.confirm(session, order, ctx())
                elif action == "pay":
                    await flow.receive_payment(session, order, ctx(), amount=None, reference=None)
                elif action == "hold":
                    await flow.hold(session, order, ctx())
                elif action == "release":
                    await flow.release(session, order, ctx())
                elif action == "cancel":
                    await flow.cancel(session, order, ctx())
                else:
                    await flow.change_status(session, order, FLOOR_MOVES[action], ctx())

            done = self.run(self._do(order_id, work))
            after = self.run(self._snapshot(order_id))
            assert after[1] == before[1], "an action changed the lines"
            if not done:
                assert after == before, f"refused {action} changed the order"

        @rule(order_id=orders, quantity=st.integers(1, 5), sku=st.sampled_from(["MUG", "BOWL"]))
        def edit_lines(self, order_id, quantity, sku):
            before = self.run(self._snapshot(order_id))
            status = before[0][0]

            async def work(session, order):
                await services.update_order(session, order_id, OrderPatch(lines=[LineIn(quantity=quantity, sku=sku)]), ctx())

            done = self.run(self._do(order_id, work))
            after = self.run(self._snapshot(order_id))
            if status in rules.EDITABLE[rules.LINES]:
                assert done
                assert after[1] == [(sku, quantity)]
                assert after[3] == 0, "edited lines keep no allocation"
            else:
                assert not done
                assert after == before

        @rule(order_id=orders)
        def release_due(self, order_id):
            # Nothing is due (ship dates lie 30 days ahead): the job must move nothing.
            from server.domain.orders.jobs import release_due_orders

            assert self.run(release_due_orders(self.sessionmaker, TZ, holder="machine")) == []

        @invariant()
        def history_follows_the_table_and_stock_holds(self):
            async def check():
                async with self.sessionmaker() as session:
                    orders = list(await session.scalars(select(SalesOrder)))
                    for order in orders:
                        events = list(await session.scalars(
                            select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id)
                        ))
                        moves = [e for e in events if e.to_status is not None]
                        assert moves[0].kind == "created" and moves[0].to_status == "draft"
                        current = "draft"
                        for event in moves[1:]:
                            assert event.from_status == current, (order.id, event.kind)
                            assert event.to_status in rules.TRANSITIONS[current]
                            current = event.to_status
                        assert current == order.status, "a status change without its history entry"
                        assert (order.hold_reason is not None) == (order.status == "on_hold")
                        allocated = dict((await session.execute(
                            select(Allocation.order_line_id, func.sum(Allocation.quantity))
                            .where(Allocation.order_id == order.id).group_by(Allocation.order_line_id)
                        )).all())
                        lines = list(await session.scalars(select(OrderLine).where(OrderLine.order_id == order.id)))
                        if order.status in ("ready_for_picking", "picking", "ready_for_packing", "ready_for_shipping"):
                            assert all(allocated.get(line.id, 0) == line.quantity for line in lines)
                        if order.status in ("cancelled", "draft", "awaiting_payment"):
                            assert not allocated
                    for level in await session.scalars(select(StockLevel)):
                        promised = await session.scalar(
                            select(func.coalesce(func.sum(Allocation.quantity), 0)).where(Allocation.stock_level_id == level.id)
                        )
                        assert 0 <= level.allocated <= level.on_hand
                        assert level.allocated == promised

            self.run(check())

    return OrderMachine


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_random_action_sequences_keep_the_invariants(kind, request, tmp_path):
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
            await _truncate(url)
            return Settings(database_url=url)

    machine = machine_for(settings_factory)
    run_state_machine_as_test(
        machine,
        settings=settings(max_examples=15, stateful_step_count=20, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]),
    )
