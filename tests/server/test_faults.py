"""Faults: the API keeps serving without Redis and recovers from a PostgreSQL outage without a
restart. Each test starts its own PostgreSQL cluster or Redis server on a spare port."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from server.app import create_app
from server.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.db.models import User
from tests.conftest import PASSWORD, cached_hash, in_thread
from tests.live import live_server
from tests.private_servers import PrivatePostgres, PrivateRedis

pytestmark = pytest.mark.fault


async def _add_user(settings: Settings) -> None:
    engine = make_engine(settings)
    async with make_sessionmaker(engine)() as session:
        session.add(User(username="picker", display_name="P", password_hash=cached_hash(PASSWORD), roles=["picker"]))
        await session.commit()
    await engine.dispose()


async def _login(http: httpx.AsyncClient) -> httpx.Response:
    return await http.post("/api/auth/login", json={"username": "picker", "password": PASSWORD})


@asynccontextmanager
async def _served_on_private_postgres(
    tmp_path,
) -> AsyncIterator[tuple[PrivatePostgres, httpx.AsyncClient, dict[str, str]]]:
    """A private PostgreSQL cluster and the app on it (migrated, one picker) behind a real
    server: the cluster, a client and the picker's auth header. The cluster is removed after."""
    pg = PrivatePostgres()
    pg.start()
    try:
        settings = Settings(database_url=pg.url, data_dir=str(tmp_path), log_level="error")
        in_thread(upgrade, settings.database_url)
        await _add_user(settings)
        async with live_server(create_app(settings)) as base, httpx.AsyncClient(base_url=base, timeout=20) as http:
            token = (await _login(http)).json()["access_token"]
            yield pg, http, {"Authorization": f"Bearer {token}"}
    finally:
        pg.remove()


async def test_postgres_outage_gives_503_and_recovers_without_restart(tmp_path):
    async with _served_on_private_postgres(tmp_path) as (pg, http, auth):
        assert (await http.get("/api/products", headers=auth)).status_code == 200

        pg.stop()
        health = await http.get("/api/health")
        assert health.status_code == 503
        assert health.json()["database"] == "unavailable"
        for response in (await _login(http), await http.get("/api/products", headers=auth)):
            assert response.status_code == 503
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] == "database_unavailable"

        pg.start()
        statuses = []
        for _ in range(20):
            response = await http.get("/api/products", headers=auth)
            statuses.append(response.status_code)
            if response.status_code == 200:
                break
            await asyncio.sleep(0.5)
        assert statuses[-1] == 200, statuses
        assert (await http.get("/api/health")).json()["database"] == "ok"


async def test_connections_the_server_ended_are_not_handed_out(tmp_path):
    # Every backend of the app is terminated while idle (as a restart or an idle timeout does):
    # the next requests open new connections instead of failing on the dead ones.
    import asyncpg

    async with _served_on_private_postgres(tmp_path) as (pg, http, auth):
        assert (await http.get("/api/products", headers=auth)).status_code == 200
        admin = await asyncpg.connect(pg.url.replace("postgresql+asyncpg", "postgresql"))
        try:
            ended = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
        finally:
            await admin.close()
        assert ended >= 1
        await asyncio.sleep(0.5)  # the server's goodbye reaches the app's event loop
        statuses = [(await http.get("/api/products", headers=auth)).status_code for _ in range(5)]
        assert statuses == [200] * 5


async def _next_probe(lines, tag: str) -> dict:
    import json

    async for line in lines:
        if line.startswith("data:"):
            data = json.loads(line.split(":", 1)[1])
            if data.get("type") == tag:
                return data
    raise AssertionError("stream ended")


async def test_redis_outage_keeps_api_serving_and_events_resume(tmp_path):
    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    try:
        settings = Settings(redis_url=redis.url, data_dir=str(tmp_path / "db"), log_level="error")
        in_thread(upgrade, settings.effective_database_url)
        await _add_user(settings)
        app = create_app(settings)
        bus = app.state.event_bus
        async with live_server(app) as base, httpx.AsyncClient(base_url=base, timeout=30) as http:
            token = (await _login(http)).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            async with http.stream("GET", "/api/events?topics=orders", headers=auth) as stream:
                lines = stream.aiter_lines()

                async def publish_until_seen(tag: str, seconds: float) -> dict:
                    waiter = asyncio.ensure_future(_next_probe(lines, tag))
                    for _ in range(int(seconds / 0.2)):
                        bus.publish("orders", {"type": tag})
                        done, _ = await asyncio.wait({waiter}, timeout=0.2)
                        if done:
                            return waiter.result()
                    waiter.cancel()
                    raise AssertionError(f"no {tag} event within {seconds} s")

                assert (await publish_until_seen("before", 5))["type"] == "before"

                redis.stop()
                health = await http.get("/api/health")
                assert health.status_code == 200
                assert health.json() == {"status": "ok", "database": "ok", "cache": "redis", "cache_state": "unavailable"}
                assert (await http.get("/api/products", headers=auth)).status_code == 200
                assert (await _login(http)).status_code == 200
                wrong = await http.post("/api/auth/login", json={"username": "picker", "password": "x"})
                assert wrong.status_code == 401
                bus.publish("orders", {"type": "lost"})  # must not raise

                redis.start()
                assert (await publish_until_seen("after", 20))["type"] == "after"
                health = await http.get("/api/health")
                assert health.json()["cache_state"] == "ok"
    finally:
        redis.stop()


async def test_too_many_connections_is_a_503(tmp_path):
    # A server at its connection limit refuses new clients (SQLSTATE 53300): that is the database
    # being unavailable, not a server error.
    pg = PrivatePostgres()
    pg.start()
    try:
        settings = Settings(database_url=pg.url, data_dir=str(tmp_path), log_level="error")
        in_thread(upgrade, settings.database_url)
        await _add_user(settings)
        import asyncpg

        dsn = pg.url.replace("postgresql+asyncpg://", "postgresql://")
        holders = []
        try:
            while True:
                holders.append(await asyncpg.connect(dsn))
        except asyncpg.TooManyConnectionsError:
            pass
        app = create_app(settings)
        async with live_server(app) as base, httpx.AsyncClient(base_url=base, timeout=20) as http:
            response = await _login(http)
            assert response.status_code == 503
            assert response.json()["code"] == "database_unavailable"
            for conn in holders:
                await conn.close()
            assert (await _login(http)).status_code == 200
    finally:
        pg.remove()
