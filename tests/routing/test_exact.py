"""Exactness against an independent reference (tests/routing/make_reference.py: own graph,
Dijkstra and Held-Karp; shares no code with routing/). Ratio must be 1.000 on every instance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routing import evaluate, parse_layout, route

CASES = json.loads((Path(__file__).with_name("data") / "reference_routes.json").read_text())[
    "cases"
]


def _check(kind: str, method: str | None) -> None:
    cases = [c for c in CASES if c["kind"] == kind]
    assert len(cases) >= 100
    wrong = []
    for i, case in enumerate(cases):
        layout = parse_layout(case["layout"])
        r = route(layout, case["picks"], method=method)
        ev = evaluate(layout, r.path, r.positions)
        assert ev.valid, (i, ev.problems)
        assert sorted(r.stops) == sorted(set(case["picks"]))
        if abs(r.length_m - case["length_m"]) > 1e-6:
            wrong.append((i, r.method, r.length_m, case["length_m"]))
    assert not wrong, f"{len(wrong)} of {len(cases)} not optimal: {wrong[:5]}"


@pytest.mark.parametrize("kind", ["single-block", "two-block", "three-block"])
def test_exact_dp_matches_reference(kind):
    _check(kind, None)


@pytest.mark.parametrize("kind", ["single-block", "two-block", "general", "three-block"])
def test_solver_path_matches_reference_on_small_instances(kind):
    # At most 12 points: fast-tsp solves these exactly, so the solver path must be optimal too.
    _check(kind, "tsp")


def test_default_method_is_the_exact_dp_where_it_applies():
    for case in CASES[::9]:
        r = route(case["layout"], case["picks"])
        expected = {
            "single-block": "ratliff-rosenthal",
            "two-block": "roodbergen-de-koster",
            "three-block": "pansart-catusse-cambazard",
            "general": "tsp",
        }[case["kind"]]
        lay = case["layout"]
        if not lay["closed"] and not any(a["one_way"] for a in lay["aisles"]):
            expected = expected.replace("tsp", "pansart-catusse-cambazard")
        assert r.method == expected
