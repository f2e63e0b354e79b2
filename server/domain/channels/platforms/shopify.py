"""Shopify Admin REST API (pinned version): orders, webhooks, fulfillments and inventory.

Platform reference: shopify.dev Admin REST ``Order``, ``FulfillmentOrder``, ``Fulfillment``,
``InventoryLevel``; webhooks ("Verify webhooks", "Best practices"); rate limits (leaky bucket,
``X-Shopify-Shop-Api-Call-Limit``, 429 + ``Retry-After``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

import httpx

from server.domain.channels.platforms.base import Connector
from server.domain.channels.shape import (
    ShopAddress,
    ShopLine,
    ShopOrder,
    bad_payload,
    country,
    currency,
    instant,
    join,
    money,
    need,
    per_unit,
    quantity,
    require_lines,
    text,
)

API_VERSION = "2025-01"
LIMIT = 250
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (cursor pagination), or None."""
    match = _NEXT.search(header or "")
    return match.group(1) if match else None


def bucket_pause(response: httpx.Response) -> float:
    """Seconds to wait so that the 40-call bucket (leaking 2 calls/s) never overflows: none
    until it is 80 % full, then one leak interval."""
    used, _, size = (response.headers.get("X-Shopify-Shop-Api-Call-Limit") or "").partition("/")
    try:
        return 0.5 if int(used) >= 0.8 * int(size) else 0.0
    except ValueError:
        return 0.0


class Shopify(Connector):
    platform = "shopify"
    LIST_KEY = "orders"
    signature_header = "X-Shopify-Hmac-Sha256"
    # Keyed by financial_status; cancelled and fulfilled orders are recognised first.
    status_map: ClassVar[Mapping[str, str]] = {
        "pending": "pending",
        "authorized": "pending",
        "partially_paid": "pending",
        "paid": "paid",
        "partially_refunded": "paid",
        "refunded": "cancelled",
        "voided": "cancelled",
        "expired": "cancelled",
        "cancelled": "cancelled",
        "fulfilled": "shipped",
    }

    @classmethod
    def http_config(cls, shop_url: str, credentials: Mapping[str, str]) -> dict[str, Any]:
        return {
            "base_url": shop_url.rstrip("/"),
            "headers": {"X-Shopify-Access-Token": credentials.get("token", "")},
            "pace": bucket_pause,
        }

    @property
    def api(self) -> str:
        return f"/admin/api/{self.options.get('api_version', API_VERSION)}"

    @classmethod
    def delivery(cls, raw: bytes, headers: Mapping[str, str]) -> tuple[str | None, str | None]:
        # One event id per event (retries repeat it); the webhook id is per delivery attempt.
        return headers.get("X-Shopify-Event-Id") or headers.get(
            "X-Shopify-Webhook-Id"
        ), headers.get("X-Shopify-Topic")

    @staticmethod
    def _unwrap(doc: Any) -> Any:
        if isinstance(doc, dict) and isinstance(doc.get("order"), dict) and len(doc) == 1:
            return doc["order"]
        return doc

    @classmethod
    def looks_like(cls, doc: Any) -> bool:
        doc = cls._unwrap(doc)
        return (
            isinstance(doc, dict)
            and "line_items" in doc
            and ("financial_status" in doc or "admin_graphql_api_id" in doc)
        )

    @classmethod
    def hint_id(cls, doc: Any) -> str | None:
        doc = cls._unwrap(doc)
        if isinstance(doc, dict) and "line_items" not in doc and isinstance(doc.get("id"), int):
            return str(doc["id"])
        return None

    @classmethod
    def normalize(cls, doc: Any) -> ShopOrder:
        doc = cls._unwrap(doc)
        if not isinstance(doc, dict):
            raise bad_payload("invalid_order", "$", "a Shopify order is a JSON object")
        ident = need(doc, "id", "", int)
        updated = instant(doc.get("updated_at"), "updated_at")
        created = instant(doc["created_at"], "created_at") if doc.get("created_at") else None
        financial = text(doc.get("financial_status")) or "pending"
        if doc.get("cancelled_at"):
            status = "cancelled"
        elif doc.get("fulfillment_status") == "fulfilled":
            status = "fulfilled"
        else:
            status = financial
        raw_lines = doc.get("line_items") or []
        if not isinstance(raw_lines, list):
            raise bad_payload("invalid_order", "line_items", "expected a list")
        require_lines([], len(raw_lines), "line_items")
        lines: list[ShopLine] = []
        skipped: list[str] = []
        for index, item in enumerate(raw_lines):
            where = f"line_items[{index}]."
            if not isinstance(item, dict):
                raise bad_payload("invalid_order", where[:-1], "expected an object")
            ordered = quantity(item.get("quantity"), where + "quantity")
            # current_quantity is what is left after refunds and order edits.
            units = (
                quantity(item["current_quantity"], where + "current_quantity")
                if item.get("current_quantity") is not None
                else ordered
            )
            name = text(item.get("name")) or text(item.get("title")) or ""
            if item.get("gift_card") or item.get("requires_shipping") is False:
                skipped.append(f"{name}: not shipped (gift card or no shipping needed)")
                continue
            if units == 0:
                skipped.append(f"{name}: refunded or removed by an edit")
                continue
            sku = text(item.get("sku"))
            if sku is None:
                raise bad_payload("line_without_sku", where + "sku", "the line has no SKU")
            discount = sum(
                (
                    money(a.get("amount"), where + "discount_allocations")
                    for a in item.get("discount_allocations") or []
                    if isinstance(a, dict)
                ),
                Decimal(0),
            )
            gross = money(item.get("price"), where + "price") * ordered
            lines.append(
                ShopLine(
                    sku=sku,
                    name=name,
                    quantity=units,
                    unit_price=per_unit(max(gross - discount, Decimal(0)), ordered),
                    external_id=str(item.get("id")),
                )
            )
        source = (
            doc.get("shipping_address") if isinstance(doc.get("shipping_address"), dict) else None
        )
        where = "shipping_address."
        if source is None:
            source, where = doc.get("billing_address"), "billing_address."
        if not isinstance(source, dict):
            raise bad_payload(
                "missing_address",
                "shipping_address",
                "no shipping address (does the app have protected customer data access?)",
            )
        email = text(doc.get("email")) or text(doc.get("contact_email"))
        address = ShopAddress(
            name=text(source.get("name"))
            or join(source.get("first_name"), source.get("last_name"))
            or "",
            country=country(source.get("country_code"), where + "country_code"),
            company=text(source.get("company")),
            street=", ".join(
                p for p in (text(source.get("address1")), text(source.get("address2"))) if p
            )
            or None,
            postal_code=text(source.get("zip")),
            city=text(source.get("city")),
            region=text(source.get("province_code")) or text(source.get("province")),
            email=email,
            phone=text(source.get("phone")) or text(doc.get("phone")),
        )
        shipping_lines = [
            s
            for s in doc.get("shipping_lines") or []
            if isinstance(s, dict) and not s.get("is_removed")
        ]
        return ShopOrder(
            platform=cls.platform,
            external_id=str(ident),
            number=text(doc.get("name")) or str(doc.get("order_number") or ident),
            updated_at=updated,
            created_at=created,
            status=status,
            state=cls.status_map.get(status, "unknown"),
            currency=currency(doc.get("currency"), "currency"),
            paid=financial in ("paid", "partially_refunded"),
            address=address,
            lines=lines,
            customer_email=email,
            notes=text(doc.get("note")),
            shipping_method=text(shipping_lines[0].get("title")) if shipping_lines else None,
            refs={"id": ident},
            skipped=skipped,
        )

    async def fetch(self, external_id: str) -> Any:
        body, _ = await self.http.json("GET", f"{self.api}/orders/{int(external_id)}.json")
        return body

    async def changed_since(self, since: datetime | None) -> AsyncIterator[list[Any]]:
        """``GET orders.json?status=any&updated_at_min=…`` then the ``Link: rel="next"``
        cursor; follow-up pages take only ``page_info`` and ``limit``, as Shopify requires.
        ``status=any`` because the default lists open orders only."""
        size = int(self.options.get("page_size", LIMIT))
        params: dict[str, Any] = {"status": "any", "limit": size, "order": "updated_at asc"}
        if since is not None:
            params["updated_at_min"] = since.isoformat()
        url: str | None = f"{self.api}/orders.json"
        while url is not None:
            body, response = await self.http.json("GET", url, params=params)
            orders = body.get("orders") if isinstance(body, dict) else None
            if not isinstance(orders, list):
                raise bad_payload(
                    "invalid_order", "orders", "the order list is missing", status=502
                )
            yield orders
            url, params = next_link(response.headers.get("Link")), None

    async def push_completed(
        self, refs: Mapping[str, Any], tracking: list[dict[str, str]]
    ) -> dict[str, Any]:
        """Fulfil every open fulfillment order of the order (``POST fulfillments.json``) with
        the first tracking number; the old per-order fulfillment endpoint is gone."""
        order_id = int(refs["id"])
        body, _ = await self.http.json(
            "GET", f"{self.api}/orders/{order_id}/fulfillment_orders.json"
        )
        open_ones = [
            {"fulfillment_order_id": fo["id"]}
            for fo in (body.get("fulfillment_orders") or [])
            if isinstance(fo, dict) and fo.get("status") in ("open", "in_progress")
        ]
        if not open_ones:
            return {"order_id": order_id, "fulfillment_id": None, "note": "nothing open to fulfil"}
        fulfillment: dict[str, Any] = {
            "line_items_by_fulfillment_order": open_ones,
            "notify_customer": True,
        }
        if tracking:
            first = tracking[0]
            fulfillment["tracking_info"] = {
                k: v
                for k, v in {
                    "number": first["number"],
                    "company": first.get("carrier"),
                    "url": first.get("url"),
                }.items()
                if v
            }
        created, _ = await self.http.json(
            "POST", f"{self.api}/fulfillments.json", json={"fulfillment": fulfillment}
        )
        return {
            "order_id": order_id,
            "fulfillment_id": (created.get("fulfillment") or {}).get("id"),
        }

    async def push_stock(self, levels: Mapping[str, int]) -> dict[str, Any]:
        """``POST inventory_levels/set.json`` per SKU; ``options.location_id`` and
        ``options.inventory_items`` (SKU → inventory item id) come from the channel."""
        items = self.options.get("inventory_items") or {}
        location = self.options.get("location_id")
        done = 0
        for sku, units in levels.items():
            if sku in items and location:
                await self.http.json(
                    "POST",
                    f"{self.api}/inventory_levels/set.json",
                    json={
                        "location_id": location,
                        "inventory_item_id": items[sku],
                        "available": units,
                    },
                )
                done += 1
        return {"updated": done}
