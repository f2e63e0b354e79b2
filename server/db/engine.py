"""Engine and session factory for the configured database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from server.config import Settings


def make_engine(settings: Settings) -> AsyncEngine:
    """Create the async engine for ``settings.effective_database_url``.

    SQLite gets WAL mode, foreign keys and a busy timeout so that the embedded default behaves
    like a server database for one process. On PostgreSQL the pool hands out no connection the
    server has closed (restart, idle timeout, terminated backend), so that it recovers by itself
    after a database restart: see ``_skip_closed``.
    """
    url = settings.effective_database_url
    if url.startswith("sqlite"):
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    engine = create_async_engine(
        url,
        # Kept connections carry their prepared statements; overflow ones are opened and closed
        # again under load, preparing every statement anew. Two workers: 60 connections at most.
        pool_size=20,
        max_overflow=10,
        pool_timeout=10,
        connect_args={"timeout": 5, "command_timeout": 30},
    )
    event.listen(engine.sync_engine, "checkout", _skip_closed)
    return engine


def _skip_closed(_dbapi_connection: object, record: ConnectionPoolEntry, _proxy: object) -> None:
    """Refuse a pooled connection whose socket the server has closed; the pool then opens a
    new one (up to three tries, SQLAlchemy "Disconnect Handling - Pessimistic").

    asyncpg marks a connection closed as soon as the event loop sees the server end it, so
    this costs no round trip, where ``pool_pre_ping`` costs three per request (BEGIN, a ping,
    ROLLBACK: about 0.35 ms of CPU, measured with ``bench/scans.py``). A connection that died
    without the server closing it (a network cut) fails its first statement instead: that
    request answers 503 ``database_unavailable`` and SQLAlchemy replaces the whole pool.
    """
    if record.driver_connection.is_closed():
        raise DisconnectionError("the server closed this connection")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (responses are built from them)."""
    return async_sessionmaker(engine, expire_on_commit=False)
