"""Uploading a warehouse layout: validate the document, compare its locations with the bins in
use, and activate it without losing a bin that holds stock.

A location is matched by its code. Activation stores the document as a new active
``warehouse_layouts`` row (older rows stay, inactive), updates kept bins in place (their ids,
and so their stock, stay), adds new bins (or brings back an inactive bin of the same code), and
deactivates bins the new layout no longer has. A bin with units on hand or allocated may not
disappear: activation is refused and nothing changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import routing
from routing.layout import Location as RoutingLocation
from routing import errors as layout_errors
from scanners import make_code
from scanners.labels import natural_key
from server.db.models import Location, StockLevel, WarehouseLayout
from server.errors import ShipfloorError

# Stable problem codes per kind of layout error (most specific class first).
ERROR_CODES: tuple[tuple[type[routing.LayoutError], str], ...] = (
    (layout_errors.DuplicateIdError, "layout_duplicate_id"),
    (layout_errors.OverlappingAislesError, "layout_overlapping_aisles"),
    (layout_errors.UnknownAisleError, "layout_unknown_aisle"),
    (layout_errors.LocationOutsideAisleError, "layout_location_outside_aisle"),
    (layout_errors.PointOffNetworkError, "layout_point_off_network"),
    (layout_errors.DisconnectedAisleError, "layout_disconnected_aisle"),
    (layout_errors.LayoutFormatError, "layout_format"),
)
MAX_AISLE_ID = 32  # locations.aisle
MAX_LEVEL = 8  # locations.level
SHOWN = 200  # codes listed per kind in a preview


class BlockedLocation(msgspec.Struct):
    """A bin the new layout drops although it holds units: ``on_hand`` and ``allocated`` summed
    over its products."""

    code: str
    on_hand: int
    allocated: int


class LayoutChanges(msgspec.Struct):
    """What activating a layout does to the bins. Counts are exact; the code lists hold at most
    200 codes each, in natural order. ``moved``: kept bins whose aisle, ``y``, side or level
    change. ``blocked``: removed bins that hold stock (activation is refused while any are
    left). ``layout_id`` is set once activated."""

    name: str
    aisles: int
    blocks: int
    locations: int
    added: int
    kept: int
    moved: int
    removed: int
    added_codes: list[str]
    moved_codes: list[str]
    removed_codes: list[str]
    blocked: list[BlockedLocation]
    layout_id: int | None = None


@dataclass
class _Plan:
    layout: routing.Layout
    document: dict[str, Any]
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    removed: list[Location] = field(default_factory=list)
    blocked: list[BlockedLocation] = field(default_factory=list)
    rows: dict[str, Location] = field(default_factory=dict)


def layout_problem(exc: routing.LayoutError) -> ShipfloorError:
    """The 422 problem for a layout the routing library refuses, its ``code`` naming the kind
    of mistake (``layout_format``, ``layout_duplicate_id``, ``layout_overlapping_aisles``,
    ``layout_unknown_aisle``, ``layout_location_outside_aisle``, ``layout_point_off_network``,
    ``layout_disconnected_aisle``)."""
    code = next((c for kind, c in ERROR_CODES if isinstance(exc, kind)), "layout_invalid")
    return ShipfloorError(422, code, f"The layout file is not valid: {exc}.", title="Invalid layout")


def read_document(raw: bytes) -> dict[str, Any]:
    """The layout document in ``raw`` (UTF-8 JSON). Raises 422 ``layout_not_json`` when it is
    not JSON, ``layout_format`` when it is not a JSON object."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ShipfloorError(
            422, "layout_not_json", f"The layout file is not JSON: {exc}.", title="Invalid layout"
        ) from exc
    if not isinstance(document, dict):
        raise ShipfloorError(422, "layout_format", "A layout file holds one JSON object.", title="Invalid layout")
    return document


def validate(document: dict[str, Any]) -> routing.Layout:
    """Parse ``document`` with ``routing.parse_layout`` and check what the database and the
    labels need besides: every location code printable as a Shipfloor location barcode (letters,
    digits, single inner hyphens, at most 40) and unique ignoring case, aisle ids up to 32
    characters, levels up to 8. Raises :func:`layout_problem` problems, or 422
    ``layout_invalid_location_code`` with ``codes`` (at most 20)."""
    try:
        layout = routing.parse_layout(document)
    except routing.LayoutError as exc:
        raise layout_problem(exc) from exc
    for aisle in layout.aisles:
        if len(aisle.id) > MAX_AISLE_ID:
            raise layout_problem(layout_errors.LayoutFormatError(f"aisle id {aisle.id!r} is longer than {MAX_AISLE_ID}"))
    bad: list[str] = []
    seen: dict[str, str] = {}
    for code, loc in layout.locations.items():
        if loc.level is not None and len(loc.level) > MAX_LEVEL:
            raise layout_problem(layout_errors.LayoutFormatError(f"location {code!r}: level is longer than {MAX_LEVEL}"))
        try:
            make_code("location", code)
        except ValueError:
            bad.append(code)
            continue
        other = seen.setdefault(code.upper(), code)
        if other != code:
            raise layout_problem(layout_errors.DuplicateIdError(f"location codes {other!r} and {code!r} differ only in case"))
    if bad:
        raise ShipfloorError(
            422,
            "layout_invalid_location_code",
            f"{len(bad)} location code(s) cannot be printed as a barcode: use letters, digits and "
            f"single inner hyphens, at most 40 characters ({', '.join(bad[:5])}).",
            title="Invalid layout",
            codes=bad[:20],
        )
    return layout


def _position(loc: RoutingLocation) -> tuple[str, float, str, str]:
    return (loc.aisle, round(loc.y, 6), loc.side, loc.level or "")


async def _plan(session: AsyncSession, document: dict[str, Any]) -> _Plan:
    layout = validate(document)
    plan = _Plan(layout, document)
    rows = {row.code: row for row in await session.scalars(select(Location).order_by(Location.id))}
    plan.rows = rows
    for code, loc in layout.locations.items():
        row = rows.get(code)
        if row is None or not row.active:
            plan.added.append(code)
            continue
        plan.kept.append(code)
        if (row.aisle, round(row.y, 6), row.side, row.level) != _position(loc):
            plan.moved.append(code)
    plan.removed = [row for code, row in rows.items() if row.active and code not in layout.locations]
    if plan.removed:
        ids = [row.id for row in plan.removed]
        held = await session.execute(
            select(StockLevel.location_id, func.sum(StockLevel.on_hand), func.sum(StockLevel.allocated))
            .where(StockLevel.location_id.in_(ids))
            .group_by(StockLevel.location_id)
        )
        codes = {row.id: row.code for row in plan.removed}
        plan.blocked = [
            BlockedLocation(codes[lid], int(on_hand or 0), int(allocated or 0))
            for lid, on_hand, allocated in held
            if (on_hand or 0) > 0 or (allocated or 0) > 0
        ]
        plan.blocked.sort(key=lambda b: natural_key(b.code))
    return plan


def _changes(plan: _Plan, layout_id: int | None = None) -> LayoutChanges:
    def shown(codes: list[str]) -> list[str]:
        return sorted(codes, key=natural_key)[:SHOWN]

    return LayoutChanges(
        name=plan.layout.name,
        aisles=len(plan.layout.aisles),
        blocks=plan.layout.blocks,
        locations=len(plan.layout.locations),
        added=len(plan.added),
        kept=len(plan.kept),
        moved=len(plan.moved),
        removed=len(plan.removed),
        added_codes=shown(plan.added),
        moved_codes=shown(plan.moved),
        removed_codes=shown([row.code for row in plan.removed]),
        blocked=plan.blocked[:SHOWN],
        layout_id=layout_id,
    )


async def preview(session: AsyncSession, document: dict[str, Any]) -> LayoutChanges:
    """What activating ``document`` would change; changes nothing. Raises the problems of
    :func:`validate`."""
    return _changes(await _plan(session, document))


async def activate(session: AsyncSession, document: dict[str, Any]) -> LayoutChanges:
    """Make ``document`` the active layout (see the module text); flushes, the caller commits.

    Raises the problems of :func:`validate`, and 409 ``locations_in_use`` with ``locations``
    (the blocked bins: code, on_hand, allocated) when a bin it drops holds stock.
    """
    # Concurrent activations wait for each other here (PostgreSQL; SQLite writes one at a time).
    await session.execute(
        select(WarehouseLayout.id).where(WarehouseLayout.active.is_(True)).with_for_update()
    )
    plan = await _plan(session, document)
    if plan.blocked:
        shown = ", ".join(b.code for b in plan.blocked[:10])
        raise ShipfloorError(
            409,
            "locations_in_use",
            f"The new layout drops {len(plan.blocked)} location(s) that hold stock ({shown}). "
            "Move or adjust their stock first, or keep them in the layout.",
            locations=[msgspec.structs.asdict(b) for b in plan.blocked],
        )
    for old in await session.scalars(select(WarehouseLayout).where(WarehouseLayout.active.is_(True))):
        old.active = False
    stored = WarehouseLayout(name=plan.layout.name or "Layout", document=plan.document, active=True)
    session.add(stored)
    await session.flush()
    for code, loc in plan.layout.locations.items():
        aisle, y, side, level = _position(loc)
        row = plan.rows.get(code)
        if row is None:
            session.add(Location(code=code, layout_id=stored.id, aisle=aisle, y=loc.y, side=side, level=level))
            continue
        row.layout_id, row.aisle, row.y, row.side, row.level, row.active = stored.id, aisle, loc.y, side, level, True
    for row in plan.removed:
        row.active = False
    await session.flush()
    return _changes(plan, stored.id)


async def active_document(session: AsyncSession) -> tuple[int, dict[str, Any]]:
    """``(id, document)`` of the active layout. Raises 404 ``layout_not_found``."""
    row = (
        await session.execute(
            select(WarehouseLayout.id, WarehouseLayout.document)
            .where(WarehouseLayout.active.is_(True))
            .order_by(WarehouseLayout.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        raise ShipfloorError(404, "layout_not_found", "No warehouse layout has been loaded yet.")
    return row[0], row[1]
