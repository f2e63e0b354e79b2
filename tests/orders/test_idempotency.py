"""``POST /api/orders`` with an ``Idempotency-Key`` (draft-ietf-httpapi-idempotency-key-header):
the same request with the same key creates one order and gets the first answer again; the key
with another body is refused; keys are per user and expire; without the header nothing
changes."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from server.app import create_app
from server.db.models import IdempotencyKey, OrderEvent, SalesOrder
from server.domain.orders import idempotency

from tests.live import live_server

from .conftest import stock_of

KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"


def order_body(catalog, quantity: int = 1, **fields) -> dict:
    body = {"customer": {"id": catalog.customer},
            "lines": [{"sku": "MUG", "quantity": quantity, "unit_price": "9.50"}]}
    body.update(fields)
    return body


async def counts(db) -> tuple[int, int, int]:
    """(orders, history entries, stored idempotency keys)."""
    async with db() as session:
        return tuple([
            await session.scalar(select(func.count()).select_from(model))
            for model in (SalesOrder, OrderEvent, IdempotencyKey)
        ])


async def keys(db) -> list[IdempotencyKey]:
    async with db() as session:
        return list(await session.scalars(select(IdempotencyKey).order_by(IdempotencyKey.id)))


def post(client, headers, body, key: str | bytes | None = KEY, **kwargs):
    if key is not None:
        headers = {**headers, "Idempotency-Key": key}
    if isinstance(body, (bytes, str)):
        return client.post("/api/orders", content=body, headers={**headers, "Content-Type": "application/json"})
    return client.post("/api/orders", json=body, headers=headers, **kwargs)


async def test_the_same_request_again_gets_the_first_answer_and_creates_nothing(
    client, supervisor, catalog, db, users
):
    assert await counts(db) == (0, 0, 0)
    first = await post(client, supervisor, order_body(catalog))
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    # One draft order with one history entry ("created"; no shipping rule exists to choose).
    assert await counts(db) == (1, 1, 1)

    again = await post(client, supervisor, order_body(catalog))
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert again.json()["id"] == first.json()["id"]
    assert await counts(db) == (1, 1, 1)

    [stored] = await keys(db)
    assert (stored.user_id, stored.key, stored.order_id, stored.response_status) == (
        users["supervisor"], KEY, first.json()["id"], 201
    )
    assert stored.response_body == first.json()
    assert len(stored.fingerprint) == 64 and int(stored.fingerprint, 16) >= 0


async def test_a_replay_allocates_nothing_again(client, supervisor, catalog, db):
    body = order_body(catalog, quantity=3, payment_state="paid", confirm=True)
    first = await post(client, supervisor, body)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "ready_for_picking"
    # 3 mugs from bin A (10 on hand there).
    assert await stock_of(db, catalog.mug_a) == (10, 3)
    orders, events, stored = await counts(db)
    assert (orders, stored) == (1, 1)

    for _ in range(2):
        again = await post(client, supervisor, body)
        assert (again.status_code, again.headers.get("Idempotent-Replayed")) == (201, "true")
        assert again.json() == first.json()
    assert await stock_of(db, catalog.mug_a) == (10, 3)
    assert await counts(db) == (1, events, 1)


async def test_the_same_body_written_otherwise_is_the_same_request(client, supervisor, catalog, db):
    first = await post(client, supervisor, json.dumps(order_body(catalog)))
    assert first.status_code == 201, first.text
    # Keys in another order, white space, a default written out, the key quoted as the
    # draft's Structured Field string.
    other = ('{ "lines": [{"unit_price": "9.50", "quantity": 1, "sku": "MUG"}],\n'
             f'  "confirm": false, "customer": {{"id": {catalog.customer}}} }}')
    again = await post(client, supervisor, other, key=f'"{KEY}"')
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert await counts(db) == (1, 1, 1)


async def test_the_key_with_another_body_is_refused(client, supervisor, catalog, db):
    first = await post(client, supervisor, order_body(catalog, quantity=1))
    assert first.status_code == 201, first.text

    other = await post(client, supervisor, order_body(catalog, quantity=2))
    assert other.status_code == 422, other.text
    assert other.headers["content-type"].startswith("application/problem+json")
    problem = other.json()
    assert (problem["status"], problem["code"]) == (422, "idempotency_key_reused")
    assert problem["type"] == "https://shipfloor.dev/problems/idempotency_key_reused"
    assert await counts(db) == (1, 1, 1)

    # The first request still gets its own answer.
    again = await post(client, supervisor, order_body(catalog, quantity=1))
    assert (again.status_code, again.content) == (201, first.content)


async def test_another_users_same_key_is_another_key(client, supervisor, admin, catalog, db, users):
    mine = await post(client, supervisor, order_body(catalog))
    theirs = await post(client, admin, order_body(catalog))
    assert (mine.status_code, theirs.status_code) == (201, 201), theirs.text
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["id"] != mine.json()["id"]
    assert theirs.json()["origin"]["created_by"] == "Admin"
    assert await counts(db) == (2, 2, 2)
    assert [(k.user_id, k.order_id) for k in await keys(db)] == [
        (users["supervisor"], mine.json()["id"]), (users["admin"], theirs.json()["id"])
    ]
    # Each user's replay answers with their own order.
    assert (await post(client, supervisor, order_body(catalog))).json()["id"] == mine.json()["id"]
    assert (await post(client, admin, order_body(catalog))).json()["id"] == theirs.json()["id"]
    assert await counts(db) == (2, 2, 2)


@pytest.fixture
def meet_after_lookup(monkeypatch):
    """Make the first two key lookups wait for each other, so that both requests have found
    no key before either stores it: the unique constraint has to decide."""
    barrier = asyncio.Barrier(2)
    looked_up = 0
    lookup = idempotency._fresh

    async def _fresh_then_meet(*args):
        nonlocal looked_up
        found = await lookup(*args)
        looked_up += 1
        if looked_up <= 2:
            await asyncio.wait_for(barrier.wait(), 20)
        return found

    monkeypatch.setattr(idempotency, "_fresh", _fresh_then_meet)


async def at_once(app, headers, *bodies) -> list[httpx.Response]:
    """POST every body with ``KEY`` at the same moment, to the app on a real socket (the test
    client answers one request after the other)."""
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers={**headers, "Idempotency-Key": KEY},
                                     timeout=60) as http:
            return list(await asyncio.gather(*(http.post("/api/orders", json=body) for body in bodies)))


@pytest.mark.parametrize("meet", [True, False], ids=["after-lookup", "free"])
async def test_two_identical_requests_at_once_make_one_order(meet, request, app, supervisor, catalog, db):
    if meet:
        request.getfixturevalue("meet_after_lookup")
    body = order_body(catalog, quantity=2, payment_state="paid", confirm=True)
    one, two = await at_once(app, supervisor, body, body)
    assert (one.status_code, two.status_code) == (201, 201), (one.text, two.text)
    assert one.content == two.content
    assert sorted(r.headers.get("Idempotent-Replayed", "") for r in (one, two)) == ["", "true"]
    orders, events, stored = await counts(db)
    assert (orders, stored) == (1, 1)
    assert await stock_of(db, catalog.mug_a) == (10, 2)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(OrderEvent).where(
            OrderEvent.kind == "created")) == 1


async def test_two_requests_at_once_with_one_key_and_other_bodies(
    meet_after_lookup, app, supervisor, catalog, db
):
    one, two = await at_once(app, supervisor, order_body(catalog, quantity=1), order_body(catalog, quantity=4))
    assert sorted((r.status_code, r.json().get("code")) for r in (one, two)) == [
        (201, None), (422, "idempotency_key_reused")
    ]
    assert await counts(db) == (1, 1, 1)


@pytest.mark.parametrize("key", [
    "",
    "   ",
    "x" * 256,
    "tab\tinside",
    "ключ".encode(),
    '"unescaped " quote"',
    '"bad \\x escape"',
    '""',
], ids=["empty", "blank", "256-chars", "tab", "non-ascii", "bare-quote", "bad-escape", "empty-quoted"])
async def test_an_invalid_key_is_a_problem_and_creates_nothing(key, client, supervisor, catalog, db):
    response = await post(client, supervisor, order_body(catalog), key=key)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert (problem["status"], problem["code"], problem["field"]) == (
        400, "invalid_idempotency_key", "Idempotency-Key"
    )
    assert problem["errors"][0]["source"] == "header"
    assert await counts(db) == (0, 0, 0)


@pytest.mark.parametrize("key", ["x" * 255, "a", "key with spaces ~!#$%&'()*+,-./:;<=>?@[]^_`{|}", '"q \\" \\\\"'],
                         ids=["255-chars", "1-char", "punctuation", "quoted-escapes"])
async def test_keys_of_1_to_255_printable_characters_are_taken(key, client, supervisor, catalog, db):
    first = await post(client, supervisor, order_body(catalog), key=key)
    assert first.status_code == 201, first.text
    again = await post(client, supervisor, order_body(catalog), key=key)
    assert (again.status_code, again.headers.get("Idempotent-Replayed")) == (201, "true")
    assert await counts(db) == (1, 1, 1)
    [stored] = await keys(db)
    assert stored.key == {'"q \\" \\\\"': 'q " \\'}.get(key, key)


async def test_a_refused_request_stores_no_key(client, supervisor, catalog, db):
    refused = await post(client, supervisor, order_body(catalog) | {
        "lines": [{"sku": "NOPE", "quantity": 1, "unit_price": "1.00"}]})
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "unknown_product"
    assert await counts(db) == (0, 0, 0)
    # Corrected, it goes through with the same key.
    fixed = await post(client, supervisor, order_body(catalog))
    assert fixed.status_code == 201, fixed.text
    assert "Idempotent-Replayed" not in fixed.headers
    assert await counts(db) == (1, 1, 1)


async def _age_keys(db, age: timedelta) -> None:
    async with db() as session:
        await session.execute(update(IdempotencyKey).values(created_at=datetime.now(UTC) - age))
        await session.commit()


async def test_a_key_lasts_24_hours(client, supervisor, catalog, db):
    first = await post(client, supervisor, order_body(catalog))
    assert first.status_code == 201, first.text

    await _age_keys(db, timedelta(hours=23, minutes=59))
    young = await post(client, supervisor, order_body(catalog))
    assert (young.status_code, young.headers.get("Idempotent-Replayed")) == (201, "true")
    assert await counts(db) == (1, 1, 1)

    await _age_keys(db, timedelta(hours=24, minutes=1))
    # Expired: a new key, even with another body, and it replaces the old one.
    old = await post(client, supervisor, order_body(catalog, quantity=2))
    assert old.status_code == 201, old.text
    assert "Idempotent-Replayed" not in old.headers
    assert old.json()["id"] != first.json()["id"]
    assert await counts(db) == (2, 2, 1)
    [stored] = await keys(db)
    assert stored.order_id == old.json()["id"]
    again = await post(client, supervisor, order_body(catalog, quantity=2))
    assert (again.headers.get("Idempotent-Replayed"), again.content) == ("true", old.content)


async def test_a_users_expired_keys_go_when_they_send_a_key(client, supervisor, catalog, db):
    for key in ("old-1", "old-2"):
        assert (await post(client, supervisor, order_body(catalog), key=key)).status_code == 201
    await _age_keys(db, timedelta(hours=25))
    fresh = await post(client, supervisor, order_body(catalog), key="new-1")
    assert fresh.status_code == 201, fresh.text
    # Three orders stay; of the keys only the fresh one is left.
    assert [(k.key, k.order_id) for k in await keys(db)] == [("new-1", fresh.json()["id"])]
    assert (await counts(db))[0] == 3


async def test_without_the_header_every_request_creates_an_order(client, supervisor, catalog, db):
    one = await post(client, supervisor, order_body(catalog), key=None)
    two = await post(client, supervisor, order_body(catalog), key=None)
    assert (one.status_code, two.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in one.headers and "Idempotent-Replayed" not in two.headers
    assert one.json()["id"] != two.json()["id"]
    assert await counts(db) == (2, 2, 0)
