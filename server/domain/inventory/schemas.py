"""Request and response bodies of ``/api/stock`` and the split action. Quantities are integer
units; timestamps UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Units = Annotated[int, msgspec.Meta(ge=1, le=1_000_000_000, description="units, at least 1")]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000_000, description="units, 0 or more")]
Delta = Annotated[int, msgspec.Meta(ge=-1_000_000_000, le=1_000_000_000, description="signed units")]
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, description="location code, or its scanned label (LOC-…)")]
Text = Annotated[str, msgspec.Meta(max_length=500)]
Reference = Annotated[str, msgspec.Meta(max_length=120)]
AdjustmentReason = Literal["cycle_count", "damage", "found", "return", "correction"]


class ReceiptLineIn(msgspec.Struct, forbid_unknown_fields=True):
    sku: Sku
    location: Code
    quantity: Units


class ReceiptIn(msgspec.Struct, forbid_unknown_fields=True):
    """A goods receipt: units of products put into bins. ``reference``: the delivery note."""

    lines: Annotated[list[ReceiptLineIn], msgspec.Meta(min_length=1, max_length=1000)]
    reference: Reference | None = None
    note: Text | None = None


class AdjustmentIn(msgspec.Struct, forbid_unknown_fields=True):
    """A correction of one bin: either ``delta`` (signed units) or ``counted`` (the units
    found), with a ``reason``."""

    sku: Sku
    location: Code
    reason: AdjustmentReason
    delta: Delta | None = None
    counted: Count | None = None
    note: Text | None = None
    reference: Reference | None = None


class MoveIn(msgspec.Struct, forbid_unknown_fields=True):
    """Units moved from one bin to another; only available (unallocated) units move."""

    sku: Sku
    from_location: Code
    to_location: Code
    quantity: Units
    note: Text | None = None
    reference: Reference | None = None


class LevelOut(msgspec.Struct):
    stock_level_id: int
    location_id: int
    location: str
    on_hand: int
    allocated: int
    available: int


class StockOut(msgspec.Struct):
    """One product's stock: totals over all bins, and each bin."""

    product_id: int
    sku: str
    name: str
    on_hand: int
    allocated: int
    available: int
    levels: list[LevelOut]


class OrderBrief(msgspec.Struct):
    id: int
    number: str


class ReceiptOut(msgspec.Struct):
    """The levels after a receipt or adjustment, and the waiting orders it released (release
    order)."""

    levels: list[LevelOut]
    released: list[OrderBrief]


class LedgerOut(msgspec.Struct):
    """One ledger entry: ``quantity`` units added to ``on_hand`` (signed), before → after."""

    id: int
    created_at: datetime
    sku: str
    location: str
    reason: str
    quantity: int
    on_hand_before: int
    on_hand_after: int
    allocated_before: int
    allocated_after: int
    user_id: int | None
    reference: str | None
    note: str | None
    order_id: int | None


class PreviewOrderOut(msgspec.Struct):
    """A waiting order the receipt would release, at ``position`` (1 = first); ``units`` of
    the received product its lines take."""

    position: int
    id: int
    number: str
    priority: int
    created_at: datetime
    units: int


class PreviewOut(msgspec.Struct):
    """What a receipt of ``quantity`` units of ``sku`` would release; ``units_used``: how many
    of the received units those orders take."""

    sku: str
    quantity: int
    units_used: int
    orders: list[PreviewOrderOut]


class SplitLineIn(msgspec.Struct, forbid_unknown_fields=True):
    line_id: Annotated[int, msgspec.Meta(ge=1)]
    quantity: Count


class SplitIn(msgspec.Struct, forbid_unknown_fields=True):
    """Which line quantities move to the backorder; omitted: every unit neither allocated nor
    picked. ``version``: the order version the client saw."""

    lines: list[SplitLineIn] | None = None
    version: int | None = None
