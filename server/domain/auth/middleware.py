"""Bearer-token authentication for every route except those marked ``exclude_from_auth``."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from server.domain.auth.services import user_for_token


@dataclass(frozen=True, slots=True)
class CurrentUser:
    """The authenticated caller, as request handlers see it (``request.user``)."""

    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    language: str

    def has_any_role(self, roles: tuple[str, ...]) -> bool:
        """True when the user has one of ``roles``; ``admin`` has every role."""
        return "admin" in self.roles or any(role in self.roles for role in roles)


def bearer_token(connection: ASGIConnection) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or of the ``access_token`` query
    parameter on the event stream (browsers' EventSource cannot send headers)."""
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip(" ")
    if connection.scope["path"] == "/api/events":
        return connection.query_params.get("access_token") or None
    return None


METRICS_USER = CurrentUser(id=0, username="metrics", display_name="Metrics scraper", roles=("metrics",), language="en")


class TokenAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Resolves the bearer token to a ``CurrentUser``; 401 for a missing, unknown, expired or
    revoked token."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = bearer_token(connection)
        if not token:
            raise NotAuthorizedException("Log in first: this endpoint needs a bearer token.")
        metrics_token = connection.app.state.settings.metrics_token
        if (
            metrics_token
            and connection.scope["path"] == "/metrics"
            and hmac.compare_digest(token.encode(), metrics_token.encode())
        ):
            return AuthenticationResult(user=METRICS_USER, auth=token)
        async with connection.app.state.sessionmaker() as session:
            user = await user_for_token(session, token)
        if user is None:
            raise NotAuthorizedException("The token is unknown, expired or revoked; log in again.")
        current = CurrentUser(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            roles=tuple(user.roles or ()),
            language=user.language,
        )
        return AuthenticationResult(user=current, auth=token)
