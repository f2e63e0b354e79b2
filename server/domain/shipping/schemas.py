"""Shipping method and rule bodies."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Money = Decimal  # checked by the services: not negative, at most two decimals
Grams = Annotated[int, msgspec.Meta(ge=0)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
ChannelName = Annotated[str, msgspec.Meta(pattern=r"^(manual|woocommerce|magento|lightspeed|shopify|api)$")]


class ShippingMethodIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Code
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    carrier: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    active: bool = True


class ShippingMethodPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)] | msgspec.UnsetType = msgspec.UNSET
    carrier: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class ShippingMethodOut(msgspec.Struct):
    id: int
    code: str
    name: str
    carrier: str
    active: bool


class ShippingRuleIn(msgspec.Struct, forbid_unknown_fields=True):
    """A rule: every condition given must hold. Weights in grams (inclusive bounds), values in
    ``currency`` (inclusive bounds); lower ``priority`` is tried first."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    shipping_method_id: Annotated[int, msgspec.Meta(ge=1)]
    priority: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)] = 100
    countries: list[Country] | None = None
    channels: list[ChannelName] | None = None
    tags: list[Tag] | None = None
    min_weight_grams: Grams | None = None
    max_weight_grams: Grams | None = None
    min_order_value: Money | None = None
    max_order_value: Money | None = None
    currency: Currency | None = None
    active: bool = True


class ShippingRulePatch(msgspec.Struct, forbid_unknown_fields=True):
    """Fields to change; ``null`` removes a condition."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)] | msgspec.UnsetType = msgspec.UNSET
    shipping_method_id: Annotated[int, msgspec.Meta(ge=1)] | msgspec.UnsetType = msgspec.UNSET
    priority: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)] | msgspec.UnsetType = msgspec.UNSET
    countries: list[Country] | None | msgspec.UnsetType = msgspec.UNSET
    channels: list[ChannelName] | None | msgspec.UnsetType = msgspec.UNSET
    tags: list[Tag] | None | msgspec.UnsetType = msgspec.UNSET
    min_weight_grams: Grams | None | msgspec.UnsetType = msgspec.UNSET
    max_weight_grams: Grams | None | msgspec.UnsetType = msgspec.UNSET
    min_order_value: Money | None | msgspec.UnsetType = msgspec.UNSET
    max_order_value: Money | None | msgspec.UnsetType = msgspec.UNSET
    currency: Currency | None | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class ShippingRuleOut(msgspec.Struct):
    id: int
    name: str
    priority: int
    shipping_method_id: int
    countries: list[str] | None
    channels: list[str] | None
    tags: list[str] | None
    min_weight_grams: int | None
    max_weight_grams: int | None
    min_order_value: Decimal | None
    max_order_value: Decimal | None
    currency: str | None
    active: bool
