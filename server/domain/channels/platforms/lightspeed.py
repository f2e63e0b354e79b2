"""Lightspeed eCom (C-Series) REST API: orders with embedded products, webhooks, shipments.

Platform reference: Lightspeed eCom API — Orders, OrdersProducts, Shipments, Webhooks,
Rate limits (300 / 5 min, 3 000 / h per key; 429 + ``Retry-After``). Signature: ``X-Signature``
= hex(md5(raw body + secret)) as reported by integrators; confirm on a sandbox shop.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from server.domain.channels.http import pacer_for
from server.domain.channels.platforms.base import Connector
from server.domain.channels.shape import (
    ShopAddress,
    ShopLine,
    ShopOrder,
    bad_payload,
    country,
    instant,
    join,
    money,
    need,
    per_unit,
    quantity,
    require_lines,
    text,
)

LIMIT = 250
# Published per key: 20 requests/s per shop, 300 per 5 minutes, 3 000 per hour, 12 000 per day.
QUOTAS = [(1.0, 20), (300.0, 300), (3600.0, 3000), (86400.0, 12000)]


def _embedded(doc: dict[str, Any], key: str) -> list[Any] | None:
    resource = (doc.get(key) or {}).get("resource") if isinstance(doc.get(key), dict) else None
    embedded = resource.get("embedded") if isinstance(resource, dict) else None
    return embedded if isinstance(embedded, list) else None


class Lightspeed(Connector):
    platform = "lightspeed"
    LIST_KEY = "orders"
    signature_header = "X-Signature"
    status_map: ClassVar[Mapping[str, str]] = {
        "processing_awaiting_payment": "pending",
        "processing_awaiting_shipment": "paid",
        "processing_awaiting_pickup": "paid",
        "processing_ready_for_pickup": "paid",
        "completed_shipped": "shipped",
        "completed_picked_up": "shipped",
        "cancelled": "cancelled",
        "on_hold": "on_hold",
    }

    @classmethod
    def http_config(cls, shop_url: str, credentials: Mapping[str, str]) -> dict[str, Any]:
        return {
            "base_url": shop_url.rstrip("/"),
            "auth": (credentials.get("key", ""), credentials.get("secret", "")),
            "quota": pacer_for(f"{shop_url}|{credentials.get('key', '')}", QUOTAS),
        }

    @property
    def api(self) -> str:
        return f"/{self.options.get('language', 'en')}"

    @classmethod
    def verify(cls, raw: bytes, headers: Mapping[str, str], secret: str) -> bool:
        header = headers.get(cls.signature_header)
        if not header or not secret:
            return False
        want = hashlib.md5(raw + secret.encode(), usedforsecurity=False).hexdigest()
        return hmac.compare_digest(
            want.encode(), header.strip(" ").lower().encode("latin-1", "replace")
        )

    @staticmethod
    def _unwrap(doc: Any) -> Any:
        return doc["order"] if isinstance(doc, dict) and isinstance(doc.get("order"), dict) else doc

    @classmethod
    def looks_like(cls, doc: Any) -> bool:
        doc = cls._unwrap(doc)
        return (
            isinstance(doc, dict)
            and "updatedAt" in doc
            and "number" in doc
            and "paymentStatus" in doc
        )

    @classmethod
    def hint_id(cls, doc: Any) -> str | None:
        doc = cls._unwrap(doc)
        # A bare id, or an order whose products were not embedded: both need the shop.
        if (
            isinstance(doc, dict)
            and isinstance(doc.get("id"), int)
            and ("updatedAt" not in doc or _embedded(doc, "products") is None)
        ):
            return str(doc["id"])
        return None

    @classmethod
    def needs_products(cls, doc: Any) -> bool:
        """True when the order came without its products (list answers, some webhooks)."""
        doc = cls._unwrap(doc)
        return isinstance(doc, dict) and _embedded(doc, "products") is None

    @classmethod
    def normalize(cls, doc: Any) -> ShopOrder:
        doc = cls._unwrap(doc)
        if not isinstance(doc, dict):
            raise bad_payload("invalid_order", "$", "a Lightspeed order is a JSON object")
        ident = need(doc, "id", "order.", int)
        updated = instant(doc.get("updatedAt"), "order.updatedAt")
        created = instant(doc["createdAt"], "order.createdAt") if doc.get("createdAt") else None
        status = need(doc, "status", "order.", str)
        products = _embedded(doc, "products")
        if products is None:
            raise bad_payload(
                "invalid_order", "order.products", "the order's products are not embedded"
            )
        require_lines([], len(products), "order.products")
        lines: list[ShopLine] = []
        skipped: list[str] = []
        for index, item in enumerate(products):
            where = f"order.products[{index}]."
            if not isinstance(item, dict):
                raise bad_payload("invalid_order", where[:-1], "expected an object")
            ordered = quantity(item.get("quantityOrdered"), where + "quantityOrdered")
            refunded = quantity(item.get("quantityRefunded") or 0, where + "quantityRefunded")
            units = max(ordered - refunded, 0)
            name = join(item.get("productTitle"), item.get("variantTitle")) or ""
            # SKU may be empty on Lightspeed; the article code is the merchant's next best code.
            sku = text(item.get("sku")) or text(item.get("articleCode"))
            gtin = text(item.get("ean"))
            if sku is None and gtin is None:
                raise bad_payload(
                    "line_without_sku", where + "sku", "the product has no SKU, article code or EAN"
                )
            if units == 0:
                skipped.append(f"{name}: refunded")
                continue
            # priceExcl is per unit (fixture and public taps agree; unconfirmed by the platform docs).
            price = money(item.get("priceExcl"), where + "priceExcl")
            lines.append(
                ShopLine(
                    sku=sku,
                    gtin=gtin,
                    name=name,
                    quantity=units,
                    unit_price=per_unit(price * units, units),
                    external_id=str(item.get("id")),
                )
            )
        number = text(doc.get("addressShippingNumber"))
        extension = text(doc.get("addressShippingExtension"))
        street = join(doc.get("addressShippingStreet"), number, extension)
        street2 = text(doc.get("addressShippingStreet2"))
        land = (
            doc.get("addressShippingCountry")
            if isinstance(doc.get("addressShippingCountry"), dict)
            else {}
        )
        address = ShopAddress(
            name=text(doc.get("addressShippingName"))
            or join(doc.get("firstname"), doc.get("middlename"), doc.get("lastname"))
            or "",
            country=country(land.get("code"), "order.addressShippingCountry.code"),
            company=text(doc.get("addressShippingCompany")) or text(doc.get("companyName")),
            street=", ".join(p for p in (street, street2) if p) or None,
            postal_code=text(doc.get("addressShippingZipcode")),
            city=text(doc.get("addressShippingCity")),
            region=text(doc.get("addressShippingRegion")),
            email=text(doc.get("email")),
            phone=text(doc.get("phone")) or text(doc.get("mobile")),
        )
        shipments = _embedded(doc, "shipments") or []
        return ShopOrder(
            platform=cls.platform,
            external_id=str(ident),
            number=text(doc.get("number")) or str(ident),
            updated_at=updated,
            created_at=created,
            status=status,
            state=cls.status_map.get(status, "unknown"),
            currency=None,  # not on the order: the shop's currency (channel setting)
            paid=doc.get("paymentStatus") == "paid",
            address=address,
            lines=lines,
            customer_email=text(doc.get("email")),
            notes=text(doc.get("comment")),
            shipping_method=text(doc.get("shipmentTitle")),
            refs={
                "id": ident,
                "shipment_id": shipments[0].get("id")
                if shipments and isinstance(shipments[0], dict)
                else None,
            },
            skipped=skipped,
        )

    async def _with_products(self, order: dict[str, Any]) -> dict[str, Any]:
        body, _ = await self.http.json("GET", f"{self.api}/orders/{int(order['id'])}/products.json")
        products = body.get("orderProducts") if isinstance(body, dict) else None
        shipments, _ = await self.http.json(
            "GET", f"{self.api}/shipments.json", params={"order": order["id"]}
        )
        order = dict(order)
        order["products"] = {
            "resource": {"embedded": products if isinstance(products, list) else []}
        }
        found = shipments.get("shipments") if isinstance(shipments, dict) else None
        if isinstance(found, list):
            order["shipments"] = {"resource": {"embedded": found}}
        return {"order": order}

    async def fetch(self, external_id: str) -> Any:
        body, _ = await self.http.json("GET", f"{self.api}/orders/{int(external_id)}.json")
        order = self._unwrap(body)
        if not isinstance(order, dict):
            raise bad_payload(
                "invalid_order", "order", "the shop's answer has no order", status=502
            )
        return await self._with_products(order) if self.needs_products(order) else {"order": order}

    async def changed_since(self, since: datetime | None) -> AsyncIterator[list[Any]]:
        """``GET orders.json?updated_at_min=YYYY-MM-DD HH:MM:SS&limit=250&page=n`` (naive UTC)
        until a page holds fewer than ``limit`` orders; each order's products are fetched."""
        size = int(self.options.get("page_size", LIMIT))
        params: dict[str, Any] = {"limit": size}
        if since is not None:
            params["updated_at_min"] = since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        page = 1
        while True:
            body, _ = await self.http.json(
                "GET", f"{self.api}/orders.json", params={**params, "page": page}
            )
            orders = body.get("orders") if isinstance(body, dict) else None
            if not isinstance(orders, list):
                raise bad_payload(
                    "invalid_order", "orders", "the order list is missing", status=502
                )
            yield [
                await self._with_products(o) if self.needs_products(o) else {"order": o}
                for o in orders
                if isinstance(o, dict)
            ]
            if len(orders) < size:
                return
            page += 1

    async def push_completed(
        self, refs: Mapping[str, Any], tracking: list[dict[str, str]]
    ) -> dict[str, Any]:
        """``PUT shipments/{id}.json`` with status ``shipped`` and the first tracking code."""
        shipment_id = refs.get("shipment_id")
        if not shipment_id:
            raise bad_payload(
                "no_shipment", "refs.shipment_id", "the shop order has no shipment to mark shipped"
            )
        shipment: dict[str, Any] = {"status": "shipped", "doNotifyShipped": True}
        if tracking:
            shipment.update({"trackingCode": tracking[0]["number"], "doNotifyTrackingCode": True})
        await self.http.json(
            "PUT", f"{self.api}/shipments/{int(shipment_id)}.json", json={"shipment": shipment}
        )
        return {"shipment_id": shipment_id}

    async def push_stock(self, levels: Mapping[str, int]) -> dict[str, Any]:
        """``PUT variants/{id}.json`` per SKU (``options.variants``: SKU → variant id)."""
        variants = self.options.get("variants") or {}
        done = 0
        for sku, units in levels.items():
            if sku in variants:
                await self.http.json(
                    "PUT",
                    f"{self.api}/variants/{int(variants[sku])}.json",
                    json={"variant": {"stockTracking": "enabled", "stockLevel": units}},
                )
                done += 1
        return {"updated": done}
