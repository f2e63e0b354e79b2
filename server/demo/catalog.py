"""The demo catalogue: products with SKUs, names, weights and valid GTIN-13 barcodes."""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import ean

# GS1 prefix 871 (Netherlands) + an example company number; the item reference counts up.
_COMPANY_PREFIX = "8712345"

_ITEMS = [
    ("MUG", "Mug", 350),
    ("BWL", "Bowl", 420),
    ("PLT", "Plate", 610),
    ("CUP", "Espresso cup", 120),
    ("JAR", "Storage jar", 530),
    ("TWL", "Tea towel", 90),
    ("CND", "Candle", 260),
    ("VAS", "Vase", 780),
    ("TRY", "Serving tray", 900),
    ("BTL", "Water bottle", 310),
    ("NTB", "Notebook", 240),
    ("PEN", "Fountain pen", 35),
]
_COLOURS = [
    ("BLU", "blue"),
    ("RED", "red"),
    ("GRN", "green"),
    ("YEL", "yellow"),
    ("BLK", "black"),
    ("WHT", "white"),
    ("GRY", "grey"),
    ("ORG", "orange"),
    ("PNK", "pink"),
    ("TEA", "teal"),
]
_SIZES = [("S", "small", 0.8), ("L", "large", 1.3)]


@dataclass(frozen=True, slots=True)
class DemoProduct:
    sku: str
    name: str
    gtin13: str
    weight_grams: int

    @property
    def gtin14(self) -> str:
        return "0" + self.gtin13


def gtin13(item_reference: int) -> str:
    """A GTIN-13 with the demo company prefix and a valid check digit (GS1 General
    Specifications §7.9.1, computed by python-stdnum)."""
    body = f"{_COMPANY_PREFIX}{item_reference:05d}"
    return body + ean.calc_check_digit(body)


def demo_products() -> list[DemoProduct]:
    """240 products: 12 items × 10 colours × 2 sizes, SKUs like ``MUG-BLU-S``."""
    products = []
    for item_code, item_name, grams in _ITEMS:
        for colour_code, colour in _COLOURS:
            for size_code, size, factor in _SIZES:
                products.append(
                    DemoProduct(
                        sku=f"{item_code}-{colour_code}-{size_code}",
                        name=f"{item_name}, {colour}, {size}",
                        gtin13=gtin13(len(products) + 1),
                        weight_grams=round(grams * factor),
                    )
                )
    return products
