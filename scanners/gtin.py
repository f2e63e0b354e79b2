"""GTIN and SSCC check digits (GS1 General Specifications 7.9.1, "Standard check digit
calculations for GS1 data structures")."""

from __future__ import annotations

from scanners.result import Problem

GTIN_LENGTHS = (8, 12, 13, 14)
SSCC_LENGTH = 18


def check_digit(payload: str) -> int:
    """Mod-10 check digit of an all-digit `payload` (the data without its check digit).

    Weights 3 and 1 alternate from the right-most payload digit (GenSpec 7.9.1).
    Raises ValueError when `payload` holds anything but ASCII digits.
    """
    if not payload.isascii() or not payload.isdigit():
        raise ValueError(f"not digits: {payload!r}")
    total = 0
    for i, ch in enumerate(reversed(payload)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_digits(text: str) -> bool:
    """True when `text` is one or more ASCII digits (``str.isdigit`` alone accepts ``'²'``)."""
    return text.isascii() and text.isdigit()


def read_gtin(digits: str) -> tuple[str | None, Problem | None]:
    """Validate a GTIN-8/12/13/14 given as digits; return ``(gtin14, None)`` or ``(None, error)``.

    GTIN-14 is the GTIN left-padded with zeros to 14 digits (GenSpec 3.3.2), so a UPC-A read as
    12 digits and as 13 digits with a leading zero give the same GTIN-14. A wrong check digit
    is an error, never corrected.
    """
    if not is_digits(digits):
        return None, Problem("not_gtin", "A GTIN holds only digits.")
    if len(digits) not in GTIN_LENGTHS:
        hint = ""
        if len(digits) == 11:
            hint = " A UPC-A may have lost its leading zero on the way;"
        return None, Problem(
            "gtin_length",
            f"{len(digits)} digits is no GTIN length (8, 12, 13 or 14).{hint} scan again.",
        )
    expected = check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        return None, Problem(
            "check_digit",
            f"Wrong check digit in {digits}: expected {expected}, got {digits[-1]}; "
            "scan again or type the code.",
        )
    return digits.zfill(14), None


def read_sscc(digits: str) -> tuple[str | None, Problem | None]:
    """Validate an 18-digit SSCC (GenSpec 2.2.1, check digit 7.9.1)."""
    if not is_digits(digits) or len(digits) != SSCC_LENGTH:
        return None, Problem("sscc_length", "An SSCC has exactly 18 digits.")
    expected = check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        return None, Problem(
            "check_digit",
            f"Wrong check digit in SSCC {digits}: expected {expected}, got {digits[-1]}.",
        )
    return digits, None
