"""Resolving an order's customer and line products, existing or created inline.

Everything is checked before anything is created, and all of it happens in the request's one
transaction: a refused order leaves no new customer or product behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from scanners.gtin import read_gtin
from server.db.models import Customer, Product, ProductBarcode
from server.domain.orders.schemas import AddressIn, CustomerIn, LineIn
from server.errors import ShipfloorError


def invalid(status: int, code: str, field: str, message: str) -> ShipfloorError:
    """A problem naming ``field`` both as ``field`` and in ``errors`` (like validation
    errors)."""
    return ShipfloorError(
        status, code, f"{field}: {message}", field=field,
        errors=[{"field": field, "source": "body", "message": message}],
    )


MAX_MONEY = Decimal("999999999999.99")


def check_money(value: Decimal, field: str, *, positive: bool = False) -> Decimal:
    """``value`` when it is a finite amount with at most two decimals, not negative (above
    zero when ``positive``) and below a trillion; else 422 ``validation_error`` naming
    ``field``."""
    if not value.is_finite() or value.as_tuple().exponent < -2 or value > MAX_MONEY or (  # type: ignore[operator]
        value <= 0 if positive else value < 0
    ):
        raise invalid(422, "validation_error", field,
                      f"expected an amount {'above' if positive else 'of at least'} 0 with at most two decimals")
    return value


async def resolve_customer(session: AsyncSession, data: CustomerIn, field: str = "customer") -> Customer:
    """The existing customer ``data.id``, or a new one (flushed) from ``data``.

    Raises 422 ``unknown_customer`` (field ``customer.id``) or ``validation_error`` (field
    ``customer.name``) when neither an id nor a name is given.
    """
    if data.id is not None:
        customer = await session.get(Customer, data.id)
        if customer is None:
            raise invalid(422, "unknown_customer", f"{field}.id", f"no customer with id {data.id}")
        return customer
    if not data.name:
        raise invalid(422, "validation_error", f"{field}.name", "give an existing customer's id or a name")
    address = data.address
    customer = Customer(
        name=data.name,
        email=data.email or (address.email if address else None),
        phone=data.phone or (address.phone if address else None),
        company=data.company or (address.company if address else None),
        street=address.street if address else None,
        postal_code=address.postal_code if address else None,
        city=address.city if address else None,
        region=address.region if address else None,
        country=address.country if address else None,
    )
    session.add(customer)
    await session.flush()
    return customer


def shipping_address(customer: Customer, given: AddressIn | None, field: str = "shipping_address") -> dict[str, str | None]:
    """The ``ship_*`` column values: ``given``, else the customer's address.

    Raises 422 ``validation_error`` naming ``shipping_address.country`` when no country is
    known.
    """
    if given is not None:
        if not given.country:
            raise invalid(422, "validation_error", f"{field}.country", "an address needs a country")
        return {
            "ship_name": given.name or customer.name,
            "ship_company": given.company,
            "ship_street": given.street,
            "ship_postal_code": given.postal_code,
            "ship_city": given.city,
            "ship_region": given.region,
            "ship_country": given.country,
            "ship_email": given.email or customer.email,
            "ship_phone": given.phone or customer.phone,
        }
    if not customer.country:
        raise invalid(422, "validation_error", f"{field}.country",
                      "the address needs a country and the customer has none")
    return {
        "ship_name": customer.name,
        "ship_company": customer.company,
        "ship_street": customer.street,
        "ship_postal_code": customer.postal_code,
        "ship_city": customer.city,
        "ship_region": customer.region,
        "ship_country": customer.country,
        "ship_email": customer.email,
        "ship_phone": customer.phone,
    }


@dataclass(slots=True)
class ResolvedLine:
    product: Product
    data: LineIn


def _gtin14(raw: str, field: str) -> str:
    gtin, problem = read_gtin(raw)
    if gtin is None:
        raise invalid(422, "invalid_gtin", field, problem.message if problem else "not a GTIN")
    return gtin


async def resolve_lines(session: AsyncSession, lines: list[LineIn], field: str = "lines") -> list[ResolvedLine]:
    """Each line's product: found by id, SKU or GTIN, or created from ``new_product``.

    Raises 422 ``validation_error`` (a line without exactly one product reference), 422
    ``unknown_product`` (field e.g. ``lines[1].sku``), 422 ``invalid_gtin``, 409
    ``duplicate_sku`` / ``duplicate_gtin`` (field e.g. ``lines[0].new_product.sku``) for a new
    product whose SKU or GTIN is taken or repeated in the request. Nothing is created unless
    every line resolves.
    """
    found: list[Product | None] = []
    new_skus: dict[str, str] = {}
    new_gtins: dict[str, str] = {}
    for index, line in enumerate(lines):
        here = f"{field}[{index}]"
        check_money(line.unit_price, f"{here}.unit_price")
        refs = [n for n in ("product_id", "sku", "gtin", "new_product") if getattr(line, n) is not None]
        if len(refs) != 1:
            raise invalid(422, "validation_error", here,
                          "give exactly one of product_id, sku, gtin or new_product")
        query = select(Product).options(selectinload(Product.barcodes))
        if line.product_id is not None:
            product = await session.scalar(query.where(Product.id == line.product_id))
            if product is None:
                raise invalid(422, "unknown_product", f"{here}.product_id", f"no product with id {line.product_id}")
        elif line.sku is not None:
            product = await session.scalar(query.where(Product.sku == line.sku))
            if product is None:
                raise invalid(422, "unknown_product", f"{here}.sku", f"no product with SKU {line.sku}")
        elif line.gtin is not None:
            code = _gtin14(line.gtin, f"{here}.gtin")
            product = await session.scalar(
                query.join(ProductBarcode, ProductBarcode.product_id == Product.id).where(ProductBarcode.code == code)
            )
            if product is None:
                raise invalid(422, "unknown_product", f"{here}.gtin", f"no product with GTIN {line.gtin}")
        else:
            new = line.new_product
            assert new is not None
            sku_field = f"{here}.new_product.sku"
            if new.sku in new_skus:
                raise invalid(409, "duplicate_sku", sku_field, f"SKU {new.sku} is also created by {new_skus[new.sku]}")
            if await session.scalar(select(Product.id).where(Product.sku == new.sku)):
                raise invalid(409, "duplicate_sku", sku_field, f"a product with SKU {new.sku} exists already")
            new_skus[new.sku] = f"{here}.new_product"
            if new.gtin is not None:
                gtin_field = f"{here}.new_product.gtin"
                code = _gtin14(new.gtin, gtin_field)
                if code in new_gtins or await session.scalar(
                    select(ProductBarcode.id).where(ProductBarcode.code == code)
                ):
                    raise invalid(409, "duplicate_gtin", gtin_field, f"GTIN {new.gtin} belongs to another product")
                new_gtins[code] = gtin_field
            product = None
        found.append(product)

    resolved: list[ResolvedLine] = []
    for line, product in zip(lines, found, strict=True):
        if product is None:
            new = line.new_product
            assert new is not None
            product = Product(sku=new.sku, name=new.name, weight_grams=new.weight_grams)
            if new.gtin is not None:
                product.barcodes.append(ProductBarcode(code=_gtin14(new.gtin, "gtin"), kind="gtin"))
            session.add(product)
            await session.flush()
        resolved.append(ResolvedLine(product, line))
    return resolved
