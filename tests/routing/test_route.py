"""Routes on the small two-aisle layout of conftest.py; every expected length is derived by hand
in the comment beside it (aisles at x = 2 and 6, 10 m long, start/end at (0, 0))."""

from __future__ import annotations

import pytest

from routing import (
    METHODS,
    MethodNotApplicableError,
    UnknownLocationError,
    UnknownMethodError,
    UnreachableError,
    parse_layout,
    regular_layout,
    route,
)
from tests.routing.conftest import small_doc

ALL = [m for m in METHODS if m not in ("roodbergen-de-koster", "pansart-catusse-cambazard")]


@pytest.mark.parametrize("method", ALL)
def test_single_pick(small_layout, method):
    # 2 m to aisle A, 3 m up to L1, 3 m back, 2 m home.
    r = route(small_layout, ["L1"], method=method)
    assert r.length_m == pytest.approx(10.0)
    assert r.stops == ["L1"]
    assert r.path[0] == (0.0, 0.0) and r.path[-1] == (0.0, 0.0)


def test_two_shallow_picks_are_reached_from_the_front(small_layout):
    # 2 + (3 + 3) + 4 + (5 + 5) + 6 = 28; traversing both aisles would be 2 + 10 + 4 + 10 + 6 = 32.
    r = route(small_layout, ["R1", "L1"])
    assert r.length_m == pytest.approx(28.0)
    assert r.stops == ["L1", "R1"]
    assert r.method == "ratliff-rosenthal"


def test_deep_picks_traverse(small_layout):
    # up A (10), across the back (4), down B (10), plus 2 out and 6 home = 32;
    # the return policy walks 2 + 16 + 4 + 18 + 6 = 46.
    assert route(small_layout, ["L2", "R2"]).length_m == pytest.approx(32.0)
    assert route(small_layout, ["L2", "R2"], method="s-shape").length_m == pytest.approx(32.0)
    assert route(small_layout, ["L2", "R2"], method="return").length_m == pytest.approx(46.0)


def test_policies_by_hand(small_layout):
    picks = ["L1", "R1"]
    # s-shape traverses both pick aisles: 32. largest gap / midpoint traverse the first and the
    # last pick aisle: 32. combined may return in both: 28.
    assert route(small_layout, picks, method="s-shape").length_m == pytest.approx(32.0)
    assert route(small_layout, picks, method="largest-gap").length_m == pytest.approx(32.0)
    assert route(small_layout, picks, method="midpoint").length_m == pytest.approx(32.0)
    assert route(small_layout, picks, method="combined").length_m == pytest.approx(28.0)
    assert route(small_layout, picks, method="return").length_m == pytest.approx(28.0)


def test_different_end(small_layout):
    # to L1: 2 + 3, on up A to the back: 7, across to x = 6: 4 -> 16.
    r = route(small_layout, ["L1"], end=(6.0, 10.0))
    assert r.length_m == pytest.approx(16.0)
    assert r.path[-1] == (6.0, 10.0)
    assert route(small_layout, ["L1"], end=(6.0, 10.0), method="tsp").length_m == pytest.approx(
        16.0
    )


def test_empty_pick_list(small_layout):
    r = route(small_layout, [])
    assert r.stops == [] and r.length_m == 0.0
    # the walk from the start to a different end: 6 along the front, 10 up B
    assert route(small_layout, [], end={"x": 6.0, "y": 10.0}).length_m == pytest.approx(16.0)


def test_duplicates_are_visited_once(small_layout):
    r = route(small_layout, ["L1", "R1", "L1", "R1"])
    assert r.stops == ["L1", "R1"]
    assert r.length_m == pytest.approx(28.0)


def test_codes_sharing_a_position_are_consecutive_stops():
    doc = small_doc()
    doc["locations"].append(
        {"code": "L1-top", "aisle": "A", "y": 3.0, "side": "left", "level": "D"}
    )
    r = route(doc, ["L1-top", "R1", "L1"])
    assert r.stops == ["L1-top", "L1", "R1"]
    assert r.length_m == pytest.approx(28.0)


def test_unknown_codes_are_all_listed(small_layout):
    with pytest.raises(UnknownLocationError) as exc:
        route(small_layout, ["L1", "nope", "also-not"])
    assert exc.value.codes == ["nope", "also-not"]


def test_unknown_and_inapplicable_methods(small_layout):
    with pytest.raises(UnknownMethodError):
        route(small_layout, ["L1"], method="teleport")
    four = parse_layout(regular_layout(aisles=3, bays_per_side=8, blocks=4))
    with pytest.raises(MethodNotApplicableError):
        route(four, ["A-01-01-A"], method="exact")
    assert route(four, ["A-01-01-A"]).method == "tsp"
    three = parse_layout(regular_layout(aisles=3, bays_per_side=6, blocks=3))
    assert route(three, ["A-01-01-A"]).method == "pansart-catusse-cambazard"


def test_one_way_aisle():
    # B is one-way down: up A (2 + 10), across (4), down B past R1 to the front (10), home 6 = 32.
    doc = small_doc()
    doc["aisles"][1]["one_way"] = "down"
    r = route(doc, ["R1"])
    assert r.method == "tsp"
    assert r.length_m == pytest.approx(32.0)
    with pytest.raises(MethodNotApplicableError):
        route(doc, ["R1"], method="s-shape")


def test_closed_segment():
    # A closed from 4 to 6: L2 (y = 8) is reached from the back: 6 + 10 + 4 + 2, and back the
    # same way: 2 + 4 + 10 + 6 -> 44. A location inside the closed stretch is unreachable.
    doc = small_doc(closed=[{"aisle": "A", "y_from": 4.0, "y_to": 6.0}])
    doc["locations"].append({"code": "LX", "aisle": "A", "y": 5.0, "side": "left", "level": "A"})
    assert route(doc, ["L2"]).length_m == pytest.approx(44.0)
    assert route(doc, ["L1"]).length_m == pytest.approx(10.0)
    with pytest.raises(UnreachableError):
        route(doc, ["LX"])


def test_start_between_aisles_and_at_the_back(small_layout):
    # start at (4, 10) on the back cross aisle, closed tour through L1 and R2:
    # to A (2), down to 3 (7), back up (7), across to B (4), down to 9 (1), up (1), back (2) = 24
    r = route(small_layout, ["L1", "R2"], start=(4.0, 10.0), end=(4.0, 10.0))
    assert r.length_m == pytest.approx(24.0)


def test_dead_end_aisle_beyond_the_back_cross_aisle():
    # aisle B runs on to y = 14 past the back cross aisle (y = 10): R3 at 13 is a 3 m stub.
    doc = small_doc()
    doc["aisles"][1]["y_to"] = 14.0
    doc["locations"].append({"code": "R3", "aisle": "B", "y": 13.0, "side": "left", "level": "A"})
    # 6 along the front, 13 up B, 13 down, 6 home = 38
    assert route(doc, ["R3"]).length_m == pytest.approx(38.0)
    assert route(doc, ["R3"], method="tsp").length_m == pytest.approx(38.0)


def test_layout_dict_is_accepted_and_result_is_deterministic(small_layout):
    a = route(small_doc(), ["R2", "L1", "R1"])
    b = route(small_layout, ["R2", "L1", "R1"])
    assert a == b
    assert a.to_dict() == {"length_m": a.length_m, "stops": a.stops, "method": a.method}


def test_start_off_the_network_is_refused(small_layout):
    from routing import PointOffNetworkError

    with pytest.raises(PointOffNetworkError):
        route(small_layout, ["L1"], start=(0.0, 5.0))
    with pytest.raises(PointOffNetworkError):
        route(small_layout, ["L1"], end={"x": 99.0, "y": 0.0})


def test_every_method_gives_a_valid_route_on_the_reference_layouts():
    import json
    from pathlib import Path

    from routing import evaluate

    cases = json.loads((Path(__file__).with_name("data") / "reference_routes.json").read_text())
    for case in cases["cases"][::7]:
        lay = parse_layout(case["layout"])
        for method in ("tsp", "s-shape", "return", "midpoint", "largest-gap", "combined"):
            try:
                r = route(lay, case["picks"], method=method)
            except MethodNotApplicableError:
                continue
            ev = evaluate(lay, r.path, r.positions)
            assert ev.valid, (method, ev.problems)
            assert r.length_m >= case["length_m"] - 1e-6
            assert r.length_m == pytest.approx(ev.length_m)


def test_large_networks_use_dijkstra_with_the_same_distances(monkeypatch):
    import numpy as np

    import routing.network as network

    doc = regular_layout(aisles=6, bays_per_side=6, levels=1, blocks=3)
    small = parse_layout(doc).network.node_dist
    monkeypatch.setattr(network, "FW_LIMIT", 4)
    assert np.allclose(parse_layout(doc).network.node_dist, small)


def test_pick_at_the_start_point():
    # A location at the front end of aisle A is the node (2, 0); starting there it costs nothing.
    doc = small_doc()
    doc["locations"].append({"code": "A0", "aisle": "A", "y": 0.0, "side": "left", "level": "A"})
    for method in ("auto", "tsp", "s-shape", "combined"):
        r = route(doc, ["A0"], start=(2.0, 0.0), end=(2.0, 0.0), method=method)
        assert r.stops == ["A0"] and r.length_m == 0.0
    # from (0, 0): 2 m out, 2 m back
    assert route(doc, ["A0"]).length_m == pytest.approx(4.0)
    assert route(doc, ["A0", "L1"]).length_m == pytest.approx(10.0)


def test_a_single_string_is_not_a_pick_list(small_layout):
    from routing import RoutingError

    with pytest.raises(RoutingError):
        route(small_layout, "L1")
