"""``/api/auth``: log in, log out, who am I."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.params import JSONBody
from litestar.datastructures import State

from server.db.session import DbSession
from server.domain.auth.guards import ANY_USER
from server.domain.auth.schemas import LoginRequest, LoginResponse, MeUpdate, UserOut
from server.domain.auth.services import (
    authenticate_credentials,
    issue_token,
    revoke_token,
    set_language,
)
from server.errors import ShipfloorError
from server.metrics import LOGINS


def _user_out(user) -> UserOut:  # noqa: ANN001 - a User row or a CurrentUser
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=list(user.roles or ()),
        language=user.language,
    )


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]

    @post("/login", exclude_from_auth=True, status_code=200)
    async def login(
        self, data: JSONBody[LoginRequest], request: Request, state: State, db_session: DbSession
    ) -> LoginResponse:
        """Log in with username + password or badge + PIN; returns a bearer token.

        Errors: 401 ``invalid_credentials``; 422 ``credentials_missing``; 429
        ``too_many_failed_logins`` after ``login_max_failures`` failures for the same user name,
        badge or client address within ``login_window_seconds``.
        """
        limiter = state.login_limiter
        method = "badge" if data.badge else "password"
        keys = [f"ip:{request.client.host if request.client else '-'}"]
        if data.username:
            keys.append(f"user:{data.username.lower()}")
        if data.badge:
            keys.append(f"badge:{data.badge}")
        if await limiter.blocked(keys):
            LOGINS.labels(method, "rate_limited").inc()
            raise ShipfloorError(
                429,
                "too_many_failed_logins",
                "Too many failed logins; wait a few minutes before trying again.",
                headers={"Retry-After": str(limiter.window_seconds)},
            )
        try:
            user = await authenticate_credentials(
                db_session,
                username=data.username,
                password=data.password,
                badge=data.badge,
                pin=data.pin,
            )
        except ShipfloorError as exc:
            if exc.status == 401:
                LOGINS.labels(method, "refused").inc()
                await limiter.record_failure(keys)
            raise
        LOGINS.labels(method, "ok").inc()
        await limiter.reset(keys[1:])
        issued = await issue_token(db_session, user, state.settings.token_ttl_seconds)
        return LoginResponse(
            access_token=issued.token,
            token_type="bearer",
            expires_at=issued.expires_at,
            user=_user_out(user),
        )

    @post("/logout", guards=[ANY_USER], status_code=204)
    async def logout(self, request: Request, db_session: DbSession) -> None:
        """Revoke the token of this request; later requests with it get 401."""
        await revoke_token(db_session, request.auth)

    @get("/me", guards=[ANY_USER])
    async def me(self, request: Request) -> UserOut:
        """The logged-in user."""
        return _user_out(request.user)

    @patch("/me", guards=[ANY_USER])
    async def update_me(
        self, data: JSONBody[MeUpdate], request: Request, db_session: DbSession
    ) -> UserOut:
        """Change the logged-in user's own settings: ``language`` (``en``, ``nl`` or ``fr``)."""
        user = await set_language(db_session, request.user.id, data.language)
        return _user_out(user)
