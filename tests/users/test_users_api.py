"""``/api/users``: admins create users, set roles and secrets, deactivate them and issue badges;
nobody else may, and no answer ever carries a hash or a PIN."""

from __future__ import annotations

import pypdfium2 as pdfium
import scanners
from scanners import make_code
from tests.conftest import PASSWORD, TEST_USERS
from tests.users.conftest import pdf_page

NEW = {"username": "jo", "display_name": "Jo Picker", "roles": ["picker"], "password": "warehouse1", "pin": "4321"}


async def create(client, admin, **changes):
    response = await client.post("/api/users", json={**NEW, **changes}, headers=admin)
    assert response.status_code == 201, response.text
    return response.json()


async def badge_login(client, badge, pin):
    return await client.post("/api/auth/login", json={"badge": badge, "pin": pin})


async def test_create_returns_the_user_without_secrets_and_both_logins_work(client, login):
    admin = await login("admin")
    user = await create(client, admin)
    assert set(user) == {
        "id", "username", "display_name", "roles", "language", "active", "badge_code",
        "has_password", "has_pin", "created_at",
    }
    assert (user["username"], user["display_name"], user["roles"], user["language"], user["active"]) == (
        "jo", "Jo Picker", ["picker"], "en", True,
    )
    assert user["has_password"] is True and user["has_pin"] is True
    # A PIN is only of use with a badge, so the new user got one: a valid Shipfloor badge code.
    scan = scanners.parse(user["badge_code"])
    assert scan.kind == "badge" and not scan.errors
    assert "4321" not in str(user) and "warehouse1" not in str(user)

    by_password = await client.post("/api/auth/login", json={"username": "jo", "password": "warehouse1"})
    assert by_password.status_code == 200 and by_password.json()["user"]["roles"] == ["picker"]
    assert (await badge_login(client, user["badge_code"], "4321")).status_code == 200

    listed = (await client.get("/api/users", headers=admin)).json()
    assert [u["username"] for u in listed] == ["admin", "jo", "packer", "picker", "supervisor"]
    # q matches part of the user name or the name shown, ignoring case; % is no wildcard.
    found = (await client.get("/api/users", params={"q": "PICK"}, headers=admin)).json()
    assert [u["username"] for u in found] == ["jo", "picker"]
    assert (await client.get("/api/users", params={"q": "%"}, headers=admin)).json() == []
    one = await client.get(f"/api/users/{user['id']}", headers=admin)
    assert one.json() == user


async def test_password_only_user_has_no_badge(client, login):
    admin = await login("admin")
    user = await create(client, admin, username="desk", roles=["supervisor", "admin"], pin=None)
    assert user["badge_code"] is None and user["has_pin"] is False
    # Roles come back once each, in the order picker, packer, supervisor, admin.
    assert user["roles"] == ["supervisor", "admin"]
    again = await client.patch(f"/api/users/{user['id']}", json={"roles": ["admin", "packer", "admin"]}, headers=admin)
    assert again.json()["roles"] == ["packer", "admin"]


async def test_duplicate_username_is_refused_ignoring_case(client, login):
    admin = await login("admin")
    await create(client, admin)
    for name in ("jo", "JO", "picker"):
        response = await client.post("/api/users", json={**NEW, "username": name}, headers=admin)
        assert response.status_code == 409, name
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "username_taken"
        assert response.json()["field"] == "username"


async def test_bad_input_gets_problems_with_codes(client, login, users):
    admin = await login("admin")
    cases = [
        ({"roles": ["picker", "boss"]}, 422, "unknown_role"),
        ({"roles": []}, 422, "roles_missing"),
        ({"password": None, "pin": None}, 422, "credentials_missing"),
        ({"password": "short"}, 422, "password_too_short"),
        ({"pin": "12"}, 422, "pin_invalid"),
        ({"pin": "12a4"}, 422, "pin_invalid"),
        ({"pin": "١٢٣٤"}, 422, "pin_invalid"),  # Arabic-Indic digits are no PIN a keypad types
        ({"username": "has space"}, 422, "validation_error"),
        ({"username": ""}, 422, "validation_error"),
        ({"display_name": ""}, 422, "validation_error"),
        ({"display_name": "Jo\u0000"}, 422, "validation_error"),
        ({"language": "de"}, 422, "validation_error"),
        ({"password_hash": "x"}, 422, "validation_error"),
    ]
    for changes, status, code in cases:
        response = await client.post("/api/users", json={**NEW, **changes}, headers=admin)
        assert (response.status_code, response.json()["code"]) == (status, code), changes
    patches = [
        ({"roles": ["root"]}, 422, "unknown_role"),
        ({"pin": "1"}, 422, "pin_invalid"),
        ({"password": "1234567"}, 422, "password_too_short"),
        ({"active": "no"}, 422, "validation_error"),
        ({"badge_code": "BDG-X-1"}, 422, "validation_error"),
    ]
    for body, status, code in patches:
        response = await client.patch(f"/api/users/{users['picker']}", json=body, headers=admin)
        assert (response.status_code, response.json()["code"]) == (status, code), body
    missing = await client.get("/api/users/99999", headers=admin)
    assert (missing.status_code, missing.json()["code"]) == (404, "user_not_found")
    missing = await client.patch("/api/users/99999", json={"display_name": "x"}, headers=admin)
    assert (missing.status_code, missing.json()["code"]) == (404, "user_not_found")
    # Nothing was created along the way.
    listed = (await client.get("/api/users", headers=admin)).json()
    assert len(listed) == len(TEST_USERS)


async def test_only_admins_may(client, login, users):
    for username in ("supervisor", "picker", "packer"):
        headers = await login(username)
        calls = [
            client.get("/api/users", headers=headers),
            client.post("/api/users", json=NEW, headers=headers),
            client.get(f"/api/users/{users['picker']}", headers=headers),
            client.patch(f"/api/users/{users[username]}", json={"roles": ["admin"]}, headers=headers),
            client.post(f"/api/users/{users['picker']}/badge", headers=headers),
            client.get(f"/api/users/{users['picker']}/badge-label.pdf", headers=headers),
            client.get("/api/users/badge-labels.pdf", headers=headers),
        ]
        for call in calls:
            response = await call
            assert (response.status_code, response.json()["code"]) == (403, "forbidden"), username
    assert (await client.get("/api/users")).status_code == 401


async def test_deactivating_revokes_tokens_and_refuses_login(client, login, users):
    admin = await login("admin")
    picker = await login("picker")
    assert (await client.get("/api/auth/me", headers=picker)).status_code == 200
    response = await client.patch(f"/api/users/{users['picker']}", json={"active": False}, headers=admin)
    assert response.status_code == 200 and response.json()["active"] is False
    assert (await client.get("/api/auth/me", headers=picker)).status_code == 401
    _, badge, pin = TEST_USERS["picker"]
    refused = await badge_login(client, badge, pin)
    assert (refused.status_code, refused.json()["code"]) == (401, "invalid_credentials")
    refused = await client.post("/api/auth/login", json={"username": "picker", "password": PASSWORD})
    assert refused.status_code == 401
    active = (await client.get("/api/users?active=true", headers=admin)).json()
    inactive = (await client.get("/api/users?active=false", headers=admin)).json()
    assert "picker" not in [u["username"] for u in active]
    assert [u["username"] for u in inactive] == ["picker"]

    # Back on: the old token stays revoked, a new login works.
    again = await client.patch(f"/api/users/{users['picker']}", json={"active": True}, headers=admin)
    assert again.json()["active"] is True
    assert (await client.get("/api/auth/me", headers=picker)).status_code == 401
    assert (await badge_login(client, badge, pin)).status_code == 200


async def test_new_badge_replaces_the_old_one(client, login, users):
    admin = await login("admin")
    picker = await login("picker")
    _, old_badge, pin = TEST_USERS["picker"]
    response = await client.post(f"/api/users/{users['picker']}/badge", headers=admin)
    assert response.status_code == 200
    new_badge = response.json()["badge_code"]
    assert new_badge != old_badge and scanners.parse(new_badge).kind == "badge"
    refused = await badge_login(client, old_badge, pin)
    assert (refused.status_code, refused.json()["code"]) == (401, "invalid_credentials")
    logged_in = await badge_login(client, new_badge, pin)
    assert logged_in.status_code == 200 and logged_in.json()["user"]["username"] == "picker"
    # The sessions begun with the lost badge end; the admin's own stays.
    assert (await client.get("/api/auth/me", headers=picker)).status_code == 401
    assert (await client.get("/api/auth/me", headers=admin)).status_code == 200


async def test_reset_password_and_pin(client, login, users):
    admin = await login("admin")
    packer = await login("packer")
    response = await client.patch(
        f"/api/users/{users['packer']}", json={"password": "new secret 1", "pin": "98765", "display_name": "Kim P."},
        headers=admin,
    )
    assert response.status_code == 200 and response.json()["display_name"] == "Kim P."
    assert (await client.get("/api/auth/me", headers=packer)).status_code == 401
    old = await client.post("/api/auth/login", json={"username": "packer", "password": PASSWORD})
    assert old.status_code == 401
    new = await client.post("/api/auth/login", json={"username": "packer", "password": "new secret 1"})
    assert new.status_code == 200 and new.json()["user"]["display_name"] == "Kim P."
    _, badge, old_pin = TEST_USERS["packer"]
    assert (await badge_login(client, badge, old_pin)).status_code == 401
    assert (await badge_login(client, badge, "98765")).status_code == 200


async def test_roles_change_at_once(client, login, users):
    admin = await login("admin")
    picker = await login("picker")
    assert (await client.get("/api/dashboard", headers=picker)).status_code == 403
    await client.patch(f"/api/users/{users['picker']}", json={"roles": ["picker", "supervisor"]}, headers=admin)
    assert (await client.get("/api/auth/me", headers=picker)).json()["roles"] == ["picker", "supervisor"]
    assert (await client.get("/api/dashboard", headers=picker)).status_code == 200


async def test_admin_cannot_lock_themself_out(client, login, users):
    admin = await login("admin")
    for body, field in (({"active": False}, "active"), ({"roles": ["supervisor"]}, "roles")):
        response = await client.patch(f"/api/users/{users['admin']}", json=body, headers=admin)
        assert response.status_code == 409
        assert (response.json()["code"], response.json()["field"]) == ("self_lockout", field)
    me = (await client.get(f"/api/users/{users['admin']}", headers=admin)).json()
    assert me["active"] is True and me["roles"] == ["admin"]
    # Other changes to oneself are fine, and a new own password keeps this session.
    ok = await client.patch(
        f"/api/users/{users['admin']}", json={"roles": ["supervisor", "admin"], "password": "another one"}, headers=admin
    )
    assert ok.status_code == 200 and ok.json()["roles"] == ["supervisor", "admin"]
    assert (await client.get("/api/auth/me", headers=admin)).status_code == 200
    # Another admin may do it.
    second = await create(client, admin, username="boss", roles=["admin"], pin=None)
    boss = await client.post("/api/auth/login", json={"username": "boss", "password": NEW["password"]})
    boss_headers = {"Authorization": f"Bearer {boss.json()['access_token']}"}
    off = await client.patch(f"/api/users/{users['admin']}", json={"active": False}, headers=boss_headers)
    assert off.status_code == 200 and off.json()["active"] is False
    assert (await client.get("/api/users", headers=admin)).status_code == 401
    assert second["id"] != users["admin"]


async def test_badge_label_pdf_decodes_to_the_badge(client, login, users):
    admin = await login("admin")
    response = await client.get(f"/api/users/{users['picker']}/badge-label.pdf", headers=admin)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/pdf")
    text, barcodes = pdf_page(response.content)
    _, badge, _ = TEST_USERS["picker"]
    assert barcodes == {badge} == {make_code("badge", "TPICK")}
    assert "Picker" in text and badge in text


async def test_badge_labels_of_several_users_in_the_order_asked(client, login, users):
    admin = await login("admin")
    ids = f"{users['packer']},{users['admin']}"
    response = await client.get(f"/api/users/badge-labels.pdf?ids={ids}&ids={users['picker']}", headers=admin)
    assert response.status_code == 200
    text, barcodes = pdf_page(response.content)
    assert barcodes == {TEST_USERS[name][1] for name in ("packer", "admin", "picker")}
    assert text.index("Packer") < text.index("Admin") < text.index("Picker")

    # Without ids: every active user with a badge; 24 labels fill a page, the 25th starts the next.
    for n in range(21):
        await create(client, admin, username=f"p{n:02d}", display_name=f"Person {n:02d}", password=None)
    everyone = await client.get("/api/users/badge-labels.pdf", headers=admin)
    document = pdfium.PdfDocument(everyone.content)
    assert len(document) == 2  # 4 + 21 = 25 labels
    _, last_page = pdf_page(everyone.content, 1)
    assert len(last_page) == 1  # by user name, "supervisor" sorts last

    no_badge = await create(client, admin, username="nobadge", pin=None)
    refused = await client.get(f"/api/users/badge-labels.pdf?ids={no_badge['id']}", headers=admin)
    assert (refused.status_code, refused.json()["code"], refused.json()["users"]) == (409, "badge_missing", ["nobadge"])
    refused = await client.get(f"/api/users/{no_badge['id']}/badge-label.pdf", headers=admin)
    assert (refused.status_code, refused.json()["code"]) == (409, "badge_missing")
    for query, status, code in (("ids=1,x", 422, "ids_invalid"), ("ids=99999", 404, "user_not_found"), ("ids=,", 422, "nothing_to_print")):
        refused = await client.get(f"/api/users/badge-labels.pdf?{query}", headers=admin)
        assert (refused.status_code, refused.json()["code"]) == (status, code), query
