"""Fixtures for the routing tests: small layouts whose distances are easy to derive by hand."""

from __future__ import annotations

import pytest

from routing import parse_layout


def small_doc(**over) -> dict:
    """Two aisles 4 m apart (x = 2 and 6), 10 m long, front cross aisle y = 0, back y = 10;
    start and end at the front-left corner (0, 0). Locations: ``L1`` at y = 3 in aisle A,
    ``L2`` at y = 8 in aisle A, ``R1`` at y = 5 in aisle B, ``R2`` at y = 9 in aisle B."""
    doc = {
        "name": "small",
        "cross_aisles": [{"y": 0.0, "width": 2.0}, {"y": 10.0, "width": 2.0}],
        "aisles": [
            {"id": "A", "x": 2.0, "width": 1.0, "y_from": 0.0, "y_to": 10.0, "one_way": None},
            {"id": "B", "x": 6.0, "width": 1.0, "y_from": 0.0, "y_to": 10.0, "one_way": None},
        ],
        "closed": [],
        "points": {"start": {"x": 0.0, "y": 0.0}, "end": {"x": 0.0, "y": 0.0}},
        "locations": [
            {"code": "L1", "aisle": "A", "y": 3.0, "side": "left", "level": "A"},
            {"code": "L2", "aisle": "A", "y": 8.0, "side": "right", "level": "B"},
            {"code": "R1", "aisle": "B", "y": 5.0, "side": "left", "level": "A"},
            {"code": "R2", "aisle": "B", "y": 9.0, "side": "left", "level": "A"},
        ],
    }
    doc.update(over)
    return doc


@pytest.fixture
def small_layout():
    return parse_layout(small_doc())
