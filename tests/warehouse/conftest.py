"""Layout files written out by hand, so that every expected count can be checked by eye."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest


def loc(code: str, aisle: str, y: float, side: str = "left", level: str = "A") -> dict[str, Any]:
    return {"code": code, "aisle": aisle, "y": y, "side": side, "level": level}


# Three aisles 10 m long between a front (y=0) and a back (y=10) cross aisle; two bins in each
# aisle, facing each other at y=2.
FIRST: dict[str, Any] = {
    "name": "Hall 1",
    "cross_aisles": [{"y": 0.0, "width": 2.0}, {"y": 10.0, "width": 2.0}],
    "aisles": [
        {"id": "A01", "x": 1.5, "width": 1.2, "y_from": 0.0, "y_to": 10.0, "one_way": None},
        {"id": "A02", "x": 4.5, "width": 1.2, "y_from": 0.0, "y_to": 10.0, "one_way": None},
        {"id": "A03", "x": 7.5, "width": 1.2, "y_from": 0.0, "y_to": 10.0, "one_way": None},
    ],
    "points": {"start": {"x": 0.0, "y": 0.0}, "end": {"x": 0.0, "y": 0.0}},
    "locations": [
        loc("A-01-01", "A01", 2.0), loc("A-01-02", "A01", 2.0, "right"),
        loc("A-02-01", "A02", 2.0), loc("A-02-02", "A02", 2.0, "right"),
        loc("A-03-01", "A03", 2.0), loc("A-03-02", "A03", 2.0, "right"),
    ],
}


def second() -> dict[str, Any]:
    """FIRST without aisle A03 (drops A-03-01, A-03-02), A-02-02 moved to y=5, and two new bins
    A-01-03, A-02-03 at y=6: 2 added, 4 kept (1 of them moved), 2 removed."""
    doc = copy.deepcopy(FIRST)
    doc["name"] = "Hall 1 (2)"
    doc["aisles"] = doc["aisles"][:2]
    doc["locations"] = [
        loc("A-01-01", "A01", 2.0), loc("A-01-02", "A01", 2.0, "right"),
        loc("A-02-01", "A02", 2.0), loc("A-02-02", "A02", 5.0, "right"),
        loc("A-01-03", "A01", 6.0), loc("A-02-03", "A02", 6.0),
    ]
    return doc


def body(doc: Any) -> bytes:
    return json.dumps(doc).encode()


JSON = {"Content-Type": "application/json"}


@pytest.fixture
async def admin(login) -> dict[str, str]:
    return {**await login("admin"), **JSON}


@pytest.fixture
async def upload(client, admin):
    """``await upload(doc)`` activates ``doc`` and returns the answer's JSON (asserts 201)."""

    async def _upload(doc: Any) -> dict[str, Any]:
        response = await client.post("/api/layout", content=body(doc), headers=admin)
        assert response.status_code == 201, response.text
        return response.json()

    return _upload
