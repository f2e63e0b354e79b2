"""Helpers of the user administration tests."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp


def pdf_page(content: bytes, index: int = 0) -> tuple[str, set[str]]:
    """The text of one PDF page and the barcodes read from it, rendered at 288 dpi in grey as
    the pick list tests do."""
    page = pdfium.PdfDocument(content)[index]
    image = page.render(scale=4).to_pil().convert("L")
    return page.get_textpage().get_text_range(), {r.text for r in zxingcpp.read_barcodes(image)}
