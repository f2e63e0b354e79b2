"""Log in, log out and resolve bearer tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

import scanners
from server.db.base import utcnow
from server.db.models import AuthToken, User
from server.domain.auth.security import new_token, token_digest, verify_secret
from server.errors import ShipfloorError


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_at: datetime
    user: User


async def authenticate_credentials(
    session: AsyncSession,
    *,
    username: str | None,
    password: str | None,
    badge: str | None,
    pin: str | None,
) -> User:
    """The active user matching username + password or badge + PIN.

    Raises ``ShipfloorError`` 422 ``credentials_missing`` when neither pair is complete, and
    401 ``invalid_credentials`` when no active user matches (same answer for unknown user and
    wrong secret).
    """
    if username and password is not None:
        user = await session.scalar(select(User).where(User.username == username))
        ok = verify_secret(user.password_hash if user else None, password)
    elif badge and pin is not None:
        user = await session.scalar(select(User).where(User.badge_code == badge_value(badge)))
        ok = verify_secret(user.pin_hash if user else None, pin)
    else:
        raise ShipfloorError(
            422,
            "credentials_missing",
            "Give username and password, or badge and PIN.",
        )
    if not ok or user is None or not user.active:
        raise ShipfloorError(401, "invalid_credentials", "Wrong user name, password, badge or PIN.")
    return user


def badge_value(raw: str) -> str:
    """The badge code to look up for a scanned or typed badge.

    Shipfloor badges (``BDG-<body>-<check>``, see ``scanners.codes``) are normalised by
    ``scanners.parse`` (symbology identifier and suffix removed); a badge whose check character
    is wrong raises ``ShipfloorError`` 422 ``badge_unreadable``. Other codes (existing staff cards)
    are looked up as scanned.
    """
    scan = scanners.parse(raw)
    if scan.kind == "badge":
        return scan.normalized
    if scan.kind_hint == "badge" and scan.errors:
        raise ShipfloorError(422, "badge_unreadable", scan.errors[0].message, field="badge")
    return scan.normalized or raw


async def issue_token(session: AsyncSession, user: User, ttl_seconds: int) -> IssuedToken:
    """Create and store a new token for ``user`` valid for ``ttl_seconds`` seconds."""
    token = new_token()
    expires_at = utcnow() + timedelta(seconds=ttl_seconds)
    session.add(AuthToken(token_hash=token_digest(token), user_id=user.id, expires_at=expires_at))
    await session.flush()
    return IssuedToken(token=token, expires_at=expires_at, user=user)


# Built once: every request looks its token up.
_USER_FOR_TOKEN = (
    select(User)
    .join(AuthToken, AuthToken.user_id == User.id)
    .where(
        AuthToken.token_hash == bindparam("token_hash"),
        AuthToken.revoked_at.is_(None),
        AuthToken.expires_at > bindparam("now"),
        User.active.is_(True),
    )
)


async def user_for_token(session: AsyncSession, token: str) -> User | None:
    """The active user of a valid (known, unexpired, unrevoked) token, else None."""
    row = await session.execute(_USER_FOR_TOKEN, {"token_hash": token_digest(token), "now": utcnow()})
    return row.scalar_one_or_none()


async def revoke_token(session: AsyncSession, token: str) -> None:
    """Revoke ``token`` (logout); later requests with it get 401."""
    await session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == token_digest(token), AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def set_language(session: AsyncSession, user_id: int, language: str) -> User:
    """Store ``language`` as the user's choice and return the user."""
    user = await session.get_one(User, user_id)
    user.language = language
    await session.flush()
    return user
