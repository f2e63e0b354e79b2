"""ZPL II for Zebra thermal printers: 4×6 in shipping labels, location and tote labels.

Barcodes are written as ``^BC`` fields whose data spells every Code 128 symbol character with
ZPL invocation codes (``>;`` start C, ``>:`` start B, ``>5``/``>6``/``>7`` code C/B/A, ``>8``
FNC1), from the same encoder that draws the SVG, PNG and PDF barcodes, so the printer makes
exactly the symbol the tests decode. Text goes through ``^FH`` hex escapes so that no
character of an address can end a field or start a command.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from scanners import barcodes, codes

DPI = 203
_DOTS_PER_MM = DPI / 25.4


class Address(msgspec.Struct, frozen=True, kw_only=True):
    """A postal address as plain values; `country` is ISO 3166-1 alpha-2 (``"NL"``)."""

    name: str
    address1: str
    postal_code: str
    city: str
    country: str
    company: str | None = None
    address2: str | None = None
    state: str | None = None
    phone: str | None = None

    def lines(self) -> list[str]:
        """Address lines in print order (company, street lines, postcode and city, country)."""
        out = [self.name]
        if self.company:
            out.append(self.company)
        out.append(self.address1)
        if self.address2:
            out.append(self.address2)
        city = f"{self.postal_code} {self.city}".lstrip(" ")
        if self.state:
            city = f"{city} {self.state}"
        out.append(city)
        out.append(self.country.upper())
        return out


def _address(value: Address | Mapping[str, Any]) -> Address:
    if isinstance(value, Address):
        return value
    return msgspec.convert(dict(value), Address)


def field_text(text: str) -> str:
    """`text` ready for ``^FH^FD``: ``_``, ``^``, ``~`` and control characters as ``_XX`` hex.

    Non-ASCII characters stay as they are; labels select UTF-8 with ``^CI28``.
    """
    out = []
    for ch in text:
        if ch in "_^~\\" or ord(ch) < 32 or ord(ch) == 127:
            out.append("".join(f"_{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def code128_field(data: str, *, gs1_data: bool = False) -> str:
    """``^BC`` field data for `data`, each symbol character spelled with invocation codes.

    `gs1_data`: element strings with GS for FNC1 (see `barcodes.gs1_128_data`); the field
    starts ``>;>8`` or ``>:>8``. Raises ValueError on characters Code 128 subset B/C lacks.
    """
    values = barcodes.code128_symbol(data, gs1_data=gs1_data)[:-1]  # the printer adds the check
    starts = {103: (">9", "A"), 104: (">:", "B"), 105: (">;", "C")}
    prefix, subset = starts[values[0]]
    out = [prefix]
    for v in values[1:]:
        if v == 102:
            out.append(">8")
        elif subset == "C" and v < 100:
            out.append(f"{v:02d}")
        elif v == 99:
            out.append(">5")
            subset = "C"
        elif v == 100:
            out.append(">6")
            if subset != "B":
                subset = "B"
            else:
                raise ValueError("FNC4 (extended ASCII) is not used in Shipfloor barcodes")
        elif v == 101:
            out.append(">7")
            if subset != "A":
                subset = "A"
            else:
                raise ValueError("FNC4 (extended ASCII) is not used in Shipfloor barcodes")
        elif v < 64 or (subset == "B" and v < 95):
            ch = chr(v + 32)
            out.append({">": "><", "~": ">=", "^": "_5E", "_": "_5F", "\\": "_5C"}.get(ch, ch))
        else:
            raise ValueError(f"symbol value {v} in subset {subset} has no place on a label")
    return "".join(out)


def _barcode(x: int, y: int, data: str, *, height: int, module: int, gs1_data: bool = False) -> str:
    field = code128_field(data, gs1_data=gs1_data)
    return f"^FO{x},{y}^BY{module}^BCN,{height},N,N,N,N^FH^FD{field}^FS"


def _text(
    x: int, y: int, text: str, *, size: int, width: int | None = None, bold: bool = False
) -> str:
    block = f"^FB{width},1,0,L,0" if width else ""
    font = f"^A0N,{size},{int(size * (1.0 if bold else 0.9))}"
    return f"^FO{x},{y}{font}{block}^FH^FD{field_text(text)}^FS"


def _module(data: str, width_dots: int, widest: int) -> int:
    """Widest module (dots) up to `widest` that fits `data` and its quiet zones in the width."""
    modules = len(barcodes.code128_modules(data)) + 20
    fit = width_dots // modules
    if fit < 1:
        raise ValueError(f"{data!r} is too long for a barcode {width_dots} dots wide")
    return min(widest, fit)


def _start(width_dots: int, length_dots: int) -> list[str]:
    return ["^XA", "^CI28", f"^PW{width_dots}", f"^LL{length_dots}", "^LH0,0"]


def _kg(weight_g: int) -> str:
    return f"{weight_g // 1000}.{weight_g % 1000:03d} kg"


def shipping_label_zpl(
    *,
    ship_to: Address | Mapping[str, Any],
    ship_from: Address | Mapping[str, Any],
    carrier: str,
    tracking_number: str,
    weight_g: int,
    order_number: str,
    service: str | None = None,
    sscc: str | None = None,
) -> str:
    """A 4×6 in (812×1218 dots at 203 dpi) shipping label in ZPL II.

    Args:
        ship_to, ship_from: `Address` or a mapping with its keys.
        carrier, service: carrier and service names as printed.
        tracking_number: printed as Code 128 (ISO/IEC 15417), printable ASCII.
        weight_g: parcel weight in grams (int >= 0), printed in kg.
        order_number: printed as text and as the Shipfloor order code (`codes.make_code`).
        sscc: optional 18-digit SSCC, printed as GS1-128 ``(00)`` (GenSpec 5.4, 2.2.1).

    Raises:
        ValueError: bad weight, tracking number outside printable ASCII, order number that is
            no valid code body, or an SSCC with a wrong check digit.
        msgspec.ValidationError: an address mapping without a required key.
    """
    if not isinstance(weight_g, int) or isinstance(weight_g, bool) or weight_g < 0:
        raise ValueError(f"weight_g must be a whole number of grams >= 0, got {weight_g!r}")
    to, sender = _address(ship_to), _address(ship_from)
    order_code = codes.make_code("order", order_number)
    width = 812
    out = _start(width, 1218)
    out.append(_text(30, 30, "FROM", size=22, bold=True))
    for i, line in enumerate(sender.lines()):
        out.append(_text(30, 60 + i * 26, line, size=24, width=750))
    out.append("^FO20,250^GB772,3,3^FS")
    out.append(_text(30, 270, "SHIP TO", size=26, bold=True))
    for i, line in enumerate(to.lines()):
        out.append(_text(30, 310 + i * 46, line, size=44, bold=i == 0, width=750))
    out.append("^FO20,600^GB772,3,3^FS")
    carrier_line = f"{carrier} {service}" if service else carrier
    out.append(_text(30, 625, carrier_line, size=40, bold=True, width=500))
    out.append(_text(560, 625, _kg(weight_g), size=40, width=230))
    out.append(
        _barcode(60, 690, tracking_number, height=180, module=_module(tracking_number, 752, 3))
    )
    out.append(_text(60, 880, tracking_number, size=30, width=700))
    out.append("^FO20,925^GB772,3,3^FS")
    if sscc is not None:
        hri = f"(00){sscc}"
        out.append(
            _barcode(60, 945, barcodes.gs1_128_data(hri), height=110, module=2, gs1_data=True)
        )
        out.append(_text(60, 1060, f"(00) {sscc}", size=26))
    out.append(_text(30, 1110, f"Order {order_number}", size=30, width=380))
    out.append(_barcode(420, 1100, order_code, height=70, module=_module(order_code, 372, 2)))
    out.append("^XZ")
    return "\n".join(out) + "\n"


def code_label_zpl(kind: str, body: str, *, title: str | None = None) -> str:
    """A 4×2 in (812×406 dots) label for a Shipfloor code: big text, Code 128 of the code.

    `kind`/`body` as `codes.make_code` (raises its ValueError); `title` is a small line above.
    """
    code = codes.make_code(kind, body)
    modules = len(barcodes.code128_modules(code))
    # Widest module that leaves the 10-module quiet zones (ISO/IEC 15417 4.3.5) on the label.
    module = max(2, min(4, 772 // (modules + 20)))
    x = max(20, (812 - module * modules) // 2)
    out = _start(812, 406)
    out.append(_text(30, 20, title or kind.upper(), size=28, bold=True))
    out.append(_text(30, 55, body.upper(), size=90, bold=True, width=752))
    out.append(_barcode(x, 165, code, height=170, module=module))
    out.append(_text(30, 350, code, size=26, width=752))
    out.append("^XZ")
    return "\n".join(out) + "\n"


def location_label_zpl(code: str, *, title: str | None = None) -> str:
    """`code_label_zpl` for a location code (``"A-04-03-2"``)."""
    return code_label_zpl("location", code, title=title or "LOCATION")


def tote_label_zpl(code: str, *, title: str | None = None) -> str:
    """`code_label_zpl` for a tote code (``"T017"``)."""
    return code_label_zpl("tote", code, title=title or "TOTE")
