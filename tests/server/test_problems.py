"""Bad input gets an RFC 9457 problem with a stable code, and changes nothing."""

import pytest
from sqlalchemy import func, select

from server.db.models import AuthToken

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith("/" + code)
    assert body["title"] and body["detail"]
    return body


async def token_count(db) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(AuthToken))


async def test_malformed_json_body(client, users, db):
    response = await client.post(
        "/api/auth/login", content=b'{"username": "picker", "password":', headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, "malformed_body")
    assert await token_count(db) == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_wrong_content_type(client, users, db, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post(
        "/api/auth/login", content=b'{"username": "picker", "password": "x"}', headers=headers
    )
    # Without a content type (httpx sends none for raw bytes) the body is not declared JSON either.
    assert_problem(response, 415, "unsupported_media_type")
    assert await token_count(db) == 0


async def test_wrong_field_type_names_the_field(client, users):
    response = await client.post("/api/auth/login", json={"username": 42, "password": "x"})
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"][0]["field"] == "username"


async def test_unknown_field_is_refused(client, users):
    response = await client.post("/api/auth/login", json={"username": "picker", "password": "x", "admin": True})
    body = assert_problem(response, 422, "validation_error")
    assert "admin" in body["detail"]


async def test_unknown_id(client, login):
    headers = await login("picker")
    body = assert_problem(await client.get("/api/products/987654", headers=headers), 404, "product_not_found")
    assert "987654" in body["detail"]


async def test_unknown_path_and_method(client, login):
    headers = await login("picker")
    assert_problem(await client.get("/api/no-such-thing", headers=headers), 404, "not_found")
    assert_problem(await client.delete("/api/health"), 405, "method_not_allowed")


async def test_bad_query_parameter(client, login):
    headers = await login("picker")
    body = assert_problem(await client.get("/api/products?limit=0", headers=headers), 422, "validation_error")
    assert body["errors"][0]["field"] == "limit"
    assert_problem(await client.get("/api/products?limit=abc", headers=headers), 422, "validation_error")


async def test_oversized_body_gets_413(client, app, users, db):
    limit = app.state.settings.max_body_bytes
    assert limit == 1_048_576
    padding = "x" * (limit + 1)
    response = await client.post(
        "/api/auth/login",
        content=('{"username": "picker", "password": "' + padding + '"}').encode(),
        headers={"Content-Type": "application/json"},
    )
    assert_problem(response, 413, "body_too_large")
    assert await token_count(db) == 0


async def test_unauthenticated_problem(client):
    assert_problem(await client.get("/api/layout"), 401, "not_authenticated")


async def test_bad_path_and_query_parameters_name_their_source_plainly(client, login):
    headers = await login("picker")
    body = assert_problem(await client.get("/api/products/0", headers=headers), 422, "validation_error")
    assert body["errors"] == [{"field": "product_id", "source": "path", "message": "Expected `int` >= 1"}]
    assert body["detail"] == "Invalid value for product_id: Expected `int` >= 1"
    body = assert_problem(await client.get("/api/products?limit=abc", headers=headers), 422, "validation_error")
    assert body["errors"] == [{"field": "limit", "source": "query", "message": "Expected `int`, got `str`"}]
    body = assert_problem(await client.get("/api/products?offset=-1", headers=headers), 422, "validation_error")
    assert body["errors"] == [{"field": "offset", "source": "query", "message": "Expected `int` >= 0"}]


EMPTY = "The request body is empty; send a JSON object."
JSON = {"Content-Type": "application/json"}


async def test_an_empty_body_is_named_as_such(client, users, db):
    body = assert_problem(await client.post("/api/auth/login", content=b"", headers=JSON), 400, "empty_body")
    assert body["detail"] == EMPTY
    assert body["title"] == "Bad request"
    assert "errors" not in body
    assert await token_count(db) == 0


async def test_an_empty_body_on_authenticated_endpoints(client, login):
    supervisor = await login("supervisor")
    for method, path in [("POST", "/api/orders"), ("PATCH", "/api/auth/me")]:
        response = await client.request(method, path, content=b"", headers={**supervisor, **JSON})
        assert assert_problem(response, 400, "empty_body")["detail"] == EMPTY
    # Without a content type as well: there is nothing of the wrong type.
    response = await client.post("/api/orders", headers=supervisor)
    assert assert_problem(response, 400, "empty_body")["detail"] == EMPTY


async def test_a_body_that_is_not_an_object_is_not_called_empty(client, users):
    for content in (b"null", b"[]"):
        body = assert_problem(await client.post("/api/auth/login", content=content, headers=JSON), 422, "validation_error")
        assert body["errors"][0]["source"] == "body"
    assert_problem(await client.post("/api/auth/login", content=b"{", headers=JSON), 400, "malformed_body")
    # White space alone is no JSON document (RFC 8259 section 2): malformed, as before.
    assert_problem(await client.post("/api/auth/login", content=b"  \r\n\t ", headers=JSON), 400, "malformed_body")


async def test_a_request_that_loses_a_race_to_a_unique_key_is_409_and_changes_nothing(tmp_path):
    from litestar import Litestar, post
    from litestar.testing import AsyncTestClient
    from sqlalchemy import Column, Integer, MetaData, Table, text
    from sqlalchemy.ext.asyncio import create_async_engine

    from server.errors import EXCEPTION_HANDLERS

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'race.db'}")
    table = Table("scans", MetaData(), Column("id", Integer, primary_key=True), Column("note", Integer))
    async with engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)
        await conn.execute(table.insert().values(id=1, note=1))

    @post("/scans")
    async def store() -> None:
        # What a request finds when another one committed the same key just before it.
        async with engine.begin() as conn:
            await conn.execute(table.update().values(note=2))
            await conn.execute(table.insert().values(id=1, note=2))

    try:
        async with AsyncTestClient(Litestar([store], exception_handlers=EXCEPTION_HANDLERS)) as client:
            body = assert_problem(await client.post("/scans"), 409, "changed_concurrently")
            assert body["detail"] == (
                "Another request changed the same data at the same moment; this one changed nothing. Send it again.")
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT id, note FROM scans"))).all() == [(1, 1)]
    finally:
        await engine.dispose()
