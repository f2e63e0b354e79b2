"""Settings, read once from environment variables.

Every setting has a default that runs Shipfloor on its embedded default: SQLite in the data
directory and in-memory channels and stores. Names are ``SHIPFLOOR_`` + the upper-case field name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


def _default_data_dir() -> str:
    return str(Path.cwd() / "var")


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings.

    Attributes (environment variable ``SHIPFLOOR_<NAME>``):
        database_url: SQLAlchemy async URL; empty means SQLite at ``<data_dir>/shipfloor.sqlite3``.
        redis_url: ``redis://host:port/db``; empty means in-memory channels and stores (one process).
        data_dir: folder for the embedded database and other local files.
        host, port: where ``shipfloor serve`` listens.
        workers: server processes for ``shipfloor serve``.
        token_ttl_seconds: lifetime of an access token, seconds (default one 12-hour shift).
        max_body_bytes: request bodies above this size are refused with 413.
        login_max_failures, login_window_seconds: failed logins allowed per user name, badge or
            client address within the window before further attempts get 429.
        timezone: the warehouse's IANA time zone; ship dates are dates in this zone.
        log_level: ``debug``, ``info``, ``warning`` or ``error``.
        log_json: one JSON object a line (default) or human-readable lines.
        redis_namespace: prefix of every Redis key and channel, so that installations can share
            one Redis server.
        metrics_token: a bearer token that Prometheus may use for ``/metrics`` (empty: none).
        secrets_key: Fernet key (urlsafe base64, 32 bytes) that encrypts stored shop credentials;
            empty means a key file ``secrets.key`` in the data directory, made on first use. Set
            it when several hosts share one database.
        public_url: scheme and host the webshops reach Shipfloor at (``https://wms.example``),
            used in the webhook URLs shown to admins; empty means the host of each request.
    """

    database_url: str = ""
    redis_url: str = ""
    data_dir: str = field(default_factory=_default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    token_ttl_seconds: int = 12 * 3600
    max_body_bytes: int = 1_048_576
    login_max_failures: int = 5
    login_window_seconds: int = 300
    timezone: str = "Europe/Amsterdam"
    log_level: str = "info"
    log_json: bool = True
    metrics_token: str = ""
    redis_namespace: str = "shipfloor"
    secrets_key: str = ""
    public_url: str = ""

    @property
    def effective_database_url(self) -> str:
        """The database URL in use: ``database_url``, or the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{Path(self.data_dir) / 'shipfloor.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (default ``os.environ``).

        Raises ``ValueError`` naming the variable when a value has the wrong type.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = f"SHIPFLOOR_{f.name.upper()}"
            if name not in env:
                continue
            raw = env[name]
            kind = type(getattr(cls(), f.name))
            try:
                if kind is bool:
                    values[f.name] = raw.lower() in {"1", "true", "yes", "on"}
                elif kind is int:
                    values[f.name] = int(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from exc
        return cls(**values)
