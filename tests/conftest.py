"""Shared fixtures: a migrated database per backend and per parallel worker, the app on it, and
users of every role.

Integration tests take the ``backend`` fixture and run twice: on PostgreSQL + Redis (the
production stack) and on SQLite + in-memory channels (the embedded default). Databases are built
by running the Alembic migrations, never by ``create_all``.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
import redis as redis_sync
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scanners import make_code
from server.app import create_app
from server.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.domain.auth.security import hash_secret

PG_ADMIN_DSN = os.environ.get("SHIPFLOOR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SHIPFLOOR_TEST_REDIS", "redis://127.0.0.1:6379")

PASSWORD = "correct horse battery"
# username -> (roles, badge, pin)
TEST_USERS = {
    "admin": (["admin"], make_code("badge", "TADMIN"), "1001"),
    "supervisor": (["supervisor"], make_code("badge", "TSUPER"), "1002"),
    "picker": (["picker"], make_code("badge", "TPICK"), "1003"),
    "packer": (["packer"], make_code("badge", "TPACK"), "1004"),
}


def in_thread(fn, *args):
    """Run blocking setup that starts its own event loop (Alembic, asyncio.run) off the test's
    running loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args).result()


def worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "gw0")


def run_id() -> str:
    """Unique per test run (shared by its xdist workers), so that runs side by side on one
    machine never share a database or Redis namespace."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID", f"p{os.getpid()}")[:12]


async def _drop_pg_database(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def worker_number() -> int:
    return int(worker_id().removeprefix("gw") or 0)


def pg_url(database: str) -> str:
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


async def _recreate_pg_database(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """This worker's PostgreSQL database, migrated to head; yields its async URL and drops the
    database after the run."""
    name = f"shipfloor_test_{run_id()}_{worker_id()}"
    in_thread(asyncio.run, _recreate_pg_database(name))
    url = pg_url(name)
    in_thread(upgrade, url)
    yield url
    in_thread(asyncio.run, _drop_pg_database(name))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    in_thread(upgrade, f"sqlite+aiosqlite:///{path}")
    return path


async def _truncate_pg(url: str) -> None:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        if tables:
            names = ", ".join(f'"{t["tablename"]}"' for t in tables)
            await conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await conn.close()


@dataclass
class Backend:
    """Where one test's app stores its data."""

    name: str
    settings: Settings


@pytest.fixture(params=["postgres", "sqlite"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncGenerator[Backend, None]:
    """The settings of a clean, migrated database: PostgreSQL + Redis, or SQLite + memory."""
    namespace = f"sftest_{run_id()}_{worker_id()}"
    if request.param == "postgres":
        url = request.getfixturevalue("pg_database")
        await _truncate_pg(url)
        client = redis_sync.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{namespace}*"):
            client.delete(key)
        client.close()
        settings = Settings(
            database_url=url,
            redis_url=REDIS_URL,
            redis_namespace=namespace,
            data_dir=str(tmp_path),
            log_level="warning",
        )
    else:
        template = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "shipfloor.sqlite3")
        settings = Settings(data_dir=str(tmp_path), redis_namespace=namespace, log_level="warning")
    yield Backend(request.param, settings)


@pytest.fixture
async def app(backend: Backend):
    return create_app(backend.settings)


@pytest.fixture
async def client(app) -> AsyncGenerator[AsyncTestClient, None]:
    """An HTTP client on the app (lifespan run), base URL ``http://testserver.local``."""
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
async def db(backend: Backend) -> AsyncGenerator[async_sessionmaker[AsyncSession], None]:
    """A session factory on the test's database for arranging and checking data.

    It has its own engine: the app's engine lives on the test client's event loop.
    """
    engine = make_engine(backend.settings)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


@functools.cache
def cached_hash(secret: str) -> str:
    """Argon2 hashing is slow on purpose; hash each test secret once per run."""
    return hash_secret(secret)


@pytest.fixture
async def users(db) -> dict[str, int]:
    """One user per role (see ``TEST_USERS``), password ``PASSWORD``; returns ids by name."""
    from server.db.models import User

    ids = {}
    async with db() as session:
        for username, (roles, badge, pin) in TEST_USERS.items():
            user = User(
                username=username,
                display_name=username.title(),
                password_hash=cached_hash(PASSWORD),
                badge_code=badge,
                pin_hash=cached_hash(pin),
                roles=roles,
            )
            session.add(user)
            await session.flush()
            ids[username] = user.id
        await session.commit()
    return ids


@pytest.fixture
def login(client: AsyncTestClient, users: dict[str, int]):
    """``await login("picker")`` → headers with that user's bearer token."""

    async def _login(username: str) -> dict[str, str]:
        response = await client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return _login


@pytest.fixture
def repo_root() -> Iterator[Path]:
    yield Path(__file__).resolve().parents[1]
