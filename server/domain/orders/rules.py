"""The order rules, pure: statuses, the one transition table, the edit table, ship dates.

Nothing here touches the database or the clock; services pass the current time in. A refused
move or edit raises ``ShipfloorError`` 409 whose body names the status that forbids it and what
to do instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from server.errors import ShipfloorError

DRAFT = "draft"
AWAITING_PAYMENT = "awaiting_payment"
READY_FOR_PICKING = "ready_for_picking"
PICKING = "picking"
READY_FOR_PACKING = "ready_for_packing"
READY_FOR_SHIPPING = "ready_for_shipping"
COMPLETED = "completed"
ON_HOLD = "on_hold"
CANCELLED = "cancelled"

STATUSES = (
    DRAFT,
    AWAITING_PAYMENT,
    READY_FOR_PICKING,
    PICKING,
    READY_FOR_PACKING,
    READY_FOR_SHIPPING,
    COMPLETED,
    ON_HOLD,
    CANCELLED,
)
TERMINAL = frozenset({COMPLETED, CANCELLED})
# Statuses after the release check, in flow order; a hold from one of these is a stop and its
# release returns the order there.
FLOOR_STATUSES = (PICKING, READY_FOR_PACKING, READY_FOR_SHIPPING)

MANUAL = "manual"
SCHEDULED = "scheduled"
BACKORDER = "backorder"
HOLD_REASONS = (MANUAL, SCHEDULED, BACKORDER)

CHANNELS = ("manual", "woocommerce", "magento", "lightspeed", "shopify", "api")
PAYMENT_STATES = ("unpaid", "paid")
BACKORDER_POLICIES = ("hold", "split")

# The one transition table: status -> statuses it may move to. ``on_hold -> on_hold`` is a change
# of hold reason (e.g. a scheduled order whose date came but whose stock did not).
TRANSITIONS: Mapping[str, frozenset[str]] = {
    DRAFT: frozenset({AWAITING_PAYMENT, ON_HOLD, READY_FOR_PICKING, CANCELLED}),
    AWAITING_PAYMENT: frozenset({ON_HOLD, READY_FOR_PICKING, CANCELLED}),
    ON_HOLD: frozenset(
        {ON_HOLD, DRAFT, AWAITING_PAYMENT, READY_FOR_PICKING, *FLOOR_STATUSES, CANCELLED}
    ),
    READY_FOR_PICKING: frozenset({PICKING, ON_HOLD, CANCELLED}),
    PICKING: frozenset({READY_FOR_PACKING, ON_HOLD, CANCELLED}),
    READY_FOR_PACKING: frozenset({READY_FOR_SHIPPING, ON_HOLD, CANCELLED}),
    READY_FOR_SHIPPING: frozenset({COMPLETED, ON_HOLD, CANCELLED}),
    COMPLETED: frozenset(),
    CANCELLED: frozenset(),
}

_ADVICE = {
    DRAFT: "confirm the order first",
    AWAITING_PAYMENT: "record the payment first",
    ON_HOLD: "release the hold first",
    READY_FOR_PICKING: "it waits for a picker",
    PICKING: "it is being picked",
    READY_FOR_PACKING: "it waits for a packer",
    READY_FOR_SHIPPING: "it waits for the carrier",
    COMPLETED: "the order has shipped; nothing can change any more",
    CANCELLED: "the order is cancelled; nothing can change any more",
}


@dataclass(frozen=True, slots=True)
class OrderState:
    """The part of an order the rules look at."""

    status: str
    hold_reason: str | None = None
    held_from: str | None = None


def refused(status: str, code: str, detail: str, **extra: object) -> ShipfloorError:
    """A 409 problem naming the order status that forbids the change (``order_status``)."""
    return ShipfloorError(409, code, detail, order_status=status, **extra)


def allowed_moves(state: OrderState) -> frozenset[str]:
    """The statuses ``state`` may move to, with the hold-specific limits applied: an order on
    hold returns to a floor status only when it was held from exactly that status."""
    targets = TRANSITIONS[state.status]
    if state.status == ON_HOLD:
        targets = frozenset(t for t in targets if t not in FLOOR_STATUSES or t == state.held_from)
    return targets


def check_transition(state: OrderState, to: str, hold_reason: str | None = None) -> None:
    """Raise 409 ``transition_not_allowed`` unless ``state`` may move to ``to``.

    A move to ``on_hold`` needs a ``hold_reason`` from ``HOLD_REASONS``; any other move must not
    carry one. ``on_hold -> on_hold`` must change the reason. Raises ``ValueError`` for a status
    or reason name that does not exist (a programming error, not a user's).
    """
    if to not in TRANSITIONS or state.status not in TRANSITIONS:
        raise ValueError(f"unknown status {to!r} or {state.status!r}")
    if (to == ON_HOLD) != (hold_reason is not None) or (
        hold_reason is not None and hold_reason not in HOLD_REASONS
    ):
        raise ValueError(f"hold reason {hold_reason!r} does not fit a move to {to!r}")
    targets = allowed_moves(state)
    if to not in targets or (to == ON_HOLD == state.status and hold_reason == state.hold_reason):
        raise refused(
            state.status,
            "transition_not_allowed",
            f"An order in status {state.status} cannot move to {to}: {_ADVICE[state.status]}.",
            to=to,
            allowed=sorted(targets),
        )


# The edit table ("who may change what"): edit group -> statuses in which it may change.
LINES = "lines"
CUSTOMER = "customer"
SHIPPING_METHOD = "shipping_method"
SHIP_DATE = "ship_date"
NOTES = "notes"
_OPEN = frozenset(s for s in STATUSES if s not in TERMINAL)
EDITABLE: Mapping[str, frozenset[str]] = {
    LINES: frozenset({DRAFT, AWAITING_PAYMENT, ON_HOLD}),
    CUSTOMER: frozenset(
        {DRAFT, AWAITING_PAYMENT, ON_HOLD, READY_FOR_PICKING, PICKING, READY_FOR_PACKING}
    ),
    SHIPPING_METHOD: frozenset(
        {DRAFT, AWAITING_PAYMENT, ON_HOLD, READY_FOR_PICKING, READY_FOR_PACKING}
    ),
    SHIP_DATE: frozenset({DRAFT, AWAITING_PAYMENT, ON_HOLD, READY_FOR_PICKING}),
    NOTES: _OPEN,
}
# Fields of a PATCH body, by edit group.
FIELD_GROUPS: Mapping[str, str] = {
    "lines": LINES,
    "customer": CUSTOMER,
    "shipping_address": CUSTOMER,
    "shipping_method_id": SHIPPING_METHOD,
    "requested_ship_date": SHIP_DATE,
    "notes": NOTES,
    "tags": NOTES,
    "priority": NOTES,
    "backorder_policy": NOTES,
}
_EDIT_WHAT = {
    LINES: "its lines",
    CUSTOMER: "its customer or shipping address",
    SHIPPING_METHOD: "its shipping method",
    SHIP_DATE: "its ship date",
    NOTES: "its notes, tags or priority",
}
HOLDABLE = frozenset({DRAFT, AWAITING_PAYMENT, READY_FOR_PICKING, *FLOOR_STATUSES})
CANCELLABLE = _OPEN


def lines_locked(status: str, held_from: str | None) -> bool:
    """True for an order held from the floor: its units are picked (in its tote, or in a packed
    parcel), so its lines stay as they are."""
    return status == ON_HOLD and held_from in FLOOR_STATUSES


def check_edit(status: str, group: str, field: str | None = None, held_from: str | None = None) -> None:
    """Raise 409 ``edit_not_allowed`` when ``group`` may not change in ``status``; the detail
    says what to do instead (usually: put the order on hold first). An order held from the
    floor (``held_from``) keeps its lines: 409 ``lines_locked_after_picking``."""
    if group == LINES and lines_locked(status, held_from):
        where = "a packed parcel" if held_from == READY_FOR_SHIPPING else "its tote"
        raise refused(
            status,
            "lines_locked_after_picking",
            f"The picked units of an order held from {held_from} are in {where}, so its lines cannot "
            "change: release it and handle the difference at packing, or cancel it (picked units go "
            "back to stock by a put-away task).",
            field=field or group,
            held_from=held_from,
        )
    if status in EDITABLE[group]:
        return
    if status in TERMINAL:
        advice = _ADVICE[status]
    elif ON_HOLD in EDITABLE[group]:
        advice = f"put the order on hold to change {_EDIT_WHAT[group]}"
        if status == READY_FOR_SHIPPING:
            advice += " (its label is voided)"
    else:
        advice = "no status allows it"
    raise refused(
        status,
        "edit_not_allowed",
        f"An order in status {status} cannot change {_EDIT_WHAT[group]}: {advice}.",
        field=field or group,
    )


def check_hold(state: OrderState) -> None:
    """Raise 409 ``hold_not_allowed`` unless the order can be put on hold now."""
    if state.status in HOLDABLE:
        return
    detail = (
        "The order is already on hold; release it or change the hold instead."
        if state.status == ON_HOLD
        else f"An order in status {state.status} cannot be put on hold: {_ADVICE[state.status]}."
    )
    raise refused(state.status, "hold_not_allowed", detail)


def check_cancel(state: OrderState) -> None:
    """Raise 409 ``cancel_not_allowed`` for a completed or cancelled order."""
    if state.status not in CANCELLABLE:
        raise refused(
            state.status,
            "cancel_not_allowed",
            f"An order in status {state.status} cannot be cancelled: {_ADVICE[state.status]}.",
        )


RELEASE_CHECK = "release_check"


def release_target(state: OrderState, paid: bool) -> str:
    """Where releasing an order on hold leads: a status to return to, or ``RELEASE_CHECK``.

    Raises 409 ``not_on_hold`` for an order that is not on hold.
    """
    if state.status != ON_HOLD:
        raise refused(
            state.status,
            "not_on_hold",
            f"The order is not on hold (status {state.status}); there is nothing to release.",
        )
    if state.held_from in FLOOR_STATUSES or state.held_from == DRAFT:
        return state.held_from
    if state.held_from == AWAITING_PAYMENT and not paid:
        return AWAITING_PAYMENT
    return RELEASE_CHECK


def release_decision(
    ship_date: date | None, today: date, can_allocate: bool
) -> tuple[str, str | None]:
    """The release check's verdict as ``(status, hold_reason)``: a ship date after ``today``
    waits (``on_hold/scheduled``), missing stock waits (``on_hold/backorder``), else
    ``ready_for_picking``."""
    if ship_date is not None and ship_date > today:
        return ON_HOLD, SCHEDULED
    if not can_allocate:
        return ON_HOLD, BACKORDER
    return READY_FOR_PICKING, None


def warehouse_today(now: datetime, timezone: str) -> date:
    """The calendar date in the warehouse zone ``timezone`` (IANA name) at the aware instant
    ``now``. Raises ``ValueError`` for a naive ``now``."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware instant")
    return now.astimezone(ZoneInfo(timezone)).date()


def is_paid(total: object, paid: object) -> bool:
    """True when the amount paid covers the order total (both ``Decimal`` in one currency)."""
    return paid >= total  # type: ignore[operator]
