"""Solver choice for the general path (layouts without an exact DP): fast-tsp, as shipped in
routing.tsp, against PyVRP (MIT) at the same time budgets, on the same shortest-path matrices.
Times cover the solver call only (the matrix is prepared once)."""

from __future__ import annotations

import time

import numpy as np

from routing import tsp


def fast_tsp_length(dist: np.ndarray, budget_s: float) -> tuple[float, float]:
    t = time.perf_counter()
    seq = tsp.order(dist, 0, 0, budget_s)
    took = time.perf_counter() - t
    walk = seq + [seq[0]]
    return float(sum(dist[a, b] for a, b in zip(walk, walk[1:]))), took


class PyVRP:
    """One vehicle, no capacity: a TSP from the depot (index 0) through every other index."""

    def __init__(self) -> None:
        try:
            import pyvrp  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the environment
            self.error = f"not installed ({exc.name})"
        else:
            self.error = None

    def length(self, dist: np.ndarray, budget_s: float) -> tuple[float, float]:
        from pyvrp import Client, Depot, Location, ProblemData, VehicleType, solve
        from pyvrp.stop import MaxRuntime

        n = len(dist)
        m = np.rint(dist * 1000).astype(np.int64)  # millimetres
        t = time.perf_counter()
        data = ProblemData(
            locations=[Location(0.0, 0.0) for _ in range(n)],
            clients=[Client(location=i) for i in range(1, n)],
            depots=[Depot(location=0)],
            vehicle_types=[VehicleType(1)],
            distance_matrices=[m],
            duration_matrices=[np.zeros_like(m)],
        )
        res = solve(data, stop=MaxRuntime(budget_s), collect_stats=False, display=False)
        took = time.perf_counter() - t
        if not res.is_feasible():
            return float("inf"), took
        return res.best.distance() / 1000.0, took
