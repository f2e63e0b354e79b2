"""Fake shops on loopback: one ASGI app per platform that serves orders the way the platform
does (paths, wrappers, pagination headers, 429 + Retry-After, slow answers, 5xx) and records
every request, so that the connectors talk HTTP to it exactly as to a real shop."""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, route
from litestar.params import FromPath

from tests.live import free_port


@dataclass
class Fault:
    """What the next matching request gets instead of an answer: ``status`` (429 with
    ``retry_after``, 500, 503…) or ``delay`` seconds of silence (a timeout)."""

    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    times: int = 1
    path: str = ""


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any


@dataclass
class FakeShop:
    platform: str
    orders: list[dict[str, Any]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    tracking_plugin: bool = True
    url: str = ""

    def __post_init__(self) -> None:
        # Shopify lists bare orders; its single-order answer wraps them.
        if self.platform == "shopify":
            self.orders = [o.get("order", o) for o in self.orders]

    def fail(self, **kwargs: Any) -> None:
        self.faults.append(Fault(**kwargs))

    def requests(self, method: str, fragment: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and fragment in c.path]


def _updated(platform: str, doc: dict[str, Any]) -> datetime:
    if platform == "woocommerce":
        return datetime.fromisoformat(doc["date_modified_gmt"]).replace(tzinfo=UTC)
    if platform == "shopify":
        return datetime.fromisoformat(doc["updated_at"]).astimezone(UTC)
    if platform == "magento":
        return datetime.fromisoformat(doc["updated_at"]).replace(tzinfo=UTC)
    return datetime.fromisoformat(doc["order"]["updatedAt"]).astimezone(UTC)


def _since(platform: str, query: dict[str, list[str]]) -> datetime | None:
    keys = {
        "woocommerce": "modified_after",
        "shopify": "updated_at_min",
        "lightspeed": "updated_at_min",
        "magento": "searchCriteria[filter_groups][0][filters][0][value]",
    }
    value = (query.get(keys[platform]) or [None])[0]
    if value is None:
        return None
    parsed = datetime.fromisoformat(value.replace(" ", "T"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        json.dumps(body).encode(),
        status_code=status,
        media_type="application/json",
        headers=headers or {},
    )


def make_app(shop: FakeShop) -> Litestar:
    @route("/{path:path}", http_method=["GET", "POST", "PUT"])
    async def handle(request: Request, path: FromPath[str]) -> Response[bytes]:
        raw = await request.body()
        query: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            query.setdefault(key, []).append(value)
        shop.calls.append(Call(request.method, path, query, json.loads(raw) if raw else None))
        for fault in shop.faults:
            if fault.times > 0 and fault.path in path:
                fault.times -= 1
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.status:
                    headers = (
                        {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                    )
                    return _json({"errors": "fault"}, fault.status, headers)
                break
        return _dispatch(shop, request.method, path, query, json.loads(raw) if raw else None)

    return Litestar(route_handlers=[handle], debug=False)


def _page(items: list[Any], page: int, size: int) -> list[Any]:
    return items[(page - 1) * size : page * size]


def _bare(doc: dict[str, Any]) -> dict[str, Any]:
    """A Lightspeed order as the REST API answers it: resources linked, not embedded."""
    order = copy.deepcopy(doc["order"])
    for key in ("products", "shipments"):
        order[key] = {
            "resource": {k: v for k, v in order[key]["resource"].items() if k != "embedded"}
        }
    return order


def _dispatch(
    shop: FakeShop, method: str, path: str, query: dict[str, list[str]], body: Any
) -> Response[bytes]:
    p = shop.platform
    since = _since(p, query)
    listed = sorted(
        (o for o in shop.orders if since is None or _updated(p, o) >= since),
        key=lambda o: _updated(p, o),
    )

    def find(ident: str) -> dict[str, Any] | None:
        for o in shop.orders:
            oid = o["order"]["id"] if p == "lightspeed" else o.get("entity_id", o.get("id"))
            if str(oid) == ident:
                return o
        return None

    parts = path.strip("/").split("/")
    if p == "woocommerce":
        if parts[:3] == ["wp-json", "wc", "v3"] and parts[3:] == ["orders"] and method == "GET":
            size, page = int(query["per_page"][0]), int(query.get("page", ["1"])[0])
            pages = max(1, -(-len(listed) // size))
            headers = {"X-WP-Total": str(len(listed)), "X-WP-TotalPages": str(pages)}
            if page < pages:
                headers["Link"] = f'<{shop.url}/wp-json/wc/v3/orders?page={page + 1}>; rel="next"'
            return _json(_page(listed, page, size), headers=headers)
        if parts[:3] == ["wp-json", "wc", "v3"] and parts[3:4] == ["orders"] and len(parts) >= 5:
            order = find(parts[4])
            if order is None:
                return _json({"code": "woocommerce_rest_shop_order_invalid_id"}, 404)
            if method == "PUT":
                order.update(body)
            return _json(order)
        if parts[:2] == ["wp-json", "wc-shipment-tracking"]:
            if not shop.tracking_plugin:
                return _json({"code": "rest_no_route"}, 404)
            return _json({"tracking_id": "trk-1"}, 201)
    if p == "shopify":
        if parts[-1] == "orders.json":
            if "page_info" in query and set(query) - {"page_info", "limit", "fields"}:
                return _json({"errors": "page_info cannot be combined with other parameters"}, 400)
            size = int(query["limit"][0])
            offset = int(base64.b64decode(query["page_info"][0])) if "page_info" in query else 0
            if "page_info" in query:
                listed = shop._listing  # type: ignore[attr-defined]
            else:
                shop._listing = listed  # type: ignore[attr-defined]
            chunk = listed[offset : offset + size]
            headers = {"X-Shopify-Shop-Api-Call-Limit": "1/40"}
            if offset + size < len(listed):
                cursor = base64.b64encode(str(offset + size).encode()).decode()
                headers["Link"] = (
                    f'<{shop.url}/admin/api/2025-01/orders.json?limit={size}&page_info={cursor}>; rel="next"'
                )
            return _json({"orders": chunk}, headers=headers)
        if parts[-1] == "fulfillment_orders.json":
            return _json(
                {
                    "fulfillment_orders": [
                        {"id": 7001, "status": "open"},
                        {"id": 7002, "status": "closed"},
                    ]
                }
            )
        if parts[-1] == "fulfillments.json" and method == "POST":
            return _json({"fulfillment": {"id": 8001}}, 201)
        if len(parts) == 5 and parts[3] == "orders" and parts[4].endswith(".json"):
            order = find(parts[4].removesuffix(".json"))
            return _json({"order": order}) if order else _json({"errors": "Not Found"}, 404)
    if p == "magento":
        if parts[-1] == "orders" and method == "GET":
            size = int(query["searchCriteria[pageSize]"][0])
            page = int(query["searchCriteria[currentPage]"][0])
            pages = max(1, -(-len(listed) // size))
            # Past the end Magento answers the last page again.
            return _json(
                {
                    "items": _page(listed, min(page, pages), size),
                    "total_count": len(listed),
                    "search_criteria": {},
                }
            )
        if parts[-2:-1] == ["orders"]:
            order = find(parts[-1])
            return (
                _json(order)
                if order
                else _json({"message": "The entity that was requested doesn't exist."}, 404)
            )
        if parts[-1] == "ship" and method == "POST":
            return _json(9001)
        if parts[-1] == "source-items" and method == "POST":
            return _json([])
    if p == "lightspeed":
        if parts[-1] == "orders.json":
            size, page = int(query["limit"][0]), int(query.get("page", ["1"])[0])
            return _json({"orders": [_bare(o) for o in _page(listed, page, size)]})
        if parts[-1] == "products.json":
            order = find(parts[-2])
            return (
                _json({"orderProducts": order["order"]["products"]["resource"]["embedded"]})
                if order
                else _json({"error": "not found"}, 404)
            )
        if parts[-1] == "shipments.json":
            order = find(query["order"][0])
            return _json(
                {"shipments": order["order"]["shipments"]["resource"]["embedded"] if order else []}
            )
        if parts[-2:-1] == ["orders"] and parts[-1].endswith(".json"):
            order = find(parts[-1].removesuffix(".json"))
            return _json({"order": _bare(order)}) if order else _json({"error": "not found"}, 404)
        if parts[-2:-1] == ["shipments"] and method == "PUT":
            return _json(
                {"shipment": {"id": int(parts[-1].removesuffix(".json")), **body["shipment"]}}
            )
    return _json({"error": f"no route {method} {path}"}, 404)


@asynccontextmanager
async def serve(shop: FakeShop) -> AsyncIterator[FakeShop]:
    """Serve ``shop`` on 127.0.0.1 for the duration of the block (``shop.url`` set).

    The shop runs in its own thread and event loop: the app under test is driven through
    Litestar's test client, which blocks the test's loop while a request runs, and the app's
    requests to the shop must still be answered meanwhile.
    """
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(make_app(shop), host="127.0.0.1", port=port, log_config=None, lifespan="off")
    )
    thread = threading.Thread(target=server.run, name=f"fake-{shop.platform}", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the fake shop did not start")
        await asyncio.sleep(0.01)
    shop.url = f"http://127.0.0.1:{port}"
    try:
        yield shop
    finally:
        server.should_exit = True
        server.force_exit = True
        await asyncio.to_thread(thread.join, 10)
