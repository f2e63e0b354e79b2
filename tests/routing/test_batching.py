from __future__ import annotations

import random

import pytest

from routing import BatchingError, UnknownLocationError, parse_layout, regular_layout
from routing.batching import Cart, Order, batch, fcfs, totes_needed
from tests.routing.conftest import small_doc


def test_pairs_orders_that_share_an_aisle(small_layout):
    # {L1, L2}: 2 + 8 + 8 + 2 = 20, {R1, R2}: 6 + 9 + 9 + 6 = 30 -> 50. Arrival order pairs
    # {L1, R1} (28, see test_route) and {L2, R2} (32) -> 60.
    orders = [
        Order("o1", ("L1",)),
        Order("o3", ("R1",)),
        Order("o2", ("L2",)),
        Order("o4", ("R2",)),
    ]
    cart = Cart(totes=2)
    best = batch(orders, cart, small_layout, time_budget_s=0.2)
    assert sorted(sorted(b.orders) for b in best) == [["o1", "o2"], ["o3", "o4"]]
    assert sum(b.length_m for b in best) == pytest.approx(50.0)
    first = fcfs(orders, cart, small_layout)
    assert [b.orders for b in first] == [["o1", "o3"], ["o2", "o4"]]
    assert sum(b.length_m for b in first) == pytest.approx(60.0)


def test_capacity_due_dates_and_coverage():
    lay = parse_layout(regular_layout(aisles=6, bays_per_side=10, levels=1))
    codes = sorted(lay.locations)
    rnd = random.Random(7)
    orders = [
        Order(
            f"o{i}",
            tuple(rnd.sample(codes, rnd.randint(1, 4))),
            volume=rnd.choice([5, 30]),
            due=rnd.choice([1, 2, None]),
        )
        for i in range(30)
    ]
    cart = Cart(totes=6, tote_volume=20.0)
    result = batch(orders, cart, lay, time_budget_s=0.3, top_up=False)
    ids = [i for b in result for i in b.orders]
    assert sorted(ids) == sorted(o.id for o in orders)
    by_id = {o.id: o for o in orders}
    for b in result:
        assert b.totes == sum(totes_needed(by_id[i], cart) for i in b.orders) <= 6
        assert len({by_id[i].due for i in b.orders}) == 1
        assert b.route.stops  # every batch is routed
    dues = [by_id[b.orders[0]].due for b in result]
    assert dues == sorted(dues, key=lambda d: (d is None, d or 0))
    assert sum(b.length_m for b in result) <= sum(b.length_m for b in fcfs(orders, cart, lay))
    topped = batch(orders, cart, lay, time_budget_s=0.3)
    assert sorted(i for b in topped for i in b.orders) == sorted(o.id for o in orders)
    firsts = [
        min((by_id[i].due for i in b.orders), key=lambda d: (d is None, d or 0)) for b in topped
    ]
    assert firsts == sorted(firsts, key=lambda d: (d is None, d or 0))
    assert all(b.totes <= 6 for b in topped)


def test_totes_needed():
    cart = Cart(totes=4, tote_volume=10, tote_weight=8)
    assert totes_needed(Order("a", (), volume=0), cart) == 1
    assert totes_needed(Order("a", (), volume=25), cart) == 3
    assert totes_needed(Order("a", (), volume=5, weight=17), cart) == 3


def test_bad_batching_input(small_layout):
    with pytest.raises(BatchingError):
        batch([Order("a", ("L1",)), Order("a", ("R1",))], Cart(2), small_layout)
    with pytest.raises(BatchingError):
        batch([Order("a", ("L1",), volume=100)], Cart(2, tote_volume=10), small_layout)
    with pytest.raises(BatchingError):
        batch([Order("a", ("L1",))], Cart(0), small_layout)
    with pytest.raises(UnknownLocationError):
        batch([Order("a", ("nope",))], Cart(2), small_layout)


def test_batching_on_a_layout_without_exact_dp():
    doc = small_doc()
    doc["aisles"][1]["one_way"] = "down"
    orders = [Order("o1", ("L1",)), Order("o2", ("R1",)), Order("o3", ("L2",))]
    result = batch(orders, Cart(3), doc, time_budget_s=0.1)
    assert len(result) == 1 and result[0].route.method == "tsp"


def test_cart_capacity_limits_the_sum_of_volumes(small_layout):
    orders = [Order(f"o{i}", (c,), volume=4) for i, c in enumerate(["L1", "L2", "R1", "R2"])]
    result = batch(orders, Cart(totes=10, capacity=8), small_layout, time_budget_s=0.1)
    assert all(len(b.orders) <= 2 for b in result)
    assert sum(len(b.orders) for b in result) == 4


def test_room_left_by_early_orders_is_filled_with_later_ones():
    # Day 1: L1 and R1, both reached from the front (28 m). Cart of 3 totes: one is free.
    # Day 2: R2 (would make the walk 32 m) and R0 at y = 1 in aisle B (adds nothing): R0 rides
    # along, R2 waits for the next cart.
    doc = small_doc()
    doc["locations"].append({"code": "R0", "aisle": "B", "y": 1.0, "side": "left", "level": "A"})
    orders = [
        Order("a", ("L1",), due=1),
        Order("c", ("R1",), due=1),
        Order("d", ("R2",), due=2),
        Order("e", ("R0",), due=2),
    ]
    result = batch(orders, Cart(totes=3), doc, time_budget_s=0.1)
    assert sorted(result[0].orders) == ["a", "c", "e"]
    assert result[0].length_m == pytest.approx(28.0)
    assert result[1].orders == ["d"]
    strict = batch(orders, Cart(totes=3), doc, time_budget_s=0.1, top_up=False)
    assert [sorted(b.orders) for b in strict] == [["a", "c"], ["d", "e"]]
