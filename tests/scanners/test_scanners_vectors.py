"""Every vector of the shared cases and of our own GS1 General Specifications set."""

from __future__ import annotations

import hashlib
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


# SHA-256 of shared/cases/scans.json when it was copied here: the copy must not drift from it.
COPY_SHA256 = hashlib.sha256((DATA / "scans.json").read_bytes()).hexdigest()
RECORDED_SHA256 = "38ba025feff675c90a76ada66cd227a1b45e35a3a7a91c11b75a1fc248cacaab"


def test_every_shared_case_is_here():
    assert COPY_SHA256 == RECORDED_SHA256
    # Beside a checkout that has the shared folder (CI), the copy equals the original too.
    shared = Path(__file__).parents[3] / "shared" / "cases" / "scans.json"
    if shared.exists():
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
