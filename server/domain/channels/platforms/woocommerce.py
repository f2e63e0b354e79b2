"""WooCommerce REST API ``wc/v3``: orders, webhooks, shipped status and stock.

Platform reference: WooCommerce REST API docs, sections Orders, Webhooks, Products; core
``class-wc-webhook.php`` for signatures and the ping delivery.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

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

API = "/wp-json/wc/v3"
PER_PAGE = 100


class WooCommerce(Connector):
    platform = "woocommerce"
    signature_header = "X-WC-Webhook-Signature"
    status_map: ClassVar[Mapping[str, str]] = {
        "pending": "pending",
        "failed": "pending",
        "on-hold": "on_hold",
        "processing": "paid",
        "completed": "shipped",
        "cancelled": "cancelled",
        "refunded": "cancelled",
        "trash": "cancelled",
        "checkout-draft": "ignore",
        "auto-draft": "ignore",
    }

    @classmethod
    def http_config(cls, shop_url: str, credentials: Mapping[str, str]) -> dict[str, Any]:
        return {
            "base_url": shop_url.rstrip("/"),
            "auth": (credentials.get("key", ""), credentials.get("secret", "")),
        }

    @classmethod
    def delivery(cls, raw: bytes, headers: Mapping[str, str]) -> tuple[str | None, str | None]:
        return headers.get("X-WC-Webhook-Delivery-ID"), headers.get("X-WC-Webhook-Topic")

    @classmethod
    def is_ping(cls, raw: bytes, headers: Mapping[str, str]) -> bool:
        """The unsigned form-encoded ``webhook_id=N`` sent when a webhook is saved as active;
        it must get 200 or WooCommerce counts a failure."""
        media = headers.get("content-type", "").partition(";")[0].strip(" ").lower()
        if media != "application/x-www-form-urlencoded" or headers.get(cls.signature_header):
            return False
        fields = urllib.parse.parse_qs(raw.decode("latin-1"), keep_blank_values=True)
        return set(fields) == {"webhook_id"}

    @classmethod
    def looks_like(cls, doc: Any) -> bool:
        return (
            isinstance(doc, dict)
            and "line_items" in doc
            and ("order_key" in doc or "date_modified_gmt" in doc)
        )

    @classmethod
    def hint_id(cls, doc: Any) -> str | None:
        # order.deleted sends only {"id": N}; action.* topics send {"action", "arg"}.
        if isinstance(doc, dict) and "line_items" not in doc:
            ident = doc.get("id", doc.get("arg"))
            if isinstance(ident, int) and not isinstance(ident, bool):
                return str(ident)
        return None

    @classmethod
    def normalize(cls, doc: Any) -> ShopOrder:
        if not isinstance(doc, dict):
            raise bad_payload("invalid_order", "$", "a WooCommerce order is a JSON object")
        ident = need(doc, "id", "", int)
        modified = doc.get("date_modified_gmt")
        if modified is None and doc.get("date_modified"):
            # Without the _gmt twin only site-local time is left, whose zone is unknown here.
            raise bad_payload(
                "timestamp_without_zone",
                "date_modified",
                f"{doc['date_modified']!r} is site-local time without an offset",
            )
        updated = instant(modified, "date_modified_gmt", naive_is_utc=True)
        created = (
            instant(doc["date_created_gmt"], "date_created_gmt", naive_is_utc=True)
            if doc.get("date_created_gmt")
            else None
        )
        status = need(doc, "status", "", str)
        raw_lines = doc.get("line_items")
        if raw_lines is None:
            raw_lines = []
        if not isinstance(raw_lines, list):
            raise bad_payload("invalid_order", "line_items", "expected a list")
        require_lines([], len(raw_lines), "line_items")
        lines = []
        for index, item in enumerate(raw_lines):
            where = f"line_items[{index}]."
            if not isinstance(item, dict):
                raise bad_payload("invalid_order", where[:-1], "expected an object")
            units = quantity(item.get("quantity"), where + "quantity")
            sku = text(item.get("sku"))
            gtin = text(item.get("global_unique_id"))
            if sku is None and gtin is None:
                raise bad_payload(
                    "line_without_sku",
                    where + "sku",
                    "the line has no SKU (was the product deleted in the shop?)",
                )
            if units == 0:
                continue
            total = money(item.get("total"), where + "total")
            lines.append(
                ShopLine(
                    sku=sku,
                    gtin=gtin,
                    name=text(item.get("name")) or sku or "",
                    quantity=units,
                    unit_price=per_unit(total, units),
                    external_id=str(item.get("id")),
                )
            )
        billing = doc.get("billing") if isinstance(doc.get("billing"), dict) else {}
        shipping = doc.get("shipping") if isinstance(doc.get("shipping"), dict) else {}
        source, where = (
            (shipping, "shipping.") if text(shipping.get("address_1")) else (billing, "billing.")
        )
        address = ShopAddress(
            name=join(source.get("first_name"), source.get("last_name"))
            or text(source.get("company"))
            or "",
            country=country(source.get("country"), where + "country"),
            company=text(source.get("company")),
            street=", ".join(
                p for p in (text(source.get("address_1")), text(source.get("address_2"))) if p
            )
            or None,
            postal_code=text(source.get("postcode")),
            city=text(source.get("city")),
            region=text(source.get("state")),
            email=text(billing.get("email")),
            phone=text(source.get("phone")) or text(billing.get("phone")),
        )
        shipping_lines = doc.get("shipping_lines") or []
        return ShopOrder(
            platform=cls.platform,
            external_id=str(ident),
            number=text(doc.get("number")) or str(ident),
            updated_at=updated,
            created_at=created,
            status=status,
            state=cls.status_map.get(status, "unknown"),
            currency=currency(doc.get("currency"), "currency"),
            paid=bool(doc.get("date_paid_gmt")) or status in ("processing", "completed"),
            address=address,
            lines=lines,
            customer_email=text(billing.get("email")),
            notes=text(doc.get("customer_note")),
            shipping_method=text(shipping_lines[0].get("method_title"))
            if shipping_lines and isinstance(shipping_lines[0], dict)
            else None,
            refs={"id": ident},
        )

    async def fetch(self, external_id: str) -> Any:
        body, _ = await self.http.json("GET", f"{API}/orders/{int(external_id)}")
        return body

    async def changed_since(self, since: datetime | None) -> AsyncIterator[list[Any]]:
        """``GET /orders?modified_after=…&dates_are_gmt=true`` page by page, following
        ``X-WP-TotalPages``; ``dates_are_gmt`` keeps the filter in UTC (site-local filters
        skip orders when the site's zone differs)."""
        size = int(self.options.get("page_size", PER_PAGE))
        params: dict[str, Any] = {
            "per_page": size,
            "order": "asc",
            "orderby": "date",
            "status": "any",
            "dates_are_gmt": "true",
        }
        if since is not None:
            params["modified_after"] = (
                since.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
            )
        page = 1
        while True:
            body, response = await self.http.json(
                "GET", f"{API}/orders", params={**params, "page": page}
            )
            if not isinstance(body, list):
                raise bad_payload(
                    "invalid_order", "$", "the order list is not a JSON array", status=502
                )
            yield body
            pages = int(response.headers.get("X-WP-TotalPages") or 0)
            if page >= pages or not body:
                return
            page += 1

    async def push_completed(
        self, refs: Mapping[str, Any], tracking: list[dict[str, str]]
    ) -> dict[str, Any]:
        """Tracking through the Shipment Tracking extension where installed, else as a customer
        note; then ``status=completed`` (which sends the shop's completed e-mail)."""
        order_id = int(refs["id"])
        added = []
        for item in tracking:
            try:
                body, _ = await self.http.json(
                    "POST",
                    f"/wp-json/wc-shipment-tracking/v3/orders/{order_id}/shipment-trackings",
                    json={
                        "tracking_provider": item.get("carrier", ""),
                        "tracking_number": item["number"],
                    },
                )
                added.append(body.get("tracking_id") if isinstance(body, dict) else None)
            except Exception as exc:
                if getattr(exc, "code", "") != "shop_not_found":
                    raise
                await self.http.json(
                    "POST",
                    f"{API}/orders/{order_id}/notes",
                    json={
                        "note": f"Shipped with {item.get('carrier', '')} {item['number']}".strip(),
                        "customer_note": True,
                    },
                )
                added.append("note")
        await self.http.json("PUT", f"{API}/orders/{order_id}", json={"status": "completed"})
        return {"order_id": order_id, "tracking": added}

    async def push_stock(self, levels: Mapping[str, int]) -> dict[str, Any]:
        """Look the SKUs up, then ``POST /products/batch`` (100 per request)."""
        updates = []
        for sku, units in levels.items():
            found, _ = await self.http.json("GET", f"{API}/products", params={"sku": sku})
            if isinstance(found, list) and found:
                updates.append(
                    {"id": found[0]["id"], "manage_stock": True, "stock_quantity": units}
                )
        for start in range(0, len(updates), 100):
            await self.http.json(
                "POST", f"{API}/products/batch", json={"update": updates[start : start + 100]}
            )
        return {"updated": len(updates)}
