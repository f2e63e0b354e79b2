"""Channel test fixtures: the shipped payloads (byte for byte), their signatures, a stocked
catalogue holding the fixtures' products, and helpers to create channels and shop orders."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest

from server.db.models import Location, Product, ProductBarcode, StockLevel, WarehouseLayout

DATA = Path(__file__).parent / "data"

BODY_FILES = {
    "woocommerce": "woocommerce-order.json",
    "shopify": "shopify-order-webhook.json",
    "lightspeed": "lightspeed-order.json",
}
HEADER_FILES = {
    "woocommerce": "woocommerce-order-webhook-headers.json",
    "shopify": "shopify-order-webhook-headers.json",
    "lightspeed": "lightspeed-order-webhook-headers.json",
}
MAGENTO_SECRET = "mg_test_module_secret_1"

# SKU -> units in stock. TPT4-RBR is known by its EAN only (catalogue SKU differs).
STOCK = {
    "MWS-GRY-4346": 10,
    "TLS-BLU-M": 10,
    "MHS-GRY-L": 10,
    "TRS-BLU-M": 10,
    "SSJ-ALP-GRN-L": 10,
    "IB-750-STL": 10,
    "WDP22-OLV": 10,
    "TIPS-4": 10,
}


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def body_of(platform: str) -> bytes:
    """The signed webhook body, checked against the hash its headers file carries."""
    body = raw(BODY_FILES[platform])
    assert hashlib.sha256(body).hexdigest() == headers_file(platform)["body_sha256_hex"]
    return body


def headers_file(platform: str) -> dict[str, Any]:
    return json.loads(raw(HEADER_FILES[platform]))


def secret_of(platform: str) -> str:
    return MAGENTO_SECRET if platform == "magento" else headers_file(platform)["secret"]


def delivery_headers(platform: str) -> dict[str, str]:
    headers = dict(headers_file(platform)["headers"])
    headers.pop("Content-Length", None)
    return headers


def sign(platform: str, body: bytes, secret: str | None = None) -> dict[str, str]:
    """Headers of a correctly signed delivery of ``body``."""
    secret = secret or secret_of(platform)
    if platform == "lightspeed":
        return {
            "Content-Type": "application/json",
            "X-Signature": hashlib.md5(body + secret.encode()).hexdigest(),
        }
    digest = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    header = {
        "woocommerce": "X-WC-Webhook-Signature",
        "shopify": "X-Shopify-Hmac-Sha256",
        "magento": "X-Shipfloor-Signature",
    }[platform]
    return {"Content-Type": "application/json", header: digest}


def shop_doc(platform: str) -> Any:
    """The platform's order as its REST API returns it (a fresh copy)."""
    name = {
        "woocommerce": "woocommerce-order.json",
        "shopify": "shopify-order.json",
        "magento": "magento-order.json",
        "lightspeed": "lightspeed-order.json",
    }[platform]
    return json.loads(raw(name))


def order_of(platform: str, doc: Any) -> dict[str, Any]:
    """The order object inside a REST answer (Shopify and Lightspeed wrap it)."""
    return doc["order"] if platform in ("shopify", "lightspeed") else doc


def variant(platform: str, ident: int, updated: str, **changes: Any) -> Any:
    """A copy of the fixture order with another id/number and ``updated`` (UTC,
    ``YYYY-MM-DDTHH:MM:SS``) as the platform writes it; ``changes`` update the order object."""
    doc = copy.deepcopy(shop_doc(platform))
    order = order_of(platform, doc)
    if platform == "woocommerce":
        order.update(id=ident, number=str(ident), date_modified_gmt=updated)
    elif platform == "shopify":
        order.update(id=ident, name=f"#{ident}", order_number=ident, updated_at=updated + "+00:00")
    elif platform == "magento":
        order.update(
            entity_id=ident, increment_id=f"{ident:09d}", updated_at=updated.replace("T", " ")
        )
    else:
        order.update(id=ident, number=f"ORD{ident}", updatedAt=updated + "+00:00")
    order.update(changes)
    return doc


def encode(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode()


@pytest.fixture
async def stocked(db) -> dict[str, int]:
    """The fixtures' products with 10 units each in one bin; returns product ids by SKU.
    ``TIPS-4`` carries the GTIN of Lightspeed's ``TPT4-RBR`` line (EAN 2001234500029)."""
    ids = {}
    async with db() as session:
        layout = WarehouseLayout(name="Test", document={})
        session.add(layout)
        await session.flush()
        for index, (sku, units) in enumerate(STOCK.items()):
            location = Location(
                code=f"A-01-{index:02d}-A",
                layout_id=layout.id,
                aisle="A01",
                y=float(index),
                side="left",
                level="A",
            )
            product = Product(sku=sku, name=sku.title(), weight_grams=100)
            if sku == "TIPS-4":
                product.barcodes.append(ProductBarcode(code="02001234500029", kind="gtin"))
            session.add_all([location, product])
            await session.flush()
            session.add(
                StockLevel(
                    product_id=product.id, location_id=location.id, on_hand=units, allocated=0
                )
            )
            ids[sku] = product.id
        await session.commit()
    return ids


@pytest.fixture
async def admin(login) -> dict[str, str]:
    return await login("admin")


@pytest.fixture
def make_channel(client, admin):
    """``await make_channel("shopify", shop_url=..., **fields)`` → the channel JSON."""

    async def _make(platform: str, expect: int = 201, **fields: Any) -> dict[str, Any]:
        credentials = (
            {"token": "tok"}
            if platform in ("shopify", "magento")
            else {"key": "ck", "secret": "cs"}
        )
        body: dict[str, Any] = {
            "name": f"{platform} shop {fields.pop('suffix', '')}".strip(),
            "platform": platform,
            "shop_url": "http://127.0.0.1:9",
            "credentials": credentials,
            "webhook_secret": secret_of(platform),
            "poll_interval_seconds": 0,
            "import_since": "2025-01-01T00:00:00Z",
            "options": {"timeout": 1.0, "max_attempts": 3, "backoff": 0.01, "max_wait": 2.0},
        }
        if platform == "lightspeed":
            body["currency"] = "EUR"
        body.update(fields)
        response = await client.post("/api/channels", json=body, headers=admin)
        assert response.status_code == expect, response.text
        return response.json()

    return _make


@pytest.fixture
def deliver(client):
    """``await deliver(channel_id, body_bytes, headers)`` → the response."""

    async def _deliver(channel_id: int, body: bytes, headers: dict[str, str]):
        return await client.post(f"/api/webhooks/{channel_id}", content=body, headers=headers)

    return _deliver


async def order_json(client, headers, order_id: int) -> dict[str, Any]:
    response = await client.get(f"/api/orders/{order_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def events_of(client, headers, order_id: int) -> list[dict[str, Any]]:
    response = await client.get(f"/api/orders/{order_id}/events", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()
