"""From a normalised shop order to the order service's input: products matched by SKU, then
GTIN; the customer matched by e-mail; problems that must hold the order collected."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners.gtin import read_gtin
from server.db.models import Customer, Product, ProductBarcode
from server.domain.channels.shape import ShopLine, ShopOrder, bad_payload
from server.domain.orders.schemas import LineIn

UNKNOWN_SKU_TAG = "unknown-sku"


@dataclass(slots=True)
class ResolvedLines:
    """``lines`` for the order service, ``product_ids`` (None for a product created for an
    unknown SKU) in the same order, and one ``unknown`` entry per such SKU."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    product_ids: list[int | None] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def cut(value: str | None, length: int) -> str | None:
    return value[:length] if value else value


def _gtin14(raw: str | None) -> str | None:
    if not raw:
        return None
    gtin, _ = read_gtin(raw)
    return gtin


async def resolve_lines(session: AsyncSession, shop_lines: list[ShopLine]) -> ResolvedLines:
    """Match each line's product by SKU, then by GTIN. An unknown SKU becomes a new product (so
    the line is kept, not dropped) and is listed in ``unknown``; a line with neither a known
    SKU nor any SKU raises 422 ``unknown_product``. Lines of one product are merged."""
    merged: dict[tuple[str, Any], tuple[dict[str, Any], int | None]] = {}
    out = ResolvedLines()
    for index, line in enumerate(shop_lines):
        product_id = None
        if line.sku:
            product_id = await session.scalar(select(Product.id).where(Product.sku == line.sku))
        code = _gtin14(line.gtin)
        if product_id is None and code:
            product_id = await session.scalar(
                select(ProductBarcode.product_id).where(ProductBarcode.code == code)
            )
        price = line.unit_price
        if product_id is not None:
            key: tuple[str, Any] = ("id", product_id)
            body: dict[str, Any] = {
                "product_id": product_id,
                "quantity": line.quantity,
                "unit_price": price,
            }
        elif line.sku:
            key = ("sku", line.sku)
            new: dict[str, Any] = {
                "sku": cut(line.sku, 64),
                "name": cut(line.name or line.sku, 255),
            }
            if code and not await session.scalar(
                select(ProductBarcode.id).where(ProductBarcode.code == code)
            ):
                new["gtin"] = code
            body = {"new_product": new, "quantity": line.quantity, "unit_price": price}
        else:
            raise bad_payload(
                "unknown_product",
                f"lines[{index}].gtin",
                f"no product has GTIN {line.gtin} and the line has no SKU",
            )
        if key in merged:
            merged[key][0]["quantity"] += line.quantity
            continue
        merged[key] = (body, product_id)
        if product_id is None:
            out.unknown.append(line.sku or "")
    for body, product_id in merged.values():
        out.lines.append(body)
        out.product_ids.append(product_id)
    return out


async def customer_for(session: AsyncSession, shop: ShopOrder) -> dict[str, Any]:
    """``{"id": …}`` of the customer with the order's e-mail, or a new customer."""
    if shop.customer_email:
        found = await session.scalar(
            select(Customer.id)
            .where(Customer.email == shop.customer_email)
            .order_by(Customer.id)
            .limit(1)
        )
        if found is not None:
            return {"id": found}
    a = shop.address
    return {
        "name": cut(a.name, 200)
        or cut(shop.customer_email, 200)
        or f"{shop.platform} {shop.number}",
        "email": cut(shop.customer_email, 254),
        "phone": cut(a.phone, 50),
        "company": cut(a.company, 200),
        "address": address_body(shop),
    }


def address_body(shop: ShopOrder) -> dict[str, Any]:
    a = shop.address
    body = {
        "country": a.country,
        "name": cut(a.name, 200) or None,
        "company": cut(a.company, 200),
        "street": cut(a.street, 200),
        "postal_code": cut(a.postal_code, 20),
        "city": cut(a.city, 120),
        "region": cut(a.region, 120),
        "email": cut(a.email, 254),
        "phone": cut(a.phone, 50),
    }
    return {k: v for k, v in body.items() if v is not None}


def line_structs(lines: list[dict[str, Any]]) -> list[LineIn]:
    """The order service's line structs, validated like an API body (422 on a bad value)."""
    return convert(lines, list[LineIn], "lines")


def convert(value: Any, kind: Any, where: str) -> Any:
    """``msgspec.convert`` with the order API's constraints; a violation becomes 422
    ``invalid_order`` naming the path."""
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        message = str(exc)
        path = message.rpartition(" - at `")[2].rstrip("`") if " - at `" in message else where
        raise bad_payload(
            "invalid_order", path.replace("$", where, 1), message.partition(" - at")[0]
        ) from None


def money_total(lines: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(line["quantity"]) * line["unit_price"] for line in lines), Decimal(0))
