"""Demo orders: shipping methods and rules, customers, and orders in every status and hold reason,
from several channels and typed in by hand.

Orders are entered and moved by the order services only. The ones meant for the floor (picking,
packed, shipped, held while picking) stay ready for picking here: ``load_orders`` names where
each should go and ``server.demo.floor`` takes them there by picking and packing them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import utcnow
from server.db.models import Product, SalesOrder, ShippingMethod, ShippingRule, StockLevel, User
from server.demo.floor import HELD_WHILE_PICKING, FloorOrder
from server.domain.orders import flow, rules, services
from server.domain.orders.events import Actor, Context
from server.domain.orders.schemas import AddressIn, CustomerIn, LineIn, OrderIn

DEMO_TIMEZONE = "Europe/Amsterdam"

_METHODS = [
    ("postnl-standard", "PostNL standard", "postnl"),
    ("dhl-express", "DHL Express", "dhl"),
    ("dpd-europe", "DPD Europe", "dpd"),
    ("pallet-freight", "Pallet freight", "freight"),
]
# (name, priority, method code, conditions)
_RULES = [
    ("Heavy goes by pallet", 10, "pallet-freight", {"min_weight_grams": 20_000}),
    ("Express tag", 20, "dhl-express", {"tags": ["express"]}),
    ("Benelux", 50, "postnl-standard", {"countries": ["NL", "BE", "LU"]}),
    ("Rest of Europe", 100, "dpd-europe", {}),
]
_CUSTOMERS = [
    ("Femke de Vries", "femke@example.nl", AddressIn(country="NL", street="Oudegracht 12", postal_code="3511 AB", city="Utrecht")),
    ("Lucas Peeters", "lucas@example.be", AddressIn(country="BE", street="Meir 40", postal_code="2000", city="Antwerpen")),
    ("Sophie Martin", "sophie@example.fr", AddressIn(country="FR", street="12 rue de Rivoli", postal_code="75004", city="Paris")),
    ("Jonas Becker", "jonas@example.de", AddressIn(country="DE", street="Hauptstraße 5", postal_code="10115", city="Berlin")),
    ("Emma Jansen", "emma@example.nl", AddressIn(country="NL", street="Markt 1", postal_code="5611 EB", city="Eindhoven")),
]


async def _methods_and_rules(session: AsyncSession) -> None:
    existing = set(await session.scalars(select(ShippingMethod.code)))
    for code, name, carrier in _METHODS:
        if code not in existing:
            session.add(ShippingMethod(code=code, name=name, carrier=carrier))
    await session.flush()
    if await session.scalar(select(func.count()).select_from(ShippingRule)):
        return
    ids = dict((await session.execute(select(ShippingMethod.code, ShippingMethod.id))).all())
    for name, priority, code, conditions in _RULES:
        session.add(ShippingRule(name=name, priority=priority, shipping_method_id=ids[code], **conditions))
    await session.flush()


async def _stocked_skus(session: AsyncSession) -> tuple[list[str], tuple[str, int]]:
    """SKUs with at least 10 available units (most stocked first), and the least stocked SKU
    with its available units."""
    available = func.sum(StockLevel.on_hand - StockLevel.allocated)
    rows = await session.execute(
        select(Product.sku, func.coalesce(available, 0))
        .outerjoin(StockLevel, StockLevel.product_id == Product.id)
        .group_by(Product.sku)
        .order_by(func.coalesce(available, 0).desc(), Product.sku)
    )
    pairs = list(rows)
    stocked = [sku for sku, units in pairs if units >= 10]
    return stocked, (pairs[-1][0], int(pairs[-1][1]))


async def load_orders(session: AsyncSession) -> tuple[int, list[FloorOrder]]:
    """Shipping methods and rules, then (only in a database without orders) about twenty demo
    orders covering every status and hold reason. Returns the number of orders created and the
    orders for ``load_floor`` to pick, pack or ship (left ready for picking here)."""
    await _methods_and_rules(session)
    if await session.scalar(select(SalesOrder.id).limit(1)) is not None:
        return 0, []
    stocked, (scarce, scarce_units) = await _stocked_skus(session)
    if len(stocked) < 12:
        return 0, []
    supervisor = await session.scalar(select(User).where(User.username == "supervisor"))
    by_hand = Actor(supervisor.display_name, user_id=supervisor.id) if supervisor else Actor("demo")
    now = utcnow()
    today = rules.warehouse_today(now, DEMO_TIMEZONE)
    customers: list[int] = []
    floor: list[FloorOrder] = []
    created = 0

    async def order(
        channel: str,
        skus: list[tuple[str, int]],
        *,
        paid: bool = True,
        confirm: bool = True,
        ship_in_days: int | None = None,
        tags: tuple[str, ...] = (),
        then: tuple[str, ...] = (),
        on_floor: str | None = None,
        priority: int = 0,
    ) -> SalesOrder:
        nonlocal created
        index = created % len(_CUSTOMERS)
        if len(customers) <= index:
            name, email, address = _CUSTOMERS[index]
            customer = CustomerIn(name=name, email=email, address=address)
        else:
            customer = CustomerIn(id=customers[index])
        actor = by_hand if channel == "manual" else Actor.for_channel(channel)
        ctx = Context(actor, now, DEMO_TIMEZONE)
        data = OrderIn(
            customer=customer,
            lines=[LineIn(quantity=q, sku=sku, unit_price=Decimal("12.95")) for sku, q in skus],
            channel=channel,  # type: ignore[arg-type]
            external_number=None if channel == "manual" else f"{channel[:2].upper()}-{5000 + created}",
            payment_state="paid" if paid else "unpaid",
            requested_ship_date=today + timedelta(days=ship_in_days) if ship_in_days is not None else None,
            tags=list(tags),
            priority=priority,
            confirm=confirm,
        )
        result = await services.create_order(session, data, ctx)
        if len(customers) <= index:
            customers.append(result.customer_id)
        for step in then:
            if step == "hold":
                await flow.hold(session, result, ctx, "Customer asked to wait")
            elif step == "cancel":
                await flow.cancel(session, result, ctx, "Customer cancelled")
            else:
                raise ValueError(f"unknown demo step {step!r}")
        if on_floor is not None:
            floor.append(FloorOrder(result.id, result.number, on_floor))
        created += 1
        return result

    sku = iter(stocked)
    await order("manual", [(next(sku), 1)], confirm=False)
    await order("woocommerce", [(next(sku), 2)], paid=False)
    await order("shopify", [(next(sku), 1), (next(sku), 1)], tags=("express",), priority=5)
    await order("shopify", [(next(sku), 2)])
    await order("magento", [(next(sku), 1)])
    # Floor orders: picked, packed and shipped by ``server.demo.floor``; the ones being picked
    # have two units or more, so that their batch can be part-picked.
    await order("lightspeed", [(next(sku), 3)], on_floor=rules.PICKING)
    await order("api", [(next(sku), 1)], on_floor=rules.READY_FOR_PACKING)
    await order("manual", [(next(sku), 1)], tags=("fragile",), on_floor=rules.READY_FOR_SHIPPING)
    await order("woocommerce", [(next(sku), 1)], on_floor=rules.COMPLETED)
    await order("magento", [(next(sku), 1)], then=("hold",))
    await order("manual", [(next(sku), 2)], on_floor=HELD_WHILE_PICKING)
    await order("shopify", [(next(sku), 1)], ship_in_days=3, tags=("cooled",))
    await order("lightspeed", [(stocked[0], 1)], ship_in_days=7)
    # More than the least stocked SKU has: these wait on backorder.
    await order("api", [(scarce, scarce_units + 2)])
    await order("manual", [(scarce, scarce_units + 1), (stocked[1], 1)], tags=("fragile",))
    await order("woocommerce", [(stocked[2], 1)], then=("cancel",))
    await order("manual", [(stocked[3], 1)], confirm=False, then=("cancel",))
    await session.flush()
    return created, floor
