"""Bearer-token authentication for every route except those marked ``exclude_from_auth``."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware._utils import should_bypass_middleware
from litestar.types import Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.session import REQUEST_SESSION
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


def _uses_session(handler: BaseRouteHandler | None) -> bool:
    """Whether ``handler`` takes the ``db_session`` dependency (its parsed signature is built
    once, when the app is)."""
    return handler is not None and "db_session" in handler.parsed_fn_signature.parameters


class TokenAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Resolves the bearer token to a ``CurrentUser``; 401 for a missing, unknown, expired or
    revoked token.

    For a handler that takes ``db_session`` the token is looked up in the session the handler
    then works in (``REQUEST_SESSION``): one pooled connection and one transaction per request
    instead of two. The middleware closes that session once the response is sent."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if should_bypass_middleware(
            exclude_http_methods=self.exclude_http_methods,
            exclude_opt_key=self.exclude_opt_key,
            exclude_path_pattern=self.exclude,
            scope=scope,
            scopes=self.scopes,
        ) or not _uses_session(scope.get("route_handler")):
            await super().__call__(scope, receive, send)
            return
        session: AsyncSession = scope["app"].state.sessionmaker()
        try:
            result = await self._authenticate(ASGIConnection(scope), session)
            scope["user"] = result.user
            scope["auth"] = result.auth
            scope.setdefault("state", {})[REQUEST_SESSION] = session
            await self.app(scope, receive, send)
        finally:
            await session.close()

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        return await self._authenticate(connection, None)

    async def _authenticate(self, connection: ASGIConnection, session: AsyncSession | None) -> AuthenticationResult:
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
        if session is not None:
            user = await user_for_token(session, token)
        else:
            async with connection.app.state.sessionmaker() as own:
                user = await user_for_token(own, token)
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
