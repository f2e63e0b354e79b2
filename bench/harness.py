"""What the server benchmarks share: the PostgreSQL to run against, a scratch database, a
free port and a ``shipfloor serve`` process on it.

PostgreSQL on the same machine is reached over its Unix socket when the socket is there
(``/var/run/postgresql``, Debian's place), as a single-host install would: one round trip over
TCP loopback costs several times as much (``SELECT 1``: 0.10 ms against 0.46 ms here). Pass
``--pg`` (or set ``SHIPFLOOR_TEST_PG``) to measure over TCP.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
SOCKET_DIR = "/var/run/postgresql"


def default_pg() -> str:
    """``SHIPFLOOR_TEST_PG``, else the local server over its Unix socket when there is one,
    else over TCP on 127.0.0.1:5432 (an admin DSN for ``asyncpg``)."""
    if os.environ.get("SHIPFLOOR_TEST_PG"):
        return os.environ["SHIPFLOOR_TEST_PG"]
    if Path(SOCKET_DIR, ".s.PGSQL.5432").exists():
        return f"postgresql://postgres@/postgres?host={SOCKET_DIR}"
    return "postgresql://postgres@127.0.0.1:5432/postgres"


def database_dsn(admin_dsn: str, name: str, driver: str | None = None) -> str:
    """``admin_dsn`` pointed at database ``name`` (query options such as ``host`` kept);
    ``driver`` ``"asyncpg"`` gives the SQLAlchemy URL ``postgresql+asyncpg://…``."""
    url = make_url(admin_dsn).set(database=name)
    if driver:
        url = url.set(drivername=f"postgresql+{driver}")
    return url.render_as_string(hide_password=False)


def transport(admin_dsn: str) -> str:
    """``"Unix socket"`` or ``"TCP"``: how ``admin_dsn`` reaches the server."""
    url = make_url(admin_dsn)
    return "Unix socket" if not url.host and str(url.query.get("host", "")).startswith("/") else "TCP"


@asynccontextmanager
async def scratch_database(admin_dsn: str, name: str) -> AsyncIterator[str]:
    """A new empty database ``name`` (an older one of that name is dropped first); yields its
    DSN and drops it afterwards."""
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield database_dsn(admin_dsn, name)
    finally:
        conn = await asyncpg.connect(admin_dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def served(env: dict[str, str], workers: int, log: Path | None = None) -> AsyncIterator[str]:
    """``shipfloor serve`` with ``env`` on a free port and ``workers`` processes; yields its
    base URL once ``/api/health`` answers (60 s at most) and stops it afterwards. On an error
    the end of the server's log (``log``) is printed."""
    port = free_port()
    sink = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=sink,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=5) as client:
            for _ in range(600):
                try:
                    if (await client.get("/api/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None:
                    raise RuntimeError(f"shipfloor serve exited with {server.returncode}")
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("shipfloor serve did not answer /api/health within 60 s")
        yield base
    except BaseException:
        if log:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=30)
        if log:
            sink.close()
