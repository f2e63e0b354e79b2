"""Demo webshops: one channel per platform (no credentials, polling off) and the shipped
example order of each imported through the channel upsert, with the products they need."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import utcnow
from server.db.models import Channel, Location, Product, ProductBarcode, StockLevel
from server.domain.channels.clients import info
from server.domain.channels.imports import Delivery, import_order
from server.domain.channels.platforms.registry import PLATFORMS

DATA = Path(__file__).parent / "data"
DEMO_TIMEZONE = "Europe/Amsterdam"

# (name, platform, shop URL, currency, example file)
CHANNELS = [
    ("Demo WooCommerce", "woocommerce", "https://shop.example.com", None, "woocommerce-order.json"),
    (
        "Demo Shopify",
        "shopify",
        "https://northwind-outfitters-test.myshopify.com",
        None,
        "shopify-order.json",
    ),
    ("Demo Magento", "magento", "https://magento.example.com", None, "magento-order.json"),
    ("Demo Lightspeed", "lightspeed", "https://api.webshopapp.com", "EUR", "lightspeed-order.json"),
]
# The example orders' products: SKU, name, grams, GTIN-13 (restricted-circulation 200… codes;
# the Lightspeed EANs as the shop sends them).
PRODUCTS = [
    ("MWS-GRY-4346", "Merino Wandersocken grau", 90, "2001234500036"),
    ("TLS-BLU-M", "Trail-Laufshirt blau M", 160, "2001234500043"),
    ("MHS-GRY-L", "Merino hiking socks grey L", 90, "2001234500050"),
    ("TRS-BLU-M", "Trail running shirt blue M", 160, "2001234500067"),
    ("SSJ-ALP-GRN-L", "Softshell-Jacke Alpin grün L", 900, "2001234500074"),
    ("IB-750-STL", "Isolierflasche 750 ml Edelstahl", 420, "2001234500081"),
    ("WDP22-OLV", "Waterproof daypack 22 L olive", 640, "2001234500012"),
    ("TPT4-RBR", "Trekking pole tips (set of 4)", 40, "2001234500029"),
]
UNITS = 24


async def _products(session: AsyncSession) -> None:
    existing = set(await session.scalars(select(Product.sku)))
    used = set(await session.scalars(select(StockLevel.location_id)))
    free = [
        loc
        for loc in await session.scalars(select(Location).order_by(Location.id))
        if loc.level in ("A", "B") and loc.id not in used
    ]
    for sku, name, grams, gtin in PRODUCTS:
        if sku in existing:
            continue
        product = Product(sku=sku, name=name, weight_grams=grams)
        product.barcodes.append(ProductBarcode(code="0" + gtin, kind="gtin"))
        session.add(product)
        await session.flush()
        if free:
            session.add(StockLevel(product_id=product.id, location_id=free.pop().id, on_hand=UNITS))
    await session.flush()


async def load_channels(session: AsyncSession) -> int:
    """Create the demo channels and import their example orders; returns how many orders were
    created (0 on a second run: the upsert sees the same deliveries again)."""
    await _products(session)
    now = utcnow()
    created = 0
    for name, platform, url, currency, example in CHANNELS:
        channel = await session.scalar(select(Channel).where(Channel.name == name))
        if channel is None:
            channel = Channel(
                name=name,
                platform=platform,
                shop_url=url,
                options={},
                status_map={},
                currency=currency,
                backorder_policy="hold",
                active=True,
                poll_interval_seconds=0,
                poll_overlap_seconds=1800,
                created_at=now,
            )
            session.add(channel)
            await session.flush()
        shop = PLATFORMS[platform].normalize(json.loads((DATA / example).read_bytes()))
        result = await import_order(
            session,
            info(channel),
            shop,
            Delivery("file", f"demo:{example}"),
            now=now,
            timezone=DEMO_TIMEZONE,
        )
        created += result.outcome in ("created", "held")
    return created
