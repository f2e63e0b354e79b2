"""Order bodies. Money is a decimal string or number in the order's ``currency``; quantities
are positive integer units; dates are ISO dates in the warehouse time zone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

Status = Literal[
    "draft",
    "awaiting_payment",
    "ready_for_picking",
    "picking",
    "ready_for_packing",
    "ready_for_shipping",
    "completed",
    "on_hold",
    "cancelled",
]
HoldReason = Literal["manual", "scheduled", "backorder"]
Channel = Literal["manual", "woocommerce", "magento", "lightspeed", "shopify", "api"]
PaymentState = Literal["unpaid", "paid"]
BackorderPolicy = Literal["hold", "split"]
SortKey = Literal[
    "created_at", "-created_at", "number", "-number", "requested_ship_date",
    "-requested_ship_date", "priority", "-priority", "total_amount", "-total_amount",
]

Id = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Money = Decimal  # checked by the services: not negative, at most two decimals
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Text200 = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Note = Annotated[str, msgspec.Meta(max_length=4000)]
Reason = Annotated[str, msgspec.Meta(max_length=500)]


class AddressIn(msgspec.Struct, forbid_unknown_fields=True):
    """A shipping address; ``country`` (ISO 3166-1 alpha-2, upper case) is required where the
    address is used for shipping (422 naming ``shipping_address.country`` otherwise)."""

    country: Country | None = None
    name: Text200 | None = None
    company: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    street: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    postal_code: Annotated[str, msgspec.Meta(max_length=20)] | None = None
    city: Annotated[str, msgspec.Meta(max_length=120)] | None = None
    region: Annotated[str, msgspec.Meta(max_length=120)] | None = None
    email: Annotated[str, msgspec.Meta(max_length=254)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=50)] | None = None


class CustomerIn(msgspec.Struct, forbid_unknown_fields=True):
    """An existing customer (``id``) or a new one (``name`` and ``address`` at least)."""

    id: Id | None = None
    name: Text200 | None = None
    email: Annotated[str, msgspec.Meta(max_length=254)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=50)] | None = None
    company: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    address: AddressIn | None = None


class NewProductIn(msgspec.Struct, forbid_unknown_fields=True):
    """A product created with the order: ``weight_grams`` in grams; ``gtin`` as 8, 12, 13 or 14
    digits (stored as GTIN-14)."""

    sku: Sku
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    weight_grams: Annotated[int, msgspec.Meta(ge=0)] | None = None
    gtin: Annotated[str, msgspec.Meta(min_length=8, max_length=14)] | None = None


class LineIn(msgspec.Struct, forbid_unknown_fields=True):
    """One line: exactly one of ``product_id``, ``sku``, ``gtin`` (existing products) or
    ``new_product``."""

    quantity: Quantity
    product_id: Id | None = None
    sku: Sku | None = None
    gtin: Annotated[str, msgspec.Meta(min_length=8, max_length=14)] | None = None
    new_product: NewProductIn | None = None
    unit_price: Money = Decimal("0")


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    """``POST /api/orders``. The shipping address defaults to the customer's address; a
    ``shipping_method_id`` given here is kept (hand-picked), otherwise shipping rules choose.
    ``confirm`` sends the new order through confirmation at once."""

    customer: CustomerIn
    lines: Annotated[list[LineIn], msgspec.Meta(min_length=1, max_length=500)]
    shipping_address: AddressIn | None = None
    channel: Channel = "manual"
    external_number: Annotated[str, msgspec.Meta(min_length=1, max_length=120)] | None = None
    requested_ship_date: date | None = None
    payment_state: PaymentState = "unpaid"
    currency: Currency = "EUR"
    priority: Annotated[int, msgspec.Meta(ge=0, le=100)] = 0
    tags: Annotated[list[Tag], msgspec.Meta(max_length=20)] = []
    notes: Note | None = None
    backorder_policy: BackorderPolicy = "hold"
    shipping_method_id: Id | None = None
    confirm: bool = False


class OrderPatch(msgspec.Struct, forbid_unknown_fields=True):
    """``PATCH /api/orders/{id}``: only the fields given change. ``lines`` replaces all lines.
    ``version`` (optional) is the version the client saw; a stale one gets 409.
    ``shipping_method_id: null`` hands the choice back to the shipping rules."""

    version: int | msgspec.UnsetType = msgspec.UNSET
    lines: Annotated[list[LineIn], msgspec.Meta(min_length=1, max_length=500)] | msgspec.UnsetType = msgspec.UNSET
    customer: CustomerIn | msgspec.UnsetType = msgspec.UNSET
    shipping_address: AddressIn | msgspec.UnsetType = msgspec.UNSET
    shipping_method_id: Id | None | msgspec.UnsetType = msgspec.UNSET
    requested_ship_date: date | None | msgspec.UnsetType = msgspec.UNSET
    notes: Note | None | msgspec.UnsetType = msgspec.UNSET
    tags: Annotated[list[Tag], msgspec.Meta(max_length=20)] | msgspec.UnsetType = msgspec.UNSET
    priority: Annotated[int, msgspec.Meta(ge=0, le=100)] | msgspec.UnsetType = msgspec.UNSET
    backorder_policy: BackorderPolicy | msgspec.UnsetType = msgspec.UNSET


class ActionIn(msgspec.Struct, forbid_unknown_fields=True):
    """Body of confirm, release and cancel: an optional reason, kept in the history;
    ``version`` as in PATCH."""

    reason: Reason | None = None
    version: int | None = None


class HoldIn(msgspec.Struct, forbid_unknown_fields=True):
    """Body of ``/hold``: why (kept in the history)."""

    reason: Reason | None = None
    version: int | None = None


class PaymentIn(msgspec.Struct, forbid_unknown_fields=True):
    """A payment received: ``amount`` in the order's currency (default: what is still owed),
    ``reference`` e.g. the payment provider's id."""

    amount: Decimal | None = None
    reference: Annotated[str, msgspec.Meta(max_length=120)] | None = None
    reason: Reason | None = None


class AddressOut(msgspec.Struct):
    name: str
    country: str
    company: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    region: str | None = None
    email: str | None = None
    phone: str | None = None


class CustomerOut(msgspec.Struct):
    id: int
    name: str
    email: str | None
    company: str | None


class LineOut(msgspec.Struct):
    """A line; ``allocated`` units are reserved in stock for it."""

    id: int
    line_no: int
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    allocated: int


class OrderRef(msgspec.Struct):
    id: int
    number: str
    status: str


class OriginOut(msgspec.Struct):
    """Where the order came from: a channel and its order number, or the user who typed it."""

    channel: str
    external_number: str | None
    created_by_id: int | None
    created_by: str | None


class ShippingOut(msgspec.Struct):
    """The order's shipping method; ``source`` is ``manual`` (hand-picked) or ``rule``."""

    method_id: int | None
    method_code: str | None
    source: str | None
    rule_id: int | None


class OrderOut(msgspec.Struct):
    """An order. ``total_amount`` and ``amount_paid`` in ``currency``; ``total_weight_grams``
    in grams; ``version`` changes with every update."""

    id: int
    number: str
    status: str
    hold_reason: str | None
    held_from: str | None
    origin: OriginOut
    customer: CustomerOut
    shipping_address: AddressOut
    lines: list[LineOut]
    requested_ship_date: date | None
    payment_state: str
    currency: str
    total_amount: Decimal
    amount_paid: Decimal
    total_weight_grams: int
    priority: int
    tags: list[str]
    notes: str | None
    backorder_policy: str
    backorder_count: int
    parent: OrderRef | None
    backorders: list[OrderRef]
    shipping: ShippingOut
    version: int
    created_at: datetime
    updated_at: datetime


class OrderSummary(msgspec.Struct):
    """An order in a list."""

    id: int
    number: str
    status: str
    hold_reason: str | None
    channel: str
    external_number: str | None
    customer_name: str
    ship_country: str
    requested_ship_date: date | None
    payment_state: str
    currency: str
    total_amount: Decimal
    priority: int
    tags: list[str]
    line_count: int
    backorder_count: int
    created_at: datetime


class OrderPage(msgspec.Struct):
    """A page of orders; ``counts`` are orders per status matching every filter except
    ``status`` (for the dashboard)."""

    items: list[OrderSummary]
    total: int
    limit: int
    offset: int
    counts: dict[str, int]


class EventOut(msgspec.Struct):
    """One history entry: ``actor`` is a user's name, a channel or ``system``."""

    id: int
    kind: str
    from_status: str | None
    to_status: str | None
    hold_reason: str | None
    actor: str
    user_id: int | None
    channel: str | None
    message: str | None
    data: dict[str, Any]
    created_at: datetime
