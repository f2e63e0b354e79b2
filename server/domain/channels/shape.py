"""The one internal shape every platform's order is normalised to, and the problems a payload
can have.

States (``ShopOrder.state``): ``pending`` (not paid), ``paid`` (ready to fulfil),
``on_hold`` (the shop holds it), ``cancelled`` (cancelled or refunded in the shop), ``shipped``
(fulfilled by the shop), ``ignore`` (not a real order, e.g. a checkout draft) and ``unknown`` (a
status nobody mapped: the order is held for review).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from server.errors import ShipfloorError

STATES = ("pending", "paid", "on_hold", "cancelled", "shipped", "ignore", "unknown")
CENT = Decimal("0.01")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(slots=True)
class ShopLine:
    """A shippable line: ``quantity`` in units still to ship, ``unit_price`` in the order's
    currency (two decimals). ``sku`` or ``gtin`` identifies the product."""

    sku: str | None
    name: str
    quantity: int
    unit_price: Decimal
    gtin: str | None = None
    external_id: str | None = None


@dataclass(slots=True)
class ShopAddress:
    name: str
    country: str
    company: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    region: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(slots=True)
class ShopOrder:
    """A shop order in Shipfloor's terms. ``updated_at``/``created_at`` are aware UTC;
    ``status`` is the platform's own status text, ``state`` its meaning (see module doc);
    ``refs`` the platform ids push-back needs; ``skipped`` says which lines are not shipped
    and why (virtual, gift card, refunded, removed by an edit)."""

    platform: str
    external_id: str
    number: str
    updated_at: datetime
    created_at: datetime | None
    status: str
    state: str
    currency: str | None
    paid: bool
    address: ShopAddress
    lines: list[ShopLine]
    customer_email: str | None = None
    notes: str | None = None
    shipping_method: str | None = None
    refs: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def bad_payload(code: str, field_name: str, message: str, status: int = 422) -> ShipfloorError:
    """A problem about one field of a shop payload (``field`` names it, JSON-path style)."""
    return ShipfloorError(
        status,
        code,
        f"{field_name}: {message}",
        field=field_name,
        errors=[{"field": field_name, "source": "body", "message": message}],
    )


def need(doc: dict[str, Any], key: str, where: str, kinds: type | tuple[type, ...] = object) -> Any:
    """``doc[key]``, or 422 ``invalid_order`` naming ``where.key`` when it is missing, null or
    of the wrong JSON type."""
    value = doc.get(key) if isinstance(doc, dict) else None
    if value is None or value is False and kinds is not bool or not isinstance(value, kinds):
        raise bad_payload("invalid_order", f"{where}{key}", "missing or of the wrong type")
    return value


def text(value: Any) -> str | None:
    """A stripped string, or None for the empty values platforms send (``""``, ``false``,
    ``null``)."""
    if value is None or value is False:
        return None
    out = str(value).strip(" \t\r\n")
    return out or None


def money(value: Any, where: str) -> Decimal:
    """A decimal from a JSON string or number (floats via ``str``, so 0.1 stays 0.1), rounded
    half up to cents. Raises 422 ``invalid_order``."""
    if value is None or value == "" or value is False:
        return Decimal("0.00")
    if isinstance(value, bool):
        raise bad_payload("invalid_order", where, "not an amount")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise bad_payload("invalid_order", where, f"{value!r} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise bad_payload("invalid_order", where, f"{value!r} is not an amount")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def quantity(value: Any, where: str) -> int:
    """A whole number of units (JSON integer or a float/string with no fraction). Raises 422
    ``invalid_order`` for a missing, fractional or negative quantity."""
    if isinstance(value, bool) or value is None or value == "":
        raise bad_payload("invalid_order", where, "a line needs a quantity")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise bad_payload("invalid_order", where, f"{value!r} is not a quantity") from None
    if (
        not number.is_finite()
        or number != number.to_integral_value()
        or number < 0
        or number > 1_000_000
    ):
        raise bad_payload("invalid_order", where, f"{value!r} is not a whole number of units")
    return int(number)


def instant(value: Any, where: str, *, naive_is_utc: bool = False) -> datetime:
    """An aware UTC datetime from ISO 8601 (``T`` or space between date and time). A value
    without an offset is UTC only where the platform documents it (``naive_is_utc``); elsewhere
    it is refused with 422 ``timestamp_without_zone``, since its zone would be a guess."""
    if not isinstance(value, str) or not value:
        raise bad_payload("invalid_order", where, "missing timestamp")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise bad_payload(
            "invalid_order", where, f"{value!r} is not an ISO 8601 timestamp"
        ) from None
    if parsed.tzinfo is None:
        if not naive_is_utc:
            raise bad_payload(
                "timestamp_without_zone",
                where,
                f"{value!r} has no UTC offset; the platform sends one",
            )
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def currency(value: Any, where: str) -> str:
    """An ISO 4217 code (upper case). Raises 422 ``invalid_currency``."""
    code = text(value)
    if code is None or not _CURRENCY.match(code.upper()):
        raise bad_payload("invalid_currency", where, f"{value!r} is not an ISO 4217 currency code")
    return code.upper()


def country(value: Any, where: str) -> str:
    """An ISO 3166-1 alpha-2 code (upper case). Raises 422 ``invalid_order``."""
    code = text(value)
    if code is None or len(code) != 2 or not code.isalpha():
        raise bad_payload("invalid_order", where, f"{value!r} is not a two-letter country code")
    return code.upper()


def join(*parts: Any) -> str | None:
    """The non-empty parts joined by a space, or None."""
    words = [t for t in (text(p) for p in parts) if t]
    return " ".join(words) or None


def require_lines(lines: list[ShopLine], raw_count: int, where: str) -> None:
    """422 ``order_without_lines`` when the payload has no line at all; an order whose lines
    are all unshippable (virtual, refunded) is fine here and skipped by the import."""
    if raw_count == 0:
        raise bad_payload("order_without_lines", where, "the order has no lines")


def per_unit(total: Decimal, units: int) -> Decimal:
    """A line total spread over its units, rounded half up to cents."""
    return (total / units).quantize(CENT, rounding=ROUND_HALF_UP) if units else Decimal("0.00")
