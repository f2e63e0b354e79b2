"""One scan id sent to two batches at the same moment (a handheld that made one UUID twice):
one batch takes it, the other refuses it, nothing is half done. Through a real server on a
socket, so that the two requests truly run side by side."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from server.app import create_app
from server.db.models import PickScan, PickStop
from tests.live import live_server
from tests.picking.conftest import enter, loc, new_id, supervisor, world  # noqa: F401 - fixtures


async def test_one_scan_id_on_two_batches_at_once_is_taken_once(app, client, db, world, enter, supervisor):
    batches = []
    for sku in ("CUP", "BOWL"):
        order = await enter({sku: 1})
        made = await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)
        assert made.status_code == 201, made.text
        started = await client.post(f"/api/pick-batches/{made.json()['id']}/start", headers=supervisor)
        assert started.status_code == 200, started.text
        batches.append(started.json())
    scan_id = new_id()
    async with live_server(create_app(app.state.settings)) as base:
        async with httpx.AsyncClient(base_url=base, headers=supervisor, timeout=60) as http:
            answers = await asyncio.gather(*(
                http.post(f"/api/pick-batches/{b['id']}/scans",
                          json={"id": scan_id, "code": loc(b["stops"][0]["location"])})
                for b in batches
            ))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 409).json()
    assert refused["code"] in ("scan_id_reused", "changed_concurrently"), refused
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PickScan).where(PickScan.client_id == scan_id)) == 1
        # Exactly one of the two bins was confirmed: the refused scan changed nothing.
        assert await session.scalar(select(func.count()).select_from(PickStop).where(PickStop.located)) == 1
