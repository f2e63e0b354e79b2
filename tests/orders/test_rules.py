"""The pure order rules: every row of the transition table and of the edit table, release
decisions, and ship dates in the warehouse time zone (midnight, daylight-saving changes)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.domain.orders import rules
from server.domain.orders.rules import OrderState
from server.errors import ShipfloorError

S = rules
ALL = rules.STATUSES

# The transition table of DESIGN.md written out by hand, one row per status.
EXPECTED_MOVES = {
    "draft": {"awaiting_payment", "on_hold", "ready_for_picking", "cancelled"},
    "awaiting_payment": {"on_hold", "ready_for_picking", "cancelled"},
    "on_hold": {"on_hold", "draft", "awaiting_payment", "ready_for_picking", "picking",
                "ready_for_packing", "ready_for_shipping", "cancelled"},
    "ready_for_picking": {"picking", "on_hold", "cancelled"},
    "picking": {"ready_for_packing", "on_hold", "cancelled"},
    "ready_for_packing": {"ready_for_shipping", "on_hold", "cancelled"},
    "ready_for_shipping": {"completed", "on_hold", "cancelled"},
    "completed": set(),
    "cancelled": set(),
}


def _reason(to: str) -> str | None:
    return "manual" if to == "on_hold" else None


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_transition_table_cell(source, target):
    held_from = target if source == "on_hold" and target in rules.FLOOR_STATUSES else None
    reason = "backorder" if source == "on_hold" else None
    state = OrderState(source, reason, held_from)
    if target in EXPECTED_MOVES[source]:
        rules.check_transition(state, target, _reason(target))
    else:
        with pytest.raises(ShipfloorError) as refused:
            rules.check_transition(state, target, _reason(target))
        assert refused.value.status == 409
        assert refused.value.code == "transition_not_allowed"
        assert refused.value.extra["order_status"] == source


def test_table_has_every_status_and_nothing_leaves_a_terminal_status():
    assert set(rules.TRANSITIONS) == set(ALL)
    assert {k: set(v) for k, v in rules.TRANSITIONS.items()} == EXPECTED_MOVES


@pytest.mark.parametrize("floor", rules.FLOOR_STATUSES)
def test_a_stop_returns_only_where_it_was_held_from(floor):
    state = OrderState("on_hold", "manual", floor)
    rules.check_transition(state, floor)
    for other in set(rules.FLOOR_STATUSES) - {floor}:
        with pytest.raises(ShipfloorError):
            rules.check_transition(state, other)


def test_on_hold_to_on_hold_must_change_the_reason():
    state = OrderState("on_hold", "scheduled")
    rules.check_transition(state, "on_hold", "backorder")
    with pytest.raises(ShipfloorError):
        rules.check_transition(state, "on_hold", "scheduled")


def test_a_hold_needs_a_reason_and_other_moves_none():
    with pytest.raises(ValueError):
        rules.check_transition(OrderState("draft"), "on_hold")
    with pytest.raises(ValueError):
        rules.check_transition(OrderState("draft"), "cancelled", "manual")
    with pytest.raises(ValueError):
        rules.check_transition(OrderState("draft"), "on_hold", "whim")


# The edit table of DESIGN.md ("who may change what"), by hand: group -> status -> allowed.
Y, N = True, False
EDIT_TABLE = {
    #            draft awaiting on_hold rfp  picking rfpack rfship completed cancelled
    "lines":           (Y, Y, Y, N, N, N, N, N, N),
    "customer":        (Y, Y, Y, Y, Y, Y, N, N, N),
    "shipping_method": (Y, Y, Y, Y, N, Y, N, N, N),
    "ship_date":       (Y, Y, Y, Y, N, N, N, N, N),
    "notes":           (Y, Y, Y, Y, Y, Y, Y, N, N),
}
EDIT_COLUMNS = ("draft", "awaiting_payment", "on_hold", "ready_for_picking", "picking",
                "ready_for_packing", "ready_for_shipping", "completed", "cancelled")
HOLD_ROW = (Y, Y, N, Y, Y, Y, Y, N, N)
CANCEL_ROW = (Y, Y, Y, Y, Y, Y, Y, N, N)


@pytest.mark.parametrize("group", EDIT_TABLE)
@pytest.mark.parametrize("column", range(len(EDIT_COLUMNS)))
def test_edit_table_cell(group, column):
    status = EDIT_COLUMNS[column]
    if EDIT_TABLE[group][column]:
        rules.check_edit(status, group)
    else:
        with pytest.raises(ShipfloorError) as refused:
            rules.check_edit(status, group, "the_field")
        assert refused.value.status == 409
        assert refused.value.code == "edit_not_allowed"
        assert refused.value.extra == {"order_status": status, "field": "the_field"}
        assert status in refused.value.detail


@pytest.mark.parametrize("column", range(len(EDIT_COLUMNS)))
def test_hold_and_cancel_rows(column):
    state = OrderState(EDIT_COLUMNS[column], "manual" if EDIT_COLUMNS[column] == "on_hold" else None)
    for row, check, code in ((HOLD_ROW, rules.check_hold, "hold_not_allowed"),
                             (CANCEL_ROW, rules.check_cancel, "cancel_not_allowed")):
        if row[column]:
            check(state)
        else:
            with pytest.raises(ShipfloorError) as refused:
                check(state)
            assert refused.value.code == code


def test_refused_line_edit_says_to_hold_first():
    with pytest.raises(ShipfloorError) as refused:
        rules.check_edit("ready_for_picking", "lines", "lines")
    assert "put the order on hold to change its lines" in refused.value.detail
    with pytest.raises(ShipfloorError) as refused:
        rules.check_edit("ready_for_shipping", "customer", "shipping_address")
    assert "label is voided" in refused.value.detail


@pytest.mark.parametrize(
    ("held_from", "paid", "expected"),
    [
        ("draft", False, "draft"),
        ("draft", True, "draft"),
        ("awaiting_payment", False, "awaiting_payment"),
        ("awaiting_payment", True, "release_check"),
        ("ready_for_picking", True, "release_check"),
        (None, True, "release_check"),
        ("picking", True, "picking"),
        ("ready_for_packing", False, "ready_for_packing"),
        ("ready_for_shipping", True, "ready_for_shipping"),
    ],
)
def test_release_target(held_from, paid, expected):
    assert rules.release_target(OrderState("on_hold", "manual", held_from), paid) == expected


def test_release_of_an_order_not_on_hold_is_refused():
    with pytest.raises(ShipfloorError) as refused:
        rules.release_target(OrderState("picking"), True)
    assert refused.value.code == "not_on_hold"


def test_release_decision():
    today = date(2026, 6, 15)
    assert rules.release_decision(date(2026, 6, 16), today, True) == ("on_hold", "scheduled")
    assert rules.release_decision(date(2026, 6, 16), today, False) == ("on_hold", "scheduled")
    assert rules.release_decision(date(2026, 6, 15), today, False) == ("on_hold", "backorder")
    assert rules.release_decision(date(2026, 6, 14), today, True) == ("ready_for_picking", None)
    assert rules.release_decision(None, today, True) == ("ready_for_picking", None)


AMS = "Europe/Amsterdam"


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # Summer time (CEST, UTC+2): local midnight of 15 June is 22:00 UTC on 14 June.
        (datetime(2026, 6, 14, 21, 59, 59, tzinfo=UTC), date(2026, 6, 14)),
        (datetime(2026, 6, 14, 22, 0, 0, tzinfo=UTC), date(2026, 6, 15)),
        # Winter time (CET, UTC+1): local midnight of 15 January is 23:00 UTC on 14 January.
        (datetime(2026, 1, 14, 22, 59, 59, tzinfo=UTC), date(2026, 1, 14)),
        (datetime(2026, 1, 14, 23, 0, 0, tzinfo=UTC), date(2026, 1, 15)),
        # Spring forward on Sunday 29 March 2026 (01:00 UTC): the next midnight, of 30 March,
        # is already CEST, so it falls at 22:00 UTC on 29 March, not 23:00.
        (datetime(2026, 3, 29, 22, 30, tzinfo=UTC), date(2026, 3, 30)),
        (datetime(2026, 3, 28, 22, 30, tzinfo=UTC), date(2026, 3, 28)),
        # Fall back on Sunday 25 October 2026 (01:00 UTC): midnight of 26 October is CET,
        # 23:00 UTC on 25 October; at 22:30 UTC it is still 23:30 on the 25th.
        (datetime(2026, 10, 25, 22, 30, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 26)),
    ],
)
def test_warehouse_today_around_midnight_and_dst(instant, expected):
    assert rules.warehouse_today(instant, AMS) == expected


def test_another_warehouse_zone():
    # New York is UTC-5 in January: 03:00 UTC on 15 January is still the 14th there.
    assert rules.warehouse_today(datetime(2026, 1, 15, 3, 0, tzinfo=UTC), "America/New_York") == date(2026, 1, 14)


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        rules.warehouse_today(datetime(2026, 1, 1, 12, 0), AMS)
