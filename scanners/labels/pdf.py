"""PDF sheets of code labels (A4, 3 × 8 labels of 70 × 37 mm) for office printers: location
labels and badge labels share one layout.

Bars are drawn as vector rectangles from the same Code 128 encoder as every other barcode,
so they stay sharp at any printer resolution.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from scanners import barcodes, codes

COLUMNS = 3
ROWS = 8
LABEL_W = 70 * mm
LABEL_H = 37 * mm
# Narrowest module a handheld still reads from a laser print; GenSpec 5.12.3 has 0.25 mm as
# the lower bound for GS1-128, and our own labels follow it where they can.
MIN_MODULE = 0.19 * mm
MAX_MODULE = 0.33 * mm
QUIET_MODULES = 10  # ISO/IEC 15417 4.3.5


def _draw_bars(
    pdf: canvas.Canvas, x: float, y: float, width: float, height: float, data: str
) -> None:
    modules = barcodes.code128_modules(data)
    module = min(MAX_MODULE, width / (len(modules) + 2 * QUIET_MODULES))
    if module < MIN_MODULE:
        raise ValueError(f"code {data!r} is too long for a {LABEL_W / mm:.0f} mm label")
    start = x + (width - module * len(modules)) / 2
    run = 0
    for i, bit in enumerate(modules + "0"):
        if bit == "1":
            run += 1
        elif run:
            pdf.rect(start + (i - run) * module, y, run * module, height, stroke=0, fill=1)
            run = 0


def _fit_font(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 8 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _fit_text(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """`text` at the largest size down to 8 pt that fits `width`; shortened with "…" when even
    8 pt is too wide."""
    size = _fit_font(pdf, text, font, size, width)
    if pdf.stringWidth(text, font, size) <= width:
        return text, size
    while len(text) > 1 and pdf.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    # Only spaces: a heading holds no GS, but the rule for scanners/ is to name what is trimmed.
    return text.rstrip(" ") + "…", size


def label_sheet_pdf(labels: Sequence[tuple[str, str]], *, title: str) -> bytes:
    """PDF bytes with one label per ``(heading, code)`` pair, 24 per A4 page, in the order given.

    Each 70 × 37 mm label shows `heading` in large type (shrunk down to 8 pt, then shortened
    with "…", to fit), a Code 128 of `code` (ISO/IEC 15417, printable ASCII) and `code` in small
    type. `title` goes in the PDF metadata.

    Raises ValueError when `labels` is empty, or a code has characters Code 128 subset B/C
    lacks or is too long to print with modules of at least 0.19 mm.
    """
    if not labels:
        raise ValueError("no labels to print")
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    page_w, page_h = A4
    margin_x = (page_w - COLUMNS * LABEL_W) / 2
    margin_y = (page_h - ROWS * LABEL_H) / 2
    per_page = COLUMNS * ROWS
    for i, (heading, code) in enumerate(labels):
        if i and i % per_page == 0:
            pdf.showPage()
        slot = i % per_page
        col, row = slot % COLUMNS, slot // COLUMNS
        x = margin_x + col * LABEL_W
        y = page_h - margin_y - (row + 1) * LABEL_H
        inner = LABEL_W - 8 * mm
        text, size = _fit_text(pdf, heading, "Helvetica-Bold", 20, inner)
        pdf.setFont("Helvetica-Bold", size)
        pdf.drawCentredString(x + LABEL_W / 2, y + LABEL_H - 9 * mm, text)
        _draw_bars(pdf, x + 4 * mm, y + 7 * mm, inner, 16 * mm, code)
        pdf.setFont("Helvetica", 7)
        pdf.drawCentredString(x + LABEL_W / 2, y + 3.5 * mm, code)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def location_sheet_pdf(location_codes: list[str], *, title: str | None = None) -> bytes:
    """PDF bytes with one label per location code, 24 per A4 page, in the order given.

    Each label shows the code in large type, a Code 128 of its Shipfloor location code
    (`codes.make_code("location", code)`, ISO/IEC 15417) and that code in small type.
    `title` (e.g. the warehouse name) goes in the PDF metadata.

    Raises ValueError when the list is empty, a code is no valid code body, or a code is
    too long to print with modules of at least 0.19 mm.
    """
    if not location_codes:
        raise ValueError("no location codes to print")
    labels = [(body.upper(), codes.make_code("location", body)) for body in location_codes]
    return label_sheet_pdf(labels, title=title or "Location labels")


def badge_sheet_pdf(badges: Sequence[tuple[str, str]], *, title: str | None = None) -> bytes:
    """PDF bytes with one badge label per ``(name, badge code)`` pair, 24 per A4 page: the
    person's name in large type, a Code 128 of the badge code as stored (``BDG-…`` or an
    existing staff card's code) and the code in small type.

    Raises ValueError as `label_sheet_pdf`.
    """
    return label_sheet_pdf(list(badges), title=title or "Badges")
