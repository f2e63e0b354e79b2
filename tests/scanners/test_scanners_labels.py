"""ZPL templates, the location sheet, and location ranges."""

from __future__ import annotations

import msgspec
import pytest

from scanners import labels
from scanners.labels import zpl

KNOWN = [
    f"A-{a:02d}-{b:02d}-{lvl}" for a in range(1, 13) for b in range(1, 4) for lvl in (1, 2)
] + [
    "B-01-01-1",
    "B-02-01-1",
]


def test_range_of_aisles_takes_every_location_in_them():
    codes = labels.expand_range("A-01..A-10", KNOWN)
    assert len(codes) == 10 * 3 * 2
    assert codes[0] == "A-01-01-1" and codes[-1] == "A-10-03-2"
    assert "A-11-01-1" not in codes


def test_range_orders_numbers_naturally():
    known = ["A-9", "A-10", "A-2", "A-1"]
    assert labels.expand_range("A-2..A-10", known) == ["A-2", "A-9", "A-10"]


def test_single_codes_prefixes_and_lists():
    assert labels.expand_range("A-04-03-2", KNOWN) == ["A-04-03-2"]
    assert len(labels.expand_range("B", KNOWN)) == 2
    assert labels.expand_range("A-01-01-1, B-02-01-1,A-01-01-1", KNOWN) == [
        "A-01-01-1",
        "B-02-01-1",
    ]
    assert labels.expand_range("a-1-1-1..a-1-1-2", KNOWN) == ["A-01-01-1", "A-01-01-2"]


@pytest.mark.parametrize("spec", ["A-10..A-01", "C-01..C-09", "", "A-01..", "A-01,,A-02"])
def test_bad_ranges_are_refused(spec):
    with pytest.raises(ValueError):
        labels.expand_range(spec, KNOWN)


def test_location_label_zpl_shape():
    label = labels.location_label_zpl("A-04-03-2")
    assert label.startswith("^XA\n^CI28\n^PW812\n^LL406\n")
    assert label.endswith("^XZ\n")
    assert "^FDA-04-03-2^FS" in label
    assert "^BCN,170,N,N,N,N^FH^FD>:LOC-A-04-03-2-O^FS" in label


def test_tote_label_zpl_uses_the_tote_code():
    assert ">:TOT-T017-1" in labels.tote_label_zpl("T017")


def test_shipping_label_is_4x6_inches_at_203_dpi_and_escapes_text():
    label = labels.shipping_label_zpl(
        ship_to={
            "name": "Zoë ^Evil~",
            "address1": "Main st_1",
            "postal_code": "10001",
            "city": "New York",
            "state": "NY",
            "country": "us",
        },
        ship_from=labels.Address(
            name="Shop", address1="Dock 2", postal_code="3011", city="Rotterdam", country="NL"
        ),
        carrier="UPS",
        tracking_number="1Z999AA10123456784",
        weight_g=20,
        order_number="1042",
    )
    assert "^PW812\n^LL1218\n" in label  # 4 in x 203 dpi, 6 in x 203 dpi
    assert "^FDZoë _5EEvil_7E^FS" in label  # no caret or tilde can start a command
    assert "Main st_5F1" in label
    assert "10001 New York NY" in label and "^FDUS^FS" in label
    assert "0.020 kg" in label
    assert "(00)" not in label  # no SSCC given, none printed
    assert label.count("^XA") == 1 and label.count("^XZ") == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"weight_g": -1},
        {"weight_g": 1.5},
        {"weight_g": True},
        {"order_number": "10 42"},
        {"sscc": "387123456700000018"},
        {"tracking_number": "ÄBC"},
    ],
)
def test_shipping_label_refuses_bad_values(bad):
    args = {
        "ship_to": {"name": "A", "address1": "B", "postal_code": "1", "city": "C", "country": "NL"},
        "ship_from": {
            "name": "A",
            "address1": "B",
            "postal_code": "1",
            "city": "C",
            "country": "NL",
        },
        "carrier": "X",
        "tracking_number": "T1",
        "weight_g": 100,
        "order_number": "1",
    }
    args.update(bad)
    with pytest.raises(ValueError):
        labels.shipping_label_zpl(**args)


def test_shipping_label_address_needs_its_keys():
    with pytest.raises(msgspec.ValidationError):
        labels.shipping_label_zpl(
            ship_to={"name": "A"},
            ship_from={"name": "A"},
            carrier="X",
            tracking_number="T1",
            weight_g=1,
            order_number="1",
        )


def test_field_text_escapes_controls():
    assert zpl.field_text("a\nb") == "a_0Ab"


def test_location_sheet_refuses_empty_and_bad_codes():
    with pytest.raises(ValueError):
        labels.location_sheet_pdf([])
    with pytest.raises(ValueError):
        labels.location_sheet_pdf(["A 1"])
    with pytest.raises(ValueError, match="too long"):
        labels.location_sheet_pdf(["A" * 40])


def test_location_sheet_is_a_pdf():
    pdf = labels.location_sheet_pdf(["A-01-01-1"])
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf == labels.location_sheet_pdf(["A-01-01-1"])  # same input, same bytes
