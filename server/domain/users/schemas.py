"""Request and response bodies of ``/api/users``. Secrets go in, never out: a response says
whether a user has a password or a PIN, never a hash or a PIN."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Username = Annotated[
    str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
]
# No control characters: a name is printed on labels, and PostgreSQL refuses NUL in text.
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=120, pattern=r"^[^\x00-\x1f\x7f]+$")]
Password = Annotated[str, msgspec.Meta(max_length=256)]
Pin = Annotated[str, msgspec.Meta(max_length=64)]
Language = Literal["en", "nl", "fr"]


class UserIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new user. ``roles`` from ``picker``, ``packer``, ``supervisor``, ``admin``; a
    ``password`` (8+ characters), a ``pin`` (4-8 digits) or both. A user created with a PIN gets
    a badge at once."""

    username: Username
    display_name: DisplayName
    roles: list[str]
    password: Password | None = None
    pin: Pin | None = None
    language: Language = "en"


class UserPatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """What an admin changes about a user; fields left out stay as they are. ``active: false``
    deactivates (the user's tokens are revoked); ``password`` and ``pin`` set new secrets."""

    display_name: DisplayName | msgspec.UnsetType = msgspec.UNSET
    roles: list[str] | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET
    password: Password | msgspec.UnsetType = msgspec.UNSET
    pin: Pin | msgspec.UnsetType = msgspec.UNSET
    language: Language | msgspec.UnsetType = msgspec.UNSET


class AdminUserOut(msgspec.Struct, kw_only=True):
    """A user as admins see them. ``badge_code`` is the barcode printed on their badge (or
    null); ``has_password`` / ``has_pin`` say which logins they can use."""

    id: int
    username: str
    display_name: str
    roles: list[str]
    language: str
    active: bool
    badge_code: str | None
    has_password: bool
    has_pin: bool
    created_at: datetime
