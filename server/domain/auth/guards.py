"""Role guards: a handler names the roles that may call it; ``admin`` may call everything."""

from __future__ import annotations

from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

Guard = Callable[[ASGIConnection, BaseRouteHandler], None]


def requires(*roles: str) -> Guard:
    """A guard that lets users with any of ``roles`` (or ``admin``) through; others get 403."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        if user is None:
            # Requests the authentication middleware lets through (OPTIONS) carry no user.
            raise NotAuthorizedException("Log in first: this endpoint needs a bearer token.")
        if not user.has_any_role(roles):
            raise PermissionDeniedException(
                f"This needs one of the roles: {', '.join(roles)}."
            )

    return guard


ANY_USER = requires("picker", "packer", "supervisor")
FLOOR = requires("picker", "packer", "supervisor")
PICKING = requires("picker", "supervisor")
PACKING = requires("packer", "supervisor")
SUPERVISOR = requires("supervisor")
ADMIN = requires("admin")
