"""Turn a tour subgraph (edges with multiplicities) into a walk."""

from __future__ import annotations

from collections import defaultdict

Point = tuple[float, float]


def euler_walk(edges: list, start: Point, end: Point) -> list[Point]:
    """Hierholzer (1873) on the multigraph ``edges`` = ``[(a, b, multiplicity), ...]``: a walk
    using every edge once, from ``start``; it ends at ``end`` when those are the only vertices of
    odd degree (the DP makes them so), and back at ``start`` when every degree is even. Returns
    the vertices in walking order. O(number of edges)."""
    adj: dict[Point, list[tuple[Point, int]]] = defaultdict(list)
    used: list[bool] = []
    for a, b, mult in edges:
        for _ in range(mult):
            eid = len(used)
            used.append(False)
            adj[a].append((b, eid))
            adj[b].append((a, eid))
    if not used:
        return [start] if start == end else [start, end]
    ptr: dict[Point, int] = defaultdict(int)
    stack, walk = [start], []
    while stack:
        v = stack[-1]
        lst = adj[v]
        while ptr[v] < len(lst) and used[lst[ptr[v]][1]]:
            ptr[v] += 1
        if ptr[v] == len(lst):
            walk.append(stack.pop())
        else:
            nb, eid = lst[ptr[v]]
            used[eid] = True
            stack.append(nb)
    walk.reverse()
    return walk
