"""The pure inventory rules: bin choice, release planning, split quantities."""

from __future__ import annotations

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from server.domain.inventory.rules import (
    Bin,
    LineNeed,
    choose_bins,
    choose_up_to,
    fewest_bins,
    plan_release,
    split_problems,
    split_quantities,
)


def test_one_bin_that_holds_it_all_nearest_first():
    bins = [Bin(1, 9, 10, 16.5), Bin(2, 9, 3, 3.5), Bin(3, 9, 6, 9.5)]
    assert choose_bins(bins, 5) == [(3, 5)]
    assert choose_bins(bins, 3) == [(2, 3)]
    assert choose_bins(bins, 19) == [(2, 3), (3, 6), (1, 10)]
    assert choose_bins(bins, 20) is None


def test_fewest_bins_beat_distance():
    # 12 units: the near bins (2 + 3 + 4) would need three visits; 10 + 4 (or 10 + 3) need two.
    bins = [Bin(1, 9, 2, 1.0), Bin(2, 9, 3, 2.0), Bin(3, 9, 4, 3.0), Bin(4, 9, 10, 50.0)]
    assert choose_bins(bins, 12) == [(1, 2), (4, 10)]
    # Ties in distance go by stock level id.
    assert choose_bins([Bin(5, 9, 4, 0.0), Bin(4, 9, 4, 0.0)], 3) == [(4, 3)]
    # Unknown bins (inf) come last.
    assert choose_bins([Bin(1, 9, 5, math.inf), Bin(2, 9, 5, 7.0)], 2) == [(2, 2)]


def test_partial_takes_everything_there_is():
    assert choose_up_to([Bin(1, 9, 2, 5.0), Bin(2, 9, 1, 1.0)], 7) == [(2, 1), (1, 2)]
    assert choose_up_to([], 3) == []


@given(st.lists(st.tuples(st.integers(0, 12), st.floats(0, 100)), max_size=7), st.integers(1, 40))
def test_choice_covers_exactly_with_the_fewest_bins(raw, quantity):
    bins = [Bin(i + 1, 9, units, distance) for i, (units, distance) in enumerate(raw)]
    takes = choose_bins(bins, quantity)
    total = sum(b.available for b in bins)
    if total < quantity:
        assert takes is None
        return
    assert takes is not None
    assert sum(units for _, units in takes) == quantity
    by_id = {b.level_id: b for b in bins}
    assert all(0 < units <= by_id[level_id].available for level_id, units in takes)
    assert len({level_id for level_id, _ in takes}) == len(takes)
    # No smaller set of bins could hold the quantity.
    fewest = min(k for k in range(len(bins) + 1)
                 if any(sum(b.available for b in combo) >= quantity for combo in itertools.combinations(bins, k)))
    assert len(takes) == fewest == fewest_bins([b.available for b in bins], quantity)


def test_release_plan_serves_in_order_and_skips_what_does_not_fit():
    bins = [Bin(1, 7, 4, 1.0), Bin(2, 8, 1, 1.0)]
    waiting = [
        (20, [LineNeed(200, 7, 3)]),                      # first in line: 3 of 4
        (10, [LineNeed(100, 7, 2)]),                      # only 1 left: waits
        (30, [LineNeed(300, 7, 1), LineNeed(301, 8, 1)]),
        (40, [LineNeed(400, 8, 1)]),                      # the one of product 8 is gone
    ]
    plans = plan_release(waiting, bins)
    assert [(p.order_id, p.takes) for p in plans] == [(20, [(1, 200, 3)]), (30, [(1, 300, 1), (2, 301, 1)])]


def test_an_order_that_does_not_fit_takes_nothing():
    bins = [Bin(1, 7, 2, 1.0)]
    plans = plan_release([(1, [LineNeed(10, 7, 1), LineNeed(11, 8, 1)]), (2, [LineNeed(20, 7, 2)])], bins)
    assert [(p.order_id, p.takes) for p in plans] == [(2, [(1, 20, 2)])]


def test_split_quantities():
    lines = {1: 5, 2: 3, 3: 2}
    assert split_quantities(lines, {1: 5, 2: 1}, None) == {2: 2, 3: 2}
    assert split_quantities(lines, {}, {1: 0, 2: 3}) == {2: 3}
    assert split_problems(lines, {1: 6, 9: 1, 2: -1}) == [
        "line 1: 6 is not between 0 and 5", "line 9 is not a line of this order", "line 2: -1 is not between 0 and 3"]
    assert split_problems(lines, {1: 5}) == []
