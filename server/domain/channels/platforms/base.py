"""What every platform connector offers."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any, ClassVar

from server.domain.channels.http import ShopHttp
from server.domain.channels.shape import ShopOrder


def hmac_sha256_b64_ok(raw: bytes, header: str | None, secret: str) -> bool:
    """True when ``header`` is base64(HMAC-SHA256(secret, raw)), compared in constant time."""
    if not header or not secret:
        return False
    want = base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest())
    return hmac.compare_digest(want, header.strip(" ").encode("latin-1", "replace"))


class Connector:
    """A shop on one platform. Class attributes describe the platform; an instance talks to one
    shop through ``http``.

    ``credentials`` keys per platform: WooCommerce and Lightspeed ``key`` + ``secret`` (HTTP
    Basic), Shopify and Magento ``token`` (access token / bearer token).
    """

    platform: ClassVar[str]
    signature_header: ClassVar[str]
    status_map: ClassVar[Mapping[str, str]]
    has_webhooks: ClassVar[bool] = True

    def __init__(self, http: ShopHttp, options: Mapping[str, Any] | None = None) -> None:
        self.http = http
        self.options = dict(options or {})

    @classmethod
    def http_config(cls, shop_url: str, credentials: Mapping[str, str]) -> dict[str, Any]:
        """``ShopHttp`` arguments (base URL, auth, headers) for this platform."""
        raise NotImplementedError

    # -- webhooks (raw bytes and headers) ---------------------------------------------------
    @classmethod
    def verify(cls, raw: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return hmac_sha256_b64_ok(raw, headers.get(cls.signature_header), secret)

    @classmethod
    def delivery(cls, raw: bytes, headers: Mapping[str, str]) -> tuple[str | None, str | None]:
        """``(delivery id, topic)`` from the headers, when the platform sends them."""
        return None, None

    @classmethod
    def is_ping(cls, raw: bytes, headers: Mapping[str, str]) -> bool:
        return False

    # -- payloads -------------------------------------------------------------------------
    @classmethod
    def looks_like(cls, doc: Any) -> bool:
        """True when ``doc`` has this platform's order shape (for wrong-platform checks and
        file import)."""
        raise NotImplementedError

    @classmethod
    def hint_id(cls, doc: Any) -> str | None:
        """The order id of a webhook body that only names an order (deleted, event hint)."""
        return None

    @classmethod
    def normalize(cls, doc: Any) -> ShopOrder:
        """The order in ``doc`` (this platform's JSON) in Shipfloor's terms. Raises 422
        problems naming the field (``invalid_order``, ``order_without_lines``,
        ``line_without_sku``, ``timestamp_without_zone``, ``invalid_currency``)."""
        raise NotImplementedError

    LIST_KEY: ClassVar[str | None] = None
    """Key of the order list in the platform's REST list answer (``{"orders": [...]}``), or None."""

    @classmethod
    def is_list_answer(cls, doc: Any) -> bool:
        """True when ``doc`` is a REST list answer wrapping orders under ``LIST_KEY``."""
        return cls.LIST_KEY is not None and isinstance(doc, dict) and isinstance(doc.get(cls.LIST_KEY), list)

    @classmethod
    def orders_in(cls, doc: Any) -> list[Any]:
        """The order documents in a file: one order, a REST list answer, or a JSON array."""
        if cls.is_list_answer(doc):
            return doc[cls.LIST_KEY]
        return doc if isinstance(doc, list) else [doc]

    # -- HTTP -----------------------------------------------------------------------------
    async def fetch(self, external_id: str) -> Any:
        """The order's current JSON, ready for ``normalize``."""
        raise NotImplementedError

    def changed_since(self, since: datetime | None) -> AsyncIterator[list[Any]]:
        """Pages of orders changed at or after ``since`` (UTC), oldest first where the
        platform can sort."""
        raise NotImplementedError

    async def push_completed(
        self, refs: Mapping[str, Any], tracking: list[dict[str, str]]
    ) -> dict[str, Any]:
        """Tell the shop the order shipped, with ``tracking`` (``number``, ``carrier``, optional
        ``url``). Returns what the shop said (ids), for the outbox row."""
        raise NotImplementedError

    async def push_stock(self, levels: Mapping[str, int]) -> dict[str, Any]:
        """Set the shop's stock of each SKU to the units given."""
        raise NotImplementedError
