"""Location labels for a range of bins: the codes a range names, and their PDF sheet (the same
for ``shipfloor labels locations`` and ``GET /api/locations/labels.pdf``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners.labels import expand_range, location_sheet_pdf, natural_key
from server.db.models import Location

MAX_LABELS = 5000


async def range_codes(session: AsyncSession, spec: str | None = None, aisle: str | None = None) -> list[str]:
    """Active location codes that ``spec`` names (``A-01..A-10``, a code, a prefix, or a comma
    list: see ``scanners.labels.expand_range``) and, when given, that lie in layout aisle
    ``aisle`` (e.g. ``A01``); natural order.

    Raises ValueError when ``spec`` is malformed or names no active bin, or when ``aisle`` holds
    none.
    """
    query = select(Location.code).where(Location.active.is_(True))
    if aisle is not None:
        query = query.where(Location.aisle == aisle)
    known = list(await session.scalars(query))
    if spec is None:
        if not known:
            raise ValueError(f"aisle {aisle!r} has no active location")
        return sorted(known, key=natural_key)
    return expand_range(spec, known)


def sheet(codes: list[str], title: str | None = None) -> bytes:
    """The A4 PDF of ``codes`` (24 labels a page, Code 128). Raises ValueError when there are
    none, more than 5,000, or one cannot be printed."""
    if len(codes) > MAX_LABELS:
        raise ValueError(f"{len(codes)} labels is more than {MAX_LABELS} at once; print a smaller range")
    return location_sheet_pdf(codes, title=title)
