"""Every route except health, login and signed webhooks rejects anonymous callers; metrics and logs carry what
operators need."""

from litestar.routes import HTTPRoute

from server.web import WEB_PATHS

# Webhooks authenticate by the platform's signature over the body instead of a token.
PUBLIC = {("GET", "/api/health"), ("POST", "/api/auth/login"), ("POST", "/api/webhooks/1")}
DOCS = "/schema"


def api_operations(app) -> list[tuple[str, str]]:
    operations = []
    for route in app.routes:
        # The handheld app's files are public (tests/pwa/test_web.py checks them).
        if not isinstance(route, HTTPRoute) or route.path.startswith(DOCS) or route.path in WEB_PATHS:
            continue
        for method in route.methods:
            if method in {"OPTIONS", "HEAD"}:
                continue
            path = "/".join("1" if part.startswith("{") else part for part in route.path.split("/"))
            operations.append((method, path))
    return sorted(operations)


async def test_every_route_but_health_and_login_needs_a_token(client, app):
    operations = api_operations(app)
    assert len(operations) >= 8
    for method, path in operations:
        response = await client.request(method, path, json={} if method in {"POST", "PATCH", "PUT"} else None)
        if (method, path) in PUBLIC:
            assert response.status_code != 401, (method, path)
        else:
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["code"] == "not_authenticated"


async def test_metrics_group_requests_by_route_template(client, login):
    headers = await login("supervisor")
    for product_id in (11, 12, 13):
        await client.get(f"/api/products/{product_id}", headers=headers)
    await client.post("/api/auth/login", json={"username": "picker", "password": "wrong"})
    text = (await client.get("/metrics", headers=headers)).text
    lines = [line for line in text.splitlines() if line.startswith("shipfloor_requests_total{")]
    templated = [line for line in lines if 'path="/api/products/{product_id}"' in line]
    assert templated, lines
    assert not any('path="/api/products/11"' in line for line in lines)
    assert any(line.startswith("shipfloor_request_duration_seconds_bucket{") for line in text.splitlines())
    refused = [
        line for line in text.splitlines()
        if line.startswith("shipfloor_logins_total{") and 'outcome="refused"' in line
    ]
    assert refused and float(refused[0].rsplit(" ", 1)[1]) >= 1.0


async def test_metrics_scrape_token(backend, users):
    from litestar.testing import AsyncTestClient

    from server.app import create_app

    app = create_app(backend.settings.replace(metrics_token="scrape-secret"))
    async with AsyncTestClient(app=app) as client:
        ok = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
        assert ok.status_code == 200
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secrets"})
        assert wrong.status_code == 401
        # The scrape token opens /metrics only.
        other = await client.get("/api/products", headers={"Authorization": "Bearer scrape-secret"})
        assert other.status_code == 401
