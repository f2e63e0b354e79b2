"""Platform name → connector class, and recognising a payload's platform."""

from __future__ import annotations

from typing import Any

from server.domain.channels.platforms.base import Connector
from server.domain.channels.platforms.lightspeed import Lightspeed
from server.domain.channels.platforms.magento import Magento
from server.domain.channels.platforms.shopify import Shopify
from server.domain.channels.platforms.woocommerce import WooCommerce

PLATFORMS: dict[str, type[Connector]] = {
    "woocommerce": WooCommerce,
    "shopify": Shopify,
    "magento": Magento,
    "lightspeed": Lightspeed,
}


def detect(doc: Any) -> str | None:
    """The platform whose order shape ``doc`` has (one order, or the first of a list)."""
    for name, connector in PLATFORMS.items():
        for candidate in connector.orders_in(doc)[:1]:
            if connector.looks_like(candidate):
                return name
    return None
