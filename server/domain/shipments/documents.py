"""PDF documents of a shipment: the shipping label (4×6 in) and the packing slip (A4)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch, mm
from reportlab.pdfgen import canvas

from scanners import barcodes, make_code
from scanners.labels import Address


def _bars(pdf: canvas.Canvas, x: float, y: float, data: str, height: float, module: float) -> None:
    modules = barcodes.code128_modules(data)
    run = 0
    start = x + 10 * module
    for i, bit in enumerate(modules + "0"):
        if bit == "1":
            run += 1
        elif run:
            pdf.rect(start + (i - run) * module, y, run * module, height, stroke=0, fill=1)
            run = 0


def label_pdf(*, ship_to: Address, ship_from: Address, carrier: str, service: str | None,
              tracking_number: str, weight_grams: int, order_number: str) -> bytes:
    """The shipping label as a 4×6 in PDF page, for printers without ZPL."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(4 * inch, 6 * inch), invariant=1)
    pdf.setTitle(f"Label {tracking_number}")
    w, h = 4 * inch, 6 * inch
    pdf.setFont("Helvetica-Bold", 8)
    pdf.drawString(8, h - 14, "FROM")
    pdf.setFont("Helvetica", 8)
    for i, line in enumerate(ship_from.lines()):
        pdf.drawString(8, h - 24 - i * 9, line[:60])
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(8, h - 90, "SHIP TO")
    for i, line in enumerate(ship_to.lines()):
        pdf.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 14)
        pdf.drawString(8, h - 108 - i * 17, line[:36])
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(8, 2.3 * inch, f"{carrier.upper()} {service or ''}"[:34])
    pdf.drawRightString(w - 8, 2.3 * inch, f"{weight_grams / 1000:.3f} kg")
    _bars(pdf, 8, 1.1 * inch, tracking_number, 0.9 * inch, 0.012 * inch)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(14, 0.95 * inch, tracking_number)
    code = make_code("order", order_number)
    pdf.drawString(8, 0.3 * inch, f"Order {order_number}")
    _bars(pdf, 1.7 * inch, 0.15 * inch, code, 0.45 * inch, 0.008 * inch)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def packing_slip_pdf(*, order_number: str, ship_to: Address, lines: list[tuple[str, str, int]],
                     tracking_number: str | None, carrier: str | None) -> bytes:
    """A4 packing slip: address, the order code as Code 128, and ``(sku, name, quantity)``."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.setTitle(f"Packing slip {order_number}")
    w, h = A4
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(20 * mm, h - 25 * mm, f"Packing slip · order {order_number}")
    code = make_code("order", order_number)
    _bars(pdf, w - 90 * mm, h - 40 * mm, code, 14 * mm, 0.3 * mm)
    pdf.setFont("Helvetica", 11)
    for i, line in enumerate(ship_to.lines()):
        pdf.drawString(20 * mm, h - 40 * mm - i * 14, line)
    y = h - 90 * mm
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(20 * mm, y, "SKU")
    pdf.drawString(60 * mm, y, "Product")
    pdf.drawRightString(w - 20 * mm, y, "Quantity")
    pdf.setFont("Helvetica", 10)
    for sku, name, quantity in lines:
        y -= 14
        if y < 25 * mm:
            pdf.showPage()
            y = h - 25 * mm
            pdf.setFont("Helvetica", 10)
        pdf.drawString(20 * mm, y, sku[:24])
        pdf.drawString(60 * mm, y, name[:60])
        pdf.drawRightString(w - 20 * mm, y, str(quantity))
    if tracking_number:
        pdf.drawString(20 * mm, 20 * mm, f"{carrier or ''} tracking {tracking_number}")
    pdf.showPage()
    pdf.save()
    return out.getvalue()
