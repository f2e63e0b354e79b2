"""Read every code a warehouse scanner sends, and render the barcodes and labels Shipfloor prints.

A pure library: plain values in, plain values out; nothing here imports the server.
"""

from scanners.codes import make_code, read_code, verify_code
from scanners.parse import parse
from scanners.result import DeviceProfile, Element, Problem, Scan

__all__ = [
    "DeviceProfile",
    "Element",
    "Problem",
    "Scan",
    "make_code",
    "parse",
    "read_code",
    "verify_code",
]
