"""Shipments: made when a packer closes a parcel, completed by the hand-over to the carrier.

When an order whose parcel is labelled is held or cancelled, its label is voided at once
(``void_labels``: the carrier is told, the order's history says so, a live event goes out) and
the hand-over is refused. Releasing the hold returns the order to ``ready_for_shipping`` with a
fresh label for the same parcel (``reissue_labels``); the packer prints it by scanning the order
again (the packing session answers with the new shipment)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import make_code
from scanners.labels import Address
from server.db.locking import lock_row
from server.db.models import OrderLine, PackingSession, SalesOrder, Shipment, ShippingMethod
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context, record
from server.domain.orders.flow import change_status, load_order
from server.domain.shipments.carriers import Parcel, carrier_for, ship_from
from server.domain.shipments.documents import label_pdf, packing_slip_pdf
from server.errors import NotFound, ShipfloorError

STOPPED = (order_rules.ON_HOLD, order_rules.CANCELLED)


def order_code_body(order: SalesOrder) -> str:
    """The body of the order's barcode: its number, or its id where the number holds
    characters a Shipfloor code cannot carry."""
    if order.number:
        try:
            make_code("order", order.number)
            return order.number
        except ValueError:
            pass
    return str(order.id)


def address_of(order: SalesOrder) -> Address:
    return Address(
        name=order.ship_name, company=order.ship_company, address1=order.ship_street or "",
        postal_code=order.ship_postal_code or "", city=order.ship_city or "",
        country=order.ship_country or "", state=order.ship_region, phone=order.ship_phone,
    )


async def create_shipment(
    session: AsyncSession, order: SalesOrder, ctx: Context, *, weight_grams: int, box: str | None,
    length_mm: int | None, width_mm: int | None, height_mm: int | None,
) -> Shipment:
    """A labelled shipment for ``order`` with the order's shipping method and its carrier."""
    method = await session.get(ShippingMethod, order.shipping_method_id) if order.shipping_method_id else None
    carrier = carrier_for(method.carrier if method else None)
    shipment = Shipment(
        order_id=order.id, shipping_method_id=method.id if method else None, carrier=carrier.name,
        service=method.name if method else None, tracking_number=f"pending-{order.id}-{ctx.now.timestamp()}",
        weight_grams=weight_grams, box=box, length_mm=length_mm, width_mm=width_mm,
        height_mm=height_mm, status="labelled", label_zpl="", created_by_id=ctx.actor.user_id,
        created_at=ctx.now,
    )
    session.add(shipment)
    await session.flush()
    label = carrier.label(Parcel(shipment.id, order_code_body(order), address_of(order), ship_from(),
                                 weight_grams, shipment.service))
    shipment.tracking_number = label.tracking_number
    shipment.label_zpl = label.zpl
    await session.flush()
    return shipment


def _void(shipment: Shipment, when: datetime) -> None:
    carrier_for(shipment.carrier).void(shipment.tracking_number)
    shipment.status = "void"
    shipment.voided_at = when


async def void_labels(session: AsyncSession, order: SalesOrder, ctx: Context) -> list[Shipment]:
    """Void every labelled parcel of ``order`` (held or cancelled): the carrier is told, each
    gets a ``label_voided`` history entry and live event. Returns the voided shipments."""
    shipments = list(await session.scalars(
        select(Shipment).where(Shipment.order_id == order.id, Shipment.status == "labelled")
        .order_by(Shipment.id).with_for_update()
    ))
    for shipment in shipments:
        _void(shipment, ctx.now)
        record(session, order, ctx, "label_voided",
               message=f"Label {shipment.tracking_number} voided: the order is {order.status}.",
               data={"shipment_id": shipment.id, "tracking_number": shipment.tracking_number,
                     "carrier": shipment.carrier})
    await session.flush()
    return shipments


async def reissue_labels(session: AsyncSession, order: SalesOrder, ctx: Context) -> list[Shipment]:
    """Fresh labels for an order back in ``ready_for_shipping`` after a hold: each closed
    parcel whose label was voided gets a new shipment (same weight, box and dimensions, new
    tracking number), its packing session points to it, and the history says which label
    replaces which. Returns the new shipments."""
    fresh = []
    sessions = await session.scalars(
        select(PackingSession).where(PackingSession.order_id == order.id, PackingSession.state == "closed")
        .order_by(PackingSession.id)
    )
    for ps in list(sessions):
        old = await session.get(Shipment, ps.shipment_id) if ps.shipment_id else None
        if old is None or old.status != "void":
            continue
        new = await create_shipment(session, order, ctx, weight_grams=old.weight_grams, box=old.box,
                                    length_mm=old.length_mm, width_mm=old.width_mm, height_mm=old.height_mm)
        ps.shipment_id = new.id
        record(session, order, ctx, "label_reissued",
               message=f"Label {new.tracking_number} replaces the void {old.tracking_number}.",
               data={"shipment_id": new.id, "tracking_number": new.tracking_number,
                     "replaces_shipment_id": old.id, "replaces_tracking_number": old.tracking_number})
        fresh.append(new)
    await session.flush()
    return fresh


async def current(session: AsyncSession, shipment_id: int) -> tuple[Shipment, SalesOrder]:
    """The shipment and its order; a label whose order was held or cancelled meanwhile is
    voided now (and the carrier told). Raises 404 ``shipment_not_found``."""
    shipment = await lock_row(session, Shipment, shipment_id, Shipment.status)
    if shipment is None:
        raise NotFound("shipment", shipment_id)
    order = await load_order(session, shipment.order_id)
    if shipment.status == "labelled" and order.status in STOPPED:
        # A parcel labelled before holds voided labels at once.
        _void(shipment, order.updated_at)
        await session.flush()
    return shipment, order


async def _refuse_void(session: AsyncSession, shipment: Shipment, order: SalesOrder) -> None:
    if shipment.status != "void":
        return
    current_id = await session.scalar(
        select(Shipment.id).where(Shipment.order_id == order.id, Shipment.status == "labelled")
        .order_by(Shipment.id.desc()).limit(1)
    )
    if current_id is not None:
        raise ShipfloorError(409, "label_void",
                             f"The label of shipment {shipment.id} is void; order {order.number} has a "
                             f"new label (shipment {current_id}): print it and stick it over the old one.",
                             order_status=order.status, current_shipment_id=current_id)
    raise ShipfloorError(409, "label_void",
                         f"The label of shipment {shipment.id} is void: order {order.number} is "
                         f"{order.status}. Set the parcel aside.", order_status=order.status)


async def label_zpl(session: AsyncSession, shipment_id: int) -> str:
    """The 4×6 in label (ZPL II). Raises 404, 409 ``label_void``."""
    shipment, order = await current(session, shipment_id)
    await _refuse_void(session, shipment, order)
    return shipment.label_zpl


async def label_document(session: AsyncSession, shipment_id: int) -> bytes:
    """The label as a 4×6 in PDF. Raises 404, 409 ``label_void``."""
    shipment, order = await current(session, shipment_id)
    await _refuse_void(session, shipment, order)
    return label_pdf(ship_to=address_of(order), ship_from=ship_from(), carrier=shipment.carrier,
                     service=shipment.service, tracking_number=shipment.tracking_number,
                     weight_grams=shipment.weight_grams, order_number=order_code_body(order))


async def packing_slip(session: AsyncSession, shipment_id: int) -> bytes:
    """The packing slip (A4 PDF). Raises 404."""
    shipment, order = await current(session, shipment_id)
    lines = [(line.sku, line.name, line.quantity) for line in await session.scalars(
        select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.line_no))]
    return packing_slip_pdf(order_number=order_code_body(order), ship_to=address_of(order), lines=lines,
                            tracking_number=shipment.tracking_number, carrier=shipment.carrier)


async def hand_over(session: AsyncSession, shipment_id: int, ctx: Context, code: str | None = None) -> Shipment:
    """The carrier took the parcel: the order is ``completed``. Handing over again answers the
    shipment unchanged. Raises 404, 409 ``label_void`` (held or cancelled order),
    ``order_not_ready``, 422 ``wrong_label`` (``code`` is not this label's tracking number)."""
    shipment, order = await current(session, shipment_id)
    if code is not None and code.upper() != shipment.tracking_number.upper():
        raise ShipfloorError(422, "wrong_label", "That is not this parcel's label.")
    if shipment.status == "handed_over":
        return shipment
    await _refuse_void(session, shipment, order)
    order = await load_order(session, order.id, lock=True)
    if order.status != order_rules.READY_FOR_SHIPPING:
        raise ShipfloorError(409, "order_not_ready", f"Order {order.number} is {order.status}.",
                             order_status=order.status)
    await change_status(session, order, order_rules.COMPLETED, ctx, kind="handed_over",
                        data={"shipment_id": shipment.id, "carrier": shipment.carrier,
                              "tracking_numbers": [shipment.tracking_number]})
    carrier_for(shipment.carrier).handed_over(shipment.tracking_number)
    shipment.status = "handed_over"
    shipment.handed_over_at = ctx.now
    await session.flush()
    return shipment


async def by_label(session: AsyncSession, code: str) -> int:
    """The id of the shipment whose tracking number is ``code`` (a scanned label). Raises 422
    ``unknown_label``."""
    shipment_id = await session.scalar(select(Shipment.id).where(Shipment.tracking_number == code.strip().upper()))
    if shipment_id is None:
        raise ShipfloorError(422, "unknown_label", "No parcel has this label.")
    return shipment_id
