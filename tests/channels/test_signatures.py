"""Signature checks on the raw bytes, per platform: the shipped signature, a wrong secret, a
missing header, and the body changed by one byte. Pure: no database."""

from __future__ import annotations

import pytest

from server.domain.channels.platforms.registry import PLATFORMS
from tests.channels.conftest import body_of, delivery_headers, headers_file

SIGNED = ["woocommerce", "shopify", "lightspeed"]


@pytest.mark.parametrize("platform", SIGNED)
def test_shipped_signature_is_good(platform):
    assert PLATFORMS[platform].verify(
        body_of(platform), delivery_headers(platform), headers_file(platform)["secret"]
    )


@pytest.mark.parametrize("platform", SIGNED)
def test_other_secret_is_bad(platform):
    assert not PLATFORMS[platform].verify(
        body_of(platform), delivery_headers(platform), "not-the-secret"
    )


@pytest.mark.parametrize("platform", SIGNED)
def test_missing_header_is_bad(platform):
    headers = delivery_headers(platform)
    headers.pop(PLATFORMS[platform].signature_header)
    assert not PLATFORMS[platform].verify(
        body_of(platform), headers, headers_file(platform)["secret"]
    )


@pytest.mark.parametrize("platform", SIGNED)
@pytest.mark.parametrize("position", [0, 100, -1])
def test_one_byte_changed_is_bad(platform, position):
    body = bytearray(body_of(platform))
    body[position] ^= 0x01
    assert not PLATFORMS[platform].verify(
        bytes(body), delivery_headers(platform), headers_file(platform)["secret"]
    )


def test_lightspeed_body_keeps_its_final_newline():
    # The signature covers the trailing newline; stripping it must break the check.
    body = body_of("lightspeed")
    assert body.endswith(b"\n")
    assert not PLATFORMS["lightspeed"].verify(
        body.rstrip(b"\n"), delivery_headers("lightspeed"), headers_file("lightspeed")["secret"]
    )


def test_reencoded_json_is_bad():
    # Parsing and re-serialising changes the bytes (escaped slashes, \u escapes): the check
    # must run on the bytes received.
    import json

    body = body_of("woocommerce")
    again = json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()
    assert again != body
    assert not PLATFORMS["woocommerce"].verify(
        again, delivery_headers("woocommerce"), headers_file("woocommerce")["secret"]
    )


def test_woocommerce_ping_is_recognised():
    ping = headers_file("woocommerce")["ping_example"]
    headers = {k.lower(): v for k, v in ping["headers"].items()}
    assert PLATFORMS["woocommerce"].is_ping(ping["body"].encode(), headers)
    # A form body that carries other fields, or a signed one, is no ping.
    assert not PLATFORMS["woocommerce"].is_ping(b"webhook_id=14&x=1", headers)
    assert not PLATFORMS["woocommerce"].is_ping(
        b"webhook_id=14", {**headers, "X-WC-Webhook-Signature": "x"}
    )
