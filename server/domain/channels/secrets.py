"""Shop credentials at rest: Fernet (AES-128-CBC + HMAC-SHA256) with the key from the
``secrets_key`` setting, or from ``<data_dir>/secrets.key`` (created once, mode 0600)."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from server.config import Settings
from server.errors import ShipfloorError


@lru_cache(maxsize=8)
def _fernet(key: str, key_file: str) -> Fernet:
    if key:
        return Fernet(key.encode())
    path = Path(key_file)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, Fernet.generate_key())
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    return Fernet(path.read_bytes().strip(b"\n"))


def fernet(settings: Settings) -> Fernet:
    """The cipher for ``settings``. Raises ``ValueError`` for a malformed key."""
    return _fernet(settings.secrets_key, str(Path(settings.data_dir) / "secrets.key"))


def seal(settings: Settings, value: Any) -> str | None:
    """``value`` (JSON-able) encrypted to a token; None stays None."""
    if value is None:
        return None
    return fernet(settings).encrypt(json.dumps(value).encode()).decode()


def unseal(settings: Settings, token: str | None) -> Any:
    """The value sealed in ``token``. Raises 500 ``secrets_key_mismatch`` when it was sealed
    with another key (the ``secrets_key`` setting changed)."""
    if token is None:
        return None
    try:
        return json.loads(fernet(settings).decrypt(token.encode()))
    except InvalidToken:
        raise ShipfloorError(
            500,
            "secrets_key_mismatch",
            "A stored shop secret cannot be decrypted with the configured secrets key; "
            "restore the key or enter the channel's secrets again.",
        ) from None
