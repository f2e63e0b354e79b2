"""Every barcode and label we render, decoded by zxing-cpp and read back by scanners.parse."""

from __future__ import annotations

import re

import pytest
from barcode.charsets import code128 as table

import scanners
from scanners import barcodes, labels

zxingcpp = pytest.importorskip("zxingcpp")

CODES = [
    ("location", "A-04-03-2"),
    ("location", "B-12-01-C"),
    ("tote", "T017"),
    ("order", "1042-BO1"),
    ("batch", "20261129-3"),
    ("badge", "U0042"),
]
GTINS = [
    ("8712345670054", "08712345670054"),
    ("6291041500213", "06291041500213"),
    ("036000291452", "00036000291452"),
    ("00036000291452", "00036000291452"),
]
GS1 = [
    "(01)08712345670115(17)280531(10)LT2510-A",
    "(01)08712345670115(10)LT2510-A(17)280531",
    "(00)387123456700000017(02)08712345670115(37)48(10)LT2510-A",
    "(01)09521234543213(3103)000123(10)ABC123(21)S1",
    "(00)106141411234567897",
]


def _one(decoded):
    assert len(decoded) == 1, decoded
    return decoded[0]


def _fields(scan):
    return (
        scan.kind,
        scan.gtin14,
        scan.sscc,
        scan.lot,
        scan.serial,
        scan.expiry,
        scan.count,
        scan.contained_gtin14,
        scan.weight_kg,
        scan.elements,
    )


@pytest.mark.parametrize(("kind", "body"), CODES)
def test_code128_png_and_svg(kind, body, bc):
    code = scanners.make_code(kind, body)
    for image in (
        bc.decode_png(barcodes.code128_png(code)),
        bc.decode_image(bc.rasterize_svg(barcodes.code128_svg(code))),
    ):
        symid, text = _one(image)
        assert (symid, text) == ("]C0", code)
        scan = scanners.parse(symid + text)
        assert (scan.kind, scan.code, scan.errors) == (kind, body, [])


@pytest.mark.parametrize(("given", "gtin14"), GTINS)
def test_ean13_png_and_svg(given, gtin14, bc):
    for decoded in (
        bc.decode_png(barcodes.ean13_png(given)),
        bc.decode_image(bc.rasterize_svg(barcodes.ean13_svg(given))),
    ):
        symid, text = _one(decoded)
        assert symid == "]E0"
        scan = scanners.parse(symid + text)
        assert (scan.kind, scan.gtin14) == ("gtin", gtin14)


def test_ean13_refuses_a_wrong_check_digit():
    with pytest.raises(ValueError, match="check digit"):
        barcodes.ean13_png("8712345670117")
    with pytest.raises(ValueError):
        barcodes.ean13_svg("871234567011")


@pytest.mark.parametrize("hri", GS1)
@pytest.mark.parametrize("hri_mode", [False, True], ids=["plain", "hri"])
def test_gs1_128_png_and_svg(hri, hri_mode, bc):
    expected = scanners.parse(hri)
    assert expected.ok and not expected.warnings
    for decoded in (
        bc.decode_png(barcodes.gs1_128_png(hri), hri=hri_mode),
        bc.decode_image(bc.rasterize_svg(barcodes.gs1_128_svg(hri)), hri=hri_mode),
    ):
        symid, text = _one(decoded)
        assert symid == "]C1"
        scan = scanners.parse(symid + text)
        assert scan.ok and not scan.warnings, scan.warnings
        assert _fields(scan) == _fields(expected)


def test_gs1_128_has_real_fnc1_after_variable_fields():
    values = barcodes.code128_symbol(barcodes.gs1_128_data("(10)AB(17)280531"), gs1_data=True)
    assert values[1] == 102  # FNC1 in first position marks GS1-128 (GenSpec 5.4.3.2)
    assert values.count(102) == 2  # and again after the variable-length (10)


@pytest.mark.parametrize("hri", ["(01)08712345670116", "(17)281315", "(89)X", "(01)0871"])
def test_gs1_128_refuses_bad_data(hri):
    with pytest.raises(ValueError):
        barcodes.gs1_128_png(hri)


# ZPL: the ^BC field data is spelled back into Code 128 symbol values by the rules of the
# ZPL II manual (invocation codes), drawn with the ISO/IEC 15417 bar table, and decoded.

_BC_FIELD = re.compile(r"\^BC[^^]*\^FH\^FD(.*?)\^FS")
_STARTS = {">9": (103, "A"), ">:": (104, "B"), ">;": (105, "C")}


def _zpl_modules(field: str) -> str:
    text = re.sub(r"_([0-9A-F]{2})", lambda m: chr(int(m[1], 16)), field)
    value, subset = _STARTS[text[:2]]
    values = [value]
    i = 2
    while i < len(text):
        if text[i] == ">":
            inv = text[i : i + 2]
            i += 2
            if inv == "><":
                values.append(ord(">") - 32)
            elif inv == ">=":
                values.append(ord("~") - 32)
            elif inv == ">8":
                values.append(102)
            else:
                v = {">5": 99, ">6": 100, ">7": 101}[inv]
                values.append(v)
                subset = {99: "C", 100: "B", 101: "A"}[v]
        elif subset == "C":
            values.append(int(text[i : i + 2]))
            i += 2
        else:
            values.append(ord(text[i]) - 32)
            i += 1
    values.append((values[0] + sum(n * v for n, v in enumerate(values[1:], start=1))) % 103)
    return "".join(table.CODES[v] for v in values) + table.STOP + "11"


def _zpl_scans(label: str, bc) -> list[scanners.Scan]:
    fields = _BC_FIELD.findall(label)
    assert fields
    scans = []
    for field in fields:
        symid, text = _one(bc.decode_image(bc.modules_image(_zpl_modules(field))))
        scans.append(scanners.parse(symid + text))
    return scans


@pytest.mark.parametrize(("kind", "body"), [c for c in CODES if c[0] in ("location", "tote")])
def test_location_and_tote_zpl(kind, body, bc):
    label = labels.code_label_zpl(kind, body)
    (scan,) = _zpl_scans(label, bc)
    assert (scan.kind, scan.code) == (kind, body)


ADDRESS_TO = {
    "name": "Jan de Vries",
    "address1": "Kerkstraat 1^A",
    "postal_code": "1011 AB",
    "city": "Amsterdam",
    "country": "nl",
}
ADDRESS_FROM = {
    "name": "Shop B.V.",
    "address1": "Dock 2",
    "postal_code": "3011 AA",
    "city": "Rotterdam",
    "country": "NL",
}


@pytest.mark.parametrize(
    "tracking", ["3SABCD1234567", "1Z999AA10123456784", "JJD0001234567890123", "A>B~C_D^E"]
)
def test_shipping_label_zpl(tracking, bc):
    label = labels.shipping_label_zpl(
        ship_to=ADDRESS_TO,
        ship_from=ADDRESS_FROM,
        carrier="PostNL",
        service="Standard",
        tracking_number=tracking,
        weight_g=1250,
        order_number="1042-BO1",
        sscc="387123456700000017",
    )
    tracking_scan, sscc_scan, order_scan = _zpl_scans(label, bc)
    assert tracking_scan.normalized == tracking and tracking_scan.symbology_identifier == "]C0"
    assert (sscc_scan.kind, sscc_scan.sscc, sscc_scan.symbology_identifier) == (
        "sscc",
        "387123456700000017",
        "]C1",
    )
    assert (order_scan.kind, order_scan.code) == ("order", "1042-BO1")


def test_location_sheet_pdf_decodes(bc):
    pdfium = pytest.importorskip("pypdfium2")
    known = [
        f"A-{a:02d}-{b:02d}-{lvl}" for a in range(1, 13) for b in range(1, 3) for lvl in (1, 2)
    ]
    codes = labels.expand_range("A-01..A-07", known)
    assert len(codes) == 28  # 7 aisles x 2 bays x 2 levels: two pages
    pdf = labels.location_sheet_pdf(codes)
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 2
    seen = []
    for page in doc:
        for symid, text in bc.decode_image(page.render(scale=300 / 72).to_pil()):
            scan = scanners.parse(symid + text)
            assert scan.kind == "location", scan.errors
            seen.append(scan.code)
    assert sorted(seen) == sorted(codes)
