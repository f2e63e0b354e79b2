"""Magento 2 Open Source / Adobe Commerce REST ``V1``: orders by search criteria, shipments with
tracks, MSI source items. Open Source has no outbound webhooks: polling is the source; a
custom module may post orders signed like WooCommerce (base64 HMAC-SHA256 of the body in
``X-Shipfloor-Signature``).

Platform reference: Adobe Commerce Web API — "Search using REST endpoints" (searchCriteria),
``salesOrderRepositoryV1``, ``salesShipOrderV1`` (``POST /V1/order/{id}/ship``),
``inventoryApiSourceItemsSaveV1``.
"""

from __future__ import annotations

import hashlib
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

PAGE_SIZE = 100
NOT_SHIPPED = ("virtual", "downloadable", "giftcard")


class Magento(Connector):
    platform = "magento"
    LIST_KEY = "items"
    signature_header = "X-Shipfloor-Signature"
    has_webhooks = False
    # Keyed by the order's fixed ``state``; merchants map their own ``status`` labels.
    status_map: ClassVar[Mapping[str, str]] = {
        "new": "pending",
        "pending_payment": "pending",
        "payment_review": "on_hold",
        "holded": "on_hold",
        "processing": "paid",
        "complete": "shipped",
        "closed": "cancelled",
        "canceled": "cancelled",
    }

    @classmethod
    def http_config(cls, shop_url: str, credentials: Mapping[str, str]) -> dict[str, Any]:
        return {
            "base_url": shop_url.rstrip("/"),
            "headers": {"Authorization": f"Bearer {credentials.get('token', '')}"},
        }

    @property
    def api(self) -> str:
        return f"/rest/{self.options.get('store', 'default')}/V1"

    @classmethod
    def delivery(cls, raw: bytes, headers: Mapping[str, str]) -> tuple[str | None, str | None]:
        return "sha256:" + hashlib.sha256(raw).hexdigest(), None

    @classmethod
    def looks_like(cls, doc: Any) -> bool:
        return isinstance(doc, dict) and "increment_id" in doc and "items" in doc

    @classmethod
    def hint_id(cls, doc: Any) -> str | None:
        if isinstance(doc, dict) and "items" not in doc and isinstance(doc.get("entity_id"), int):
            return str(doc["entity_id"])
        return None

    @classmethod
    def is_list_answer(cls, doc: Any) -> bool:
        # A single order has "items" too (its lines); only a search answer lacks increment_id.
        return super().is_list_answer(doc) and "increment_id" not in doc

    @classmethod
    def normalize(cls, doc: Any) -> ShopOrder:
        if not isinstance(doc, dict):
            raise bad_payload("invalid_order", "$", "a Magento order is a JSON object")
        ident = need(doc, "entity_id", "", int)
        # Magento's REST timestamps are UTC without an offset, whatever the store's zone.
        updated = instant(doc.get("updated_at"), "updated_at", naive_is_utc=True)
        created = (
            instant(doc["created_at"], "created_at", naive_is_utc=True)
            if doc.get("created_at")
            else None
        )
        state = need(doc, "state", "", str)
        status = text(doc.get("status")) or state
        items = doc.get("items") or []
        if not isinstance(items, list):
            raise bad_payload("invalid_order", "items", "expected a list")
        require_lines([], len(items), "items")
        children: dict[Any, list[dict[str, Any]]] = {}
        for item in items:
            if isinstance(item, dict) and item.get("parent_item_id") is not None:
                children.setdefault(item["parent_item_id"], []).append(item)
        lines: list[ShopLine] = []
        skipped: list[str] = []
        item_ids: dict[str, int] = {}
        for index, item in enumerate(items):
            where = f"items[{index}]."
            if not isinstance(item, dict):
                raise bad_payload("invalid_order", where[:-1], "expected an object")
            if item.get("parent_item_id") is not None:
                continue  # taken with its parent
            kind = text(item.get("product_type")) or "simple"
            name = text(item.get("name")) or ""
            if kind == "bundle":
                # The bundle's children are the physical items.
                for child in children.get(item.get("item_id"), []):
                    line = cls._line(child, f"items[{items.index(child)}].", skipped)
                    if line:
                        lines.append(line)
                        item_ids[line.sku or ""] = child.get("item_id")
                continue
            if kind in NOT_SHIPPED or item.get("is_virtual") in (1, True):
                skipped.append(f"{name}: virtual item, not shipped")
                continue
            line = cls._line(item, where, skipped)
            if line is None:
                continue
            if kind == "configurable":
                # Parent carries the price; the simple child is the physical item (its SKU).
                child = (children.get(item.get("item_id")) or [None])[0]
                if child is not None and text(child.get("sku")):
                    line.sku = text(child.get("sku"))
                    line.name = text(child.get("name")) or line.name
            lines.append(line)
            item_ids[line.sku or ""] = item.get("item_id")
        assignments = (doc.get("extension_attributes") or {}).get("shipping_assignments") or []
        shipping = (
            assignments[0].get("shipping")
            if assignments and isinstance(assignments[0], dict)
            else None
        )
        source, where = (
            (
                shipping.get("address"),
                "extension_attributes.shipping_assignments[0].shipping.address.",
            )
            if isinstance(shipping, dict) and isinstance(shipping.get("address"), dict)
            else (doc.get("billing_address"), "billing_address.")
        )
        if not isinstance(source, dict):
            raise bad_payload(
                "missing_address",
                "extension_attributes.shipping_assignments",
                "no shipping address",
            )
        street = source.get("street")
        address = ShopAddress(
            name=join(source.get("firstname"), source.get("lastname"))
            or text(source.get("company"))
            or "",
            country=country(source.get("country_id"), where + "country_id"),
            company=text(source.get("company")),
            street=", ".join(t for t in (text(s) for s in street) if t)
            if isinstance(street, list)
            else text(street),
            postal_code=text(source.get("postcode")),
            city=text(source.get("city")),
            region=text(source.get("region")),
            email=text(source.get("email")) or text(doc.get("customer_email")),
            phone=text(source.get("telephone")),
        )
        due = money(doc.get("total_due"), "total_due") if doc.get("total_due") is not None else None
        return ShopOrder(
            platform=cls.platform,
            external_id=str(ident),
            number=text(doc.get("increment_id")) or str(ident),
            updated_at=updated,
            created_at=created,
            status=status,
            state=cls.status_map.get(state, "unknown"),
            currency=currency(doc.get("order_currency_code"), "order_currency_code"),
            paid=(due is not None and due == 0) or state in ("processing", "complete"),
            address=address,
            lines=lines,
            customer_email=text(doc.get("customer_email")),
            notes=text(doc.get("customer_note")),
            shipping_method=text(doc.get("shipping_description")),
            refs={"id": ident, "item_ids": item_ids},
            skipped=skipped,
        )

    @staticmethod
    def _line(item: dict[str, Any], where: str, skipped: list[str]) -> ShopLine | None:
        ordered = quantity(item.get("qty_ordered"), where + "qty_ordered")
        gone = quantity(item.get("qty_refunded") or 0, where + "qty_refunded") + quantity(
            item.get("qty_canceled") or 0, where + "qty_canceled"
        )
        units = max(ordered - gone, 0)
        name = text(item.get("name")) or ""
        sku = text(item.get("sku"))
        if sku is None:
            raise bad_payload("line_without_sku", where + "sku", "the item has no SKU")
        if units == 0:
            skipped.append(f"{name}: refunded or cancelled")
            return None
        price = money(item.get("price"), where + "price")
        return ShopLine(
            sku=sku,
            name=name,
            quantity=units,
            unit_price=per_unit(price * ordered, ordered),
            external_id=str(item.get("item_id")),
        )

    async def fetch(self, external_id: str) -> Any:
        body, _ = await self.http.json("GET", f"{self.api}/orders/{int(external_id)}")
        return body

    async def changed_since(self, since: datetime | None) -> AsyncIterator[list[Any]]:
        """``GET /V1/orders`` with ``searchCriteria`` on ``updated_at >= since`` (UTC), sorted
        by ``updated_at`` then ``entity_id`` (without a sort, rows repeat across pages). Stops
        at ``total_count``: asking past the end returns the last page again."""
        size = int(self.options.get("page_size", PAGE_SIZE))
        base: dict[str, Any] = {
            "searchCriteria[sortOrders][0][field]": "updated_at",
            "searchCriteria[sortOrders][0][direction]": "ASC",
            "searchCriteria[sortOrders][1][field]": "entity_id",
            "searchCriteria[sortOrders][1][direction]": "ASC",
            "searchCriteria[pageSize]": size,
        }
        if since is not None:
            base.update(
                {
                    "searchCriteria[filter_groups][0][filters][0][field]": "updated_at",
                    "searchCriteria[filter_groups][0][filters][0][value]": since.astimezone(
                        UTC
                    ).strftime("%Y-%m-%d %H:%M:%S"),
                    "searchCriteria[filter_groups][0][filters][0][condition_type]": "gteq",
                }
            )
        page = 1
        while True:
            body, _ = await self.http.json(
                "GET", f"{self.api}/orders", params={**base, "searchCriteria[currentPage]": page}
            )
            items = body.get("items") if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise bad_payload("invalid_order", "items", "the order list is missing", status=502)
            yield items
            total = int(body.get("total_count") or 0)
            if page * size >= total or not items:
                return
            page += 1

    async def push_completed(
        self, refs: Mapping[str, Any], tracking: list[dict[str, str]]
    ) -> dict[str, Any]:
        """``POST /V1/order/{id}/ship`` with every tracking number (``carrier_code`` custom
        unless the carrier is one Magento knows)."""
        order_id = int(refs["id"])
        tracks = [
            {
                "track_number": t["number"],
                "title": t.get("carrier") or "Carrier",
                "carrier_code": t.get("carrier_code") or "custom",
            }
            for t in tracking
        ]
        shipment, _ = await self.http.json(
            "POST", f"{self.api}/order/{order_id}/ship", json={"notify": True, "tracks": tracks}
        )
        return {"order_id": order_id, "shipment_id": shipment}

    async def push_stock(self, levels: Mapping[str, int]) -> dict[str, Any]:
        """MSI ``POST /V1/inventory/source-items`` (source ``options.source_code``, default
        ``default``), in batches of 100."""
        source = self.options.get("source_code", "default")
        items = [
            {"sku": sku, "source_code": source, "quantity": units, "status": 1 if units > 0 else 0}
            for sku, units in levels.items()
        ]
        for start in range(0, len(items), 100):
            await self.http.json(
                "POST",
                f"{self.api}/inventory/source-items",
                json={"sourceItems": items[start : start + 100]},
            )
        return {"updated": len(items)}
