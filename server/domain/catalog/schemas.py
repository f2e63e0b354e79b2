"""Product bodies."""

from __future__ import annotations

import msgspec


class BarcodeOut(msgspec.Struct):
    code: str
    kind: str


class ProductOut(msgspec.Struct):
    """A product; ``weight_grams`` in grams, dimensions in millimetres."""

    id: int
    sku: str
    name: str
    barcodes: list[BarcodeOut]
    weight_grams: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    image_url: str | None = None
    active: bool = True


class ProductPage(msgspec.Struct):
    items: list[ProductOut]
    total: int
    limit: int
    offset: int
