"""Packing sessions: open by tote or order barcode, scan every unit, close the parcel.

Refused packing scans answer a problem with a ``code``: ``unreadable``, ``unknown_product``
(422: no product has the barcode); ``not_expected`` (a bin's, tote's, order's, batch's or
badge's label, or a bin's, tote's or order's bare name: the detail says which, and which
order's units to scan), ``wrong_product`` (not in this order), ``too_many`` (more than the
order holds), ``order_on_hold`` (held or cancelled meanwhile: set the tote aside),
``session_closed`` (this session is closed, or the order was packed in another one) (409).
A scan id sent again to the same session returns the first answer; sent to another session it
is refused (409 ``scan_id_reused``). Refusals change nothing but the scan log.

Closing is idempotent for the same request only: the same parcel (weight, box, dimensions)
again answers the closed session; another one is refused (409 ``parcel_already_closed``).
A parcel weighs 1 to ``MAX_PARCEL_GRAMS`` grams (422 ``invalid_weight`` otherwise).

A session is opened by a tote's or an order's label (``TOT-C3-1-A``, ``ORD-1001-U``): the check
character catches a mistyped code. The bare name a screen shows (tote ``C3-1``, order ``1001``)
carries no check, so it is refused with the label to scan (422 ``bare_tote_code`` /
``bare_order_number``); sessions show both (``tote_code`` and ``tote_barcode``,
``order_number`` and ``order_barcode``).
"""

from __future__ import annotations

from collections import defaultdict

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import Scan, label_code, make_code, parse
from server.db.locking import lock_row
from server.db.models import (
    Location,
    OrderLine,
    PackingScan,
    PackingSession,
    Product,
    ProductBarcode,
    SalesOrder,
    Shipment,
    Tote,
)
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context
from server.domain.orders.flow import change_status, load_order
from server.domain.packing.schemas import (
    MAX_PARCEL_GRAMS,
    CloseIn,
    LineOut,
    PackingScanOut,
    ScanIn,
    SessionOut,
)
from server.domain.picking.answers import Answer
from server.domain.picking.schemas import ProductOut
from server.domain.scan_ids import refusal as _refused, replay_or_refuse
from server.domain.shipments.schemas import shipment_out
from server.domain.shipments.services import create_shipment, order_code_body
from server.errors import NotFound, ShipfloorError

STOPPED = (order_rules.ON_HOLD, order_rules.CANCELLED)
# Packed already: its parcel is closed (and, when completed, handed to the carrier).
PACKED = (order_rules.READY_FOR_SHIPPING, order_rules.COMPLETED)
# What to do with an order's tote when it is not ready for packing, by status.
_NOT_READY = {
    order_rules.DRAFT: "it is not confirmed yet",
    order_rules.AWAITING_PAYMENT: "it waits for payment",
    order_rules.READY_FOR_PICKING: "it is not picked yet",
    order_rules.PICKING: "it is still being picked: finish its pick batch first",
}


def tote_barcode(code: str | None) -> str | None:
    """The text of a tote's label (``TOT-C3-1-A`` for ``C3-1``); None without a tote or for a
    code no label can carry."""
    return label_code("tote", code) if code else None


def order_barcode(order: SalesOrder) -> str:
    """The text of an order's label (``ORD-1001-U``), as the shipping label and packing slip print it."""
    return make_code("order", order_code_body(order))


async def _refuse_bare_name(session: AsyncSession, text: str) -> None:
    """Refuse a tote's bare name or an order's bare number, naming the label to scan instead.

    The bare text carries no check character, so a typo in it would open another order's
    parcel; it is never accepted, only explained."""
    upper = text.upper()
    tote = await session.scalar(select(Tote.code).where(Tote.code == upper))
    label = tote_barcode(tote)
    if label is not None:
        raise ShipfloorError(422, "bare_tote_code", f"{tote} is the tote's name; scan its label {label}.",
                             title="Scan the tote's label", field="code", tote_code=tote, barcode=label)
    order = await session.scalar(select(SalesOrder).where(SalesOrder.number == text))
    if order is None and upper != text:
        order = await session.scalar(select(SalesOrder).where(SalesOrder.number == upper))
    if order is not None:
        label = order_barcode(order)
        raise ShipfloorError(422, "bare_order_number",
                             f"{order.number} is the order's number; scan its label {label}.",
                             title="Scan the order's label", field="code", order_number=order.number,
                             barcode=label)


async def _order_for(session: AsyncSession, raw: str) -> tuple[SalesOrder, str | None]:
    scan = parse(raw)
    if scan.kind not in ("tote", "order") and (text := (scan.normalized or "").strip()):
        await _refuse_bare_name(session, text)
    if scan.errors:
        raise ShipfloorError(422, "unreadable", scan.errors[0].message)
    if scan.kind == "tote":
        tote = await session.scalar(select(Tote).where(Tote.code == scan.code))
        if tote is None:
            raise ShipfloorError(422, "unknown_code", f"No tote has the code {scan.code}.")
        if tote.order_id is None:
            raise ShipfloorError(409, "tote_empty", f"Tote {scan.code} holds no order.")
        return await load_order(session, tote.order_id, lock=True), tote.code
    if scan.kind == "order":
        order_id = await session.scalar(select(SalesOrder.id).where(SalesOrder.number == scan.code))
        if order_id is None and (scan.code or "").isdigit():
            order_id = int(scan.code)
        if order_id is None or await session.get(SalesOrder, order_id) is None:
            raise ShipfloorError(422, "unknown_code", f"No order has the number {scan.code}.")
        tote_code = await session.scalar(select(Tote.code).where(Tote.order_id == order_id))
        return await load_order(session, order_id, lock=True), tote_code
    raise ShipfloorError(422, "unknown_code", "Scan a tote or an order barcode.")


def _packed_already(order: SalesOrder) -> str:
    """Why nothing is left to pack for an order packed already (``PACKED``)."""
    if order.status == order_rules.COMPLETED:
        return f"Order {order.number} is packed already and handed to the carrier; nothing is left to pack."
    return (f"Order {order.number} is packed already: its parcel is closed and waits for the carrier "
            f"({order.status}). Nothing is left to pack here; scan the order's label "
            f"{order_barcode(order)} to see that parcel and print its label again.")


def _check_order(order: SalesOrder) -> None:
    if order.status in STOPPED:
        raise ShipfloorError(409, "order_on_hold", f"Order {order.number} is {order.status}: set the tote aside.",
                             order_status=order.status)
    if order.status in PACKED:
        # A session left open beside the one that closed the parcel (or an order label scanned
        # after the hand-over): the parcel is done, there is no tote to set aside.
        raise ShipfloorError(409, "order_not_ready", _packed_already(order), order_status=order.status)
    if order.status != order_rules.READY_FOR_PACKING:
        why = _NOT_READY.get(order.status, f"it is {order.status}")
        raise ShipfloorError(409, "order_not_ready",
                             f"Order {order.number} is not ready for packing: {why}. Set the tote aside.",
                             order_status=order.status)


async def open_session(session: AsyncSession, raw: str, ctx: Context) -> SessionOut:
    """Open (or resume) the packing session of the scanned tote or order; an order packed
    already (``ready_for_shipping``) answers its closed session with the current shipment, to
    print its label again. Raises 422 ``unreadable`` / ``unknown_code``, 409 ``tote_empty``,
    ``order_on_hold`` (held or cancelled: the tote is set aside; a cancelled order's units get
    put-away tasks, ``/api/put-away-tasks``), ``order_not_ready``.

    The order is loaded with its row lock (``load_order(lock=True)``, on SQLite too) before
    its open session is looked for: the same tote scanned at two benches at once opens one
    session, which the second scan resumes."""
    order, tote_code = await _order_for(session, raw)
    if order.status == order_rules.READY_FOR_SHIPPING:
        packed = await session.scalar(
            select(PackingSession).where(PackingSession.order_id == order.id, PackingSession.state == "closed")
            .order_by(PackingSession.id.desc()).limit(1)
        )
        if packed is not None:
            shipment = await session.get(Shipment, packed.shipment_id) if packed.shipment_id else None
            return await view(session, packed, order, shipment)
    _check_order(order)
    existing = await session.scalar(
        select(PackingSession).where(PackingSession.order_id == order.id, PackingSession.state == "open")
    )
    if existing is None:
        existing = PackingSession(order_id=order.id, tote_code=tote_code, packer_id=ctx.actor.user_id,
                                  state="open", packed={}, created_at=ctx.now)
        session.add(existing)
        await session.flush()
    return await view(session, existing, order)


async def _expected(session: AsyncSession, order_id: int) -> dict[int, tuple[ProductOut, int]]:
    rows = await session.execute(
        select(OrderLine.product_id, OrderLine.quantity, Product.sku, Product.name, Product.image_url)
        .join(Product, Product.id == OrderLine.product_id)
        .where(OrderLine.order_id == order_id).order_by(OrderLine.line_no)
    )
    out: dict[int, tuple[ProductOut, int]] = {}
    totals: dict[int, int] = defaultdict(int)
    for pid, qty, sku, name, image in rows:
        totals[pid] += qty
        out[pid] = (ProductOut(pid, sku, name, image), totals[pid])
    return out


async def view(session: AsyncSession, ps: PackingSession, order: SalesOrder | None = None,
               shipment=None) -> SessionOut:  # noqa: ANN001
    order = order or await session.get(SalesOrder, ps.order_id)
    expected = await _expected(session, ps.order_id)
    lines = [LineOut(p, qty, int(ps.packed.get(str(pid), 0))) for pid, (p, qty) in expected.items()]
    return SessionOut(
        id=ps.id, order_id=ps.order_id, order_number=order.number, order_barcode=order_barcode(order),
        tote_code=ps.tote_code, tote_barcode=tote_barcode(ps.tote_code), state=ps.state,
        lines=lines, complete=all(line.packed == line.expected for line in lines),
        shipment=shipment_out(shipment) if shipment is not None else None,
    )


async def _lock(session: AsyncSession, session_id: int) -> PackingSession:
    ps = await lock_row(session, PackingSession, session_id, PackingSession.state)
    if ps is None:
        raise NotFound("packing_session", session_id)
    return ps


async def scan(session: AsyncSession, session_id: int, data: ScanIn, ctx: Context) -> Answer:
    """Check one unit (or ``quantity`` units) into the parcel (see the module doc)."""
    ps = await _lock(session, session_id)
    parsed = parse(data.code, source=data.source)
    prior = await replay_or_refuse(session, PackingScan.session_id, ps.id, data.id, what="packing session",
                                   raw=parsed.raw_escaped)
    if prior is not None:
        return prior
    order = await session.get(SalesOrder, ps.order_id, populate_existing=True)
    quantity = data.quantity or 1
    product_id = None
    if ps.state != "open":
        answer = _refused(data.id, 409, "session_closed", "This parcel is closed already.")
    elif order.status in STOPPED:
        answer = _refused(data.id, 409, "order_on_hold", f"Order {order.number} is {order.status}: set it aside.")
    elif order.status in PACKED:
        answer = _refused(data.id, 409, "session_closed", _packed_already(order))
    elif parsed.errors:
        # Bare digits of an order's number do not read as a GTIN: say what they are first.
        what = await _not_a_product(session, parsed, ps, order)
        answer = _refused(data.id, 409, "not_expected", what) if what is not None else \
            _refused(data.id, 422, "unreadable", parsed.errors[0].message)
    else:
        key = parsed.gtin14 if parsed.kind in ("gtin", "gs1") else parsed.normalized
        product_id = await session.scalar(select(ProductBarcode.product_id).where(ProductBarcode.code == key)) if key else None
        expected = await _expected(session, ps.order_id)
        packed = int(ps.packed.get(str(product_id), 0))
        if product_id is None:
            what = await _not_a_product(session, parsed, ps, order)
            answer = _refused(data.id, 409, "not_expected", what) if what is not None else \
                _refused(data.id, 422, "unknown_product", "No product has this barcode.")
        elif product_id not in expected:
            answer = _refused(data.id, 409, "wrong_product", "This product is not in this order.")
        elif packed + quantity > expected[product_id][1]:
            answer = _refused(data.id, 409, "too_many",
                              f"The order holds {expected[product_id][1]} of these; {packed} packed already.")
        else:
            ps.packed = {**ps.packed, str(product_id): packed + quantity}
            await session.flush()
            out = PackingScanOut(id=data.id, result="packed", message=f"{quantity} × {expected[product_id][0].name}",
                                 quantity=quantity, session=await view(session, ps, order))
            answer = Answer(200, msgspec.to_builtins(out))
    session.add(PackingScan(
        client_id=data.id, session_id=ps.id, user_id=ctx.actor.user_id, raw_escaped=parsed.raw_escaped,
        kind=parsed.kind, product_id=product_id, quantity=quantity,
        outcome="refused" if answer.refused else "accepted", reason=answer.reason,
        response=answer.stored(), created_at=ctx.now,
    ))
    await session.flush()
    return answer


async def _not_a_product(session: AsyncSession, parsed: Scan, ps: PackingSession, order: SalesOrder) -> str | None:
    """What a unit scan that no product has is instead, with what to scan: a Shipfloor label
    (bin, tote, order, batch, badge) or the bare name of a bin, a tote or an order; None for a
    code that is none of these (``unknown_product``). Looked up only for codes no product has,
    so accepted scans cost nothing more."""
    units = f"scan the units of order {order.number}"
    code = (parsed.code or "").upper()
    if parsed.kind == "location":
        return f"That is a bin label ({code}), not a product; {units}."
    if parsed.kind == "tote":
        whose = "this order's tote label" if code == (ps.tote_code or "").upper() else "a tote label"
        return f"That is {whose} ({code}), not a product; {units}."
    if parsed.kind == "order":
        own = {order_code_body(order).upper(), (order.number or "").upper(), str(order.id)}
        whose = "this order's label" if code in own else "another order's label"
        return f"That is {whose} ({code}), not a product; {units}."
    if parsed.kind == "batch":
        return f"That is a pick batch label ({code}), not a product; {units}."
    if parsed.kind == "badge":
        return f"That is a badge, not a product; {units}."
    typed = (parsed.normalized or "").strip(" ") if parsed.kind == "unknown" else ""
    text = typed.upper()
    if not text:
        return None
    if (tote := await session.scalar(select(Tote.code).where(Tote.code == text))) is not None:
        whose = "this order's tote" if tote == ps.tote_code else "a tote"
        return f"{tote} is the name of {whose}, not a product; {units}."
    if (bin_code := await session.scalar(
            select(Location.code).where(func.upper(Location.code) == text).limit(1))) is not None:
        return f"{bin_code} is a bin's name, not a product; {units}."
    number = await session.scalar(select(SalesOrder.number).where(SalesOrder.number.in_({typed, text})).limit(1))
    if number is not None:
        whose = "this order's number" if number == order.number else "another order's number"
        return f"{number} is {whose}, not a product; {units}."
    return None


def invalid_weight(grams: object = None) -> ShipfloorError:
    """422 ``invalid_weight``: a parcel weighs 1 to ``MAX_PARCEL_GRAMS`` grams. ``grams``: the
    weight sent, named in the detail when known."""
    sent = f"{grams} is not a parcel's weight" if isinstance(grams, int) and not isinstance(grams, bool) \
        else "that is not a parcel's weight"
    return ShipfloorError(422, "invalid_weight",
                          f"A parcel weighs 1 to {MAX_PARCEL_GRAMS:,} grams; {sent}. Weigh it again.",
                          field="weight_grams", minimum=1, maximum=MAX_PARCEL_GRAMS)


def _same_parcel(shipment: Shipment | None, data: CloseIn) -> bool:
    return shipment is not None and (
        shipment.weight_grams, shipment.box, shipment.length_mm, shipment.width_mm, shipment.height_mm
    ) == (data.weight_grams, data.box, data.length_mm, data.width_mm, data.height_mm)


async def close(session: AsyncSession, session_id: int, data: CloseIn, ctx: Context) -> SessionOut:
    """Close the parcel: the order goes to ``ready_for_shipping`` and a labelled shipment is
    made; the tote is free again. Closing a closed session with the same parcel answers it
    unchanged. Raises 404 ``packing_session_not_found``, 422 ``invalid_weight``, 409
    ``parcel_already_closed`` (closed with another weight, box or dimensions),
    ``units_missing`` (``missing`` lists sku and units), ``order_on_hold``, ``order_not_ready``."""
    ps = await _lock(session, session_id)
    if not 1 <= data.weight_grams <= MAX_PARCEL_GRAMS:
        raise invalid_weight(data.weight_grams)
    if ps.state == "closed":
        shipment = await session.get(Shipment, ps.shipment_id) if ps.shipment_id else None
        if not _same_parcel(shipment, data):
            raise ShipfloorError(
                409, "parcel_already_closed",
                "This parcel is closed already" + (
                    f" with {shipment.weight_grams} g, box {shipment.box or '-'}" if shipment else "")
                + "; it cannot be closed again with another weight or box.",
                shipment_id=shipment.id if shipment else None,
            )
        return await view(session, ps, shipment=shipment)
    order = await load_order(session, ps.order_id, lock=True)
    _check_order(order)
    expected = await _expected(session, ps.order_id)
    missing = [
        {"sku": p.sku, "missing": qty - int(ps.packed.get(str(pid), 0))}
        for pid, (p, qty) in expected.items() if int(ps.packed.get(str(pid), 0)) < qty
    ]
    if missing:
        raise ShipfloorError(409, "units_missing", "Scan every unit before closing: " + ", ".join(
            f"{m['missing']} × {m['sku']}" for m in missing) + " missing.", missing=missing)
    shipment = await create_shipment(session, order, ctx, weight_grams=data.weight_grams, box=data.box,
                                     length_mm=data.length_mm, width_mm=data.width_mm, height_mm=data.height_mm)
    await change_status(session, order, order_rules.READY_FOR_SHIPPING, ctx, kind="packed",
                        data={"shipment_id": shipment.id, "tracking_number": shipment.tracking_number,
                              "weight_grams": data.weight_grams})
    ps.state = "closed"
    ps.closed_at = ctx.now
    ps.shipment_id = shipment.id
    tote = await session.scalar(select(Tote).where(Tote.order_id == order.id))
    if tote is not None:
        tote.order_id = None
    await session.flush()
    return await view(session, ps, order, shipment)
