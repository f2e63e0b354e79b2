"""Every vector of the shared cases and of our own GS1 General Specifications set."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

import scanners

DATA = Path(__file__).parent / "data"


def _vectors(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["vectors"]


CASES = _vectors("scans.json")
OWN = _vectors("gs1_vectors.json")


def test_every_shared_case_is_here():
    shared = Path(__file__).parents[3] / "shared" / "cases" / "scans.json"
    if not shared.exists():
        pytest.skip("shared cases not beside the checkout")
    assert json.loads(shared.read_text(encoding="utf-8"))["vectors"] == CASES


@pytest.mark.parametrize("vector", CASES, ids=[v["id"] for v in CASES])
def test_shared_case(vector, bc):
    scan = scanners.parse(vector["raw"], profile=vector["profile"])
    bc.check(vector, scan)


@pytest.mark.parametrize("vector", OWN, ids=[v["id"] for v in OWN])
def test_own_vector(vector, bc):
    scan = scanners.parse(
        vector["raw"], source=vector.get("source", "wedge"), profile=vector["profile"]
    )
    bc.check(vector, scan)


@pytest.mark.parametrize("vector", CASES + OWN, ids=[v["id"] for v in CASES + OWN])
def test_every_scan_encodes_as_json(vector):
    scan = scanners.parse(vector["raw"], profile=vector["profile"])
    decoded = msgspec.json.decode(msgspec.json.encode(scan))
    assert decoded["kind"] == scan.kind
    assert all(set(p) == {"code", "message"} for p in decoded["errors"] + decoded["warnings"])
