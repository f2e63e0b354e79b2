"""Render barcodes as SVG and PNG: Code 128 (ISO/IEC 15417), GS1-128 (GS1 GenSpec 5.4) and
EAN-13 (ISO/IEC 15420, GenSpec 5.2), through python-barcode.

Every input is validated here before python-barcode sees it, because python-barcode silently
replaces a wrong EAN check digit with the right one and would print a code that scans as a
different product.
"""

from __future__ import annotations

import io

from barcode.codex import Code128, Gs1_128
from barcode.ean import EAN13
from barcode.writer import ImageWriter, SVGWriter

from scanners import gs1, gtin

FNC1 = "\xf1"  # python-barcode's stand-in for the FNC1 symbol character (value 102)

#: Defaults sized for a 203 dpi thermal printer and a handheld at arm's length: a 0.375 mm
#: module is 3 dots at 203 dpi; GenSpec 5.12.3 table 1 allows 0.250-0.495 mm for GS1-128
#: in general logistics.
DEFAULT_OPTIONS: dict[str, object] = {
    "module_width": 0.375,
    "module_height": 15.0,
    "quiet_zone": 6.5,
    "font_size": 10,
    "text_distance": 4.0,
}

_CODE128_CHARS = frozenset(chr(c) for c in range(32, 127))


def _check_code128(data: str) -> None:
    if not data:
        raise ValueError("Code 128 data is empty")
    bad = sorted({ch for ch in data if ch not in _CODE128_CHARS})
    if bad:
        raise ValueError(f"Code 128 data holds characters outside printable ASCII: {bad!r}")


def gs1_128_data(hri: str) -> str:
    """Element strings for `hri` (``"(01)08712345670115(10)LT2510-A"``) with FNC1 as GS.

    GS follows each variable-length element string but the last (GenSpec 7.8.5). Raises
    ValueError when `hri` holds an unknown AI, a bad value or a wrong check digit.
    """
    read = gs1.read_hri(hri)
    if read.errors or read.warnings or not read.elements:
        problems = [p.message for p in read.errors + read.warnings] or ["no element strings"]
        raise ValueError(f"invalid GS1 data {hri!r}: {'; '.join(problems)}")
    parts: list[str] = []
    for i, es in enumerate(read.elements):
        parts.append(es.ai.ai + es.value)
        if es.ai.separator_required and i < len(read.elements) - 1:
            parts.append(gs1.GS)
    return "".join(parts)


def code128_symbol(data: str, *, gs1_data: bool = False) -> list[int]:
    """Code 128 symbol character values: start, data, check (mod 103), without the stop.

    `data` is printable ASCII; with `gs1_data`, it is element strings with GS for FNC1 (as
    from `gs1_128_data`) and the symbol starts with FNC1 (ISO/IEC 15417 4.3.4, GenSpec 5.4.3).
    """
    if gs1_data:
        symbol = _gs1_symbol(data)
    else:
        _check_code128(data)
        symbol = Code128(data)
    values = list(symbol.encoded)
    values.append((values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103)
    return values


def code128_modules(data: str, *, gs1_data: bool = False) -> str:
    """The bars and spaces as a string of ``1`` (bar) and ``0`` (space) modules, stop included."""
    if gs1_data:
        return _gs1_symbol(data).build()[0]
    _check_code128(data)
    return Code128(data).build()[0]


def _gs1_symbol(data: str) -> Gs1_128:
    _check_code128(data.replace(gs1.GS, " "))
    return Gs1_128(data.replace(gs1.GS, FNC1))


def _write(symbol: object, options: dict[str, object] | None) -> bytes:
    merged = dict(DEFAULT_OPTIONS)
    merged.update(options or {})
    out = io.BytesIO()
    symbol.write(out, options=merged)  # type: ignore[attr-defined]
    return out.getvalue()


def _png_writer() -> ImageWriter:
    return ImageWriter(format="PNG")


def code128_svg(data: str, *, options: dict[str, object] | None = None) -> bytes:
    """Code 128 of printable ASCII `data` as an SVG document (UTF-8 bytes).

    `options` are python-barcode writer options (`module_width` and `quiet_zone` in mm,
    `write_text`...). Raises ValueError on empty data or a character outside ASCII 32-126.
    """
    _check_code128(data)
    return _write(Code128(data, writer=SVGWriter()), options)


def code128_png(data: str, *, dpi: int = 300, options: dict[str, object] | None = None) -> bytes:
    """Code 128 of `data` as PNG bytes at `dpi` dots per inch; errors as `code128_svg`."""
    _check_code128(data)
    return _write(Code128(data, writer=_png_writer()), {"dpi": dpi, **(options or {})})


def gs1_128_svg(hri: str, *, options: dict[str, object] | None = None) -> bytes:
    """GS1-128 with real FNC1 characters for `hri` such as ``"(00)387123456700000017"``.

    The human-readable line shows the HRI with parentheses (GenSpec 4.15). Raises
    ValueError on data `gs1_128_data` refuses.
    """
    data = gs1_128_data(hri)
    symbol = Gs1_128(data.replace(gs1.GS, FNC1), writer=SVGWriter())
    return _write_hri(symbol, hri_text(hri), options)


def gs1_128_png(hri: str, *, dpi: int = 300, options: dict[str, object] | None = None) -> bytes:
    """GS1-128 for `hri` as PNG bytes; errors as `gs1_128_svg`."""
    data = gs1_128_data(hri)
    symbol = Gs1_128(data.replace(gs1.GS, FNC1), writer=_png_writer())
    return _write_hri(symbol, hri_text(hri), {"dpi": dpi, **(options or {})})


def hri_text(hri: str) -> str:
    """The canonical HRI of `hri` (re-rendered from the parsed element strings)."""
    read = gs1.read_hri(hri)
    return "".join(es.as_hri() for es in read.elements)


def _write_hri(symbol: Gs1_128, text: str, options: dict[str, object] | None) -> bytes:
    merged = dict(DEFAULT_OPTIONS)
    merged.update(options or {})
    out = io.BytesIO()
    symbol.write(out, options=merged, text=text)
    return out.getvalue()


def _ean13_digits(code: str) -> str:
    digits = code
    if len(digits) == 14 and digits.startswith("0"):
        digits = digits[1:]
    elif len(digits) == 12:
        digits = "0" + digits  # UPC-A is EAN-13 with a leading zero (GenSpec 5.2.1.2)
    if len(digits) != 13:
        raise ValueError(
            f"EAN-13 needs 13 digits (or a UPC-A / GTIN-14 with leading 0), got {code!r}"
        )
    _, problem = gtin.read_gtin(digits)
    if problem:
        raise ValueError(problem.message)
    return digits


def ean13_svg(code: str, *, options: dict[str, object] | None = None) -> bytes:
    """EAN-13 of a GTIN-13 (a UPC-A or a GTIN-14 starting with 0 also fits) as SVG bytes.

    Raises ValueError on a wrong length or a wrong check digit (never corrected).
    """
    digits = _ean13_digits(code)
    symbol = EAN13(digits, writer=SVGWriter(), no_checksum=True)
    return _write(symbol, {"module_width": 0.33, **(options or {})})


def ean13_png(code: str, *, dpi: int = 300, options: dict[str, object] | None = None) -> bytes:
    """EAN-13 as PNG bytes; errors as `ean13_svg`."""
    digits = _ean13_digits(code)
    symbol = EAN13(digits, writer=_png_writer(), no_checksum=True)
    return _write(symbol, {"module_width": 0.33, "dpi": dpi, **(options or {})})
