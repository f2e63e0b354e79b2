"""Labels Shipfloor prints: ZPL for thermal printers, PDF sheets for office printers."""

from scanners.labels.pdf import badge_sheet_pdf, label_sheet_pdf, location_sheet_pdf
from scanners.labels.ranges import expand_range, natural_key
from scanners.labels.zpl import (
    Address,
    code_label_zpl,
    location_label_zpl,
    shipping_label_zpl,
    tote_label_zpl,
)

__all__ = [
    "Address",
    "badge_sheet_pdf",
    "code_label_zpl",
    "expand_range",
    "label_sheet_pdf",
    "location_label_zpl",
    "location_sheet_pdf",
    "natural_key",
    "shipping_label_zpl",
    "tote_label_zpl",
]
