"""Request and response bodies of the auth endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Either ``username`` + ``password`` or ``badge`` (the scanned badge barcode) + ``pin``."""

    username: str | None = None
    password: str | None = None
    badge: str | None = None
    pin: str | None = None


class UserOut(msgspec.Struct):
    id: int
    username: str
    display_name: str
    roles: list[str]
    language: str


class LoginResponse(msgspec.Struct):
    access_token: str
    token_type: str
    expires_at: datetime
    user: UserOut


Language = Literal["en", "nl", "fr"]


class MeUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """What a user may change about themselves: the language of their screens."""

    language: Language
