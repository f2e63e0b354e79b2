"""GET /api/events streams live events as server-sent events to authenticated users, across
server processes when Redis is configured."""

import asyncio
import json

import httpx
import pytest

from server.app import create_app
from tests.conftest import PASSWORD
from tests.live import live_server, sse_messages


async def _token(base: str, username: str = "picker") -> str:
    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        return response.json()["access_token"]


async def _read_events(response: httpx.Response, wanted: int) -> list[tuple[str, dict]]:
    """Parse ``wanted`` SSE messages (event name, JSON data) off a streaming response."""
    events = []
    async for message in sse_messages(response):
        events.append(message)
        if len(events) == wanted:
            return events
    return events


async def test_event_reaches_a_subscriber_of_another_app_instance(backend, users):
    # Two app instances stand for two server processes: on Redis an event published by one
    # reaches the stream of the other; in memory only the same instance shares events.
    publisher_app = create_app(backend.settings)
    subscriber_app = create_app(backend.settings) if backend.name == "postgres" else publisher_app
    async with live_server(publisher_app) as _pub_base, live_server(subscriber_app) as sub_base:
        token = await _token(sub_base)
        async with httpx.AsyncClient(base_url=sub_base, timeout=10) as http:
            async with http.stream("GET", f"/api/events?topics=orders&access_token={token}") as response:
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("text/event-stream")
                reader = asyncio.create_task(_read_events(response, 2))
                # Publish until the subscription is live (subscribing is asynchronous).
                for attempt in range(50):
                    publisher_app.state.event_bus.publish("orders", {"type": "probe", "n": attempt})
                    publisher_app.state.event_bus.publish("stock", {"type": "ignored"})
                    await asyncio.sleep(0.1)
                    if reader.done():
                        break
                events = await asyncio.wait_for(reader, 5)
    assert events[0] == ("system", {"type": "connected"})
    name, data = events[1]
    assert name == "orders"
    assert data["channel"] == "orders" and data["type"] == "probe"


async def test_event_stream_needs_authentication(client):
    response = await client.get("/api/events")
    assert response.status_code == 401


async def test_unknown_topic_is_refused(client, login):
    headers = await login("picker")
    response = await client.get("/api/events?topics=orders,bogus", headers=headers)
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_topic"


def test_unknown_channel_is_a_programming_error(app):
    with pytest.raises(ValueError):
        app.state.event_bus.publish("nope", {"type": "x"})


async def test_stream_survives_quiet_periods(backend, users, monkeypatch):
    # A heartbeat on a quiet stream must not end the subscription: an event published after
    # several heartbeats still arrives on the same connection.
    from server.domain.live import controllers

    monkeypatch.setattr(controllers, "HEARTBEAT_SECONDS", 0.05)
    app = create_app(backend.settings)
    async with live_server(app) as base:
        token = await _token(base)
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            async with http.stream("GET", f"/api/events?topics=stock&access_token={token}") as response:
                lines = response.aiter_lines()
                heartbeats = 0
                async for line in lines:
                    if line.startswith(": keep-alive") or line == ":keep-alive":
                        heartbeats += 1
                        if heartbeats == 4:
                            break
                reader = asyncio.create_task(_read_events_from(lines, "late"))
                for _ in range(50):
                    app.state.event_bus.publish("stock", {"type": "late"})
                    await asyncio.sleep(0.1)
                    if reader.done():
                        break
                data = await asyncio.wait_for(reader, 5)
    assert heartbeats == 4
    assert data == {"channel": "stock", "type": "late"}


async def _read_events_from(lines, wanted_type: str) -> dict:
    async for line in lines:
        if line.startswith("data:"):
            data = json.loads(line.split(":", 1)[1])
            if data.get("type") == wanted_type:
                return data
    raise AssertionError("stream ended")
