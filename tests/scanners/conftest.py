"""Fixtures for the scanners tests: vector loading, the vector checker, and barcode decoding."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from scanners import Scan

DATA = Path(__file__).parent / "data"
FIELDS = ("gtin14", "lot", "expiry", "serial", "count", "sscc")
EXTRA_FIELDS = ("contained_gtin14", "weight_kg", "symbology_identifier")


def load_vectors(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["vectors"]


def _value(scan: Scan, field: str) -> Any:
    value = getattr(scan, field)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields_untrusted(scan: Scan) -> None:
    for field in (*FIELDS, "contained_gtin14", "weight_kg", "code"):
        assert getattr(scan, field) is None, f"{field} must not be given on a rejected scan"
    assert scan.kind == "unknown"


def check_vector(vector: dict[str, Any], scan: Scan) -> None:
    """Apply the `must` rule of a vector (see the _comment of data/scans.json)."""
    expected = vector["expected"]
    must = vector["must"]
    assert isinstance(scan, Scan)
    if must == "reject":
        assert scan.errors, "a rejected scan carries errors"
        _fields_untrusted(scan)
        for problem in scan.errors:
            assert problem.code and problem.message
        return
    if must == "not_gtin":
        assert scan.kind not in ("gtin", "gs1", "sscc")
        assert scan.gtin14 is None and scan.sscc is None
        return
    if must == "flag_or_reject":
        naive = {k.removeprefix("naive_"): v for k, v in expected.items() if k.startswith("naive_")}
        for field, value in naive.items():
            assert _value(scan, field) != value, f"the suspect {field} came back as if sound"
        if scan.errors:
            _fields_untrusted(scan)
            return
        assert scan.warnings, "a suspect scan must carry a warning"
        must = "flag"
    if must == "flag":
        assert not scan.errors
        assert scan.warnings
    if must == "accept":
        assert not scan.errors, [p.message for p in scan.errors]
    kind = expected["kind"]
    assert scan.kind == kind, (scan.kind, [p.message for p in scan.errors + scan.warnings])
    for field in FIELDS:
        if field in expected and must in ("accept", "flag"):
            if expected[field] is None and vector["must"] == "flag_or_reject":
                assert _value(scan, field) is None
            else:
                assert _value(scan, field) == expected[field], field
    for field in EXTRA_FIELDS:
        if field in expected:
            assert _value(scan, field) == expected[field], field
    if "warning" in expected:
        assert any(expected["warning"] in p.message for p in scan.warnings), scan.warnings


def _gray(image: Any) -> Any:
    return image.convert("L")


def decode_image(image: Any, *, hri: bool = False) -> list[tuple[str, str]]:
    """Decode every barcode in a PIL image with zxing-cpp: (symbology identifier, text)."""
    import zxingcpp

    mode = zxingcpp.TextMode.HRI if hri else zxingcpp.TextMode.Plain
    return [
        (r.symbology_identifier, r.text)
        for r in zxingcpp.read_barcodes(_gray(image), text_mode=mode)
    ]


def decode_png(png: bytes, *, hri: bool = False) -> list[tuple[str, str]]:
    from PIL import Image

    return decode_image(Image.open(io.BytesIO(png)), hri=hri)


_RECT = re.compile(
    r'<rect x="(?P<x>[\d.]+)mm" y="(?P<y>[\d.]+)mm" width="(?P<w>[\d.]+)mm" '
    r'height="(?P<h>[\d.]+)mm" style="fill:black;"'
)


def rasterize_svg(svg: bytes, *, px_per_mm: int = 12) -> Any:
    """Draw the black rectangles of a python-barcode SVG onto a white PIL image.

    Only what the barcode consists of is drawn (no text), which is all a reader needs.
    """
    from PIL import Image, ImageDraw

    text = svg.decode("utf-8")
    size = re.search(r'width="([\d.]+)mm" height="([\d.]+)mm"', text)
    assert size, "SVG without a size in mm"
    width, height = (int(float(v) * px_per_mm) + 1 for v in size.groups())
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    found = 0
    for m in _RECT.finditer(text):
        x, y, w, h = (float(m[k]) * px_per_mm for k in ("x", "y", "w", "h"))
        draw.rectangle([round(x), round(y), round(x + w) - 1, round(y + h) - 1], fill=0)
        found += 1
    assert found, "no bars in the SVG"
    return image


def modules_image(modules: str, *, px: int = 3, height: int = 120, quiet: int = 12) -> Any:
    """A PIL image of a module string (``1`` bar, ``0`` space) with quiet zones."""
    from PIL import Image, ImageDraw

    width = (len(modules) + 2 * quiet) * px
    image = Image.new("L", (width, height + 20), 255)
    draw = ImageDraw.Draw(image)
    for i, bit in enumerate(modules):
        if bit == "1":
            x = (quiet + i) * px
            draw.rectangle([x, 10, x + px - 1, 10 + height], fill=0)
    return image


@pytest.fixture(scope="session")
def bc() -> SimpleNamespace:
    """The helpers above, for test modules (conftest modules are not imported by name)."""
    return SimpleNamespace(
        check=check_vector,
        decode_png=decode_png,
        decode_image=decode_image,
        rasterize_svg=rasterize_svg,
        modules_image=modules_image,
    )
