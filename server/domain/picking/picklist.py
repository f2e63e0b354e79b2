"""The printed pick list: A4 PDF, stops in route order (the handheld's order), with Code 128
barcodes of the batch, each location, product and tote (drawn by ``scanners.barcodes``)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from scanners import barcodes, label_code
from server.domain.picking.schemas import BatchOut

QUIET = 10
MODULE = 0.33 * mm


def _bars(pdf: canvas.Canvas, x: float, y: float, data: str, height: float, module: float = MODULE) -> float:
    """Draw ``data`` as Code 128 with its quiet zones from ``x``; returns the width used."""
    modules = barcodes.code128_modules(data)
    run = 0
    start = x + QUIET * module
    for i, bit in enumerate(modules + "0"):
        if bit == "1":
            run += 1
        elif run:
            pdf.rect(start + (i - run) * module, y, run * module, height, stroke=0, fill=1)
            run = 0
    return (len(modules) + 2 * QUIET) * module


def _gtin_body(gtin14: str | None) -> str | None:
    return gtin14 if gtin14 and gtin14.isdigit() else None


def pick_list_pdf(batch: BatchOut, picker: str | None, gtins: dict[int, str]) -> bytes:
    """PDF bytes of the pick list. ``gtins`` maps product id to its GTIN-14 (printed as the
    product barcode; a product without one shows its SKU only)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.setTitle(f"Pick list {batch.code}")
    width, height = A4
    left = 15 * mm

    def header() -> float:
        y = height - 20 * mm
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(left, y, f"Pick list · batch {batch.id}")
        pdf.setFont("Helvetica", 9)
        pdf.drawString(left, y - 12, f"Picker: {picker or '—'}   Stops: {len(batch.stops)}   "
                       f"Units: {batch.units_total}   Route: {batch.route_length_m:.1f} m "
                       f"(location order {batch.code_order_length_m:.1f} m)")
        _bars(pdf, width - 95 * mm, y - 16, batch.code, 14 * mm, 0.3 * mm)
        pdf.drawString(width - 95 * mm + 3 * mm, y - 22, batch.code)
        return y - 40

    y = header()
    pdf.setFont("Helvetica", 9)
    totes = " · ".join(f"{t.position}: {t.order_number or t.order_id}" + (f" ({t.code})" if t.code else "")
                       for t in batch.totes)
    pdf.drawString(left, y, f"Totes: {totes}"[:150])
    y -= 10
    row_h = 30 * mm
    for stop in batch.stops:
        if y - row_h < 15 * mm:
            pdf.showPage()
            y = header()
        y -= row_h
        pdf.setStrokeGray(0.7)
        pdf.line(left, y + row_h - 2, width - left, y + row_h - 2)
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(left, y + row_h - 14, f"{stop.seq}. {stop.location}")
        pdf.setFont("Helvetica", 9)
        pdf.drawString(left, y + row_h - 25, f"{stop.quantity} × {stop.product.sku} {stop.product.name}"[:60])
        loc_code = label_code("location", stop.location)
        pdf.setFont("Helvetica", 7)
        if loc_code:
            _bars(pdf, left, y + 5, loc_code, 11 * mm)
            pdf.drawString(left + 3 * mm, y + 1, loc_code)
        gtin = _gtin_body(gtins.get(stop.product.id))
        if gtin:
            _bars(pdf, 85 * mm, y + 5, gtin, 11 * mm)
            pdf.drawString(85 * mm + 3 * mm, y + 1, gtin)
        tx = 140 * mm
        pdf.setFont("Helvetica", 8)
        for i, task in enumerate(stop.tasks[:3]):
            pdf.drawString(tx, y + row_h - 12 - i * 9,
                           f"tote {task.tote_position}: {task.quantity} · order {task.order_number}")
        first = stop.tasks[0] if stop.tasks else None
        tote_code = label_code("tote", first.tote_code) if first is not None and first.tote_code else None
        if tote_code:
            _bars(pdf, tx, y + 5, tote_code, 9 * mm, 0.25 * mm)
            pdf.setFont("Helvetica", 7)
            pdf.drawString(tx + 3 * mm, y + 1, tote_code)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
