"""PATCH /api/auth/me: a user changes their own language."""

import pytest


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
async def test_user_sets_own_language(client, login, users, language):
    headers = await login("picker")
    response = await client.patch("/api/auth/me", json={"language": language}, headers=headers)
    assert response.status_code == 200
    assert response.json()["language"] == language
    assert response.json()["id"] == users["picker"]
    me = await client.get("/api/auth/me", headers=headers)
    assert me.json()["language"] == language
    again = await client.post("/api/auth/login", json={"username": "picker", "password": "correct horse battery"})
    assert again.json()["user"]["language"] == language


async def test_language_is_per_user(client, login):
    picker = await login("picker")
    packer = await login("packer")
    await client.patch("/api/auth/me", json={"language": "fr"}, headers=picker)
    assert (await client.get("/api/auth/me", headers=packer)).json()["language"] == "en"


@pytest.mark.parametrize("body", [{"language": "de"}, {"language": ""}, {}, {"language": "nl", "roles": ["admin"]}])
async def test_unknown_language_or_other_fields_are_refused(client, login, body):
    headers = await login("packer")
    response = await client.patch("/api/auth/me", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    me = await client.get("/api/auth/me", headers=headers)
    assert me.json()["language"] == "en"
    assert me.json()["roles"] == ["packer"]


async def test_needs_a_token(client, users):
    response = await client.patch("/api/auth/me", json={"language": "nl"})
    assert response.status_code == 401
