"""``/api/products``: browse and look up products."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import Parameter

from server.db.session import DbSession
from server.db.models import Product
from server.domain.auth.guards import ANY_USER
from server.domain.catalog import services
from server.domain.catalog.schemas import BarcodeOut, ProductOut, ProductPage


def product_out(product: Product) -> ProductOut:
    return ProductOut(
        id=product.id,
        sku=product.sku,
        name=product.name,
        barcodes=[BarcodeOut(code=b.code, kind=b.kind) for b in product.barcodes],
        weight_grams=product.weight_grams,
        length_mm=product.length_mm,
        width_mm=product.width_mm,
        height_mm=product.height_mm,
        image_url=product.image_url,
        active=product.active,
    )


class ProductController(Controller):
    path = "/api/products"
    tags = ["products"]
    guards = [ANY_USER]

    @get("/")
    async def list_products(
        self,
        db_session: DbSession,
        q: Annotated[str | None, Parameter(max_length=200)] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=10_000_000)] = 0,
    ) -> ProductPage:
        """Products matching ``q`` in SKU, name or barcode, by SKU, paginated."""
        items, total = await services.list_products(db_session, q=q, limit=limit, offset=offset)
        return ProductPage(items=[product_out(p) for p in items], total=total, limit=limit, offset=offset)

    @get("/{product_id:int}")
    async def get_product(
        self, db_session: DbSession, product_id: Annotated[int, Parameter(ge=1, le=2**31 - 1)]
    ) -> ProductOut:
        """One product. Errors: 404 ``product_not_found``."""
        return product_out(await services.get_product(db_session, product_id))
