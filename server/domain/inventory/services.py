"""Stock services: levels, goods receipts, adjustments, moves, the ledger and the receipt
preview. Every input is checked before anything changes; every change of ``on_hand`` writes a
ledger entry (``ledger.change_level``); stock that arrives releases waiting backorders in the
same transaction."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scanners import read_code
from server.db.models import Location, Product, StockLedgerEntry, StockLevel
from server.domain.inventory import ledger, restock
from server.domain.inventory.distances import depot_distances
from server.domain.inventory.sql import among, id_chunks
from server.domain.inventory.schemas import (
    AdjustmentIn,
    LedgerOut,
    LevelOut,
    MoveIn,
    OrderBrief,
    PreviewOrderOut,
    PreviewOut,
    ReceiptIn,
    ReceiptOut,
    StockOut,
)
from server.domain.orders import rules as order_rules
from server.domain.orders.entry import invalid
from server.domain.orders.events import Context
from server.errors import NotFound, ShipfloorError


async def check_place(session: AsyncSession, product_id: int, location_id: int) -> None:
    """404 ``product_not_found`` / ``location_not_found`` for unknown ids."""
    if await session.get(Product, product_id) is None:
        raise NotFound("product", product_id)
    if await session.get(Location, location_id) is None:
        raise NotFound("location", location_id)


async def _products(session: AsyncSession, skus: list[tuple[str, str]]) -> tuple[dict[str, Product], list[dict]]:
    """Products by sku for ``(field, sku)`` pairs, and the errors for unknown ones."""
    found = {
        p.sku: p for p in await session.scalars(select(Product).where(Product.sku.in_({s for _, s in skus})))
    }
    errors = [{"field": f, "source": "body", "message": f"no product with sku {s!r}", "code": "unknown_product"}
              for f, s in skus if s not in found]
    return found, errors


def _bin_code(text: str) -> str:
    """The bin named by ``text``: its code as typed, or the code on its scanned label
    (``LOC-A-01-12-B-D`` → ``A-01-12-B``; only a label whose check character verifies)."""
    read = read_code(text)
    return read.body if read is not None and read.kind == "location" and read.error is None else text


async def _locations(session: AsyncSession, codes: list[tuple[str, str]]) -> tuple[dict[str, Location], list[dict]]:
    """Locations by the text given for them (a bin code or its label), and the errors for
    unknown ones."""
    named = {c: _bin_code(c) for _, c in codes}
    rows = {loc.code: loc for loc in await session.scalars(select(Location).where(Location.code.in_(set(named.values()))))}
    found = {c: rows[code] for c, code in named.items() if code in rows}
    errors = [{"field": f, "source": "body", "message": f"no location with code {c!r}", "code": "unknown_location"}
              for f, c in codes if c not in found]
    return found, errors


def _unknown(errors: list[dict]) -> ShipfloorError:
    code = errors[0]["code"] if len({e["code"] for e in errors}) == 1 else "unknown_reference"
    return ShipfloorError(422, code, "; ".join(f"{e['field']}: {e['message']}" for e in errors) + ".",
                          field=errors[0]["field"], errors=errors)


async def _resolve(
    session: AsyncSession, skus: list[tuple[str, str]], codes: list[tuple[str, str]]
) -> tuple[dict[str, Product], dict[str, Location]]:
    """Products and locations named in a body; 422 ``unknown_product`` / ``unknown_location``
    listing every unknown one."""
    products, errors = await _products(session, skus)
    locations, more = await _locations(session, codes)
    if errors or more:
        raise _unknown(errors + more)
    return products, locations


def _check_active(locations: dict[str, Location], targets: list[tuple[str, str]]) -> None:
    """422 ``location_inactive`` listing every ``(field, code)`` that would book stock into a
    bin a newer layout removed; taking stock out of one stays possible (that empties it)."""
    errors = [{"field": f, "source": "body", "code": "location_inactive",
               "message": f"location {c!r} is no longer in the warehouse layout; choose another bin"}
              for f, c in targets if not locations[c].active]
    if errors:
        raise _unknown(errors)


async def levels_out(session: AsyncSession, level_ids: list[int]) -> list[LevelOut]:
    rows = await session.execute(
        select(StockLevel, Location.code).join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.id.in_(level_ids)).order_by(StockLevel.id)
        .execution_options(populate_existing=True)
    )
    return [LevelOut(lv.id, lv.location_id, code, lv.on_hand, lv.allocated, lv.on_hand - lv.allocated)
            for lv, code in rows]


async def _released(session: AsyncSession, product_ids: set[int], ctx: Context, trigger: str,
                    reference: str | None) -> list[OrderBrief]:
    from server.db.models import SalesOrder

    ids = await restock.release_backorders(session, product_ids, ctx, trigger=trigger, reference=reference)
    if not ids:
        return []
    numbers: dict[int, str | None] = {}
    for chunk in id_chunks(session, ids):
        numbers.update((await session.execute(
            select(SalesOrder.id, SalesOrder.number).where(among(session, SalesOrder.id, chunk)))).all())
    return [OrderBrief(i, numbers.get(i) or "") for i in ids]


async def receive(session: AsyncSession, data: ReceiptIn, ctx: Context) -> ReceiptOut:
    """Book a goods receipt: each line's units go into its bin (ledger reason ``receipt``),
    then waiting backorders for the received products are released. Raises 422
    ``unknown_product`` / ``unknown_location`` naming every unknown field, then
    ``location_inactive`` for bins a newer layout removed; nothing changes then."""
    bins = [(f"lines[{i}].location", ln.location) for i, ln in enumerate(data.lines)]
    products, locations = await _resolve(
        session, [(f"lines[{i}].sku", ln.sku) for i, ln in enumerate(data.lines)], bins,
    )
    _check_active(locations, bins)
    await restock.lock_waiting(session, {products[ln.sku].id for ln in data.lines}, ctx)
    who = ledger.Who(ctx.actor.user_id, data.reference, data.note, at=ctx.now)
    touched: list[int] = []
    for ln in data.lines:
        level_id = await ledger.level_id_for(session, products[ln.sku].id, locations[ln.location].id)
        await ledger.change_level(session, level_id, ledger.RECEIPT, who, on_hand=ln.quantity)
        touched.append(level_id)
    released = await _released(session, {products[ln.sku].id for ln in data.lines}, ctx, "receipt", data.reference)
    return ReceiptOut(await levels_out(session, sorted(set(touched))), released)


async def adjust(session: AsyncSession, data: AdjustmentIn, ctx: Context) -> ReceiptOut:
    """Correct one bin by ``delta`` or to ``counted`` units (ledger reason: the adjustment's
    reason); a rise releases waiting backorders. Raises 422 ``validation_error`` (neither or
    both of ``delta``/``counted``, no change), 422 ``unknown_product`` / ``unknown_location``,
    409 ``below_allocated`` when ``on_hand`` would fall below the allocated units."""
    if (data.delta is None) == (data.counted is None):
        raise invalid(422, "validation_error", "delta", "give either delta or counted")
    products, locations = await _resolve(session, [("sku", data.sku)], [("location", data.location)])
    product, location = products[data.sku], locations[data.location]
    if data.counted is not None or (data.delta or 0) > 0:
        await restock.lock_waiting(session, {product.id}, ctx)
    level_id = await ledger.level_id_for(session, product.id, location.id)
    level = await ledger.current(session, level_id)
    delta = data.delta if data.delta is not None else data.counted - level.on_hand  # type: ignore[operator]
    if delta == 0:
        raise invalid(422, "validation_error", "delta" if data.delta is not None else "counted",
                      f"the bin holds {level.on_hand} already; nothing to change")
    who = ledger.Who(ctx.actor.user_id, data.reference, data.note, at=ctx.now)
    if await ledger.change_level(session, level_id, data.reason, who, on_hand=delta) is None:
        level = await ledger.current(session, level_id)
        if level.allocated:
            why = (f"{level.on_hand} on hand, {level.allocated} allocated to orders; on hand cannot go to "
                   f"{level.on_hand + delta}. Hold or cancel those orders first, or move their allocations.")
        else:
            why = f"{level.on_hand} on hand; on hand cannot go below 0 (to {level.on_hand + delta})."
        raise ShipfloorError(
            409, "below_allocated",
            f"{data.sku} at {location.code}: {why}",
            field="delta" if data.delta is not None else "counted",
            on_hand=level.on_hand, allocated=level.allocated,
        )
    released = await _released(session, {product.id}, ctx, data.reason, data.reference) if delta > 0 else []
    return ReceiptOut(await levels_out(session, [level_id]), released)


async def move(session: AsyncSession, data: MoveIn, ctx: Context) -> ReceiptOut:
    """Move available units between two bins (ledger ``move_out`` and ``move_in``). Raises 422
    ``validation_error`` for the same bin twice, ``unknown_product`` / ``unknown_location``,
    ``location_inactive`` for a ``to_location`` a newer layout removed (moving out of one is
    how it is emptied); 409 ``insufficient_stock`` when the source has fewer available units."""
    if data.from_location == data.to_location:
        raise invalid(422, "validation_error", "to_location", "must differ from from_location")
    products, locations = await _resolve(
        session, [("sku", data.sku)], [("from_location", data.from_location), ("to_location", data.to_location)]
    )
    if locations[data.from_location].id == locations[data.to_location].id:
        # The same bin named once by its code and once by its label.
        raise invalid(422, "validation_error", "to_location", "must differ from from_location")
    _check_active(locations, [("to_location", data.to_location)])
    product = products[data.sku]
    source = await session.scalar(select(StockLevel).where(
        StockLevel.product_id == product.id, StockLevel.location_id == locations[data.from_location].id
    ).execution_options(populate_existing=True))
    reference = data.reference or f"move {data.sku} {data.from_location}>{data.to_location}"
    who = ledger.Who(ctx.actor.user_id, reference, data.note, at=ctx.now)
    target_id = await ledger.level_id_for(session, product.id, locations[data.to_location].id)
    available = (source.on_hand - source.allocated) if source else 0
    refused = ShipfloorError(
        409, "insufficient_stock",
        f"{data.sku} at {data.from_location}: {available} available; {data.quantity} cannot move.",
        field="quantity",
        short=[{"sku": data.sku, "location": data.from_location, "wanted": data.quantity, "available": available}],
    )
    if source is None or available < data.quantity:
        raise refused
    # Both rows change in primary-key order, like every multi-row stock change.
    steps = sorted([(source.id, -data.quantity, ledger.MOVE_OUT), (target_id, data.quantity, ledger.MOVE_IN)])
    for level_id, delta, reason in steps:
        if await ledger.change_level(session, level_id, reason, who, on_hand=delta, keep_available=True) is None:
            raise refused
    return ReceiptOut(await levels_out(session, sorted({source.id, target_id})), [])


async def stock(session: AsyncSession, sku: str | None, limit: int, offset: int) -> list[StockOut]:
    """Stock per product (``sku``: that product only), bins by location code. Raises 404
    ``product_not_found`` for an unknown ``sku``."""
    query = select(Product).order_by(Product.sku)
    if sku is not None:
        query = query.where(Product.sku == sku)
        if await session.scalar(query) is None:
            raise ShipfloorError(404, "product_not_found", f"No product with sku {sku!r}.")
    else:
        query = query.where(Product.id.in_(select(StockLevel.product_id))).limit(limit).offset(offset)
    products = list(await session.scalars(query))
    by_product: dict[int, list] = defaultdict(list)
    rows = await session.execute(
        select(StockLevel, Location.code).join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id.in_([p.id for p in products])).order_by(Location.code)
        .execution_options(populate_existing=True)
    )
    for level, code in rows:
        by_product[level.product_id].append(
            LevelOut(level.id, level.location_id, code, level.on_hand, level.allocated, level.on_hand - level.allocated))
    out = []
    for p in products:
        levels = by_product[p.id]
        on_hand, allocated = sum(lv.on_hand for lv in levels), sum(lv.allocated for lv in levels)
        out.append(StockOut(p.id, p.sku, p.name, on_hand, allocated, on_hand - allocated, levels))
    return out


async def ledger_entries(
    session: AsyncSession, sku: str | None, location: str | None, limit: int, offset: int
) -> list[LedgerOut]:
    """Ledger entries, newest first, for a product and/or a location code."""
    query = (
        select(StockLedgerEntry, Product.sku, Location.code)
        .join(Product, Product.id == StockLedgerEntry.product_id)
        .join(Location, Location.id == StockLedgerEntry.location_id)
        .order_by(StockLedgerEntry.id.desc()).limit(limit).offset(offset)
    )
    if sku is not None:
        query = query.where(Product.sku == sku)
    if location is not None:
        query = query.where(Location.code == _bin_code(location))
    return [
        LedgerOut(e.id, e.created_at, s, c, e.reason, e.quantity, e.on_hand_before, e.on_hand_after,
                  e.allocated_before, e.allocated_after, e.user_id, e.reference, e.note, e.order_id)
        for e, s, c in await session.execute(query)
    ]


async def preview_receipt(
    session: AsyncSession, sku: str, quantity: int, location: str | None, ctx: Context
) -> PreviewOut:
    """Which waiting orders a receipt of ``quantity`` units of ``sku`` (into ``location``, if
    given) would release, in release order. Raises 422 ``unknown_product`` /
    ``unknown_location``."""
    products, locations = await _resolve(session, [("sku", sku)], [("location", location)] if location else [])
    distance = 0.0
    if location:
        distance = (await depot_distances(session, [locations[location].id])).get(locations[location].id, 0.0)
    today = order_rules.warehouse_today(ctx.now, ctx.timezone)
    items, used = await restock.preview(session, products[sku].id, quantity, today, distance)
    return PreviewOut(sku, quantity, used, [
        PreviewOrderOut(i.position, i.order_id, i.number, i.priority, i.created_at, i.units) for i in items
    ])
