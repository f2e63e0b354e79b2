"""A bin's name typed or scanned where its label is wanted (``A-03-01-B`` for
``LOC-A-03-01-B-U``): found, so that the refusal can name the label to scan instead. The check
character is what catches a mistyped bin, so a bare name is never taken for the bin itself."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import Scan, label_code
from server.db.models import Location


def bare_text(parsed: Scan) -> str:
    """The scanned text as a bare name is compared: upper case, without the spaces a typed
    entry may carry around it (GS and other controls stay: never a bare ``strip``)."""
    return parsed.normalized.strip(" ").upper()


async def bin_named(session: AsyncSession, text: str, known: Iterable[str]) -> str | None:
    """The code of the bin whose name is ``text`` (from ``bare_text``), looked for among the
    ``known`` codes first (the ones at hand: no query), then in the locations; None when no bin
    has that name or its name fits no label."""
    if not text:
        return None
    name = next((code for code in known if code.upper() == text), None)
    if name is None:
        # Only a text no product has gets here, so the lookup costs nothing on accepted scans.
        name = await session.scalar(select(Location.code).where(func.upper(Location.code) == text).limit(1))
    return name if name is not None and label_code("location", name) is not None else None
