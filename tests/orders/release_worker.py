"""A separate server process for the scheduled-release test: waits for "go" on stdin, runs one
round of the scheduled release against the given database and prints the ids it moved as JSON.

Usage: python -m tests.orders.release_worker DATABASE_URL NOW_ISO USE_LEASE(0|1)
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime

from server.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.domain.orders.jobs import release_due_orders


async def main(url: str, now: datetime, use_lease: bool) -> list[int]:
    engine = make_engine(Settings(database_url=url))
    try:
        print("ready", flush=True)
        sys.stdin.readline()
        return await release_due_orders(make_sessionmaker(engine), "Europe/Amsterdam", now=now, use_lease=use_lease)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    moved = asyncio.run(main(sys.argv[1], datetime.fromisoformat(sys.argv[2]), sys.argv[3] == "1"))
    print(json.dumps(moved), flush=True)
