"""Log in by password or badge + PIN, bearer tokens, roles, expiry, logout, rate limiting."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from server.db.base import utcnow
from server.db.models import AuthToken
from tests.conftest import PASSWORD, TEST_USERS


@pytest.mark.parametrize("username", sorted(TEST_USERS))
async def test_every_role_logs_in_with_password(client, users, username):
    response = await client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert len(body["access_token"]) == 43  # 32 random bytes, URL-safe base64 without padding
    assert body["user"]["username"] == username
    assert body["user"]["roles"] == TEST_USERS[username][0]
    me = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == users[username]


async def test_badge_and_pin_login(client, users):
    roles, badge, pin = TEST_USERS["picker"]
    response = await client.post("/api/auth/login", json={"badge": badge, "pin": pin})
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "picker"


async def test_badge_scanned_with_identifier_and_suffix(client, users):
    _, badge, pin = TEST_USERS["packer"]
    # A wedge scanner may send the AIM identifier for Code 128 in front and a CR after.
    response = await client.post("/api/auth/login", json={"badge": f"]C0{badge}\r", "pin": pin})
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "packer"


async def test_badge_with_wrong_check_character_is_unreadable(client, users):
    _, badge, pin = TEST_USERS["packer"]
    wrong = badge[:-1] + ("0" if badge[-1] != "0" else "1")
    response = await client.post("/api/auth/login", json={"badge": wrong, "pin": pin})
    assert response.status_code == 422
    assert response.json()["code"] == "badge_unreadable"
    assert response.json()["field"] == "badge"


@pytest.mark.parametrize(
    "body",
    [
        {"username": "picker", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"badge": TEST_USERS["picker"][1], "pin": "9999"},
        {"badge": "EMPLOYEE-CARD-77", "pin": "1003"},
        {"username": "picker", "password": ""},
    ],
)
async def test_wrong_credentials_get_401_problem(client, users, body):
    response = await client.post("/api/auth/login", json=body)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_credentials"


async def test_incomplete_credentials_get_422(client, users):
    response = await client.post("/api/auth/login", json={"username": "picker"})
    assert response.status_code == 422
    assert response.json()["code"] == "credentials_missing"


async def test_missing_and_bad_tokens_get_401(client, users):
    missing = await client.get("/api/products")
    assert missing.status_code == 401
    assert missing.json()["code"] == "not_authenticated"
    assert missing.headers["www-authenticate"] == "Bearer"
    for header in ("Bearer not-a-real-token", "Basic cGlja2VyOmRlbW8=", "Bearer", "Bearer "):
        response = await client.get("/api/products", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["code"] == "not_authenticated"


async def test_role_guard_gives_403(client, login):
    picker = await login("picker")
    response = await client.get("/metrics", headers=picker)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    supervisor = await login("supervisor")
    allowed = await client.get("/metrics", headers=supervisor)
    assert allowed.status_code == 200
    assert "shipfloor_requests_total" in allowed.text


async def test_logout_revokes_the_token(client, login):
    headers = await login("packer")
    assert (await client.post("/api/auth/logout", headers=headers)).status_code == 204
    after = await client.get("/api/auth/me", headers=headers)
    assert after.status_code == 401


async def test_expired_token_is_refused(client, db, login):
    headers = await login("picker")
    async with db() as session:
        await session.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    response = await client.get("/api/auth/me", headers=headers)
    assert response.status_code == 401


async def test_token_lifetime_follows_the_setting(client, app, users):
    response = await client.post("/api/auth/login", json={"username": "picker", "password": PASSWORD})
    from datetime import datetime

    expires = datetime.fromisoformat(response.json()["expires_at"])
    ttl = app.state.settings.token_ttl_seconds
    assert ttl == 12 * 3600
    assert abs((expires - utcnow()).total_seconds() - ttl) < 60


async def test_repeated_failed_logins_are_rate_limited(client, app, users):
    limit = app.state.settings.login_max_failures
    for _ in range(limit):
        response = await client.post("/api/auth/login", json={"username": "picker", "password": "nope"})
        assert response.status_code == 401
    blocked = await client.post("/api/auth/login", json={"username": "picker", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_failed_logins"
    assert int(blocked.headers["retry-after"]) == app.state.settings.login_window_seconds


async def test_a_successful_login_does_not_count_as_failure(client, app, users):
    limit = app.state.settings.login_max_failures
    for _ in range(limit - 1):
        await client.post("/api/auth/login", json={"username": "packer", "password": "nope"})
    ok = await client.post("/api/auth/login", json={"username": "packer", "password": PASSWORD})
    assert ok.status_code == 200


async def test_passwords_and_pins_are_stored_as_argon2_hashes(db, users):
    from sqlalchemy import select

    from server.db.models import User

    async with db() as session:
        user = await session.scalar(select(User).where(User.username == "picker"))
    assert user.password_hash.startswith("$argon2id$")
    assert user.pin_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


async def test_one_users_failures_do_not_lock_out_the_floor(client, app, users):
    # Every handheld reaches the server from the same address here (the test client); a picker
    # mistyping a password five times must not stop the packer from logging in.
    limit = app.state.settings.login_max_failures
    for _ in range(limit):
        await client.post("/api/auth/login", json={"username": "picker", "password": "nope"})
    packer = await client.post("/api/auth/login", json={"username": "packer", "password": PASSWORD})
    assert packer.status_code == 200
    _, badge, pin = TEST_USERS["supervisor"]
    supervisor = await client.post("/api/auth/login", json={"badge": badge, "pin": pin})
    assert supervisor.status_code == 200


async def test_an_address_is_limited_after_ten_times_the_user_limit(client, app, users):
    limit = app.state.settings.login_max_failures
    names = [f"guess{i}" for i in range(limit * 10)]
    for name in names:
        response = await client.post("/api/auth/login", json={"username": name, "password": "x"})
        assert response.status_code == 401
    blocked = await client.post("/api/auth/login", json={"username": "packer", "password": PASSWORD})
    assert blocked.status_code == 429


async def test_deeply_nested_body_is_malformed_not_a_server_error(client, users):
    body = b"[" * 5000 + b"]" * 5000
    response = await client.post("/api/auth/login", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("malformed_body", "validation_error")
