"""Users, their roles, secrets and badges; what admins do on ``/api/users``.

Every function flushes and leaves the commit to the request. Secrets are stored as Argon2id
hashes (``server.domain.auth.security``); changing a user's password, PIN or badge, or
deactivating them, revokes their tokens (but never the token of the admin's own request).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from msgspec import UNSET
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import make_code
from scanners.labels import badge_sheet_pdf
from server.db.base import utcnow
from server.db.models import AuthToken, User
from server.db.models.user import ROLES
from server.domain.auth.security import hash_secret, token_digest
from server.domain.users.schemas import UserIn, UserPatch
from server.errors import NotFound, ShipfloorError

MIN_PASSWORD = 8
_PIN = re.compile(r"[0-9]{4,8}")
# Badge bodies avoid 0/O and 1/I, which people mix up when they type a worn badge.
_BADGE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BADGE_BODY_LENGTH = 8


def checked_roles(roles: Sequence[str]) -> list[str]:
    """`roles` without repeats, in the order of ``ROLES``.

    Raises ``ShipfloorError`` 422 ``unknown_role`` (field ``roles``) for a role outside
    ``ROLES`` and 422 ``roles_missing`` for an empty list.
    """
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ShipfloorError(
            422, "unknown_role",
            f"Unknown role {unknown[0]!r}: use {', '.join(ROLES)}.", field="roles",
        )
    if not roles:
        raise ShipfloorError(422, "roles_missing", "Give the user at least one role.", field="roles")
    return [r for r in ROLES if r in roles]


def password_hash(password: str) -> str:
    """The hash to store for `password`. Raises 422 ``password_too_short`` (field
    ``password``) below ``MIN_PASSWORD`` characters."""
    if len(password) < MIN_PASSWORD:
        raise ShipfloorError(
            422, "password_too_short",
            f"A password needs at least {MIN_PASSWORD} characters.", field="password",
        )
    return hash_secret(password)


def pin_hash(pin: str) -> str:
    """The hash to store for `pin`. Raises 422 ``pin_invalid`` (field ``pin``) unless it is
    4 to 8 digits."""
    if not (pin.isascii() and _PIN.fullmatch(pin)):
        raise ShipfloorError(422, "pin_invalid", "A PIN is 4 to 8 digits.", field="pin")
    return hash_secret(pin)


async def list_users(
    session: AsyncSession, *, active: bool | None = None, q: str | None = None
) -> list[User]:
    """Users by user name; only active (``True``) or inactive (``False``) ones when `active` is
    given; `q` matches part of the user name or display name, ignoring case."""
    query = select(User).order_by(User.username)
    if active is not None:
        query = query.where(User.active.is_(active))
    if q:
        text = q.lower()
        query = query.where(
            or_(
                func.lower(User.username).contains(text, autoescape=True),
                func.lower(User.display_name).contains(text, autoescape=True),
            )
        )
    return list(await session.scalars(query))


async def get_user(session: AsyncSession, user_id: int) -> User:
    """The user `user_id`. Raises 404 ``user_not_found``."""
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


async def _flush_unique(session: AsyncSession, username: str) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:  # the same name created at the same moment elsewhere
        raise _taken(username) from exc


def _taken(username: str) -> ShipfloorError:
    return ShipfloorError(
        409, "username_taken", f"The user name {username} is taken: choose another.", field="username"
    )


async def create_user(session: AsyncSession, data: UserIn) -> User:
    """Create a user; one created with a PIN gets a new badge at once.

    Raises 409 ``username_taken`` (user names compare ignoring case), 422 ``unknown_role``,
    ``roles_missing``, ``credentials_missing`` (neither password nor PIN),
    ``password_too_short``, ``pin_invalid``.
    """
    roles = checked_roles(data.roles)
    if data.password is None and data.pin is None:
        raise ShipfloorError(
            422, "credentials_missing", "Give a password, a PIN (for badge login) or both.",
            field="password",
        )
    taken = await session.scalar(
        select(User.id).where(func.lower(User.username) == data.username.lower())
    )
    if taken is not None:
        raise _taken(data.username)
    user = User(
        username=data.username,
        display_name=data.display_name.strip() or data.username,
        roles=roles,
        language=data.language,
        password_hash=password_hash(data.password) if data.password is not None else None,
        pin_hash=pin_hash(data.pin) if data.pin is not None else None,
        badge_code=await new_badge_code(session) if data.pin is not None else None,
        active=True,
    )
    session.add(user)
    await _flush_unique(session, data.username)
    return user


async def update_user(
    session: AsyncSession, user_id: int, data: UserPatch, *, actor_id: int, actor_token: str | None
) -> User:
    """Apply `data` to user `user_id` as the admin `actor_id` (whose request carries
    `actor_token`).

    Deactivating revokes every token of the user; a new password or PIN revokes the user's
    tokens except `actor_token`. Raises 404 ``user_not_found``; 409 ``self_lockout`` when the
    admin would deactivate themself or drop their own ``admin`` role; 422 as `create_user`.
    """
    user = await get_user(session, user_id)
    if user.id == actor_id:
        if data.active is False:
            raise ShipfloorError(
                409, "self_lockout",
                "You cannot deactivate yourself: ask another admin to do it.", field="active",
            )
        if data.roles is not UNSET and "admin" not in data.roles:
            raise ShipfloorError(
                409, "self_lockout",
                "You cannot take the admin role from yourself: ask another admin to do it.",
                field="roles",
            )
    if data.roles is not UNSET:
        user.roles = checked_roles(data.roles)
    if data.display_name is not UNSET:
        user.display_name = data.display_name.strip() or user.username
    if data.language is not UNSET:
        user.language = data.language
    secrets_changed = False
    if data.password is not UNSET:
        user.password_hash = password_hash(data.password)
        secrets_changed = True
    if data.pin is not UNSET:
        user.pin_hash = pin_hash(data.pin)
        secrets_changed = True
    if data.active is not UNSET and data.active != user.active:
        user.active = data.active
        if not data.active:
            await revoke_tokens(session, user.id)
    if secrets_changed:
        await revoke_tokens(session, user.id, keep=actor_token)
    await session.flush()
    return user


async def new_badge_code(session: AsyncSession) -> str:
    """A Shipfloor badge code (``BDG-<8 characters>-<check>``) no user has."""
    while True:
        body = "".join(secrets.choice(_BADGE_ALPHABET) for _ in range(BADGE_BODY_LENGTH))
        code = make_code("badge", body)
        if await session.scalar(select(User.id).where(User.badge_code == code)) is None:
            return code


async def issue_badge(session: AsyncSession, user_id: int, *, actor_token: str | None) -> User:
    """Give user `user_id` a new badge code; the old badge no longer logs in, and the user's
    tokens are revoked except `actor_token`. Raises 404 ``user_not_found``."""
    user = await get_user(session, user_id)
    user.badge_code = await new_badge_code(session)
    await revoke_tokens(session, user.id, keep=actor_token)
    await session.flush()
    return user


async def revoke_tokens(session: AsyncSession, user_id: int, *, keep: str | None = None) -> None:
    """Revoke every live token of `user_id` except `keep` (a bearer token, not its digest)."""
    query = update(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
    if keep:
        query = query.where(AuthToken.token_hash != token_digest(keep))
    await session.execute(query.values(revoked_at=utcnow()))


async def badge_labels(session: AsyncSession, user_ids: Sequence[int] | None) -> bytes:
    """A PDF sheet (A4, 24 labels of 70 × 37 mm) with a badge label per user: display name and
    the badge code as Code 128, in the order of `user_ids`; without ids, every active user
    with a badge, by user name.

    Raises 404 ``user_not_found`` for an unknown id; 409 ``badge_missing`` naming the users
    without a badge; 422 ``nothing_to_print`` when no user has one.
    """
    if user_ids is None:
        users = [u for u in await list_users(session, active=True) if u.badge_code]
        if not users:
            raise ShipfloorError(422, "nothing_to_print", "No active user has a badge yet.")
    else:
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            raise ShipfloorError(422, "nothing_to_print", "Choose at least one user.", field="ids")
        found = {u.id: u for u in await session.scalars(select(User).where(User.id.in_(ids)))}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound("user", missing[0])
        users = [found[i] for i in ids]
        without = [u.username for u in users if not u.badge_code]
        if without:
            raise ShipfloorError(
                409, "badge_missing",
                f"No badge yet for {', '.join(without)}: issue one first.", users=without,
            )
    return badge_sheet_pdf([(u.display_name, u.badge_code or "") for u in users], title="Badges")
