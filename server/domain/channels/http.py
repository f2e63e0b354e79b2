"""HTTP to the shops with httpx: retries with backoff, 429 + ``Retry-After``, timeouts.

A shop answer that cannot be had becomes a ``ShopUnavailable`` problem: 504 ``shop_timeout``,
503 ``shop_rate_limited`` (``retry_after`` seconds), 502 ``shop_error`` (the shop's status in
``shop_status``). 404 becomes ``ShopNotFound``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

import httpx

from server.errors import ShipfloorError

logger = logging.getLogger("shipfloor.channels.http")

Sleep = Callable[[float], Awaitable[None]]


class ShopUnavailable(ShipfloorError):
    """The shop did not give an answer we can use (after retries)."""


class ShopNotFound(ShipfloorError):
    """The shop says the resource does not exist (404)."""


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta seconds (Shopify, decimals allowed)
    or an HTTP date (seen from Lightspeed); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class QuotaPacer:
    """Client-side request quotas: ``windows`` of ``(seconds, requests)``, each a sliding
    window. ``delay()`` is how long to wait before the next request keeps every window; the
    request is counted by ``spent()``. One pacer per shop and key, shared by the process."""

    def __init__(
        self, windows: list[tuple[float, int]], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.windows = sorted(windows)
        self.clock = clock
        self.sent: deque[float] = deque(maxlen=max(limit for _, limit in windows))

    def delay(self) -> float:
        now = self.clock()
        wait = 0.0
        for seconds, limit in self.windows:
            recent = [t for t in self.sent if t > now - seconds]
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + seconds - now)
        return wait

    def spent(self) -> None:
        self.sent.append(self.clock())


_PACERS: dict[str, QuotaPacer] = {}


def pacer_for(key: str, windows: list[tuple[float, int]]) -> QuotaPacer:
    """The process-wide pacer of ``key`` (a shop URL and API key)."""
    if key not in _PACERS:
        _PACERS[key] = QuotaPacer(windows)
    return _PACERS[key]


class ShopHttp:
    """One shop's HTTP client.

    Args:
        base_url: the shop's API root.
        timeout: seconds per attempt (connect, read, write, pool).
        max_attempts: attempts per request, the first included.
        max_wait: longest wait in seconds for one ``Retry-After`` or backoff; a shop asking for
            longer gets ``shop_rate_limited`` at once, so a sweep never sleeps for an hour.
        backoff: first backoff in seconds after a 5xx or timeout; doubles per attempt, with
            jitter.
        pace: called with each response; returns seconds to wait before the next request
            (platform bucket headers).
        quota: client-side quotas kept before each request (Lightspeed's published limits); a
            wait longer than ``max_wait`` ends the request with ``shop_rate_limited``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        auth: httpx.Auth | tuple[str, str] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
        max_attempts: int = 5,
        max_wait: float = 30.0,
        backoff: float = 0.5,
        pace: Callable[[httpx.Response], float] | None = None,
        quota: QuotaPacer | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.client = httpx.AsyncClient(
            base_url=base_url,
            auth=auth,
            headers=headers,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        self.backoff = backoff
        self.pace = pace
        self.quota = quota
        self.sleep = sleep
        self.requests = 0
        self.waited = 0.0

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _wait(self, seconds: float) -> None:
        self.waited += seconds
        await self.sleep(seconds)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request, retrying 429, 5xx, timeouts and connection errors; returns the
        first 2xx/3xx response. Raises ``ShopNotFound`` (404), ``ShopUnavailable`` (others)."""
        last: str = ""
        for attempt in range(1, self.max_attempts + 1):
            if self.quota is not None:
                wait = self.quota.delay()
                if wait > self.max_wait:
                    raise ShopUnavailable(
                        503,
                        "shop_rate_limited",
                        f"The shop's request quota is used up for {wait:.0f} s.",
                        retry_after=round(wait, 1),
                    )
                if wait > 0:
                    await self._wait(wait)
                self.quota.spent()
            self.requests += 1
            try:
                response = await self.client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                last = "timeout"
                if attempt == self.max_attempts:
                    raise ShopUnavailable(
                        504,
                        "shop_timeout",
                        f"The shop did not answer {method} {url} within {self.client.timeout.read} s "
                        f"({attempt} attempts).",
                    ) from None
                await self._wait(self._backoff(attempt))
                continue
            except httpx.TransportError as exc:
                last = exc.__class__.__name__
                if attempt == self.max_attempts:
                    raise ShopUnavailable(
                        502,
                        "shop_unreachable",
                        f"The shop cannot be reached ({last}).",
                    ) from None
                await self._wait(self._backoff(attempt))
                continue
            status = response.status_code
            if status == 429:
                wait = retry_after_seconds(response.headers.get("retry-after"))
                wait = self._backoff(attempt) if wait is None else wait
                if wait > self.max_wait or attempt == self.max_attempts:
                    raise ShopUnavailable(
                        503,
                        "shop_rate_limited",
                        f"The shop keeps answering 429 Too Many Requests (asks to wait {wait:.0f} s).",
                        retry_after=round(wait, 1),
                    )
                logger.info("shop rate limit", extra={"url": url, "wait": wait})
                await self._wait(wait)
                continue
            if status >= 500:
                last = f"HTTP {status}"
                if attempt == self.max_attempts:
                    raise ShopUnavailable(
                        502,
                        "shop_error",
                        f"The shop answered {method} {url} with HTTP {status}.",
                        shop_status=status,
                    )
                await self._wait(self._backoff(attempt))
                continue
            if status == 404:
                raise ShopNotFound(404, "shop_not_found", f"The shop has no {url}.")
            if status >= 400:
                raise ShopUnavailable(
                    502,
                    "shop_error",
                    f"The shop refused {method} {url} with HTTP {status}: {response.text[:200]}",
                    shop_status=status,
                )
            if self.pace is not None:
                pause = self.pace(response)
                if pause > 0:
                    await self._wait(min(pause, self.max_wait))
            return response
        raise ShopUnavailable(
            502, "shop_error", f"No answer from the shop ({last})."
        )  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return min(self.max_wait, self.backoff * 2 ** (attempt - 1)) * random.uniform(0.8, 1.0)

    async def json(self, method: str, url: str, **kwargs: Any) -> tuple[Any, httpx.Response]:
        """``request`` and decode the JSON body; 502 ``shop_error`` when it is not JSON (an
        HTML error page from a WAF, say)."""
        response = await self.request(method, url, **kwargs)
        try:
            return response.json(), response
        except ValueError:
            raise ShopUnavailable(
                502,
                "shop_error",
                f"The shop's answer to {method} {url} is not JSON.",
            ) from None
