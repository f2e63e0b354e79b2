"""Failed-login counting on a Litestar store (Redis when configured, memory otherwise).

If the Redis store fails, counting falls back to process memory rather than refusing logins.
"""

from __future__ import annotations

import logging

from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from redis.exceptions import RedisError

logger = logging.getLogger("shipfloor.auth")

IP_FACTOR = 10


class LoginLimiter:
    """Counts failures per key (``user:<name>``, ``badge:<code>``, ``ip:<address>``).

    Args:
        store: where counters live; values are decimal counts.
        max_failures: failures allowed within ``window_seconds`` before ``blocked`` is true.
        window_seconds: counter lifetime, seconds, from the first failure.
    """

    def __init__(self, store: Store, max_failures: int, window_seconds: int) -> None:
        self.store = store
        self.fallback = MemoryStore()
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    async def _get(self, key: str) -> int:
        try:
            raw = await self.store.get(key)
        except (RedisError, OSError):
            raw = await self.fallback.get(key)
        return int(raw) if raw else 0

    def limit(self, key: str) -> int:
        """Failures allowed for ``key``: a whole floor can sit behind one address (a proxy or
        NAT), so an address gets ``IP_FACTOR`` times what one user name or badge gets."""
        return self.max_failures * IP_FACTOR if key.startswith("ip:") else self.max_failures

    async def blocked(self, keys: list[str]) -> bool:
        """True when any key has reached its limit."""
        for key in keys:
            if await self._get(key) >= self.limit(key):
                return True
        return False

    async def record_failure(self, keys: list[str]) -> None:
        """Count one failure for each key."""
        for key in keys:
            count = await self._get(key) + 1
            try:
                ttl = await self.store.expires_in(key)
                await self.store.set(key, str(count), expires_in=ttl if ttl and ttl > 0 else self.window_seconds)
            except (RedisError, OSError):
                logger.warning("login limiter: redis unavailable, counting in memory")
                await self.fallback.set(key, str(count), expires_in=self.window_seconds)

    async def reset(self, keys: list[str]) -> None:
        """Forget the failures of ``keys`` (after a successful login)."""
        for key in keys:
            try:
                await self.store.delete(key)
            except (RedisError, OSError):
                pass
            await self.fallback.delete(key)
