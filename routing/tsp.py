"""Visiting order for general layouts: a TSP over the shortest-path matrix, solved by fast-tsp.

This is the Steiner-TSP reduction of Theys, Bräysy, Dullaert & Raa (2010), *Using a TSP heuristic
for routing order pickers in warehouses*, EJOR 200(3):755-763, §3: the walking graph is replaced
by the complete graph of required points weighted with shortest-path distances. fast-tsp (MIT
licence) was chosen by measurement (bench/routing.py, "Solver choice"): at 10-20 ms it found the
best known tour where PyVRP, given the same or five times the budget, stayed 1-27 % above on 60
to 150 points. It solves instances of at most 15 points exactly and otherwise runs an iterated
Lin-Kernighan local search for the given time budget.

fast-tsp takes a symmetric matrix of integers in 0..65535, so distances are scaled, and two exact
transformations are used:
- a walk from s to a different end e: the s-e edge costs 0 and every other edge at s or at e
  costs +M with M > d(s, e); a minimum tour then contains s-e (cutting it open gives the walk);
- one-way aisles (asymmetric distances): the Jonker & Volgenant (1983) 2-node transformation.
The returned order is checked; when the heuristic misses a forced edge the order is repaired.
Distances are scaled to integers (at most 1000 per metre, the longest below 65536), so rounding
costs millimetres on warehouses up to ~100 m across; a final 2-opt pass and the route length
use the exact distances.
"""

from __future__ import annotations

import time

import fast_tsp
import numpy as np

LIMIT = 65535
DEFAULT_BUDGET_S = 0.02


def order(dist: np.ndarray, start: int, end: int, budget_s: float = DEFAULT_BUDGET_S) -> list[int]:
    """A short walk visiting every index of ``dist`` (metres, n x n, finite), from ``start`` to
    ``end`` (which may be equal). Returns the indices in walking order, ``start`` first; ``end``
    last when it differs from ``start`` (a closed tour does not repeat ``start``)."""
    n = len(dist)
    if n <= 2 or (n == 3 and start != end):
        rest = [i for i in range(n) if i not in (start, end)]
        return [start] + rest + ([end] if end != start else [])
    symmetric = np.allclose(dist, dist.T, atol=1e-9)
    closed = start == end
    if symmetric:
        return _two_opt(dist, _symmetric(dist, start, end, budget_s), closed)
    if n <= HELD_KARP_MAX:
        return held_karp(dist, start, end)
    return _or_opt(dist, _asymmetric(dist, start, end, budget_s), closed)


def _or_opt(dist: np.ndarray, seq: list[int], closed: bool) -> list[int]:
    """Move single points to their best place while that shortens the walk (Or 1976), ends
    fixed; valid for asymmetric distances, unlike 2-opt. At most 2n moves, O(n) numpy each."""
    walk = seq + [seq[0]] if closed else list(seq)
    moves = 0
    pos = 1
    while pos < len(walk) - 1 and moves < 2 * len(walk):
        node, a, b = walk[pos], walk[pos - 1], walk[pos + 1]
        gain = dist[a, node] + dist[node, b] - dist[a, b]
        rest = walk[:pos] + walk[pos + 1 :]
        u, v = np.array(rest[:-1]), np.array(rest[1:])
        cost = dist[u, node] + dist[node, v] - dist[u, v]
        j = int(np.argmin(cost))
        if cost[j] < gain - 1e-9:
            walk = rest[: j + 1] + [node] + rest[j + 1 :]
            moves += 1
            pos = max(1, pos - 1)
        else:
            pos += 1
    return walk[:-1] if closed else walk


HELD_KARP_MAX = 11


def held_karp(dist: np.ndarray, start: int, end: int) -> list[int]:
    """Exact shortest walk by the Held & Karp (1962) dynamic program, *A dynamic programming
    approach to sequencing problems*, J. SIAM 10(1):196-210, §2, vectorised over the subsets
    of each size. O(2^n n^2) time; any distances,
    asymmetric included; used for at most 11 points (about 2 ms)."""
    n = len(dist)
    inner = [i for i in range(n) if i not in (start, end)]
    k = len(inner)
    if k == 0:
        return [start] + ([end] if end != start else [])
    d = dist[np.ix_(inner, inner)]
    best = np.full((1 << k, k), np.inf)
    parent = np.full((1 << k, k), -1, dtype=np.int64)
    for j in range(k):
        best[1 << j, j] = dist[start, inner[j]]
    masks = np.arange(1 << k)
    sizes = np.array([bin(m).count("1") for m in range(1 << k)])
    for size in range(1, k):
        layer = masks[sizes == size]
        # cand[m, j, t]: walk through subset m ending at j, then on to t
        cand = best[layer][:, :, None] + d[None, :, :]
        arg = np.argmin(cand, axis=1)
        val = np.take_along_axis(cand, arg[:, None, :], axis=1)[:, 0, :]
        for t in range(k):
            free = (layer >> t) & 1 == 0
            targets = layer[free] | (1 << t)
            better = val[free, t] < best[targets, t]
            best[targets[better], t] = val[free, t][better]
            parent[targets[better], t] = arg[free, t][better]
    full = (1 << k) - 1
    last = int(np.argmin(best[full] + dist[inner, end]))
    seq, mask, j = [], full, last
    while j >= 0:
        seq.append(inner[j])
        mask, j = mask ^ (1 << j), int(parent[mask, j])
    return [start] + seq[::-1] + ([end] if end != start else [])


def _two_opt(dist: np.ndarray, seq: list[int], closed: bool, rounds: int = 200) -> list[int]:
    """Best-improvement 2-opt on the exact distances, ends fixed. fast-tsp's budget is wall
    time, so on a busy machine it may stop early; this pass (vectorised, O(n^2) per move) is
    the safety net and removes the rounding of the integer matrix."""
    walk = np.array(seq + [seq[0]] if closed else seq)
    for _ in range(rounds):
        a, b = walk[:-1], walk[1:]
        # Reversing walk[i+1..j] replaces edges (a_i, b_i), (a_j, b_j) by (a_i, a_j), (b_i, b_j).
        gain = dist[a[:, None], a[None, :]] + dist[b[:, None], b[None, :]]
        gain -= (dist[a, b])[:, None] + (dist[a, b])[None, :]
        gain = np.triu(gain, k=2)
        i, j = np.unravel_index(int(np.argmin(gain)), gain.shape)
        if gain[i, j] >= -1e-9:
            break
        walk[i + 1 : j + 1] = walk[i + 1 : j + 1][::-1]
    out = walk.tolist()
    return out[:-1] if closed else out


EXACT_MAX = 15  # fast-tsp solves up to 20 nodes exactly, but takes 0.1-0.2 s at 19-20


def _find_tour(matrix: np.ndarray, budget_s: float, twin: int | None = None) -> list[int]:
    """fast-tsp with a CPU-time guard: its budget is wall time, so on a busy machine one call
    may get a fraction of a core. If the call got less than half the budget in CPU time, search
    once more (a restart) and keep the better tour: at most twice the budget in wall time.

    fast-tsp's exact solver for at most 20 nodes ignores the budget and grows as 2^n; above
    ``EXACT_MAX`` nodes the matrix is padded to 21 with zero-distance copies of node ``twin``
    (which changes no tour length), so that the budgeted search runs instead."""
    n = len(matrix)
    if twin is not None and EXACT_MAX < n <= 20:
        idx = list(range(n)) + [twin] * (21 - n)
        padded = matrix[np.ix_(idx, idx)]
        tour = _find_tour(padded, budget_s)
        return list(dict.fromkeys(i if i < n else twin for i in tour))
    wall0, cpu0 = time.perf_counter(), time.thread_time()
    best = fast_tsp.find_tour(matrix, duration_seconds=budget_s)
    if len(matrix) <= 20:
        return best
    best_cost = fast_tsp.compute_cost(best, matrix)
    while (
        time.thread_time() - cpu0 < 0.5 * budget_s and time.perf_counter() - wall0 < budget_s * 1.5
    ):
        tour = fast_tsp.find_tour(matrix, duration_seconds=budget_s)
        cost = fast_tsp.compute_cost(tour, matrix)
        if cost < best_cost:
            best, best_cost = tour, cost
    return best


def _scaled(dist: np.ndarray, top: int) -> np.ndarray:
    peak = float(dist.max()) or 1.0
    scale = min(1000.0, top / peak)
    return np.rint(dist * scale).astype(np.int64)


def _symmetric(dist: np.ndarray, start: int, end: int, budget_s: float) -> list[int]:
    n = len(dist)
    if start == end:
        tour = _find_tour(_scaled(dist, LIMIT - 1), budget_s, twin=(start + 1) % len(dist))
        i = tour.index(start)
        return tour[i:] + tour[:i]
    m = _scaled(dist, 21000)
    big = int(m.max()) + 1
    pen = m.copy()
    pen[start, :] += big
    pen[:, start] += big
    pen[end, :] += big
    pen[:, end] += big
    pen[start, end] = pen[end, start] = 0
    np.fill_diagonal(pen, 0)
    inner = next(i for i in range(n) if i not in (start, end))
    tour = _find_tour(pen, budget_s, twin=inner)
    i = tour.index(start)
    tour = tour[i:] + tour[:i]
    if tour[1] == end:
        tour = [start] + tour[1:][::-1]
    if tour[-1] != end:  # forced edge missed: move end to the back
        tour = [t for t in tour if t != end] + [end]
    assert len(tour) == n
    return tour


def _asymmetric(dist: np.ndarray, start: int, end: int, budget_s: float) -> list[int]:
    n = len(dist)
    c = _scaled(dist, 20000)
    if start != end:
        # Close the walk with a free arc end -> start; other arcs into start cost extra so that
        # the free arc is the one used.
        peak = int(c.max()) + 1
        c[:, start] += peak
        c[end, start] = 0
    np.fill_diagonal(c, 0)
    top = int(c.max()) + 1
    big = min(LIMIT, 3 * top)
    sym = np.full((2 * n, 2 * n), big, dtype=np.int64)
    for i in range(n):
        sym[i, n + i] = sym[n + i, i] = 0
    # Node i is entered at i and left at n + i; the arc i -> j becomes the edge (n + i, j),
    # shifted by +top so that every tour prefers the zero-cost i -- n+i edges.
    sym[n:, :n] = c + top
    sym[:n, n:] = (c + top).T
    for i in range(n):
        sym[i, n + i] = sym[n + i, i] = 0
    np.fill_diagonal(sym, 0)
    sym = np.minimum(sym, LIMIT)
    tour = _find_tour(sym, budget_s)
    seq = _decode_jv(tour, n)
    if seq is None:
        seq = _nearest_neighbour(dist, start, end)
    i = seq.index(start)
    seq = seq[i:] + seq[:i]
    if start != end and seq[-1] != end:
        seq = [t for t in seq if t != end] + [end]
    return seq


def _decode_jv(tour: list[int], n: int) -> list[int] | None:
    pos = {v: i for i, v in enumerate(tour)}
    m = len(tour)
    # Walk direction: after node i comes its twin n + i.
    step = 1 if tour[(pos[0] + 1) % m] == n else -1
    seq = []
    i = pos[0]
    for _ in range(n):
        v, w = tour[i % m], tour[(i + step) % m]
        if v >= n or w != v + n:
            return None
        seq.append(v)
        i += 2 * step
    return seq


def _nearest_neighbour(dist: np.ndarray, start: int, end: int) -> list[int]:
    left = set(range(len(dist))) - {start, end}
    seq = [start]
    while left:
        nxt = min(left, key=lambda j: (dist[seq[-1], j], j))
        seq.append(nxt)
        left.remove(nxt)
    if end != start:
        seq.append(end)
    return seq
