"""Packing shapes. Weights in grams, dimensions in millimetres."""

from __future__ import annotations

from typing import Annotated

import msgspec

from server.domain.picking.schemas import ProductOut, ScanIn
from server.domain.shipments.schemas import ShipmentOut

__all__ = ["CloseIn", "LineOut", "PackingScanOut", "SessionIn", "SessionOut", "ScanIn"]


class SessionIn(msgspec.Struct, forbid_unknown_fields=True):
    """``code``: the tote or order barcode as scanned."""

    code: Annotated[str, msgspec.Meta(max_length=500)]


class CloseIn(msgspec.Struct, forbid_unknown_fields=True):
    """``weight_grams`` (grams, 1 to 70,000; refused with ``invalid_weight`` otherwise),
    ``box`` (a box name), dimensions in millimetres. Sent again after the close, the same
    values answer the closed session; others are refused (``parcel_already_closed``)."""

    weight_grams: int
    box: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    length_mm: Annotated[int, msgspec.Meta(ge=1, le=10_000)] | None = None
    width_mm: Annotated[int, msgspec.Meta(ge=1, le=10_000)] | None = None
    height_mm: Annotated[int, msgspec.Meta(ge=1, le=10_000)] | None = None


class LineOut(msgspec.Struct):
    product: ProductOut
    expected: int
    packed: int


class SessionOut(msgspec.Struct):
    """A packing session: ``state`` ``open`` or ``closed``; ``lines`` what the parcel must
    hold; ``complete`` when every unit is scanned; ``shipment`` once closed."""

    id: int
    order_id: int
    order_number: str | None
    tote_code: str | None
    state: str
    lines: list[LineOut]
    complete: bool
    shipment: ShipmentOut | None = None


class PackingScanOut(msgspec.Struct):
    """An accepted packing scan: ``result`` ``packed``; ``session`` as now;
    ``replayed`` true for a repeated scan id."""

    id: str
    result: str
    message: str
    quantity: int
    session: SessionOut
    replayed: bool = False
