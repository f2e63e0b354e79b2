"""``/api/users``: admins list, create and change users, issue badges and print badge labels."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import JSONBody, Parameter, QueryParameter

from server.db.models import User
from server.db.session import DbSession
from server.domain.auth.guards import ADMIN
from server.domain.users import services
from server.domain.users.schemas import AdminUserOut, UserIn, UserPatch
from server.errors import ShipfloorError

Id = Annotated[int, Parameter(ge=1, le=2**31 - 1)]
PDF = "application/pdf"


def user_out(user: User) -> AdminUserOut:
    return AdminUserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=list(user.roles or ()),
        language=user.language,
        active=user.active,
        badge_code=user.badge_code,
        has_password=user.password_hash is not None,
        has_pin=user.pin_hash is not None,
        created_at=user.created_at,
    )


def parse_ids(values: list[str] | None) -> list[int] | None:
    """User ids from ``?ids=1,2&ids=3`` (commas, repeats or both); None when absent.
    Raises 422 ``ids_invalid`` for anything but ids."""
    if values is None:
        return None
    out = []
    for part in (p.strip() for v in values for p in v.split(",")):
        if not part:
            continue
        if not (part.isascii() and part.isdigit() and 1 <= int(part) < 2**31):
            raise ShipfloorError(422, "ids_invalid", f"{part!r} is no user id.", field="ids")
        out.append(int(part))
    return out


class UserController(Controller):
    path = "/api/users"
    tags = ["users"]
    guards = [ADMIN]

    @get("/")
    async def list_users(
        self,
        db_session: DbSession,
        active: Annotated[bool | None, QueryParameter()] = None,
        q: Annotated[str | None, QueryParameter(max_length=120, pattern=r"^[^\x00]*$")] = None,
    ) -> list[AdminUserOut]:
        """Users by user name; ``active=true|false`` filters, ``q`` matches part of the user or
        display name."""
        return [user_out(u) for u in await services.list_users(db_session, active=active, q=q)]

    @post("/")
    async def create_user(self, db_session: DbSession, data: JSONBody[UserIn]) -> AdminUserOut:
        """Create a user (201). Errors: 409 ``username_taken``; 422 ``unknown_role``,
        ``roles_missing``, ``credentials_missing``, ``password_too_short``, ``pin_invalid``,
        ``validation_error``."""
        return user_out(await services.create_user(db_session, data))

    @get("/{user_id:int}")
    async def get_user(self, db_session: DbSession, user_id: Id) -> AdminUserOut:
        """One user. Errors: 404 ``user_not_found``."""
        return user_out(await services.get_user(db_session, user_id))

    @patch("/{user_id:int}")
    async def update_user(
        self, request: Request, db_session: DbSession, user_id: Id, data: JSONBody[UserPatch]
    ) -> AdminUserOut:
        """Change display name, roles, language, ``active``, password or PIN. Deactivating
        revokes the user's tokens; a new password or PIN ends their other sessions.
        Errors: 404 ``user_not_found``; 409 ``self_lockout``; 422 as creating."""
        user = await services.update_user(
            db_session, user_id, data, actor_id=request.user.id, actor_token=request.auth
        )
        return user_out(user)

    @post("/{user_id:int}/badge", status_code=200)
    async def issue_badge(self, request: Request, db_session: DbSession, user_id: Id) -> AdminUserOut:
        """Issue a new badge code (``BDG-…``); the old badge stops working and the user's
        other sessions end. Errors: 404 ``user_not_found``."""
        return user_out(await services.issue_badge(db_session, user_id, actor_token=request.auth))

    @get("/{user_id:int}/badge-label.pdf", media_type=PDF)
    async def badge_label(self, db_session: DbSession, user_id: Id) -> Response[bytes]:
        """The user's badge label (A4 sheet, first of 24 labels of 70 × 37 mm: name and
        Code 128). Errors: 404 ``user_not_found``; 409 ``badge_missing``."""
        return Response(await services.badge_labels(db_session, [user_id]), media_type=PDF)

    @get("/badge-labels.pdf", media_type=PDF)
    async def badge_labels(
        self, db_session: DbSession, ids: Annotated[list[str] | None, QueryParameter(name="ids")] = None
    ) -> Response[bytes]:
        """Badge labels of ``ids`` (``?ids=3,5,8``) in that order, 24 per A4 page; without
        ids, of every active user with a badge. Errors: 404 ``user_not_found``; 409
        ``badge_missing``; 422 ``ids_invalid``, ``nothing_to_print``."""
        return Response(await services.badge_labels(db_session, parse_ids(ids)), media_type=PDF)
