"""Migrations build the whole schema on PostgreSQL and SQLite, go down and up again, and match
the models exactly."""

import asyncio
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

import server.db.models  # noqa: F401
from server.db.base import Base
from server.db.migrate import downgrade, upgrade
from tests.conftest import _drop_pg_database, _recreate_pg_database, in_thread, pg_url

FOUNDATION_TABLES = {
    "users",
    "auth_tokens",
    "products",
    "product_barcodes",
    "customers",
    "warehouse_layouts",
    "locations",
    "stock_levels",
}


@pytest.fixture(params=["postgres", "sqlite"])
def empty_database(request, tmp_path):
    """(async URL, sync URL) of an empty database."""
    if request.param == "sqlite":
        path = tmp_path / "m.sqlite3"
        yield f"sqlite+aiosqlite:///{path}", f"sqlite:///{path}"
        return
    name = f"shipfloor_migr_{uuid.uuid4().hex[:10]}"
    asyncio.run(_recreate_pg_database(name))
    url = pg_url(name)
    yield url, url.replace("+asyncpg", "+psycopg")
    asyncio.run(_drop_pg_database(name))


def _tables(sync_url: str) -> set[str]:
    engine = create_engine(sync_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _diff(sync_url: str) -> list:
    engine = create_engine(sync_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_database):
    url, sync_url = empty_database
    in_thread(upgrade, url)
    tables = _tables(sync_url)
    assert FOUNDATION_TABLES <= tables
    assert set(Base.metadata.tables) <= tables
    in_thread(downgrade, url, "base")
    assert _tables(sync_url) <= {"alembic_version"}
    in_thread(upgrade, url)
    assert set(Base.metadata.tables) <= _tables(sync_url)


def test_models_match_migrations(empty_database):
    url, sync_url = empty_database
    in_thread(upgrade, url)
    assert _diff(sync_url) == []
