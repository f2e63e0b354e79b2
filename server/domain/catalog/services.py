"""Product queries."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from server.db.models import Product, ProductBarcode
from server.errors import NotFound


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_products(
    session: AsyncSession, *, q: str | None, limit: int, offset: int
) -> tuple[list[Product], int]:
    """Products whose SKU, name or barcode contains ``q`` (case-insensitive), ordered by SKU.

    Returns ``(page, total)``.
    """
    query = select(Product)
    if q:
        pattern = f"%{_escape_like(q.lower())}%"
        barcode_match = select(ProductBarcode.product_id).where(
            ProductBarcode.code.like(pattern, escape="\\")
        )
        query = query.where(
            or_(
                func.lower(Product.sku).like(pattern, escape="\\"),
                func.lower(Product.name).like(pattern, escape="\\"),
                Product.id.in_(barcode_match),
            )
        )
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.options(selectinload(Product.barcodes)).order_by(Product.sku).limit(limit).offset(offset)
    )
    return list(rows), int(total or 0)


async def get_product(session: AsyncSession, product_id: int) -> Product:
    """The product with ``product_id``. Raises 404 ``product_not_found``."""
    product = await session.get(Product, product_id, options=[selectinload(Product.barcodes)])
    if product is None:
        raise NotFound("product", product_id)
    return product
