from __future__ import annotations

import random

import numpy as np

from routing import tsp


def _line(n: int, seed: int) -> tuple[np.ndarray, list[float]]:
    xs = random.Random(seed).sample(range(1000), n)
    xs = [float(x) for x in xs]
    return np.abs(np.subtract.outer(xs, xs)), xs


def _cost(d, seq, closed):
    walk = seq + [seq[0]] if closed else seq
    return sum(d[a, b] for a, b in zip(walk, walk[1:]))


def test_points_on_a_line_closed_and_open():
    # On a line the best closed tour is twice the span; the best walk from the leftmost to the
    # rightmost point is the span.
    d, xs = _line(40, 1)
    lo, hi = xs.index(min(xs)), xs.index(max(xs))
    closed = tsp.order(d, lo, lo, budget_s=0.01)
    assert sorted(closed) == list(range(40)) and closed[0] == lo
    assert _cost(d, closed, True) == 2 * (max(xs) - min(xs))
    walk = tsp.order(d, lo, hi, budget_s=0.01)
    assert walk[0] == lo and walk[-1] == hi
    assert _cost(d, walk, False) == max(xs) - min(xs)


def test_two_opt_repairs_a_bad_tour():
    d, xs = _line(30, 2)
    seq = list(range(30))
    better = tsp._two_opt(d, seq, closed=True)
    assert sorted(better) == seq and better[0] == 0
    assert _cost(d, better, True) == 2 * (max(xs) - min(xs))


def test_asymmetric_walk():
    # A one-way ring 0 -> 1 -> ... -> n-1 -> 0 costs 1 per step forwards and 100 backwards.
    n = 30
    d = np.full((n, n), 100.0)
    for i in range(n):
        d[i, (i + 1) % n] = 1.0
        d[i, i] = 0.0
    seq = tsp.order(d, 0, 0, budget_s=0.02)
    assert seq == list(range(n))
    assert tsp.order(d, 0, n - 1, budget_s=0.02) == list(range(n))


def test_held_karp_is_exact_on_asymmetric_instances():
    import itertools

    rnd = np.random.RandomState(3)
    for n, (s, e) in [(6, (0, 0)), (7, (0, 6)), (8, (2, 5))]:
        d = rnd.randint(1, 50, (n, n)).astype(float)
        np.fill_diagonal(d, 0)
        inner = [i for i in range(n) if i not in (s, e)]
        tail = [e] if e != s else [s]
        brute = min(_cost(d, [s, *p] + tail, False) for p in itertools.permutations(inner))
        seq = tsp.held_karp(d, s, e)
        assert sorted(seq) == list(range(n)) and seq[0] == s
        walk = seq + ([s] if e == s else [])
        assert _cost(d, walk, False) == brute
