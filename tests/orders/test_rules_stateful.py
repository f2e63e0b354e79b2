"""Hypothesis stateful test of the pure rules alone (fast, many sequences): an order driven by
random actions only ever makes moves the table allows, the rules never point a release at a
status the table forbids, and lines change only in editable statuses."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from server.domain.orders import rules
from server.domain.orders.rules import OrderState
from server.errors import ShipfloorError

TODAY = date(2026, 6, 15)


class RulesMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = OrderState(rules.DRAFT)
        self.paid = False
        self.lines = 1
        self.ship_date: date | None = None
        self.history: list[tuple[str, str]] = []

    def move(self, to: str, reason: str | None = None) -> None:
        before = self.state
        rules.check_transition(before, to, reason)
        held_from = before.status if reason == rules.MANUAL else None
        self.state = OrderState(to, reason, held_from if to == rules.ON_HOLD else None)
        self.history.append((before.status, to))

    def release_check(self, can_allocate: bool) -> None:
        to, reason = rules.release_decision(self.ship_date, TODAY, can_allocate)
        if (to, reason) != (self.state.status, self.state.hold_reason):
            self.move(to, reason)

    def attempt(self, action) -> None:
        before = (self.state, self.paid, self.lines, list(self.history))
        try:
            action()
        except ShipfloorError as refused:
            assert refused.status == 409
            assert refused.extra["order_status"] == before[0].status
            # A refusal changes nothing.
            assert (self.state, self.paid, self.lines, self.history) == before

    @rule(can_allocate=st.booleans())
    def confirm(self, can_allocate):
        def act():
            if self.state.status != rules.DRAFT:
                raise rules.refused(self.state.status, "not_draft", "not a draft")
            if self.paid:
                self.release_check(can_allocate)
            else:
                self.move(rules.AWAITING_PAYMENT)
        self.attempt(act)

    @rule(can_allocate=st.booleans())
    def pay(self, can_allocate):
        def act():
            if self.state.status in rules.TERMINAL or self.paid:
                raise rules.refused(self.state.status, "already_paid", "no")
            self.paid = True
            if self.state.status == rules.AWAITING_PAYMENT:
                self.release_check(can_allocate)
        self.attempt(act)

    @rule()
    def hold(self):
        def act():
            rules.check_hold(self.state)
            self.move(rules.ON_HOLD, rules.MANUAL)
        self.attempt(act)

    @rule(can_allocate=st.booleans())
    def release(self, can_allocate):
        def act():
            target = rules.release_target(self.state, self.paid)
            if target == rules.RELEASE_CHECK:
                self.release_check(can_allocate)
            else:
                assert target in rules.allowed_moves(self.state)
                self.move(target)
        self.attempt(act)

    @rule()
    def cancel(self):
        def act():
            rules.check_cancel(self.state)
            self.move(rules.CANCELLED)
        self.attempt(act)

    @rule(to=st.sampled_from([rules.PICKING, rules.READY_FOR_PACKING, rules.READY_FOR_SHIPPING, rules.COMPLETED]))
    def floor(self, to):
        self.attempt(lambda: self.move(to))

    @rule(lines=st.integers(1, 5))
    def edit_lines(self, lines):
        def act():
            rules.check_edit(self.state.status, rules.LINES, "lines")
            self.lines = lines
        editable = self.state.status in rules.EDITABLE[rules.LINES]
        before = self.lines
        self.attempt(act)
        assert self.lines == (lines if editable else before)

    @precondition(lambda self: self.state.status in rules.EDITABLE[rules.SHIP_DATE])
    @rule(days=st.integers(-3, 3))
    def move_ship_date(self, days):
        self.ship_date = TODAY + timedelta(days=days)

    @invariant()
    def only_table_moves(self):
        for source, target in self.history:
            assert target in rules.TRANSITIONS[source]
        if self.history:
            assert self.history[-1][1] == self.state.status
        assert (self.state.hold_reason is not None) == (self.state.status == rules.ON_HOLD)
        if self.state.held_from is not None:
            assert self.state.hold_reason == rules.MANUAL
        if self.state.status in rules.TERMINAL:
            assert not rules.allowed_moves(self.state)


TestRulesMachine = RulesMachine.TestCase
TestRulesMachine.settings = settings(max_examples=300, stateful_step_count=40, deadline=None)
