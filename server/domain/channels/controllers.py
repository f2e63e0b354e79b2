"""``/api/channels`` (admins) and ``/api/webhooks/{channel_id}`` (the shops)."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Request, get, patch, post
from litestar.datastructures import State
from litestar.params import JSONBody, Parameter, QueryParameter

from server.db.base import utcnow
from server.db.session import DbSession
from server.domain.auth.guards import ADMIN
from server.domain.channels import pushback, services, webhooks
from server.domain.channels.polling import sweep
from server.domain.channels.schemas import (
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    DeliveryOut,
    PushOut,
    StockPushIn,
    SyncOut,
    WebhookAck,
)
from server.errors import ShipfloorError

ChannelId = Annotated[int, Parameter(ge=1, le=2**31 - 1)]


def public_base(request: Request, state: State) -> str:
    """Scheme and host the shops reach Shipfloor at: ``SHIPFLOOR_PUBLIC_URL``, else the
    request's own."""
    return state.settings.public_url or str(request.base_url)
Outcome = Literal[
    "created", "held", "updated", "unchanged", "stale", "duplicate", "skipped", "rejected"
]


class ChannelController(Controller):
    path = "/api/channels"
    tags = ["channels"]
    guards = [ADMIN]

    @post("/")
    async def create_channel(
        self, request: Request, state: State, db_session: DbSession, data: JSONBody[ChannelIn]
    ) -> ChannelOut:
        """Connect a shop. Secrets are stored encrypted and never returned. Errors: 409
        ``duplicate_channel``, 422 ``validation_error`` (e.g. Lightspeed without ``currency``,
        credentials missing ``token`` or ``key``/``secret``)."""
        channel = await services.create_channel(db_session, state.settings, data, utcnow())
        return await services.channel_view(db_session, channel, public_base(request, state))

    @get("/")
    async def list_channels(
        self, request: Request, state: State, db_session: DbSession
    ) -> list[ChannelOut]:
        """Every channel, oldest first."""
        return await services.list_channels(db_session, public_base(request, state))

    @get("/{channel_id:int}")
    async def get_channel(
        self, request: Request, state: State, db_session: DbSession, channel_id: ChannelId
    ) -> ChannelOut:
        """One channel. Errors: 404 ``channel_not_found``."""
        return await services.channel_view(
            db_session,
            await services.get_channel(db_session, channel_id),
            public_base(request, state),
        )

    @patch("/{channel_id:int}")
    async def update_channel(
        self,
        request: Request,
        state: State,
        db_session: DbSession,
        channel_id: ChannelId,
        data: JSONBody[ChannelPatch],
    ) -> ChannelOut:
        """Change a channel; secrets given replace the stored ones. Errors: 404, 409
        ``duplicate_channel``, 422."""
        channel = await services.update_channel(db_session, state.settings, channel_id, data)
        return await services.channel_view(db_session, channel, public_base(request, state))

    @post("/{channel_id:int}/sync", status_code=200)
    async def sync(self, state: State, db_session: DbSession, channel_id: ChannelId) -> SyncOut:
        """Sweep the shop now (as the scheduler does). ``ran`` is false when a sweep of this
        channel is running elsewhere; shop failures come back in ``error``. Errors: 404, 409
        ``channel_without_credentials``."""
        await services.get_channel(db_session, channel_id)
        await db_session.rollback()
        return await sweep(
            state.sessionmaker, state.settings, channel_id, bus=state.get("event_bus")
        )

    @get("/{channel_id:int}/deliveries")
    async def deliveries(
        self,
        db_session: DbSession,
        channel_id: ChannelId,
        outcome: Annotated[Outcome | None, Parameter()] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
        offset: Annotated[int, Parameter(ge=0, le=10_000_000)] = 0,
    ) -> list[DeliveryOut]:
        """The channel's delivery log (webhooks, poll results, refusals), newest first."""
        return await services.deliveries(
            db_session, channel_id, outcome=outcome, limit=limit, offset=offset
        )

    @get("/{channel_id:int}/pushes")
    async def pushes(
        self,
        db_session: DbSession,
        channel_id: ChannelId,
        state_filter: Annotated[
            Literal["pending", "done", "failed"] | None, QueryParameter(name="state")
        ] = None,
    ) -> list[PushOut]:
        """Push-back messages (newest first, at most 500), with attempts and the last error."""
        return await services.pushes(db_session, channel_id, state_filter)

    @post("/{channel_id:int}/pushes/{push_id:int}/retry", status_code=200)
    async def retry_push(
        self,
        db_session: DbSession,
        channel_id: ChannelId,
        push_id: Annotated[int, Parameter(ge=1, le=2**31 - 1)],
    ) -> PushOut:
        """Send a failed push again from the first attempt. Errors: 404 ``push_not_found``, 409
        ``push_done``."""
        return services.push_out(await pushback.retry(db_session, channel_id, push_id, utcnow()))

    @post("/{channel_id:int}/stock", status_code=202)
    async def push_stock(
        self, db_session: DbSession, channel_id: ChannelId, data: JSONBody[StockPushIn]
    ) -> PushOut:
        """Queue the available units (on hand − allocated) of ``skus`` (all active products
        when empty) for the shop; sent by the outbox, batched and rate-limited."""
        await services.get_channel(db_session, channel_id)
        levels = await pushback.available_units(db_session, list(data.skus))
        return services.push_out(
            await pushback.enqueue_stock(db_session, channel_id, levels, utcnow())
        )


@post(
    "/api/webhooks/{channel_id:int}",
    exclude_from_auth=True,
    opt={"raw_body": True},
    status_code=200,
    tags=["channels"],
)
async def webhook(
    request: Request, state: State, db_session: DbSession, channel_id: ChannelId
) -> WebhookAck:
    """A shop's delivery, authenticated by its signature on the raw body: WooCommerce
    ``X-WC-Webhook-Signature`` and Shopify ``X-Shopify-Hmac-Sha256`` (base64 HMAC-SHA256),
    Lightspeed ``X-Signature`` (hex md5 of body + secret), Magento modules
    ``X-Shipfloor-Signature`` (as WooCommerce). WooCommerce's unsigned ping gets 200.

    Errors: 401 ``missing_signature`` / ``invalid_signature``, 400 ``malformed_body``, 413
    ``body_too_large``, 422 ``wrong_platform`` / ``not_an_order`` / ``order_without_lines`` /
    ``line_without_sku`` / ``timestamp_without_zone`` / ``invalid_currency`` /
    ``invalid_order``, 404 ``channel_not_found``. Refusals after the signature check are kept in
    the delivery log.
    """
    raw = await request.body()
    now = utcnow()
    try:
        return await webhooks.receive(
            db_session, state.settings, channel_id, raw, request.headers, now
        )
    except ShipfloorError as exc:
        await db_session.rollback()
        if exc.status not in (401, 404):
            await webhooks.log_rejection(
                state.sessionmaker, channel_id, raw, request.headers, exc, "webhook", now
            )
        raise
