from __future__ import annotations

import pytest

from routing import evaluate, parse_layout
from tests.routing.conftest import small_doc


def test_measures_a_valid_path(small_layout):
    path = [(0, 0), (2, 0), (2, 10), (6, 10), (6, 0), (0, 0)]
    ev = evaluate(small_layout, path, [(2, 3), (6, 5)])
    assert ev.valid, ev.problems
    assert ev.length_m == pytest.approx(32.0)


@pytest.mark.parametrize(
    "path, stops, fragment",
    [
        ([(0, 0), (2, 3), (0, 0)], [], "diagonal"),
        ([(0, 0), (0, 5), (2, 5), (2, 0), (0, 0)], [], "not inside any aisle"),
        ([(0, 0), (2, 0), (2, 5), (6, 5), (6, 0), (0, 0)], [], "off any cross aisle"),
        ([(0, 0), (2, 0), (2, 3), (2, 0)], [(2, 3)], "ends at"),
        ([(2, 0), (2, 3), (2, 0), (0, 0)], [(2, 3)], "starts at"),
        ([(0, 0), (2, 0), (2, 3), (2, 0), (0, 0)], [(6, 5)], "not passed"),
        ([(0, 0), (2, 0), (2, 8), (2, 3), (2, 0), (0, 0)], [(2, 8), (2, 3)], None),
        ([(0, 0), (-10, 0), (0, 0)], [], "beyond the end"),
    ],
)
def test_rule_breaking_paths(small_layout, path, stops, fragment):
    ev = evaluate(small_layout, path, stops)
    if fragment is None:
        assert ev.valid, ev.problems
    else:
        assert not ev.valid
        assert any(fragment in p for p in ev.problems), ev.problems


def test_stops_out_of_order_are_flagged(small_layout):
    path = [(0, 0), (2, 0), (2, 8), (2, 0), (0, 0)]
    assert evaluate(small_layout, path, [(2, 3), (2, 8)]).valid
    # (2, 8) then (2, 3): 3 is passed again on the way down, so this order is valid too
    assert evaluate(small_layout, path, [(2, 8), (2, 3)]).valid
    # but (2, 8) twice after leaving the aisle is not
    assert not evaluate(
        small_layout, path[:3] + [(2, 9), (2, 0), (6, 0), (0, 0)], [(6, 0), (2, 8)]
    ).valid


def test_one_way_and_closed_segments():
    doc = small_doc(closed=[{"aisle": "A", "y_from": 4.0, "y_to": 6.0}])
    doc["aisles"][1]["one_way"] = "up"
    lay = parse_layout(doc)
    down_b = [(0, 0), (2, 0), (2, 3), (2, 0), (6, 0), (6, 10), (6, 0), (0, 0)]
    ev = evaluate(lay, down_b, [])
    assert any("against its direction" in p for p in ev.problems)
    through_closure = [(0, 0), (2, 0), (2, 10), (2, 0), (0, 0)]
    assert any("closed segment" in p for p in evaluate(lay, through_closure, []).problems)


def test_empty_path(small_layout):
    assert not evaluate(small_layout, [], []).valid
