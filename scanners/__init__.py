"""Read every code a warehouse scanner sends, and render the barcodes and labels Shipfloor prints.

A pure library: plain values in, plain values out; nothing here imports the server.

- `parse(raw, *, source="wedge", profile=None) -> Scan`: never raises (see `scanners.reading`).
- `make_code(kind, body)`, `label_code(kind, body)` (None where no code fits), `read_code(text)`, `verify_code(text, kind=None)`: Shipfloor's own
  codes with a check character (see `scanners.codes`).
- `scanners.barcodes`: Code 128, GS1-128 and EAN-13 as SVG/PNG bytes.
- `scanners.labels`: ZPL shipping, location and tote labels; the PDF sheet of location labels;
  `expand_range` for ranges such as ``A-01..A-10``. Imported on demand (it loads reportlab).
"""

from scanners.codes import label_code, make_code, read_code, verify_code
from scanners.reading import parse
from scanners.result import DeviceProfile, Element, Problem, Scan

__all__ = [
    "DeviceProfile",
    "Element",
    "Problem",
    "Scan",
    "label_code",
    "make_code",
    "parse",
    "read_code",
    "verify_code",
]
