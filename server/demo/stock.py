"""Demo stock history and backorders: an opening balance in the ledger for the demo stock, a
goods receipt, a move and a damage adjustment, an order waiting on backorder and one split by its
backorder policy. Each step adds only what is missing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import utcnow
from server.db.models import Location, Product, StockLedgerEntry, StockLevel, User
from server.domain.inventory import services
from server.domain.inventory.schemas import AdjustmentIn, MoveIn, ReceiptIn, ReceiptLineIn
from server.domain.orders import services as order_services
from server.domain.orders.events import Actor, Context
from server.domain.orders.schemas import AddressIn, CustomerIn, LineIn, OrderIn

DEMO_TIMEZONE = "Europe/Amsterdam"
RECEIPT_REFERENCE = "DN-DEMO-0001"


async def load_opening_ledger(session: AsyncSession) -> int:
    """Book, for every stock level whose ledger does not add up to ``on_hand`` (stock put in
    place by the demo loader), the difference as an opening balance. Returns entries added."""
    booked = (
        select(StockLedgerEntry.stock_level_id, func.sum(StockLedgerEntry.quantity).label("units"))
        .group_by(StockLedgerEntry.stock_level_id).subquery()
    )
    rows = (await session.execute(
        select(StockLevel, func.coalesce(booked.c.units, 0))
        .outerjoin(booked, booked.c.stock_level_id == StockLevel.id)
        .where(StockLevel.on_hand != func.coalesce(booked.c.units, 0))
        .order_by(StockLevel.id)
    )).all()
    now = utcnow()
    for level, units in rows:
        session.add(StockLedgerEntry(
            stock_level_id=level.id, product_id=level.product_id, location_id=level.location_id,
            reason="receipt", quantity=level.on_hand - int(units), on_hand_before=int(units),
            on_hand_after=level.on_hand, allocated_before=level.allocated, allocated_after=level.allocated,
            reference="opening stock", note="Stock counted when the warehouse went live.", created_at=now,
        ))
    await session.flush()
    return len(rows)


async def _skus_by_availability(session: AsyncSession) -> list[tuple[str, int]]:
    available = func.coalesce(func.sum(StockLevel.on_hand - StockLevel.allocated), 0)
    rows = await session.execute(
        select(Product.sku, available).outerjoin(StockLevel, StockLevel.product_id == Product.id)
        .group_by(Product.sku).order_by(available.desc(), Product.sku)
    )
    return [(sku, int(units)) for sku, units in rows]


async def load_stock_story(session: AsyncSession) -> int:
    """Once: a goods receipt, a move and a damage adjustment (ledger history), then an order split by
    its backorder policy (``<number>-BO1`` waits) and one held whole on backorder. Returns the
    number of orders created."""
    if await session.scalar(select(StockLedgerEntry.id).where(StockLedgerEntry.reference == RECEIPT_REFERENCE)):
        return 0
    skus = await _skus_by_availability(session)
    codes = list(await session.scalars(select(Location.code).where(Location.level == "A").order_by(Location.id)))
    if len(skus) < 2 or len(codes) < 2:
        return 0
    supervisor = await session.scalar(select(User).where(User.username == "supervisor"))
    actor = Actor(supervisor.display_name or supervisor.username, supervisor.id) if supervisor else Actor("demo")
    ctx = Context(actor, utcnow(), DEMO_TIMEZONE)
    (plenty, _), (scarce, scarce_units) = skus[0], skus[-1]
    inbound, spare = codes[0], codes[1]

    received = await services.receive(session, ReceiptIn(
        reference=RECEIPT_REFERENCE, note="Weekly delivery",
        lines=[ReceiptLineIn(sku=plenty, location=inbound, quantity=24)]), ctx)
    # The receipt may have released waiting orders from this bin: move only what is free.
    movable = min(8, received.levels[0].available)
    if movable:
        await services.move(session, MoveIn(sku=plenty, from_location=inbound, to_location=spare, quantity=movable,
                                            note="Overflow to the next bin"), ctx)
        await services.adjust(session, AdjustmentIn(sku=plenty, location=spare, reason="damage", delta=-1,
                                                    note="One carton damaged on arrival"), ctx)

    customer = CustomerIn(name="Noor Bakker", email="noor@example.nl",
                          address=AddressIn(country="NL", street="Lange Voorhout 8", postal_code="2514 ED",
                                            city="Den Haag"))
    split = await order_services.create_order(session, OrderIn(
        customer=customer, payment_state="paid", confirm=True, backorder_policy="split",
        notes="Ship what is there; the rest follows.",
        lines=[LineIn(sku=plenty, quantity=2, unit_price=Decimal("12.95")),
               LineIn(sku=scarce, quantity=scarce_units + 3, unit_price=Decimal("8.50"))]), ctx)
    await order_services.create_order(session, OrderIn(
        customer=CustomerIn(id=split.customer_id), payment_state="paid", confirm=True, backorder_policy="hold",
        notes="Wait until everything is in.",
        lines=[LineIn(sku=scarce, quantity=2, unit_price=Decimal("8.50"))]), ctx)
    return 2
