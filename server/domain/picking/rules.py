"""Picking rules, pure: reason codes of refused scans, how a location is said, stop grouping.

Refused scans answer with a problem body whose ``code`` is one of ``REASONS`` (stable: the
handheld maps each to a message and a sound) and whose ``next`` member is the instruction
that still stands. A refused scan changes nothing but the scan log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# reason code -> HTTP status of the problem
REASONS: dict[str, int] = {
    "unreadable": 422,         # the scanner text did not parse (``scan_errors`` lists why)
    "unknown_code": 422,       # parsed, but no product, location, tote or order has this code
    "unknown_location": 422,   # a location code that does not exist
    "unknown_product": 422,    # a product barcode that no product has
    "bare_location": 422,      # a bin's name without its label's prefix and check character
    "bare_tote": 422,          # a cart tote's name without its label's prefix and check character
    "wrong_location": 409,     # a real bin, but not the one of the current stop
    "wrong_product": 409,      # a real product, but not the one of the current stop
    "scan_location_first": 409,  # a product scanned before the bin was confirmed
    "too_many": 409,           # more units than the current tote still needs
    "stop_done": 409,          # the bin or product of a stop that is already complete
    "wrong_batch": 409,        # a code of another batch (its batch, tote or order label)
    "wrong_tote": 409,         # a tote of this cart, but not the one to drop into
    "scan_tote_first": 409,    # the last pick waits for its tote scan (SHIPFLOOR_PICK_TOTE_SCAN)
    "not_expected": 409,       # a valid code that means nothing at this step
    "not_current_stop": 409,   # a short reported for an open stop the picker has not reached
    "set_tote_aside": 409,     # the order was held or cancelled meanwhile: take its tote off
    "batch_not_started": 409,  # scans before ``start``
    "batch_closed": 409,       # scans after the batch closed
    "bin_short": 409,          # the bin was counted short meanwhile: report a short pick here
    "not_your_batch": 409,     # another picker's batch (a supervisor may scan into any)
}

METHODS = ("scan", "typed", "override")


def location_words(code: str, aisle: str | None, level: str | None, side: str | None) -> str:
    """How the handheld says a bin: ``"A-04-03-2 · aisle A04, left, level 2"``."""
    parts = []
    if aisle:
        parts.append(f"aisle {aisle}")
    if side:
        parts.append(side)
    if level:
        parts.append(f"level {level}")
    return f"{code} · {', '.join(parts)}" if parts else code


@dataclass(frozen=True, slots=True)
class Take:
    """Units of one allocation to pick: ``position`` is the order's place on the cart."""

    allocation_id: int
    order_id: int
    order_line_id: int
    stock_level_id: int
    location_code: str
    product_id: int
    position: int
    quantity: int


def group_stops(takes: Iterable[Take]) -> dict[tuple[str, int], list[Take]]:
    """One stop per (location code, product), its takes in cart order."""
    stops: dict[tuple[str, int], list[Take]] = defaultdict(list)
    for take in takes:
        stops[(take.location_code, take.product_id)].append(take)
    for takes_ in stops.values():
        takes_.sort(key=lambda t: (t.position, t.allocation_id))
    return dict(stops)

