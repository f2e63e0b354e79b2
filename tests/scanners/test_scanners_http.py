"""A GS1 string with GS survives the whole path from an HTTP body to the parsed fields.

The app here is a stand-in for the server's scan endpoints (same framework, same msgspec
structs), so that the path is tested without the server or a database.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import msgspec
from litestar import Litestar, Request, post
from litestar.params import JSONBody
from litestar.testing import TestClient

import scanners

GS = "\x1d"
RAW = "]C1010871234567011510LT2510-A" + GS + "17280531"


class ScanIn(msgspec.Struct):
    raw: str
    source: str = "wedge"
    profile: dict[str, Any] | None = None


@post("/scans")
async def scan_json(data: JSONBody[ScanIn]) -> scanners.Scan:
    return scanners.parse(data.raw, source=data.source, profile=data.profile)


@post("/scans/plain")
async def scan_plain(request: Request) -> scanners.Scan:
    return scanners.parse(await request.body())


def _client() -> TestClient:
    return TestClient(Litestar([scan_json, scan_plain]))


def _check(body: dict[str, Any]) -> None:
    assert body["errors"] == [] and body["warnings"] == []
    assert body["kind"] == "gs1"
    assert body["gtin14"] == "08712345670115"
    assert body["lot"] == "LT2510-A"
    assert body["expiry"] == "2028-05-31"
    assert body["raw"] == RAW
    assert body["raw_escaped"].endswith("LT2510-A\\x1d17280531")


def test_gs_in_a_json_body():
    with _client() as client:
        payload = msgspec.json.encode({"raw": RAW})
        assert b"\\u001d" in payload  # JSON escapes the control character
        response = client.post(
            "/scans", content=payload, headers={"content-type": "application/json"}
        )
        assert response.status_code == 201
        _check(response.json())


def test_gs_in_a_plain_body():
    with _client() as client:
        response = client.post(
            "/scans/plain", content=RAW.encode(), headers={"content-type": "text/plain"}
        )
        assert response.status_code == 201
        _check(response.json())


def test_separator_stand_in_through_json():
    with _client() as client:
        raw = RAW.replace(GS, "|")
        response = client.post("/scans", json={"raw": raw, "profile": {"separator": "|"}})
        body = response.json()
        assert (body["lot"], body["expiry"]) == ("LT2510-A", "2028-05-31")


def test_scan_decodes_back_into_the_struct():
    scan = scanners.parse(RAW)
    again = msgspec.json.decode(msgspec.json.encode(scan), type=scanners.Scan)
    assert again == scan and again.expiry == dt.date(2028, 5, 31)


def test_no_bare_split_or_strip_in_scanners():
    """GS is whitespace to Python: bare .split()/.strip() would eat it (DESIGN, Conventions)."""
    root = Path(scanners.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"split", "strip", "lstrip", "rstrip", "splitlines"}
                and not node.args
            ):
                offenders.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
    assert offenders == []


def test_scanners_import_nothing_from_the_server():
    root = Path(scanners.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith("server") for a in node.names), path
            elif isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("server"), path
