"""Carriers behind one interface.

A carrier turns a parcel into a tracking number and a 4×6 in ZPL label, can void a label, and
is told about the hand-over. Integrations register under the ``carrier`` name of a shipping
method (``register``); a method whose carrier has no integration ships with the built-in
``manual`` carrier: Shipfloor issues the tracking number itself and prints the label with the
method's carrier name on it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Protocol

from scanners.labels import Address, shipping_label_zpl


@dataclass(frozen=True, slots=True)
class Parcel:
    """What a carrier needs: ``weight_grams`` in grams, addresses, the order number and the
    shipment id (unique, for own tracking numbers)."""

    shipment_id: int
    order_number: str
    ship_to: Address
    ship_from: Address
    weight_grams: int
    service: str | None = None


@dataclass(frozen=True, slots=True)
class Label:
    tracking_number: str
    zpl: str


class Carrier(Protocol):
    name: str

    def label(self, parcel: Parcel) -> Label:
        """Book the parcel; its tracking number and label."""

    def void(self, tracking_number: str) -> None:
        """Cancel a label that will not be used."""

    def handed_over(self, tracking_number: str) -> None:
        """The parcel left with the carrier."""


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


@dataclass(frozen=True, slots=True)
class ManualCarrier:
    """Shipfloor's own tracking numbers: ``SF`` + the shipment id in 10 digits + a Luhn check
    digit (``SF00000000425``)."""

    name: str = "manual"

    def tracking_number(self, shipment_id: int) -> str:
        body = f"{shipment_id:010d}"
        return f"SF{body}{_luhn_digit(body)}"

    def label(self, parcel: Parcel) -> Label:
        number = self.tracking_number(parcel.shipment_id)
        zpl = shipping_label_zpl(
            ship_to=parcel.ship_to, ship_from=parcel.ship_from, carrier=self.name.upper(),
            service=parcel.service, tracking_number=number, weight_g=parcel.weight_grams,
            order_number=parcel.order_number,
        )
        return Label(number, zpl)

    def void(self, tracking_number: str) -> None:
        return None

    def handed_over(self, tracking_number: str) -> None:
        return None


_REGISTRY: dict[str, Carrier] = {}


def register(carrier: Carrier) -> None:
    """Plug in a carrier integration under ``carrier.name``."""
    _REGISTRY[carrier.name] = carrier


def carrier_for(name: str | None) -> Carrier:
    """The integration for ``name``, else the manual carrier printing that name."""
    if name and name in _REGISTRY:
        return _REGISTRY[name]
    return ManualCarrier(name or "manual")


def ship_from() -> Address:
    """The sender address: ``SHIPFLOOR_SHIP_FROM`` (JSON with the keys of ``Address``) or a
    placeholder naming the warehouse."""
    raw = os.environ.get("SHIPFLOOR_SHIP_FROM")
    if raw:
        try:
            return Address(**json.loads(raw))
        except (ValueError, TypeError):
            pass
    return Address(name="Shipfloor warehouse", address1="Dock 1", postal_code="0000", city="Warehouse",
                   country="NL")
