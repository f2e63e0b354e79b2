"""Shipments: made when a packer closes a parcel, voided when their order is held or
cancelled, completed by the hand-over to the carrier."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import make_code
from scanners.labels import Address
from server.db.models import OrderLine, SalesOrder, Shipment, ShippingMethod
from server.domain.orders import rules as order_rules
from server.domain.orders.events import Context
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


async def current(session: AsyncSession, shipment_id: int) -> tuple[Shipment, SalesOrder]:
    """The shipment and its order; a label whose order was held or cancelled meanwhile is
    voided now (and the carrier told). Raises 404 ``shipment_not_found``."""
    shipment = await session.scalar(
        select(Shipment).where(Shipment.id == shipment_id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if shipment is None:
        raise NotFound("shipment", shipment_id)
    order = await load_order(session, shipment.order_id)
    if shipment.status == "labelled" and order.status in STOPPED:
        carrier_for(shipment.carrier).void(shipment.tracking_number)
        shipment.status = "void"
        shipment.voided_at = order.updated_at
        await session.flush()
    return shipment, order


def _refuse_void(shipment: Shipment, order: SalesOrder) -> None:
    if shipment.status == "void":
        raise ShipfloorError(409, "label_void",
                             f"The label of shipment {shipment.id} is void: order {order.number} is "
                             f"{order.status}.", order_status=order.status)


async def label_zpl(session: AsyncSession, shipment_id: int) -> str:
    """The 4×6 in label (ZPL II). Raises 404, 409 ``label_void``."""
    shipment, order = await current(session, shipment_id)
    _refuse_void(shipment, order)
    return shipment.label_zpl


async def label_document(session: AsyncSession, shipment_id: int) -> bytes:
    """The label as a 4×6 in PDF. Raises 404, 409 ``label_void``."""
    shipment, order = await current(session, shipment_id)
    _refuse_void(shipment, order)
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
    _refuse_void(shipment, order)
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
