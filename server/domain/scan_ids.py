"""Client-made scan ids: a handheld replays its queue after losing Wi-Fi, so a scan id sent
again must have the effect of sending it once, but only where it was first used.

``replay_or_refuse`` looks a scan id up in a scan log table (one with ``client_id`` and
``response`` columns, such as ``pick_scans`` or ``packing_scans``) and answers:

- ``None``: the id is new; answer the scan and log it.
- the stored answer with ``replayed: true``: the id was used for the same owner (the same pick
  batch or packing session); nothing changes.
- a 409 ``scan_id_reused`` problem: the id was used for another owner, or for another code
  (a handheld that made one id twice would otherwise lose its second scan to the first's
  answer); nothing changes and nothing is logged (the log keeps one row per id).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from server.domain.picking.answers import Answer

REUSED = "scan_id_reused"


def refusal(scan_id: str, status: int, code: str, detail: str) -> Answer:
    """A refused scan's answer: a problem with ``code``, the scan ``id`` and ``replayed``."""
    return Answer(status, {
        "type": f"https://shipfloor.dev/problems/{code}", "title": "Scan refused", "status": status,
        "detail": detail, "code": code, "id": scan_id, "replayed": False,
    })


async def replay_or_refuse(session: AsyncSession, owner: InstrumentedAttribute[Any], owner_id: int,
                           scan_id: str, *, what: str, raw: str | None = None) -> Answer | None:
    """The answer for a scan id seen before (see the module doc), or ``None`` for a new one.

    ``owner`` is the log table's column naming what the scan was for (``PackingScan.session_id``,
    ``PickScan.batch_id``); ``what`` names that thing for the problem's detail ("packing
    session"); ``raw``: the scan's code as logged (``raw_escaped``), compared with the logged
    one when given."""
    log = owner.class_
    row = (await session.execute(
        select(owner, log.response, log.raw_escaped).where(log.client_id == scan_id)
    )).first()
    return judge(row, owner_id, scan_id, what=what, raw=raw)


def judge(row: Any, owner_id: int, scan_id: str, *, what: str, raw: str | None = None) -> Answer | None:
    """``replay_or_refuse``'s answer from the looked-up ``row`` (``(owner id, response, logged
    raw code)``, or None / ``(None, None, None)`` when the id is new), for callers that fetch
    it in a query of their own."""
    if row is None or row[1] is None:
        return None
    used_for, response, logged = row
    if used_for != owner_id:
        return refusal(scan_id, 409, REUSED, f"The scan id {scan_id} was used for another {what} already; "
                               "send this scan with a new id.")
    if raw is not None and logged is not None and raw != logged:
        return refusal(scan_id, 409, REUSED, f"The scan id {scan_id} was used for another code already; "
                               "send this scan with a new id.")
    return Answer.from_stored(response)
