"""Packing shapes. Weights in grams, dimensions in millimetres."""

from __future__ import annotations

from typing import Annotated

import msgspec

from server.domain.picking.schemas import ProductOut, ScanIn
from server.domain.shipments.schemas import ShipmentOut

__all__ = ["MAX_PARCEL_GRAMS", "CloseIn", "LineOut", "PackingScanOut", "ParcelGrams", "SessionIn", "SessionOut",
           "ScanIn"]

MAX_PARCEL_GRAMS = 70_000
"""The heaviest parcel a carrier takes (70 kg)."""

ParcelGrams = Annotated[int, msgspec.Meta(ge=1, le=MAX_PARCEL_GRAMS)]
"""A parcel's weight in grams: 1 to ``MAX_PARCEL_GRAMS`` (shown as minimum/maximum in the
OpenAPI schema; a weight outside is refused with ``invalid_weight``)."""


class SessionIn(msgspec.Struct, forbid_unknown_fields=True):
    """``code``: the tote or order barcode as scanned (``TOT-…`` or ``ORD-…`` with its check
    character). A tote's bare name or an order's bare number is refused (422 ``bare_tote_code``
    / ``bare_order_number``, naming the label to scan)."""

    code: Annotated[str, msgspec.Meta(max_length=500)]


class CloseIn(msgspec.Struct, forbid_unknown_fields=True):
    """``weight_grams`` (grams, 1 to 70,000; refused with ``invalid_weight`` otherwise),
    ``box`` (a box name), dimensions in millimetres. Sent again after the close, the same
    values answer the closed session; others are refused (``parcel_already_closed``)."""

    weight_grams: ParcelGrams
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
    hold; ``complete`` when every unit is scanned; ``shipment`` once closed.
    ``order_barcode`` and ``tote_barcode`` are the texts of the order's and the tote's labels
    (``ORD-1001-U``, ``TOT-C3-1-A``): what to scan or type; ``order_number`` and ``tote_code``
    are their bare names."""

    id: int
    order_id: int
    order_number: str | None
    order_barcode: str | None
    tote_code: str | None
    tote_barcode: str | None
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
