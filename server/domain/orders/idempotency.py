"""``Idempotency-Key`` for requests that create something (``POST /api/orders``), after the IETF
draft "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header,
https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/).

A client that may send a request twice (a double-clicked Save, a retry after a lost response)
sends a key of its own making with it, the same key on every try:

- The key is 1 to 255 printable ASCII characters (space to ``~``), sent bare
  (``Idempotency-Key: 8e03978e-40d5-43e8-bc93-6894a57f9324``) or as the draft's Structured
  Field string (``Idempotency-Key: "8e03978e-..."``; both name the same key). Anything else is
  a 400 ``invalid_idempotency_key`` problem.
- Keys are per user: another user's same key is another key.
- The first request with a key is answered as without one; the key, who sent it, the
  request's fingerprint (SHA-256 of its method, path and the canonical JSON of its body) and
  the answer are stored in the same transaction as what the request created: what a key
  created exists exactly when its key is stored.
- The same key with the same request again: the stored answer (same status and body) with
  ``Idempotent-Replayed: true``; nothing is created.
- The same key with another request: 422 ``idempotency_key_reused``; nothing is created.
- Two requests with one key at the same moment: the unique constraint on (user, key) makes
  the second wait for the first's transaction; then it is answered with the first's answer
  (or, should the first's answer not be readable yet, 409 ``idempotency_key_in_progress``
  with ``Retry-After``).
- Only answers of requests that succeeded are stored: a refused request (422, 409...) writes
  nothing, so it can be sent again, corrected, with the same key.
- A key expires ``KEY_LIFETIME`` (24 hours) after its first use: after that it is a new key.
  A user's expired keys are removed when that user next sends a key, so the table holds about
  a day of keys per user.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import IdempotencyKey
from server.errors import ShipfloorError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255

INVALID = "invalid_idempotency_key"
REUSED = "idempotency_key_reused"
IN_PROGRESS = "idempotency_key_in_progress"


@dataclass(frozen=True, slots=True)
class Answer:
    """What a request is answered: ``status`` and ``body`` (JSON-ready), ``replayed`` when it
    is a stored answer sent again."""

    status: int
    body: Any
    replayed: bool = False

    @property
    def headers(self) -> dict[str, str]:
        return {REPLAYED_HEADER: "true"} if self.replayed else {}


def _invalid(message: str) -> ShipfloorError:
    return ShipfloorError(
        400, INVALID, f"{HEADER}: {message}", field=HEADER,
        errors=[{"field": HEADER, "source": "header", "message": message}],
    )


def _unquote(inner: str) -> str | None:
    """The value of a Structured Field string (RFC 8941 3.3.3) without its quotes, or None
    when it is not one (a bare ``"`` or a ``\\`` before anything but ``"`` and ``\\``)."""
    chars: list[str] = []
    escaped = False
    for char in inner:
        if escaped:
            if char not in '"\\':
                return None
            chars.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return None
        else:
            chars.append(char)
    return None if escaped else "".join(chars)


def read_key(value: str | None) -> str | None:
    """The key of an ``Idempotency-Key`` header value, None without the header.

    Raises 400 ``invalid_idempotency_key`` (``field``: ``Idempotency-Key``) for an empty key,
    one longer than 255 characters, one with a character outside printable ASCII (space to
    ``~``), or a malformed quoted string."""
    if value is None:
        return None
    key = value.strip(" \t")  # optional white space around a field value is not part of it
    if len(key) >= 2 and key[0] == key[-1] == '"':
        unquoted = _unquote(key[1:-1])
        if unquoted is None:
            raise _invalid('a quoted key escapes only " and \\ with a backslash')
        key = unquoted
    if not key:
        raise _invalid("the key is empty; send 1 to 255 printable ASCII characters")
    if len(key) > MAX_KEY_LENGTH:
        raise _invalid(f"the key has {len(key)} characters; send at most {MAX_KEY_LENGTH}")
    if any(not " " <= char <= "~" for char in key):
        raise _invalid("the key may hold printable ASCII characters only (space to ~)")
    return key


def fingerprint(request: str, body: msgspec.Struct) -> str:
    """SHA-256 (hex) of ``request`` (method and path, e.g. ``"POST /api/orders"``) and the
    canonical JSON of the decoded ``body``: keys sorted, no white space, defaults filled in,
    so that the same request written another way has the same fingerprint."""
    canonical = msgspec.json.encode(body, order="sorted")
    return hashlib.sha256(request.encode() + b"\n" + canonical).hexdigest()


async def _fresh(session: AsyncSession, user_id: int, key: str, now: datetime) -> IdempotencyKey | None:
    return await session.scalar(
        select(IdempotencyKey)
        .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key,
               IdempotencyKey.created_at > now - KEY_LIFETIME)
        .execution_options(populate_existing=True)
    )


def _judge(row: IdempotencyKey, key: str, request_fingerprint: str) -> Answer:
    if row.fingerprint != request_fingerprint:
        raise ShipfloorError(
            422, REUSED,
            f"The {HEADER} {key!r} was used for another request already; nothing was created. "
            "Send this request with a new key.",
            title="Idempotency key reused",
        )
    if row.response_status is None:
        raise ShipfloorError(
            409, IN_PROGRESS,
            f"A request with the {HEADER} {key!r} is still being answered; send it again in a moment.",
            title="Request in progress", headers={"Retry-After": "1"},
        )
    return Answer(row.response_status, row.response_body, replayed=True)


async def claim(
    session: AsyncSession, user_id: int, key: str, request_fingerprint: str, now: datetime
) -> IdempotencyKey | Answer:
    """Take ``key`` for this request: the new (flushed) row to ``complete`` once the request
    is answered, or the stored ``Answer`` (``replayed``) of the same request sent before.

    The insert's unique constraint on (user, key) decides between requests sent at the same
    moment: the later one waits for the first's transaction (PostgreSQL: the index entry;
    SQLite: the write lock) and then reads its answer. Raises 422 ``idempotency_key_reused``
    for a key used with another request, 409 ``idempotency_key_in_progress`` when the
    winner's answer cannot be read."""
    found = await _fresh(session, user_id, key, now)
    if found is not None:
        return _judge(found, key, request_fingerprint)
    # The user's expired keys go, this one's earlier use among them (the unique constraint
    # holds for expired rows too).
    await session.execute(
        delete(IdempotencyKey)
        .where(IdempotencyKey.user_id == user_id, IdempotencyKey.created_at <= now - KEY_LIFETIME)
        .execution_options(synchronize_session=False)
    )
    row = IdempotencyKey(user_id=user_id, key=key, fingerprint=request_fingerprint, created_at=now)
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        # The same key was stored by a request that committed meanwhile.
        found = await _fresh(session, user_id, key, now)
        if found is None:
            raise ShipfloorError(
                409, IN_PROGRESS,
                f"A request with the {HEADER} {key!r} is being answered; send it again in a moment.",
                title="Request in progress", headers={"Retry-After": "1"},
            ) from None
        return _judge(found, key, request_fingerprint)
    return row


async def complete(
    session: AsyncSession, row: IdempotencyKey, status: int, body: Any, *, order_id: int | None = None
) -> Answer:
    """Store the answer to the request that claimed ``row`` (in its transaction) and return
    it."""
    row.response_status = status
    row.response_body = body
    row.order_id = order_id
    await session.flush()
    return Answer(status, body)
