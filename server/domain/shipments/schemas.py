"""Shipment shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec


class ShipmentOut(msgspec.Struct):
    """A parcel: ``weight_grams`` in grams, dimensions in millimetres; ``status``
    ``labelled``, ``void`` or ``handed_over``; links to its documents."""

    id: int
    order_id: int
    carrier: str
    service: str | None
    tracking_number: str
    weight_grams: int
    box: str | None
    status: str
    created_at: datetime
    handed_over_at: datetime | None
    label_zpl_url: str
    label_pdf_url: str
    packing_slip_url: str


class HandOverIn(msgspec.Struct, forbid_unknown_fields=True):
    """Optional: the scanned tracking barcode, checked against the shipment."""

    code: Annotated[str, msgspec.Meta(max_length=200)] | None = None


def shipment_out(s) -> ShipmentOut:  # noqa: ANN001
    base = f"/api/shipments/{s.id}"
    return ShipmentOut(
        id=s.id, order_id=s.order_id, carrier=s.carrier, service=s.service,
        tracking_number=s.tracking_number, weight_grams=s.weight_grams, box=s.box, status=s.status,
        created_at=s.created_at, handed_over_at=s.handed_over_at, label_zpl_url=f"{base}/label.zpl",
        label_pdf_url=f"{base}/label.pdf", packing_slip_url=f"{base}/packing-slip.pdf",
    )


class LabelScanIn(msgspec.Struct, forbid_unknown_fields=True):
    """A scanned shipping label (its tracking barcode)."""

    code: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
