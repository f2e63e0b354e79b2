"""Load the demo warehouse into a migrated database, idempotently.

Each step checks for its own data and adds only what is missing, so running the demo again (or
after a newer version adds steps) never duplicates anything.
"""

from __future__ import annotations

import logging
import random

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from routing.generators import regular_layout
from server.db.models import Location, Product, ProductBarcode, StockLevel, User, WarehouseLayout
from server.demo.catalog import demo_products
from server.demo.floor import load_floor
from server.demo.channels import load_channels
from server.demo.orders import load_orders
from server.demo.stock import load_opening_ledger, load_stock_story
from server.demo.users import DEMO_PASSWORD, DEMO_USERS
from server.domain.auth.security import hash_secret

logger = logging.getLogger("shipfloor.demo")

DEMO_LAYOUT_NAME = "Demo DC"
_SEED = 20261129


async def load_users(session: AsyncSession) -> int:
    """Create the demo users that do not exist yet; returns how many were created."""
    existing = set(await session.scalars(select(User.username)))
    created = 0
    for username, display_name, roles, badge, pin in DEMO_USERS:
        if username in existing:
            continue
        session.add(
            User(
                username=username,
                display_name=display_name,
                password_hash=hash_secret(DEMO_PASSWORD),
                badge_code=badge,
                pin_hash=hash_secret(pin),
                roles=roles,
            )
        )
        created += 1
    await session.flush()
    return created


async def load_layout(session: AsyncSession) -> WarehouseLayout:
    """The demo layout (10 aisles × 40 bays × 4 levels) and its locations, created once."""
    layout = await session.scalar(select(WarehouseLayout).where(WarehouseLayout.name == DEMO_LAYOUT_NAME))
    if layout is not None:
        return layout
    document = regular_layout(DEMO_LAYOUT_NAME, aisles=10, aisle_length=30.0, bays_per_side=20, levels=4)
    layout = WarehouseLayout(name=DEMO_LAYOUT_NAME, document=document, active=True)
    session.add(layout)
    await session.flush()
    session.add_all(
        Location(
            code=loc["code"],
            layout_id=layout.id,
            aisle=loc["aisle"],
            y=loc["y"],
            side=loc["side"],
            level=loc["level"],
        )
        for loc in document["locations"]
    )
    await session.flush()
    return layout


async def load_products_and_stock(session: AsyncSession) -> int:
    """Create missing demo products with their GTIN-14 barcode and put stock for each new one in
    one to three bins (a few products stay out of stock, to show backorders). Returns the number
    of products created."""
    rng = random.Random(_SEED)
    existing = set(await session.scalars(select(Product.sku)))
    locations = list(await session.scalars(select(Location).order_by(Location.id)))
    pick_faces = [loc for loc in locations if loc.level in ("A", "B")]
    free = pick_faces[:]
    rng.shuffle(free)
    used = set(await session.scalars(select(StockLevel.location_id)))
    free = [loc for loc in free if loc.id not in used]
    created = 0
    for index, item in enumerate(demo_products()):
        # Draw for every product, new or not, so the same product always gets the same bins.
        bins = rng.randint(1, 3)
        quantities = [rng.randint(0, 40) if index % 17 == 0 else rng.randint(5, 60) for _ in range(bins)]
        if item.sku in existing:
            continue
        product = Product(sku=item.sku, name=item.name, weight_grams=item.weight_grams)
        product.barcodes.append(ProductBarcode(code=item.gtin14, kind="gtin"))
        session.add(product)
        await session.flush()
        for quantity in quantities:
            if not free:
                break
            location = free.pop()
            session.add(StockLevel(product_id=product.id, location_id=location.id, on_hand=quantity))
        created += 1
    await session.flush()
    return created


async def load_demo(session: AsyncSession) -> dict[str, int]:
    """Run every demo step; returns counts of what was created (all zero on a second run)."""
    users = await load_users(session)
    layout_before = await session.scalar(select(WarehouseLayout.id).where(WarehouseLayout.name == DEMO_LAYOUT_NAME))
    await load_layout(session)
    products = await load_products_and_stock(session)
    await load_opening_ledger(session)
    summary = {"users": users, "layouts": 0 if layout_before else 1, "products": products}
    orders, on_floor = await load_orders(session)
    orders += await load_stock_story(session)
    shop_orders = await load_channels(session)
    await load_opening_ledger(session)
    # Last: the picks' ledger entries follow the opening balances.
    batches = await load_floor(session, on_floor)
    logger.info("demo data loaded", extra={**summary, "orders": orders, "shop_orders": shop_orders,
                                           "pick_batches": batches})
    return summary
