"""GET /api/health reports the database and the cache backend actually in use."""


async def test_health_reports_database_and_cache(client, backend):
    response = await client.get("/api/health")
    assert response.status_code == 200
    expected_cache = "redis" if backend.name == "postgres" else "memory"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": expected_cache,
        "cache_state": "ok",
    }


async def test_health_needs_no_token_and_carries_request_id(client):
    response = await client.get("/api/health", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "abc-123"
    fresh = await client.get("/api/health")
    assert len(fresh.headers["x-request-id"]) == 32
