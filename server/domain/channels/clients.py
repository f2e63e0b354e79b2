"""Building a platform connector for a stored channel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from server.config import Settings
from server.db.models import Channel
from server.domain.channels.http import ShopHttp, Sleep
from server.domain.channels.imports import ChannelInfo
from server.domain.channels.platforms.base import Connector
from server.domain.channels.platforms.registry import PLATFORMS
from server.domain.channels.secrets import unseal
from server.errors import ShipfloorError

_HTTP_OPTIONS = {"timeout": float, "max_attempts": int, "max_wait": float, "backoff": float}

ConnectorFactory = Callable[[Channel, Settings], Connector]


def info(channel: Channel) -> ChannelInfo:
    return ChannelInfo(
        id=channel.id,
        name=channel.name,
        platform=channel.platform,
        currency=channel.currency,
        status_map=dict(channel.status_map or {}),
        backorder_policy=channel.backorder_policy,
    )


def connector_for(channel: Channel, settings: Settings, *, sleep: Sleep | None = None) -> Connector:
    """The connector for ``channel`` with its decrypted credentials. HTTP tuning comes from
    ``channel.options`` (``timeout``, ``max_attempts``, ``max_wait``, ``backoff``). Raises
    409 ``channel_without_credentials`` when none are stored."""
    credentials = unseal(settings, channel.credentials_enc)
    if not credentials:
        raise ShipfloorError(
            409,
            "channel_without_credentials",
            f"Channel {channel.name} has no API credentials; add them to fetch or push orders.",
        )
    platform = PLATFORMS[channel.platform]
    config: dict[str, Any] = platform.http_config(channel.shop_url, credentials)
    for name, kind in _HTTP_OPTIONS.items():
        if name in (channel.options or {}):
            config[name] = kind(channel.options[name])
    if sleep is not None:
        config["sleep"] = sleep
    return platform(ShopHttp(**config), channel.options)
